"""Count registration rows column by column: a batch of rows in, counts by answer and one field out.

Registration metrics need head counts by answer (gender cell, title cell) overall and by *one* field at
a time, never the joint combination of fields. So a batch of rows is turned into columns (one C-level
``zip``), each cell is cleaned by a dict lookup (only a value never seen before runs Python code), and
the columns are counted by ``Counter.update`` over ``zip``: no Python code runs per row.

This module imports only the standard library, so that worker processes (:mod:`.parallel`) start fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from genderlens.states import is_active_status

#: The fields counted one at a time, beside the status, in :data:`genderlens.model.BREAKDOWN_FIELDS` order.
FIELDS = ("member_state", "region", "affiliation", "participation")
#: A counted answer with the row's event and status: (event, gender, title, status, fellowship or value).
Key = tuple[str | None, ...]


class FellowshipError(ValueError):
    """A fellowship cell that is neither yes nor no (``value`` is the stripped cell)."""

    def __init__(self, value: str) -> None:
        """Remember the cell."""
        super().__init__(value)
        self.value = value


@dataclass(frozen=True)
class Columns:
    """Where the counted fields are: column indices (``None``: absent) and how wide a row must be."""

    gender: int | None
    title: int | None
    status: int | None
    fellowship: int | None
    event: int | None
    fields: tuple[int | None, ...]
    """Columns of :data:`FIELDS`, in that order."""
    width: int
    """Shorter rows are padded with blank cells (or skipped when blank)."""
    yes_no: Mapping[str, bool | None]
    """Fellowship answers (casefolded) -> yes, no, or blank (``None``)."""


@dataclass
class Margins:
    """Counts of rows by (event, gender, title, status, fellowship), and of *active* rows with a value by
    (event, gender, title, value) for each of :data:`FIELDS` (all the field breakdowns need; the status
    margin is in the base). Sums are associative: margins of parts of a file add up to the file's.
    """

    base: Counter[Key] = field(default_factory=Counter)
    fields: tuple[Counter[Key], ...] = field(default_factory=lambda: tuple(Counter() for _ in FIELDS))

    def add(self, other: Margins) -> None:
        """Add ``other``'s counts (keys new to this one keep ``other``'s order, after this one's)."""
        self.base.update(other.base)
        for mine, theirs in zip(self.fields, other.fields, strict=True):
            mine.update(theirs)

    def __bool__(self) -> bool:
        """Whether any row was counted."""
        return bool(self.base)


class _Stripped(dict[str, str | None]):
    def __missing__(self, value: str) -> str | None:
        clean = self[value] = value.strip() or None
        return clean


class _YesNo(dict[str, str | None]):
    def __init__(self, answers: Mapping[str, bool | None]) -> None:
        super().__init__()
        self.answers = answers

    def __missing__(self, value: str) -> str | None:
        raw = value.strip()
        if raw.casefold() not in self.answers:
            raise FellowshipError(raw)
        yes = self.answers[raw.casefold()]
        code = self[value] = None if yes is None else ("1" if yes else "0")
        return code


