"""Roll several event reports up into one summary: totals, by year, by meeting series, breakdowns.

Each event's figures already count every person once in that event, so adding them up counts each
person once *per event* (someone who spoke at three meetings is three speaker-events). Shares of the
sums get their own 95% interval. Nothing here recomputes a metric: it only adds up the counts the core
computed for each event, so the summary always agrees with the per-event reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from genderlens.metrics import counts_result
from genderlens.model import Counts, EventReport, MetricResult, Verdict
from genderlens.privacy import Link, Suppression

#: Metrics added up across events, in display order.
ROLLUP_METRICS = ("speakers", "leadership", "people", "registrations", "fellowships")
#: Breakdowns added up across events (registrations by member state and by region).
ROLLUP_GROUPS = ("registrations_by_member_state", "registrations_by_region")

_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_SERIES_NOISE = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b|\d+(st|nd|rd|th)\b", re.IGNORECASE)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EventLine(_Frozen):
    """One event in the roll-up: its verdict and headline figures."""

    event_id: str
    event_title: str
    edition: str
    year: str | None
    series: str
    verdict: Verdict
    speakers: MetricResult | None = None
    leadership: MetricResult | None = None
    registrations: MetricResult | None = None
    people: MetricResult | None = None


class PanelRef(_Frozen):
    """An all-male panel found in one event."""

    event_id: str
    event_title: str
    session_id: str | None
    session_title: str | None
    message: str


class Bucket(_Frozen):
    """Events sharing a year or a series, with their verdicts and summed figures."""

    key: str
    events: int
    verdicts: dict[str, int]
    results: tuple[MetricResult, ...] = ()

    def result(self, metric: str) -> MetricResult | None:
        """The summed figure of ``metric``, if any event had it."""
        return next((r for r in self.results if r.metric == metric), None)


class Summary(_Frozen):
    """Everything a multi-event roll-up shows."""

    totals: Bucket
    by_year: tuple[Bucket, ...] = ()
    by_series: tuple[Bucket, ...] = ()
    groups: tuple[MetricResult, ...] = ()
    """Summed breakdowns (``registrations_by_member_state``, ``registrations_by_region``), scope ``group``."""
    all_male_panels: tuple[PanelRef, ...] = ()
    events: tuple[EventLine, ...] = ()


def verdict_of(ev: EventReport) -> Verdict:
    """The event's verdict, as the core judged it."""
    return ev.verdict


def year_of(ev: EventReport) -> str | None:
    """The first plausible year in the edition label (``"WSIS 2024"`` -> ``"2024"``)."""
    m = _YEAR.search(ev.edition)
    return m.group(1) if m else None


def default_series(ev: EventReport) -> str:
    """The title without years and ordinals: ``"WSIS Forum 2024"`` -> ``"WSIS Forum"``."""
    text = " ".join(_SERIES_NOISE.sub(" ", ev.event_title).split()).strip(" -–:,")
    return text or ev.event_title


def add_counts(items: Iterable[Counts]) -> Counts:
    """The sum of several counts."""
    total = dict.fromkeys(Counts.model_fields, 0)
    for c in items:
        for k in total:
            total[k] += getattr(c, k)
    return Counts(**total)


def _sum_results(reports: Sequence[EventReport], **fields: Any) -> tuple[MetricResult, ...]:
    out = []
    for metric in ROLLUP_METRICS:
        found = [r for ev in reports if (r := ev.result(metric)) is not None]
        if found:
            out.append(counts_result(add_counts(r.counts for r in found), metric=metric, **fields))
    return tuple(out)


def _bucket(key: str, reports: Sequence[EventReport]) -> Bucket:
    verdicts = {v.value: 0 for v in Verdict}
    for ev in reports:
        verdicts[verdict_of(ev).value] += 1
    return Bucket(key=key, events=len(reports), verdicts=verdicts, results=_sum_results(reports))


def _groups(reports: Sequence[EventReport]) -> tuple[MetricResult, ...]:
    sums: dict[tuple[str, str], list[Counts]] = {}
    for ev in reports:
        for r in ev.results:
            if r.scope == "group" and r.metric in ROLLUP_GROUPS and r.group:
                sums.setdefault((r.metric, r.group), []).append(r.counts)
    rank = {m: i for i, m in enumerate(ROLLUP_GROUPS)}
    keys = sorted(sums, key=lambda k: (rank[k[0]], k[1].casefold()))
    return tuple(counts_result(add_counts(sums[k]), metric=k[0], scope="group", group=k[1]) for k in keys)


def summarize(reports: Sequence[EventReport], *, series: Callable[[EventReport], str | None] | None = None) -> Summary:
    """Roll ``reports`` up: totals, by year (oldest first), by series, breakdowns and all-male panels.

    Args:
        reports: One report per event, each already judged by the core.
        series: The meeting series or study group of a report (e.g. an Indico event series or
            category); ``None`` or an empty answer falls back to :func:`default_series`.
    """
    series_of = {ev.event_id: ((series(ev) if series else None) or default_series(ev)) for ev in reports}
    by_year: dict[str, list[EventReport]] = {}
    by_series: dict[str, list[EventReport]] = {}
    for ev in reports:
        by_year.setdefault(year_of(ev) or "unknown", []).append(ev)
        by_series.setdefault(series_of[ev.event_id], []).append(ev)
    lines = tuple(
        EventLine(
            event_id=ev.event_id,
            event_title=ev.event_title,
            edition=ev.edition,
            year=year_of(ev),
            series=series_of[ev.event_id],
            verdict=verdict_of(ev),
            speakers=ev.result("speakers"),
            leadership=ev.result("leadership"),
            registrations=ev.result("registrations"),
            people=ev.result("people"),
        )
        for ev in reports
    )
    panels = tuple(
        PanelRef(
            event_id=f.event_id,
            event_title=f.event_title,
            session_id=f.session_id,
            session_title=f.session_title,
            message=f.message,
        )
        for ev in reports
        for f in ev.flags
        if f.rule == "all_male_panel"
    )
    return Summary(
        totals=_bucket("all", reports),
        by_year=tuple(_bucket(k, by_year[k]) for k in sorted(by_year, key=lambda y: (y == "unknown", y))),
        by_series=tuple(_bucket(k, by_series[k]) for k in sorted(by_series, key=str.casefold)),
        groups=_groups(reports),
        all_male_panels=panels,
        events=lines,
    )


