"""The registration tally: a registration list counted by answer while it is read, names never kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from genderlens.errors import AdapterError
from genderlens.model import Person, RegistrationTally
from genderlens.tabular.layout import Layout
from genderlens.tabular.vocabulary import FELLOWSHIP
from genderlens.tally import Tallier

#: A counted combination: (gender, title, affiliation, member_state, region, status, participation, fellowship).
Key = tuple[str | None, ...]


def count_registrations(
    layout: Layout, source: str, *parts: Iterable[tuple[int, Sequence[str]]]
) -> tuple[dict[Key, int], bool]:
    """Count the rows of ``parts`` by answer.

    Returns:
        The counts by key, and whether each key ends with the row's event (an event column is present).

    Raises:
        AdapterError: A fellowship cell is not yes/no.
    """
    f = layout.fields
    names = ("gender", "title", "affiliation", "member_state", "region", "status", "participation")
    cols = [f[n].index if n in f else None for n in names]
    event_col = f["event"].index if "event" in f else None
    fellow_col = f["fellowship"].index if "fellowship" in f else None
    name_cols = [f[n].index for n in ("name", "first_name", "last_name") if n in f]
    width = max([c for c in [*cols, event_col, fellow_col, *name_cols] if c is not None], default=0) + 1
    fellowship = FELLOWSHIP
    line = 0

    # Each cell is cleaned by one dict lookup; only a value not seen before runs Python code. The
    # cleaned values are shared, so a key costs one tuple, and hashing it reuses their cached hashes.
    class _Stripped(dict[str, str | None]):
        def __missing__(self, value: str) -> str | None:
            clean = self[value] = value.strip() or None
            return clean

    class _Blank(dict[str, str | None]):
        def __missing__(self, value: str) -> None:
            if present:  # else it reads the first column, which may hold names: keep none
                self[value] = None

    class _YesNo(dict[str, str | None]):
        def __missing__(self, value: str) -> str | None:
            raw = value.strip()
            if raw.casefold() not in fellowship:
                msg = f"cannot read {raw!r} as yes/no"
                raise AdapterError(msg, source=source, line=line, field=f["fellowship"].header)
            yes = fellowship[raw.casefold()]
            code = self[value] = None if yes is None else ("1" if yes else "0")
            return code

    present = [c for c in (*cols, fellow_col, event_col) if c is not None]
    stripped, blank = _Stripped(), _Blank()
    # The key is (gender, title, affiliation, member_state, region, status, participation, fellowship),
    # plus the event while reading; a missing field reads a present cell through ``blank`` (-> None).
    indices = [c if c is not None else present[0] if present else 0 for c in (*cols, fellow_col)]
    tables: list[dict[str, str | None]] = [stripped if c is not None else blank for c in cols]
    tables.append(_YesNo() if fellow_col is not None else blank)
    if event_col is not None:
        indices.append(event_col)
        tables.append(stripped)
    get = itemgetter(*indices)
    clean = dict.__getitem__
    counts: dict[Key, int] = {}
    for rows in parts:
        for line, row in rows:  # noqa: B007 (``line`` is read by _YesNo)
            if len(row) < width:
                if not any(c.strip() for c in row):
                    continue
                row = [*row, *([""] * (width - len(row)))]
            key = tuple(map(clean, tables, get(row)))
            counts[key] = counts.get(key, 0) + 1
    return counts, event_col is not None


def registration_tallies(counts: dict[Key, int]) -> tuple[RegistrationTally, ...]:
    """Registrations kept only as tallies: a person per distinct answer, counts per field."""
    tallier = Tallier()
    answers: dict[tuple[str | None, str | None], Person] = {}
    for (gender, title, aff, state, region, status, part, fellow), n in counts.items():
        person = answers.get((gender, title))
        if person is None:
            person = answers[gender, title] = Person(
                key=f"registrant:{gender}|{title}", declared_gender=gender, title=title
            )
        fellowship = None if fellow is None else fellow == "1"
        tallier.add(person, (state, region, aff, status, part), fellowship, n)
    return tallier.tallies()