class _Ids(dict[tuple[str, ...], int]):
    """Numbers the distinct raw (event, gender, title, status) cells of the rows: short keys count faster,
    and the cells are cleaned once per distinct answer rather than once per row.
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys_in_order: list[tuple[str, ...]] = []

    def __missing__(self, key: tuple[str, ...]) -> int:
        number = self[key] = len(self.keys_in_order)
        self.keys_in_order.append(key)
        return number


#: Fields with few values (a handful of regions, in person or remote): counted jointly with the answer and
#: the fellowship in one pass, rather than in a pass each. The others (member states, affiliations) have
#: hundreds of values and are counted apart, since their joint counts would be as many as the rows.
JOINT = (FIELDS.index("region"), FIELDS.index("participation"))
APART = tuple(i for i in range(len(FIELDS)) if i not in JOINT)


class RowCounter:
    """Counts batches of rows into :class:`Margins`; the cleaned values are shared by every key."""

    def __init__(self, columns: Columns) -> None:
        """Count rows laid out as ``columns``."""
        self.columns = columns
        self._stripped = _Stripped()
        self._yes_no = _YesNo(columns.yes_no)
        self._ids = _Ids()
        # Counts by (answer number, fellowship code, region, participation), and by (answer number, value)
        # for each field of APART: decoded into margins by :attr:`margins`.
        self._base: Counter[tuple[int, str | None, str | None, str | None]] = Counter()
        self._apart: tuple[Counter[tuple[int, str | None]], ...] = tuple(Counter() for _ in APART)

    @property
    def margins(self) -> Margins:
        """The counts so far (keys in the order their rows came)."""
        clean = self._stripped.__getitem__
        # Answers are numbered raw; raw answers that clean alike (" F" and "F") are added up here.
        keys = [tuple(map(clean, key)) for key in self._ids.keys_in_order]
        # A field margin drops the status: only whether it is active matters, and most rows are.
        active = [(e, g, t) if is_active_status(s) else None for e, g, t, s in keys]
        base: Counter[Key] = Counter()
        fields: list[Counter[Key]] = [Counter() for _ in FIELDS]
        joint = [fields[i] for i in JOINT]

        def add(counts: Counter[Key], key: Key, n: int) -> None:
            counts[key] = counts.get(key, 0) + n

        for (i, fellow, *values), n in self._base.items():
            add(base, (*keys[i], fellow), n)
            answer = active[i]
            if answer is not None:
                for counts, value in zip(joint, values, strict=True):
                    if value is not None:
                        add(counts, (*answer, value), n)
        for f, apart in zip(APART, self._apart, strict=True):
            counts = fields[f]
            for (i, value), n in apart.items():
                answer = active[i]
                if answer is not None and value is not None:
                    add(counts, (*answer, value), n)
        return Margins(base=base, fields=tuple(fields))

    def check(self, cell: str) -> None:
        """Raise :class:`FellowshipError` when ``cell`` is not a fellowship answer."""
        self._yes_no.__getitem__(cell)

    def _usable(self, rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        """``rows`` with short rows padded with blank cells, and short blank rows left out."""
        width = self.columns.width
        out: list[Sequence[str]] = []
        for row in rows:
            if len(row) < width:
                if not any(c.strip() for c in row):
                    continue
                row = [*row, *([""] * (width - len(row)))]
            out.append(row)
        return out

    def count(self, rows: Sequence[Sequence[str]]) -> None:
        """Count ``rows``; a row shorter than :attr:`Columns.width` is padded with blank cells, or left out if blank.

        Raises:
            FellowshipError: A fellowship cell is not yes/no; nothing of ``rows`` is counted then.
        """
        c = self.columns
        cells = list(zip(*rows, strict=False))  # as many columns as the shortest row has
        if len(cells) < c.width:
            rows = self._usable(rows)
            cells = list(zip(*rows, strict=False))
        if not rows:
            return
        n = len(rows)
        clean = self._stripped.__getitem__
        blank = ("",) * n

        def raw(index: int | None) -> Sequence[str]:
            return cells[index] if index is not None else blank

        # First: a bad cell leaves nothing counted.
        fellows = list(map(self._yes_no.__getitem__, cells[c.fellowship])) if c.fellowship is not None else [None] * n
        ids = zip(raw(c.event), raw(c.gender), raw(c.title), raw(c.status), strict=True)
        answers = list(map(self._ids.__getitem__, ids))
        region, participation = (map(clean, raw(c.fields[f])) for f in JOINT)
        self._base.update(zip(answers, fellows, region, participation, strict=True))
        for counter, f in zip(self._apart, APART, strict=True):
            index = c.fields[f]
            if index is not None:
                counter.update(zip(answers, map(clean, cells[index]), strict=True))
