"""Roster templates: whom to ask, as a CSV or XLSX file to fill in and give back with ``--roster``.

``genderlens roster template SOURCE... -o roster.csv`` writes one row per programme person whose gender
is unknown, with where they appear (sessions and roles) and empty ``gender`` and ``source`` columns.
The organiser, or the speakers through a form, fill it in; ``--roster roster.csv`` then counts the
answers (see :mod:`genderlens.roster`), the ones marked ``recorded by organiser`` apart from the
self-declared ones. ``-o roster.xlsx`` writes a workbook with drop-down lists for both columns; it needs
openpyxl, which the ``genderlens-xlsx`` adapter installs.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genderlens.errors import GenderlensError
from genderlens.model import Event, Gender, Participant

if TYPE_CHECKING:
    import pluggy

    from genderlens.config import Config

#: The template's columns, in order.
COLUMNS = ("name", "email", "sessions", "roles", "gender", "source")
#: Answers offered in the XLSX drop-down (any answer the roster reader understands is accepted).
GENDER_CHOICES = ("woman", "man", "non-binary", "prefer not to say")
#: ``source`` values: who gave the answer.
SOURCE_CHOICES = ("self-declared", "recorded by organiser")
XLSX_MISSING = "writing or reading .xlsx rosters needs openpyxl: pip install genderlens-xlsx"


@dataclass
class Unknown:
    """A programme person whose gender is unknown, and where they appear."""

    name: str
    email: str = ""
    appearances: list[tuple[str | None, str]] = field(default_factory=list)
    """(session title or ``None`` for an event-level role, role) pairs, in programme order."""

    @property
    def sessions(self) -> list[str]:
        """Distinct session titles."""
        return list(dict.fromkeys(s for s, _ in self.appearances if s))

    @property
    def roles(self) -> list[str]:
        """Distinct roles."""
        return list(dict.fromkeys(r for _, r in self.appearances))

    def row(self) -> list[str]:
        """The template row (``gender`` and ``source`` left empty)."""
        return [self.name, self.email, "; ".join(self.sessions), "; ".join(self.roles), "", ""]


def unknown_people(events: Iterable[Event]) -> list[Unknown]:
    """People of resolved ``events`` whose gender is ``unknown``, once each, in programme order.

    People who chose not to say (``undisclosed``) are left out: nobody should ask them again. People
    with neither a name nor an e-mail address are left out too: there is nobody to ask.
    """
    found: dict[str, Unknown] = {}
    for event in events:
        spots: list[tuple[str | None, Participant]] = [(None, p) for p in event.participants]
        spots += [(s.title or s.id, p) for s in event.sessions for p in s.participants]
        for session, p in spots:
            email = p.person.key[6:] if p.person.key.startswith("email:") else ""
            if p.person.gender is not Gender.UNKNOWN or not (p.person.name or email):
                continue  # known, chose not to say, or nothing to ask them by
            entry = found.get(p.person.key)
            if entry is None:
                entry = found[p.person.key] = Unknown(name=p.person.name or "", email=email)
            elif not entry.name and p.person.name:
                entry.name = p.person.name  # the first name given for this address
            spot = (session, p.role.value.replace("_", "-"))
            if spot not in entry.appearances:
                entry.appearances.append(spot)
    return list(found.values())


def people_to_ask(
    sources: Sequence[str], pm: pluggy.PluginManager, config: Config, *, adapter: str | None = None
) -> list[Unknown]:
    """Read ``sources``, resolve genders (declared, roster, titles; never name inference) and list the unknown.

    Name inference is left out on purpose: a guessed gender is no answer, so those people are asked too.
    """
    from genderlens.files import file_limit
    from genderlens.report import load_sources
    from genderlens.resolve import resolve_event
    from genderlens.roster import load_roster, roster_paths

    config = config.with_overrides(infer_names=False)
    with file_limit(config.limits.max_file_bytes):
        roster = load_roster(roster_paths(config))
    events = load_sources(sources, pm, config, adapter=adapter)
    return unknown_people(resolve_event(e, pm, roster, config) for e in events)


def template_csv(people: Sequence[Unknown]) -> str:
    """The template as CSV text (cells that a spreadsheet would run as formulas are quoted with ``'``)."""
    from genderlens.render import safe_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(v) for v in p.row()] for p in people)
    return buf.getvalue()


def _openpyxl(where: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise GenderlensError(f"{where}: {XLSX_MISSING}" if where else XLSX_MISSING) from None
    return openpyxl


def template_xlsx(people: Sequence[Unknown], where: str = "") -> bytes:
    """The template as an XLSX workbook, with drop-down lists for ``gender`` and ``source``.

    Raises:
        GenderlensError: openpyxl is not installed (the message names ``where``, the file to write).
    """
    openpyxl = _openpyxl(where)
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "roster"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in people:
        # Text cells only: a name starting with "=" stays a name, never a formula.
        ws.append(p.row())
        for cell in ws[ws.max_row]:
            cell.data_type = "s"
    last = max(len(people), 1) + 1
    for column, choices, title, prompt in (
        ("E", GENDER_CHOICES, "gender", "How this person wishes to be counted"),
        ("F", SOURCE_CHOICES, "source", "Who gave the answer"),
    ):
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        dv.promptTitle, dv.prompt = title, prompt
        dv.add(f"{column}2:{column}{last}")
        ws.add_data_validation(dv)
    for column, width in zip("ABCDEF", (30, 30, 50, 20, 18, 22), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_xlsx_rows(path: str | Path) -> Iterator[list[str]]:
    """The first sheet of a workbook as rows of text (for reading a filled-in roster back), streamed.

    Raises:
        GenderlensError: openpyxl is not installed.
        AdapterError: The file is not a readable workbook.
    """
    import zipfile
    from xml.etree.ElementTree import ParseError

    from genderlens.errors import AdapterError

    openpyxl = _openpyxl(str(path))
    broken = (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, IndexError, ParseError)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except broken as exc:
        msg = f"not a readable .xlsx workbook ({exc.__class__.__name__})"
        raise AdapterError(msg, source=str(path)) from None
    line = 1  # the row being read
    try:
        for row in wb.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v).strip() for v in row]
            line += 1
    except broken as exc:
        msg = f"not a readable .xlsx workbook ({exc.__class__.__name__})"
        raise AdapterError(msg, source=str(path), line=line) from None
    finally:
        wb.close()


def write_template(path: Path, people: Sequence[Unknown]) -> None:
    """Write the template to ``path`` (XLSX for ``.xlsx``, else CSV) through a temporary file."""
    data = template_xlsx(people, str(path)) if path.suffix.lower() == ".xlsx" else template_csv(people).encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~umask)  # as any new file, not mkstemp's owner-only mode
        os.replace(tmp, path)
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise GenderlensError(msg) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
