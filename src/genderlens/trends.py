"""Trends across editions: the same metric over several events, oldest edition first."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from genderlens.model import Counts, EventReport, Report, Share

#: Metrics followed across editions, in display order.
TREND_METRICS = ("speakers", "speaking_time", "leadership", "people", "registrations", "fellowships")


class TrendPoint(BaseModel):
    """One edition's value of a metric."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edition: str
    event_id: str
    share: Share
    counts: Counts
    coverage: float | None = None


def edition_key(label: str) -> tuple[int, float, str]:
    """Sort editions by the first number in the label (``"WSIS 2024"``), then alphabetically."""
    m = re.search(r"\d+(?:\.\d+)?", label)
    return (0, float(m.group()), label) if m else (1, 0.0, label)


def ordered(events: tuple[EventReport, ...]) -> list[EventReport]:
    """Event reports oldest edition first (input order breaks ties)."""
    return sorted(events, key=lambda e: edition_key(e.edition))


def trends(report: Report, metrics: tuple[str, ...] = TREND_METRICS) -> dict[str, list[TrendPoint]]:
    """Each metric present in at least two events, as points ordered by edition."""
    out: dict[str, list[TrendPoint]] = {}
    events = ordered(report.events)
    for metric in metrics:
        points = []
        for ev in events:
            r = ev.result(metric)
            if r is not None:
                points.append(
                    TrendPoint(
                        edition=ev.edition, event_id=ev.event_id, share=r.share, counts=r.counts, coverage=r.coverage
                    )
                )
        if len(points) >= 2:
            out[metric] = points
    return out
