"""Built-in registration metrics: overall, by delegation/member state/region/status, fellowships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric, counts_result
from genderlens.model import (
    BREAKDOWN_FIELDS,
    Counts,
    Event,
    Gender,
    GenderSource,
    MetricResult,
    Person,
    RegistrationTally,
)
from genderlens.tally import tally_registrations


def all_tallies(event: Event) -> tuple[RegistrationTally, ...]:
    """The event's tallies plus its individual registrations, tallied."""
    if not event.registrations:
        return event.registration_tallies
    return event.registration_tallies + tally_registrations(event.registrations)


def count(tallies: Iterable[RegistrationTally]) -> Counts:
    """Counts by gender."""
    slots = _GenderSlots()
    c = [0] * len(_GENDERS)
    for t in tallies:
        c[slots.of(t.person)] += t.count
    return _counts(c)


#: Genders in :class:`Counts` order: a tally adds its count at its person's gender's slot.
_GENDERS = tuple(Gender)


class _GenderSlots:
    """Each person's gender as a slot in :data:`_GENDERS`, looked up once per person (by identity).

    Tallies share a person per distinct answer (a hundred people for ~87k tallies of a million-row
    export): reading the gender and hashing it once per tally cost most of the breakdown's time.
    The people must outlive this object (their ids are its keys): the event holds them.
    """

    def __init__(self) -> None:
        self._slots: dict[int, int] = {}

    def of(self, person: Person) -> int:
        slot = self._slots.get(id(person))
        if slot is None:
            slot = self._slots[id(person)] = _GENDERS.index(person.gender)
        return slot


def _counts(c: list[int]) -> Counts:
    return Counts(**{g.value: n for g, n in zip(_GENDERS, c, strict=True)})


class Registrations(Metric):
    name = "registrations"
    description = "Share of women among active registrations."

    def compute(self, event: Event) -> list[MetricResult]:
        overall = [t for t in all_tallies(event) if t.field is None]
        if not overall:
            return []
        # Weigh by registrations, not by person key: tallies share a person per distinct answer.
        sources: dict[str, int] = defaultdict(int)
        for t in overall:
            sources[t.person.decision.source.value] += t.count
        ordered = {s.value: sources[s.value] for s in GenderSource if s.value in sources}
        return [counts_result(count(overall), metric=self.name, sources=ordered)]


class Fellowships(Metric):
    name = "fellowships"
    description = "Share of women among active registrations holding a fellowship."

    def compute(self, event: Event) -> list[MetricResult]:
        fellows = [t for t in all_tallies(event) if t.field is None and t.fellowship]
        return [counts_result(count(fellows), metric=self.name)] if fellows else []


class RegistrationBreakdown(Metric):
    name = "registrations_by"
    description = "Registrations by member state, region, affiliation (delegation), status and participation."

    def compute(self, event: Event) -> list[MetricResult]:
        # One pass: counts by gender for every (field, value) group.
        groups: dict[tuple[str, str], list[int]] = {}
        slots = _GenderSlots()
        for t in all_tallies(event):
            if t.field is not None and t.value:
                c = groups.get((t.field, t.value))
                if c is None:
                    c = groups[t.field, t.value] = [0] * len(_GENDERS)
                c[slots.of(t.person)] += t.count
        results = []
        for field in BREAKDOWN_FIELDS:
            for value in sorted((v for f, v in groups if f == field), key=str.casefold):
                metric = f"registrations_by_{field}"
                counts = _counts(groups[field, value])
                results.append(counts_result(counts, metric=metric, scope="group", group=value))
        return results


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    for metric in (Registrations(), Fellowships(), RegistrationBreakdown()):
        register(metric)
