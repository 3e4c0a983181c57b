"""Excel workbooks (``.xlsx``) read through the core's table reader, like CSV files."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO, ClassVar, Literal

from genderlens.adapters import Adapter
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.files import open_regular
from genderlens.model import Event
from genderlens.tabular import TableReader, resolve_layout
from genderlens_xlsx.sniff import sniff

#: How many rows may precede the header (title rows, notes) before we give up looking for it.
HEADER_SEARCH_ROWS = 30
#: The widest header read. A sheet whose declared size runs to column XFD would otherwise make the
#: reader build 16,384 empty cells for every row; data rows are read only as wide as their header.
MAX_COLUMNS = 1024
#: Default limit on the workbook's uncompressed size (sum over the ZIP directory), in MiB: a workbook
#: that unpacks to more is refused before it is read (a ZIP bomb, or a 300 MB cell). Settable with
#: ``[tool.genderlens.adapter.xlsx] max_uncompressed_mb``.
DEFAULT_MAX_UNCOMPRESSED_MB = 256
#: Most members a workbook ZIP may hold.
MAX_MEMBERS = 10_000
_SUBCOLUMN = re.compile(r"^\d{1,2}$")


def _openpyxl_errors() -> tuple[type[Exception], ...]:
    """What openpyxl raises on a broken workbook: bad ZIP members, broken XML, missing parts."""
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    errors: list[type[Exception]] = [zipfile.BadZipFile, zlib.error, ParseError, KeyError, ValueError]
    errors += [TypeError, AttributeError, IndexError, EOFError, InvalidFileException, OverflowError]
    try:
        from lxml.etree import LxmlError  # type: ignore[import-untyped,unused-ignore]  # openpyxl's parser

        errors.append(LxmlError)
    except ImportError:  # pragma: no cover - lxml is optional
        pass
    return tuple(errors)


def check_zip(fh: BinaryIO, source: str, max_bytes: int) -> None:
    """Refuse a workbook whose ZIP directory promises more than ``max_bytes`` once unpacked.

    Python's ZIP reader never returns more than a member's declared size (and checks its CRC), so the
    directory is a safe bound on what reading can unpack.

    Args:
        fh: The open workbook file.
        source: How to name it in messages.
        max_bytes: Largest total of the members' uncompressed sizes.

    Raises:
        AdapterError: Not a ZIP archive, too many members, or too large unpacked.
    """
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise AdapterError(msg, source=source) from exc
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        msg = f"not a readable .xlsx workbook (bad ZIP archive: {exc})"
        raise AdapterError(msg, source=source) from exc
    if len(members) > MAX_MEMBERS:
        msg = f"not a readable .xlsx workbook ({len(members)} ZIP members, more than {MAX_MEMBERS})"
        raise AdapterError(msg, source=source)
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        mib = 1024 * 1024
        msg = (
            f"the workbook unpacks to {total / mib:.0f} MiB, more than the limit of {max_bytes / mib:.0f} MiB "
            "(set [tool.genderlens.adapter.xlsx] max_uncompressed_mb to read it)"
        )
        raise AdapterError(msg, source=source, field="max_uncompressed_mb")


def _max_bytes(options: dict[str, Any]) -> int:
    raw = options.get("max_uncompressed_mb", DEFAULT_MAX_UNCOMPRESSED_MB)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 < raw < 1024 * 1024:
        msg = f"adapter.xlsx.max_uncompressed_mb: expected a positive number of MiB, found {raw!r}"
        raise ConfigError(msg)
    return int(raw * 1024 * 1024)


def cell_text(value: Any) -> str:
    """One cell as text, as a CSV export would write it.

    Dates and times become ISO strings (``2016-10-27``, ``2016-10-27 09:30``, ``09:30``); whole numbers
    lose Excel's ``.0``; durations become minutes; empty cells become ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.timedelta):
        return cell_text(value.total_seconds() / 60)
    return str(value)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _recognised(header: Sequence[str], config: Config, source: str) -> int:
    """How many cells of ``header`` the core's column mapping recognises."""
    try:
        layout = resolve_layout(header, [], config, source)
    except AdapterError:
        return 0
    return len(layout.fields) + sum(len(group.parts) for group in layout.groups)


