"""Rosters: self-declared genders kept apart from the programme (a speaker database, a form export).

Organisers often collect gender in a speaker form while the agenda export has none. A roster is a
CSV file with a name (or first and last name) and/or an e-mail column, and a gender column, matched
case-, accent- and order-insensitively (``"Lovelace, Ada"`` matches ``"Ada Lovelace"``). Its answers
count after a declared answer in the programme itself and before titles. A name that two roster rows
give different genders is ambiguous and matches nothing: a roster never makes a guess.

Answers are read as in the programme (:class:`~genderlens.answers.AnswerReader`,
with the file's one-letter codes and ``[tool.genderlens.genders]``); blank cells and the values that
mean nobody answered (``n/a``, ``unknown``...: the table reader's
:data:`~genderlens.answers.MISSING` and more) are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from genderlens.adapters import read_bytes
from genderlens.answers import AnswerReader
from genderlens.answers import normalise as normalise_answer
from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import detect_delimiter, detect_encoding
from genderlens.errors import AdapterError
from genderlens.model import Gender, GenderDecision, GenderSource, Person
from genderlens.names import person_key
from genderlens.tabular import HEADER_LOOKUP, normalise

#: Headers of the column saying who gave the answer (normalised), and its values.
SOURCE_HEADERS = frozenset({"source", "gender source", "answered by", "given by", "provenance"})
SOURCE_VALUES = {
    "": GenderSource.ROSTER,
    "self-declared": GenderSource.ROSTER,
    "self declared": GenderSource.ROSTER,
    "declared": GenderSource.ROSTER,
    "self": GenderSource.ROSTER,
    "recorded by organiser": GenderSource.ORGANISER,
    "recorded by organizer": GenderSource.ORGANISER,
    "organiser": GenderSource.ORGANISER,
    "organizer": GenderSource.ORGANISER,
}


@dataclass(frozen=True)
class RosterEntry:
    """One roster answer and where it came from (``file:line``)."""

    gender: Gender
    where: str
    source: GenderSource = GenderSource.ROSTER
    """``roster`` for self-declared answers, ``organiser`` for answers the organiser recorded."""


def name_keys(name: str) -> set[str]:
    """Keys under which ``name`` is matched: the programme's :func:`~genderlens.names.person_key`.

    Titles and parentheses are dropped and "Last, First" is turned round there, so a roster row and a
    programme entry for one person always meet.
    """
    return {person_key(name, fallback="")} - {""}


def _csv_rows(text: str, source: str) -> Iterator[list[str]]:
    """The CSV rows of ``text``; a CSV syntax error raises :class:`AdapterError` with its line."""
    reader = csv.reader(text.splitlines(), delimiter=detect_delimiter(text.split("\n", 1)[0]))
    try:
        yield from reader
    except csv.Error as exc:
        msg = f"not a CSV file: {exc}"
        raise AdapterError(msg, source=source, line=reader.line_num) from None


class Roster:
    """Answers by e-mail address and by name, read from one or more roster files."""

    def __init__(self, mapping: Mapping[str, Gender] | None = None) -> None:
        """Create an empty roster; ``mapping`` is ``[tool.genderlens.genders]``."""
        self.mapping = dict(mapping or {})
        self.by_email: dict[str, RosterEntry | None] = {}
        self.by_name: dict[str, RosterEntry | None] = {}

    def __len__(self) -> int:
        """Distinct names and addresses known."""
        return len(self.by_email) + len(self.by_name)

    @staticmethod
    def _add(index: dict[str, RosterEntry | None], key: str, entry: RosterEntry) -> None:
        if key not in index:
            index[key] = entry
        else:
            known = index[key]
            if known is not None and known.gender is not entry.gender:
                index[key] = None  # contradicting rows: ambiguous, never guessed
            elif known is not None and entry.source is GenderSource.ROSTER:
                index[key] = entry  # the same answer, self-declared: that provenance wins

    def read(self, path: str | Path) -> None:
        """Add the rows of a roster CSV or XLSX file.

        A ``source`` column says who gave each answer: ``self-declared`` (the default) or ``recorded by
        organiser``, counted apart as :attr:`GenderSource.ORGANISER`.

        Raises:
            AdapterError: Unreadable file, no usable columns, or a gender or source answer that is not recognised.
        """
        source = str(path)
        rows: Iterator[list[str]]
        if Path(source).suffix.lower() == ".xlsx":
            from genderlens.files import check_file
            from genderlens.roster_template import read_xlsx_rows

            check_file(source)  # regular files only, within [tool.genderlens.limits] max_file_mb
            rows = read_xlsx_rows(source)
        else:
            raw = read_bytes(source)  # regular files only, within [tool.genderlens.limits] max_file_mb
            encoding = detect_encoding(raw[:65536])
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                msg = f"not a CSV text file (cannot decode byte {exc.start} as {encoding})"
                raise AdapterError(msg, source=source) from None
            text = text.removeprefix("\ufeff")
            if "\0" in text:
                line = text.count("\n", 0, text.index("\0")) + 1
                msg = "not a CSV text file (it holds NUL bytes)"
                raise AdapterError(msg, source=source, line=line)
            rows = _csv_rows(text, source)
        header = next(rows, [])
        cols = {HEADER_LOOKUP.get(normalise(h)): i for i, h in reversed(list(enumerate(header)))}
        for i, h in reversed(list(enumerate(header))):
            if normalise(h) in SOURCE_HEADERS:
                cols["gender_source"] = i
        if "gender" not in cols or not ({"name", "email", "last_name"} & cols.keys()):
            msg = "a roster needs a gender column and a name, last name or e-mail column"
            raise AdapterError(msg, source=source, line=1)
        # Answers are read once the whole gender column is known (its one-letter codes depend on it):
        # keep what each row needs, not the rows.
        found: list[tuple[int, str, str, str, str]] = []
        for line, row in enumerate(rows, start=2):

            def cell(field: str, row: list[str] = row) -> str:
                i = cols.get(field)
                return row[i].strip() if i is not None and i < len(row) else ""

            if cell("gender"):
                name = cell("name") or " ".join(x for x in (cell("first_name"), cell("last_name")) if x)
                found.append((line, cell("gender"), cell("gender_source"), cell("email"), name))
        reader = AnswerReader.for_answers((answer for _, answer, _, _, _ in found), self.mapping)
        for line, answer, given_by, email, name in found:
            if reader.unrecognised(answer):
                what = (
                    "a one-letter code whose convention this column does not show (M: man, or Spanish mujer?)"
                    if len(normalise_answer(answer)) == 1
                    else "a gender (e.g. woman, man, non-binary, prefer not to say)"
                )
                msg = f"cannot read {answer!r} as {what}; map it in [tool.genderlens.genders]"
                raise AdapterError(msg, source=source, line=line, field=header[cols["gender"]])
            gender = reader.read(answer)
            if gender is None:  # "n/a", "unknown": nobody answered
                continue
            by = SOURCE_VALUES.get(normalise_answer(given_by))
            if by is None:
                msg = f"cannot read {given_by!r} as who answered (self-declared or recorded by organiser)"
                raise AdapterError(msg, source=source, line=line, field=header[cols["gender_source"]])
            entry = RosterEntry(gender=gender, where=f"{source}:{line}", source=by)
            if email:
                self._add(self.by_email, email.casefold(), entry)
            if name[:1] == "'" and name[1:2] in ("=", "+", "-", "@"):
                name = name[1:]  # the quote a template CSV puts before what a spreadsheet would run as a formula
            for key in name_keys(name) if name else ():
                self._add(self.by_name, key, entry)

    def lookup(self, person: Person) -> RosterEntry | None:
        """The roster's answer for ``person`` (by e-mail key, then name), or ``None``."""
        if person.key.startswith("email:"):
            entry = self.by_email.get(person.key[6:])
            if entry is not None:
                return entry
        if person.name:
            found = {self.by_name.get(k) for k in name_keys(person.name)} - {None}
            if len(found) == 1:
                return found.pop()
        return None

    def decide(self, person: Person) -> GenderDecision | None:
        """A :class:`GenderDecision` with source ``roster`` for ``person``, or ``None``."""
        entry = self.lookup(person)
        if entry is None:
            return None
        return GenderDecision(gender=entry.gender, source=entry.source, detail=entry.where)


def load_roster(paths: Iterable[str | Path], mapping: Mapping[str, Gender] | None = None) -> Roster | None:
    """Read every roster file (answers read with ``mapping`` too); ``None`` when there is none."""
    roster = Roster(mapping)
    any_file = False
    for path in paths:
        roster.read(path)
        any_file = True
    return roster if any_file else None


def roster_paths(config: Config) -> list[Path]:
    """``config.roster`` paths, relative to the settings file they were written in."""
    base = Path(config.source).parent if config.source else Path.cwd()
    return [p if p.is_absolute() else base / p for p in map(Path, config.roster)]
