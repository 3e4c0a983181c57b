"""Built-in registration metrics: overall, by delegation/member state/region/status, fellowships."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric, counts_result
from genderlens.model import BREAKDOWN_FIELDS, Counts, Event, Gender, GenderSource, MetricResult, RegistrationTally
from genderlens.tally import tally_registrations


def all_tallies(event: Event) -> tuple[RegistrationTally, ...]:
    """The event's tallies plus its individual registrations, tallied."""
    if not event.registrations:
        return event.registration_tallies
    return event.registration_tallies + tally_registrations(event.registrations)


def count(tallies: Iterable[RegistrationTally]) -> Counts:
    """Counts by gender."""
    c: dict[Gender, int] = defaultdict(int)
    for t in tallies:
        c[t.person.gender] += t.count
    return Counts(**{g.value: c[g] for g in Gender})


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
        groups: dict[tuple[str, str], list[RegistrationTally]] = defaultdict(list)
        for t in all_tallies(event):
            if t.field is not None and t.value:
                groups[t.field, t.value].append(t)
        results = []
        for field in BREAKDOWN_FIELDS:
            for value in sorted((v for f, v in groups if f == field), key=str.casefold):
                metric = f"registrations_by_{field}"
                results.append(counts_result(count(groups[field, value]), metric=metric, scope="group", group=value))
        return results


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    for metric in (Registrations(), Fellowships(), RegistrationBreakdown()):
        register(metric)