def find_header(rows: Sequence[tuple[int, list[str]]], config: Config, source: str) -> int:
    """Index in ``rows`` of the header: the first row with at least two non-empty cells the core recognises.

    A title row above the header (an event name, a group heading) usually has two cells at most and
    names no column, so it is skipped. When no row is recognised, the first row with two non-empty
    cells is taken, and the core's own message then says which columns it missed.

    Raises:
        AdapterError: No row has two non-empty cells.
    """
    candidates = [i for i, (_, cells) in enumerate(rows) if sum(bool(c.strip()) for c in cells) >= 2]
    if not candidates:
        msg = "no header row (a row with at least two non-empty cells)"
        raise AdapterError(msg, source=source)
    for i in candidates:
        if _recognised(rows[i][1], config, source) >= 2:
            return i
    return candidates[0]


def merge_subcolumns(header: list[str], above: list[str] | None) -> tuple[list[str], list[list[int]]]:
    """Fold numbered sub-columns under a group heading into one column.

    ``Vortragende`` above ``1 2 3 4 5`` (a merged cell over five speaker columns) becomes one
    ``Vortragende`` column whose value joins the five cells with ``"; "``.

    Returns:
        The new header, and for each new column the indexes of the original columns it joins.
    """
    labels = list(header)
    if above:
        group = ""
        for c in range(len(labels)):
            if c < len(above) and above[c].strip():
                group = above[c].strip()
            if group and _SUBCOLUMN.match(labels[c].strip()):
                labels[c] = group
    out: list[str] = []
    sources: list[list[int]] = []
    for c, label in enumerate(labels):
        if c > 0 and label != header[c] and label == out[-1]:
            sources[-1].append(c)
            continue
        out.append(label)
        sources.append([c])
    return out, sources


