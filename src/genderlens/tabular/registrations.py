"""The registration tally: a registration list counted by answer while it is read, names never kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from genderlens.errors import AdapterError
from genderlens.gcpause import collection_paused
from genderlens.model import (
    BREAKDOWN_FIELDS,
    GenderSource,
    Person,
    RegistrationTally,
    is_active_status,
)
from genderlens.tabular.layout import Layout
from genderlens.tabular.rowcount import FIELDS, Columns, FellowshipError, Margins, RowCounter
from genderlens.tabular.vocabulary import FELLOWSHIP
from genderlens.trusted import field_tally, overall_tally

#: Rows counted at a time: large enough that per-batch work is negligible, small enough to keep memory low.
BATCH = 20_000
_STATUS = BREAKDOWN_FIELDS.index("status")
_FIELD_INDEX = tuple(BREAKDOWN_FIELDS.index(name) for name in FIELDS)


def columns_of(layout: Layout) -> Columns:
    """Where ``layout`` puts the fields a registration tally counts."""
    f = layout.fields

    def index(name: str) -> int | None:
        return f[name].index if name in f else None

    used = [index(n) for n in ("gender", "title", "status", "fellowship", "event", *FIELDS)]
    used += [f[n].index for n in ("name", "first_name", "last_name") if n in f]
    return Columns(
        gender=index("gender"),
        title=index("title"),
        status=index("status"),
        fellowship=index("fellowship"),
        event=index("event"),
        fields=tuple(index(n) for n in FIELDS),
        width=max([c for c in used if c is not None], default=0) + 1,
        yes_no=FELLOWSHIP,
    )


def count_registrations(layout: Layout, source: str, *parts: Iterable[tuple[int, Sequence[str]]]) -> Margins:
    """Count the rows of ``parts`` (``(line, row)`` pairs) by answer, a batch at a time.

    Raises:
        AdapterError: A fellowship cell is not yes/no (at the first such row), or ``parts`` raised one.
    """
    counter = RowCounter(columns_of(layout))
    # The rows are garbage as soon as they are counted, and make no cycles: collecting while they are
    # counted would only walk the growing counts again and again (a third of the time).
    with collection_paused():
        _count_parts(counter, layout, source, parts)
    return counter.margins


def _count_parts(
    counter: RowCounter, layout: Layout, source: str, parts: Sequence[Iterable[tuple[int, Sequence[str]]]]
) -> None:
    for part in parts:
        rows = iter(part)
        while True:
            batch: list[tuple[int, Sequence[str]]] = []
            failed: AdapterError | None = None
            try:
                batch.extend(islice(rows, BATCH))  # keeps the rows read before an error
            except AdapterError as exc:
                failed = exc
            _count(counter, batch, layout, source)  # a bad cell in an earlier row is reported first
            if failed is not None:
                raise failed
            if len(batch) < BATCH:
                break


def _count(counter: RowCounter, batch: list[tuple[int, Sequence[str]]], layout: Layout, source: str) -> None:
    try:
        counter.count([row for _, row in batch])
    except FellowshipError:
        col = layout.fields["fellowship"]
        for line, row in batch:
            try:
                counter.check(row[col.index] if col.index < len(row) else "")
            except FellowshipError as exc:
                msg = f"cannot read {exc.value!r} as yes/no"
                raise AdapterError(msg, source=source, line=line, field=col.header) from None
        raise  # pragma: no cover (the batch holds the bad cell)


@collection_paused()  # builds a frozen tally per margin count (87k per million rows), no cycles
def registration_tallies(margins: Margins) -> dict[str | None, tuple[RegistrationTally, ...]]:
    """Registrations kept only as tallies, by event (in file order): a person per distinct answer.

    Active registrations are counted overall (fellows apart) and by each field's value; registrations
    of every status by their status.
    """
    active: dict[str | None, bool] = {}
    # Keyed by the answer's strings: hashing a frozen pydantic model costs more than all the counting.
    overall: dict[str | None, dict[tuple[str | None, str | None, str | None], int]] = {}
    by_field: dict[str | None, list[dict[tuple[str, str | None, str | None], int]]] = {}
    for (ev, gender, title, status, fellow), n in margins.base.items():
        fields = by_field.get(ev)
        if fields is None:
            fields = by_field[ev] = [{} for _ in BREAKDOWN_FIELDS]
            overall[ev] = {}
        is_active = active.get(status)
        if is_active is None:
            is_active = active[status] = is_active_status(status)
        if is_active:
            tally = overall[ev]
            key = (gender, title, fellow)
            tally[key] = tally.get(key, 0) + n
        if status:
            counts = fields[_STATUS]
            key = (status, gender, title)
            counts[key] = counts.get(key, 0) + n
    for i, margin in zip(_FIELD_INDEX, margins.fields, strict=True):
        for (ev, gender, title, value), n in margin.items():  # active registrations with a value
            if value:
                counts = by_field[ev][i]
                key = (value, gender, title)
                counts[key] = counts.get(key, 0) + n
    # Every answer is in the base margin: one person per distinct answer, shared by its tallies.
    answers = dict.fromkeys((gender, title) for _, gender, title, _, _ in margins.base)
    people = {
        (gender, title): Person(
            key=f"registrant:{gender}|{title}", declared_gender=gender, title=title, declared_source=GenderSource.FILE
        )
        for gender, title in answers
    }
    out: dict[str | None, tuple[RegistrationTally, ...]] = {}
    for ev, fields in by_field.items():
        tallies = [
            overall_tally(people[gender, title], n, None if fellow is None else fellow == "1")
            for (gender, title, fellow), n in overall[ev].items()
        ]
        for name, counts in zip(BREAKDOWN_FIELDS, fields, strict=True):
            tallies.extend(
                field_tally(people[gender, title], n, name, value) for (value, gender, title), n in counts.items()
            )
        out[ev] = tuple(tallies)
    return out
