"""Built-in programme metrics: session parity, speakers, speaking time, leadership, roles, people."""

from __future__ import annotations

from collections import defaultdict

from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric, count_genders, decision_sources, share_of
from genderlens.model import (
    LEADERSHIP_ROLES,
    SPEAKING_ROLES,
    Counts,
    Event,
    Gender,
    MetricResult,
    Role,
    Share,
)


class SessionParity(Metric):
    name = "session_parity"
    description = "Per session: share of women among speakers, panelists and keynotes (moderators apart)."

    def compute(self, event: Event) -> list[MetricResult]:
        results = []
        for s in event.sessions:
            people = [p.person for p in s.participants if p.role in SPEAKING_ROLES]
            if people:
                results.append(
                    share_of(
                        people,
                        metric=self.name,
                        scope="session",
                        session_id=s.id,
                        session_title=s.title,
                        is_panel=s.is_panel,
                    )
                )
        return results


class Speakers(Metric):
    name = "speakers"
    description = "Event-wide share of women among distinct speakers, panelists and keynotes (head count)."

    def compute(self, event: Event) -> list[MetricResult]:
        people = [p.person for p in event.all_participants() if p.role in SPEAKING_ROLES]
        return [share_of(people, metric=self.name)] if people else []


class SpeakingTime(Metric):
    name = "speaking_time"
    description = "Share of speaking minutes held by women; a session's minutes are split among its speakers."

    def compute(self, event: Event) -> list[MetricResult]:
        minutes: dict[Gender, float] = defaultdict(float)
        genders = {}
        for s in event.sessions:
            speaking = [p for p in s.participants if p.role in SPEAKING_ROLES]
            if not speaking:
                continue
            if any(p.minutes is not None for p in speaking):
                # Talks inside the session carry their own durations.
                for p in speaking:
                    minutes[p.person.gender] += p.minutes or 0.0
                    genders[p.person.key] = p.person.gender
                continue
            if s.minutes is None:
                continue
            speakers = {p.person.key: p.person.gender for p in speaking}
            each = s.minutes / len(speakers)
            for key, gender in speakers.items():
                minutes[gender] += each
                genders[key] = gender
        if not genders:
            return []
        counts: Counts = count_genders(genders.values())
        known = sum(v for g, v in minutes.items() if g.is_known)
        total = sum(minutes.values())
        share = Share(value=minutes[Gender.WOMAN] / known) if known > 0 else Share()
        return [
            MetricResult(
                metric=self.name,
                counts=counts,
                share=share,
                coverage=known / total if total else None,
                minutes={g.value: round(minutes[g], 2) for g in Gender},
            )
        ]


class Leadership(Metric):
    name = "leadership"
    description = "Share of women among distinct chairs, vice-chairs, moderators, rapporteurs and conveners."

    def compute(self, event: Event) -> list[MetricResult]:
        people = [p.person for p in event.all_participants() if p.role in LEADERSHIP_ROLES]
        return [share_of(people, metric=self.name)] if people else []


class RoleShares(Metric):
    name = "roles"
    description = "Per role (metric id role_<role>): share of women among the distinct people in that role."

    def compute(self, event: Event) -> list[MetricResult]:
        by_role: dict[Role, list] = defaultdict(list)  # type: ignore[type-arg]
        for p in event.all_participants():
            by_role[p.role].append(p.person)
        return [share_of(by_role[r], metric=f"role_{r.value}") for r in Role if by_role.get(r)]


class People(Metric):
    name = "people"
    description = "Everyone in the programme, once each: the coverage of gender information."

    def compute(self, event: Event) -> list[MetricResult]:
        people = [p.person for p in event.all_participants()]
        return [share_of(people, metric=self.name, sources=decision_sources(people))] if people else []


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    for metric in (SessionParity(), Speakers(), SpeakingTime(), Leadership(), RoleShares(), People()):
        register(metric)