def _rows(ws: Any, source: str, width: int, max_cell_kb: int, *, skip: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Non-empty rows after the first ``skip``, at most ``width`` cells wide, numbered as in the sheet.

    Raises:
        AdapterError: The sheet's XML is broken or a cell cannot be read (openpyxl parses lazily), or a
            cell is longer than ``max_cell_kb``.
    """
    limit = max_cell_kb * 1024
    values_of = ws.iter_rows(values_only=True, max_col=width)
    number = 0
    blank: Any = None  # openpyxl yields one shared tuple for every missing row: skip it by identity
    while True:
        try:
            values = next(values_of)
        except StopIteration:
            return
        except _openpyxl_errors() as exc:
            msg = f"not a readable .xlsx workbook: the sheet is broken after row {number} ({exc})"
            raise AdapterError(msg, source=source, line=number + 1) from exc
        number += 1
        if number <= skip or values is blank:
            continue
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        cells = _trim([cell_text(v) for v in values[:end]])
        if cells:
            longest = max(len(c) for c in cells)
            if longest > limit:
                column = next(i for i, c in enumerate(cells) if len(c) == longest)
                msg = f"a cell longer than {max_cell_kb} KiB; if it is real, raise [tool.genderlens] max_cell_kb"
                raise AdapterError(msg, source=source, line=number, field=_column_letter(column))
            yield number, cells
        elif not end:
            blank = values


def _column_letter(index: int) -> str:
    """``0`` -> ``"A"``, ``27`` -> ``"AB"``: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _joined(rows: Iterable[tuple[int, list[str]]], sources: list[list[int]]) -> Iterator[tuple[int, list[str]]]:
    for number, cells in rows:
        out = []
        for cols in sources:
            parts = [cells[c].strip() for c in cols if c < len(cells) and cells[c].strip()]
            out.append("; ".join(parts) if len(cols) > 1 else (cells[cols[0]] if cols[0] < len(cells) else ""))
        yield number, out


def read_sheet(ws: Any, source: str, config: Config) -> list[Event]:
    """Read one worksheet: find its header, fold sub-columns, and hand the rows to :class:`TableReader`.

    Raises:
        AdapterError: The sheet is empty, broken, or its header is wider than :data:`MAX_COLUMNS`, or a
            cell is longer than ``max_cell_kb``.
    """
    head: list[tuple[int, list[str]]] = []
    for item in _rows(ws, source, MAX_COLUMNS + 1, config.max_cell_kb):
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not head:
        msg = "the sheet is empty"
        raise AdapterError(msg, source=source)
    h = find_header(head, config, source)
    if len(head[h][1]) > MAX_COLUMNS:
        msg = f"the header row has more than {MAX_COLUMNS} columns"
        raise AdapterError(msg, source=source, line=head[h][0])
    above = head[h - 1][1] if h > 0 else None
    header, sources = merge_subcolumns(head[h][1], above)

    def data() -> Iterator[tuple[int, list[str]]]:
        yield from head[h + 1 :]
        if len(head) >= HEADER_SEARCH_ROWS:  # the rest of the sheet, read only as wide as the header
            yield from _rows(ws, source, len(head[h][1]), config.max_cell_kb, skip=head[-1][0])

    # Numbered sub-columns under one heading hold one person each: a comma there starts the
    # person's function or affiliation ("Dr. Elke Löffler, Geschäftsführerin ..."), not another person.
    commas: Literal["split", "affiliation"] = "affiliation" if any(len(c) > 1 for c in sources) else "split"
    return TableReader(source, config, name_commas=commas).read(header, _joined(data(), sources))


class XlsxAdapter(Adapter):
    """Excel ``.xlsx`` workbooks: programmes, speaker lists and registrations, like CSV files.

    Options (``[tool.genderlens.adapter.xlsx]``): ``sheet``, the name (or 1-based number) of the sheet to
    read; the first sheet by default.
    """

    name: ClassVar[str] = "xlsx"
    description: ClassVar[str] = "Excel .xlsx workbooks (first sheet, or the configured one), mapped like CSV."

    def sniff(self, source: str, head: bytes | None) -> int:
        """Recognise a ZIP archive holding an ``xl/`` folder, or a ZIP named ``.xlsx``/``.xlsm``."""
        return sniff(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read the configured sheet of ``source``."""
        options = dict(config.adapter.get(self.name, {}))
        sheet = options.get("sheet")
        max_bytes = _max_bytes(options)
        # Opened here, not by openpyxl: a regular file within the file size limit, closed when openpyxl
        # fails half-way, and the same file for the ZIP check and the reading.
        with open_regular(source) as fh:
            check_zip(fh, source, max_bytes)
            fh.seek(0)
            return self._read(fh, sheet, source, config)

    def _read(self, fh: Any, sheet: Any, source: str, config: Config) -> list[Event]:
        import openpyxl  # imported here: every `genderlens check` loads this plugin, few read workbooks

        with warnings.catch_warnings():
            # openpyxl warns about every Excel feature it does not keep (data validation, extensions);
            # none of them matters for reading values.
            warnings.simplefilter("ignore", UserWarning)
            try:
                wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            except _openpyxl_errors() as exc:
                msg = f"not a readable .xlsx workbook ({exc})"
                raise AdapterError(msg, source=source) from exc
            try:
                ws = self._sheet(wb, sheet, source)
                ws.reset_dimensions()  # some writers declare A1:AMK1048576; read what is really there
                return read_sheet(ws, source, config)
            except (AdapterError, ConfigError):
                raise
            except _openpyxl_errors() as exc:  # a part openpyxl reads lazily (styles, the sheet list)
                msg = f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
                raise AdapterError(msg, source=source) from exc
            finally:
                wb.close()

    @staticmethod
    def _sheet(wb: Any, sheet: Any, source: str) -> Any:
        names = list(wb.sheetnames)
        if sheet is None:
            return wb.worksheets[0]
        if isinstance(sheet, int) and not isinstance(sheet, bool) and 1 <= sheet <= len(names):
            return wb.worksheets[sheet - 1]
        if isinstance(sheet, str) and sheet in names:
            return wb[sheet]
        msg = f"no sheet {sheet!r} (sheets: {', '.join(names)})"
        raise AdapterError(msg, source=source, field="sheet")
