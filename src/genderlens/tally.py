"""Reduce registrations to :class:`~genderlens.model.RegistrationTally` counts.

Registration metrics need head counts by answer overall, for fellows, and by one field at a time
(member state, region, affiliation, status, participation), never the joint combination of fields. So a
large export is counted into those margins while it is read, and its rows are never kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from genderlens.model import BREAKDOWN_FIELDS, Person, Registration, RegistrationTally, is_active_status

_STATUS = BREAKDOWN_FIELDS.index("status")


class Tallier:
    """Accumulates registrations into overall and per-field counts."""

    def __init__(self) -> None:
        """Start with no registrations."""
        # Keyed by id(person): hashing a frozen pydantic model costs more than all the counting. The
        # people are kept in ``_people`` so that their ids stay theirs.
        self.overall: dict[tuple[int, bool | None], int] = {}
        self.by_field: dict[tuple[int, str, int], int] = {}
        self._people: dict[int, Person] = {}
        self._active: dict[str | None, bool] = {}

    def add(self, person: Person, values: Sequence[str | None], fellowship: bool | None, count: int = 1) -> None:
        """Count ``count`` registrations of ``person`` with ``values`` (in :data:`BREAKDOWN_FIELDS` order)."""
        status = values[_STATUS]
        active = self._active.get(status)
        if active is None:
            active = self._active[status] = is_active_status(status)
        who = id(person)
        if who not in self._people:
            self._people[who] = person
        by_field = self.by_field
        get = by_field.get
        if active:
            key = (who, fellowship)
            self.overall[key] = self.overall.get(key, 0) + count
            for i, value in enumerate(values):
                if value:
                    fkey = (i, value, who)
                    by_field[fkey] = get(fkey, 0) + count
        elif status:
            fkey = (_STATUS, status, who)
            by_field[fkey] = get(fkey, 0) + count

    def tallies(self) -> tuple[RegistrationTally, ...]:
        """The counts as tallies: overall first, then by field in :data:`BREAKDOWN_FIELDS` order."""
        people = self._people
        out = [
            RegistrationTally(person=people[who], count=n, fellowship=fellowship)
            for (who, fellowship), n in self.overall.items()
        ]
        for (i, value, who), n in sorted(self.by_field.items(), key=lambda item: item[0][0]):
            out.append(RegistrationTally(person=people[who], count=n, field=BREAKDOWN_FIELDS[i], value=value))
        return tuple(out)


def tally_registrations(registrations: Iterable[Registration]) -> tuple[RegistrationTally, ...]:
    """Tallies of individual registrations (as the Indico API gives them)."""
    tallier = Tallier()
    for r in registrations:
        tallier.add(r.person, [getattr(r, f) for f in BREAKDOWN_FIELDS], r.fellowship, r.count)
    return tallier.tallies()
