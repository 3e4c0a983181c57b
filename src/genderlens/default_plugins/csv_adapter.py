"""CSV/TSV adapter: Excel and Indico exports, any encoding Excel writes, any common delimiter.

Guards against files that would silently give wrong counts: a stray quote that swallows the rows after
it, or a cell longer than ``max_cell_kb`` (100 KiB by default), is rejected with the line it starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TextIO

from genderlens.adapters import Adapter, read_bytes
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens.model import Event
from genderlens.tabular import TableReader, encodings
from genderlens.tabular.encodings import UNREADABLE, describe, detect_legacy
from genderlens.tabular.rowcount import Columns, Margins
from genderlens.tabular.runaway import swallowed_lines

__all__ = ["DELIMITERS", "CsvAdapter", "detect_delimiter", "detect_encoding"]

DELIMITERS = (",", ";", "\t", "|")


def detect_encoding(head: bytes) -> str:
    """The encoding of a file starting with ``head`` (see :mod:`genderlens.tabular.encodings`); cp1252 when unsure."""
    return encodings.detect_encoding(head) or "cp1252"


def detect_delimiter(first_line: str) -> str:
    """The delimiter that occurs most often in the header line, outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


MAX_HEADER_CHARS = 1_000_000
"""Longest header row read: a file of NUL bytes or binary garbage has no line breaks to stop at."""


class CsvAdapter(Adapter):
    name = "csv"
    description = "CSV/TSV programmes, speaker lists and registration exports (Excel, Indico)."

    def sniff(self, source: str, head: bytes | None) -> int:
        suffix = Path(source).suffix.lower()
        if head is None:
            return 0
        if suffix in {".csv", ".tsv"}:
            return 60
        if suffix == ".txt" and any(d.encode() in head.split(b"\n", 1)[0] for d in DELIMITERS):
            return 20
        return 0

    def load(self, source: str, config: Config) -> list[Event]:
        head = read_bytes(source, limit=65536)
        encoding = config.encoding or encodings.detect_encoding(head)
        if encoding is None:
            raise AdapterError(UNREADABLE, source=source, line=_line_of_first_non_ascii(head))
        try:
            return self._load(Path(source), source, encoding, config)
        except UnicodeDecodeError:
            if encoding != "utf-8" or config.encoding:
                raise self._undecodable(source, encoding) from None
        # Valid UTF-8 at the start but not further on: a legacy export whose first non-ASCII text comes late.
        legacy = detect_legacy(_non_ascii_lines(source))
        if legacy is None:
            raise AdapterError(UNREADABLE, source=source)
        try:
            return self._load(Path(source), source, legacy, config)
        except UnicodeDecodeError:
            raise self._undecodable(source, legacy) from None

    @staticmethod
    def _undecodable(source: str, encoding: str) -> AdapterError:
        data = read_bytes(source)
        line: int | None = None
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
        msg = f"not valid {describe(encoding)} text; " + UNREADABLE.split("; ", 1)[1]
        return AdapterError(msg, source=source, line=line)

    def _load(self, path: Path, source: str, encoding: str, config: Config) -> list[Event]:
        limit = config.max_cell_kb * 1024
        csv.field_size_limit(limit)
        with path.open(encoding=encoding, newline="") as fh:
            # A BOM is still there when the encoding setting says utf-8 rather than utf-8-sig.
            first = fh.readline(MAX_HEADER_CHARS + 1).removeprefix("\ufeff")
            offset = 2  # line number of the first data row
            if first.lower().startswith("sep=") and len(first.strip()) == 5:
                delimiter, first, offset = first.strip()[4], fh.readline(MAX_HEADER_CHARS + 1), 3
            else:
                delimiter = detect_delimiter(first)
            if len(first) > MAX_HEADER_CHARS:  # e.g. a file of NUL bytes: one endless "header"
                msg = f"the header row is longer than {MAX_HEADER_CHARS:,} characters (is this a CSV file?)"
                raise AdapterError(msg, source=source, line=offset - 1)
            header_rows = list(csv.reader([first], delimiter=delimiter))
            header = header_rows[0] if header_rows else []
            if not any(h.strip() for h in header):
                msg = "no header row"
                raise AdapterError(msg, source=source, line=1)
            reader = csv.reader(_checked_lines(fh, path, encoding) if first.endswith("\n") else fh, delimiter=delimiter)
            width = len(header)

            def rows() -> Iterator[tuple[int, list[str]]]:
                start = offset
                try:
                    for row in reader:
                        end = reader.line_num + offset - 1
                        if end > start:
                            _check_runaway(row, header, delimiter, width, source, start, end)
                        yield start, row
                        start = end + 1
                except csv.Error as exc:
                    if "field larger than field limit" in str(exc):
                        msg = (
                            f"a cell longer than {config.max_cell_kb} KiB starts here (a quote that is never "
                            "closed?); if it is real, raise [tool.genderlens] max_cell_kb"
                        )
                        raise AdapterError(msg, source=source, line=start) from exc
                    raise AdapterError(str(exc), source=source, line=reader.line_num + offset - 1) from exc

            def bulk(columns: Columns) -> Margins | None:
                # A large registration list is counted on every core (a worker that finds a lone CR gives up).
                if not first.endswith("\n"):
                    return None
                from genderlens.tabular import parallel  # subprocess, pickle: only for a large list

                size = path.stat().st_size
                if size < parallel.MIN_BYTES:
                    return None
                job = parallel.Job(
                    path=str(path),
                    encoding=encoding,
                    delimiter=delimiter,
                    start=_data_start(path, offset - 1),
                    end=size,
                    last=True,
                    columns=columns,
                    header_width=width,
                    max_cell=limit,
                )
                return parallel.count_file(job)

            return TableReader(source, config).read(header, rows(), bulk=bulk)