def _links(reports: Sequence[EventReport], summary: Summary) -> list[Link]:
    """Every sum the roll-up publishes, as ``(margin, parts, margin_first)`` over the rows of ``reports``.

    Each bucket's figure is the sum of its events' figures; the totals are also the sum of the years and
    of the series; each summed breakdown group is the sum of the events' rows of that group. The summed
    row is the one to hide first (``margin_first``): the events' own figures stay as every format shows
    them, unless a sum has no other way to keep a hidden term hidden.
    """
    year = {line.event_id: line.year or "unknown" for line in summary.events}
    series = {line.event_id: line.series for line in summary.events}
    members: dict[int, list[EventReport]] = {id(summary.totals): list(reports)}
    for buckets, key in ((summary.by_year, year), (summary.by_series, series)):
        for b in buckets:
            members[id(b)] = [ev for ev in reports if key[ev.event_id] == b.key]
    links: list[Link] = []
    for b in (summary.totals, *summary.by_year, *summary.by_series):
        for r in b.results:
            parts = [p for ev in members[id(b)] if (p := ev.result(r.metric)) is not None]
            links.append((r, parts, True))
    for split in (summary.by_year, summary.by_series):
        for r in summary.totals.results:
            parts = [p for b in split if (p := b.result(r.metric)) is not None]
            links.append((r, parts, True))
    for g in summary.groups:
        parts = [
            p for ev in reports for p in ev.results if p.scope == "group" and (p.metric, p.group) == (g.metric, g.group)
        ]
        links.append((g, parts, True))
    return links


def summary_suppression(reports: Sequence[EventReport], summary: Summary, min_cell: int) -> Suppression:
    """The core's small-count suppression for the events *and* every summed row of ``summary``, decided together.

    Summed rows go through the same rules as an event's (each bucket as one pseudo-event, the breakdowns
    with the totals, so that groups adding up to the registrations are protected together), and every sum
    across events (:func:`_links`) is one more published total whose terms are the events' rows: no gender
    column of it has exactly one hidden term, so nothing hidden in one event comes back by subtraction.
    Use it for the events' own rows too: a sum may, rarely, need an event's row hidden as a partner.
    """
    pseudo = [
        EventReport(
            event_id=f"rollup:{b.key}",
            event_title=b.key,
            source="rollup",
            edition=b.key,
            results=b.results + (summary.groups if b is summary.totals else ()),
        )
        for b in (summary.totals, *summary.by_year, *summary.by_series)
    ]
    return Suppression([*reports, *pseudo], min_cell, _links(reports, summary))


def panel_message(p: PanelRef, reports: Sequence[EventReport], sup: Suppression) -> str:
    """An all-male panel's message as the event's own flag shows it under ``sup`` (counts hidden with its row)."""
    for ev in reports:
        if ev.event_id != p.event_id:
            continue
        for f in ev.flags:
            if f.rule == "all_male_panel" and f.session_id == p.session_id and f.message == p.message:
                return sup.flag_message(f, ev)
    return p.message


def _bucket_data(b: Bucket, sup: Suppression) -> dict[str, Any]:
    return {"key": b.key, "events": b.events, "verdicts": b.verdicts, "results": [sup.json_row(r) for r in b.results]}


def summary_data(
    reports: Sequence[EventReport],
    *,
    min_cell: int = 0,
    series: Callable[[EventReport], str | None] | None = None,
) -> dict[str, Any]:
    """:func:`summarize` as JSON-ready data, with small counts hidden as the core's JSON report hides them."""
    summary = summarize(reports, series=series)
    return summary_json(reports, summary, summary_suppression(reports, summary, min_cell))


def summary_json(reports: Sequence[EventReport], summary: Summary, sup: Suppression) -> dict[str, Any]:
    """``summary`` of ``reports`` as JSON-ready data, hidden as ``sup`` (their :func:`summary_suppression`) says.

    A caller that also shows the events' own rows (the JSON format) hides them with the same ``sup``.
    """
    lines = []
    for line in summary.events:
        data = line.model_dump(
            mode="json", exclude_none=True, exclude={"speakers", "leadership", "registrations", "people"}
        )
        for name in ("speakers", "leadership", "registrations", "people"):
            r = getattr(line, name)
            if r is not None:
                data[name] = sup.json_row(r)
        lines.append(data)
    return {
        "totals": _bucket_data(summary.totals, sup),
        "by_year": [_bucket_data(b, sup) for b in summary.by_year],
        "by_series": [_bucket_data(b, sup) for b in summary.by_series],
        "groups": [sup.json_row(r) for r in summary.groups],
        "all_male_panels": [
            {**p.model_dump(mode="json", exclude_none=True), "message": panel_message(p, reports, sup)}
            for p in summary.all_male_panels
        ],
        "events": lines,
    }
