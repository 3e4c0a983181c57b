"""The ``first_speaker`` metric."""

from __future__ import annotations

from genderlens.metrics import Metric, count_genders, counts_result
from genderlens.model import SPEAKING_ROLES, Event, MetricResult


class FirstSpeaker(Metric):
    """Share of sessions whose first listed speaker, panelist or keynote is a woman."""

    name = "first_speaker"
    description = "Share of sessions opened by a woman (the first speaker listed)."

    def compute(self, event: Event) -> list[MetricResult]:
        """One event-wide result counting the gender of each session's first speaker."""
        firsts = [
            next(p.person.gender for p in s.participants if p.role in SPEAKING_ROLES)
            for s in event.sessions
            if any(p.role in SPEAKING_ROLES for p in s.participants)
        ]
        return [counts_result(count_genders(firsts), metric=self.name)] if firsts else []