def _check_runaway(
    row: list[str], header: list[str], delimiter: str, width: int, source: str, start: int, end: int
) -> None:
    """Reject a row whose quoted cell swallowed the lines after it (a stray ``"``)."""
    for index, cell in enumerate(row):
        if "\n" in cell and swallowed_lines(cell, delimiter, width):
            column = header[index].strip() if index < len(header) else f"column {index + 1}"
            swallowed = cell.count("\n")
            msg = (
                f"a quote opened on this line is closed only on line {end}: its cell swallowed {swallowed} "
                'lines that look like rows; remove the stray " or double it ("")'
            )
            raise AdapterError(msg, source=source, line=start, field=column or None)


def _data_start(path: Path, lines: int) -> int:
    """The byte offset after the first ``lines`` lines (the header, and a ``sep=`` line before it)."""
    with path.open("rb") as fh:
        for _ in range(lines):
            fh.readline(MAX_HEADER_CHARS * 4 + 2)
        return fh.tell()


def _has_lone_cr(path: Path, encoding: str) -> bool:
    """Whether the file has a CR that is not part of a CRLF (checked on the bytes, at C speed)."""
    if encoding.startswith("utf-16"):
        return True  # its CR is two bytes: let :func:`_lines` look
    from genderlens.tabular.parallel import lone_cr  # the workers' test, on the whole file

    cr = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            found, cr = lone_cr(chunk, cr)
            if found:
                return True
    return bool(cr)


#: Lines read with lone CRs glued before the file is searched for one: more than the rows a layout is told from.
HEAD_LINES = 1000


def _checked_lines(fh: TextIO, path: Path, encoding: str) -> Iterator[str]:
    """The file's lines, a lone CR inside a line read as text (see :func:`_lines`).

    The first :data:`HEAD_LINES` go through :func:`_lines` (cheap for a few lines); the whole file is
    searched for a lone CR only when more are read, i.e. not when the registration list is counted in
    parallel (whose workers look for lone CRs themselves). Without one, the rest is read straight from
    ``fh``, at C speed.
    """
    glued = _lines(fh)

    def parts() -> Iterator[Iterator[str]]:
        yield islice(glued, HEAD_LINES)
        yield glued if _has_lone_cr(path, encoding) else fh

    return chain.from_iterable(parts())


def _lines(fh: TextIO) -> Iterator[str]:
    """The file's lines, where a lone CR inside a line of a LF or CRLF file is text, not a line break."""
    pending = ""
    for chunk in fh:
        # Universal-newline iteration splits at a lone CR too: glue those pieces back with a space.
        if chunk.endswith("\r") and not chunk.endswith("\r\n"):
            pending += chunk[:-1] + " "
            continue
        yield pending + chunk if pending else chunk
        pending = ""
    if pending:
        yield pending


def _line_of_first_non_ascii(head: bytes) -> int | None:
    for i, byte in enumerate(head):
        if byte >= 0x80:
            return head.count(b"\n", 0, i) + 1
    return None


def _non_ascii_lines(source: str, size: int = 65536) -> bytes:
    """Up to ``size`` bytes of whole lines holding non-ASCII bytes: the sample to tell a code page by."""
    out = bytearray()
    with Path(source).open("rb") as fh:
        for line in fh:
            if not line.isascii():
                out += line
                if len(out) >= size:
                    break
    return bytes(out)


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(CsvAdapter())
