"""Built-in registration metrics: overall, by delegation/member state/region/status, fellowships."""

from __future__ import annotations

from collections import defaultdict

from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric, counts_result
from genderlens.model import Counts, Event, Gender, GenderSource, MetricResult, Registration

#: Registration states that do not count as attending (Indico's withdrawn/rejected, and the like).
INACTIVE_STATES = frozenset({"withdrawn", "rejected", "cancelled", "canceled", "deleted", "declined"})


def is_active(reg: Registration) -> bool:
    """False for withdrawn, rejected or cancelled registrations."""
    return (reg.status or "").strip().casefold() not in INACTIVE_STATES


def tally(regs: list[Registration]) -> Counts:
    """Counts by gender, honouring each registration's ``count``."""
    c: dict[Gender, int] = defaultdict(int)
    for r in regs:
        c[r.person.gender] += r.count
    return Counts(**{g.value: c[g] for g in Gender})


class Registrations(Metric):
    name = "registrations"
    description = "Share of women among active registrations."

    def compute(self, event: Event) -> list[MetricResult]:
        active = [r for r in event.registrations if is_active(r)]
        if not active:
            return []
        # Aggregated registrations share a person key per distinct answer, so weigh by row (not by key).
        sources: dict[str, int] = {}
        for r in active:
            sources[r.person.decision.source.value] = sources.get(r.person.decision.source.value, 0) + r.count
        ordered = {s.value: sources[s.value] for s in GenderSource if s.value in sources}
        return [counts_result(tally(active), metric=self.name, sources=ordered)]


class Fellowships(Metric):
    name = "fellowships"
    description = "Share of women among active registrations holding a fellowship."

    def compute(self, event: Event) -> list[MetricResult]:
        fellows = [r for r in event.registrations if r.fellowship and is_active(r)]
        return [counts_result(tally(fellows), metric=self.name)] if fellows else []


class RegistrationBreakdown(Metric):
    name = "registrations_by"
    description = "Registrations by member state, region, affiliation (delegation), status and participation."
    FIELDS = ("member_state", "region", "affiliation", "status", "participation")

    def compute(self, event: Event) -> list[MetricResult]:
        results = []
        for field in self.FIELDS:
            groups: dict[str, list[Registration]] = defaultdict(list)
            for r in event.registrations:
                value = getattr(r, field)
                if value and (field == "status" or is_active(r)):
                    groups[value].append(r)
            for label in sorted(groups, key=str.casefold):
                results.append(
                    counts_result(tally(groups[label]), metric=f"registrations_by_{field}", scope="group", group=label)
                )
        return results


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    for metric in (Registrations(), Fellowships(), RegistrationBreakdown()):
        register(metric)
