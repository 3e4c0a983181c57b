"""Settings -> genderlens :class:`~genderlens.config.Config`, the report, and what the pages show of it.

Every figure comes from :func:`genderlens.report.report_event`; this module only picks results out of the
:class:`~genderlens.model.EventReport` and formats them. Reports are computed once per request and kept in
Indico's cache (see :mod:`indico_genderlens.cache`) until something they rest on changes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pluggy
from flask import g
from genderlens.config import Config, validate
from genderlens.model import EventReport, Flag, MetricResult, Report
from genderlens.plugins import make_plugin_manager
from genderlens.privacy import Suppression
from genderlens.render import group_results, label, status
from genderlens.report import report_event
from genderlens.rules import pct
from indico.modules.categories.models.settings import CategorySetting
from indico.modules.events.models.events import Event as IndicoEvent

from indico_genderlens import cache
from indico_genderlens.convert import ALL_ROLES, BREAKDOWNS, build_events

#: Settings shared by the global defaults and the per-event overrides. Shares are whole percentages.
DEFAULT_SETTINGS: dict[str, Any] = {
    "target": 50,
    "tolerance": 10,
    "min_share": None,
    "min_panel_size": 3,
    "min_cell": 0,
    "roles": list(ALL_ROLES),
    "block_publishing": False,
}
#: Per-event settings: ``None`` means "use the category's or the global default".
DEFAULT_EVENT_SETTINGS: dict[str, Any] = {
    **dict.fromkeys(DEFAULT_SETTINGS),
    "gender_field": None,
    **dict.fromkeys(BREAKDOWNS),
}
#: Category-wide defaults that events inherit (``None``: inherit from the parent category / global).
DEFAULT_CATEGORY_SETTINGS: dict[str, Any] = {
    "target": None,
    "tolerance": None,
    "min_share": None,
    "min_panel_size": None,
    "min_cell": None,
    "gender_field_title": None,
}
CATEGORY_SETTINGS_MODULE = "plugin_genderlens"

#: Event-wide results shown in the summary table and chart, in this order.
SUMMARY_METRICS = (
    "speakers",
    "role_chair",
    "role_convener",
    "leadership",
    "speaking_time",
    "people",
    "registrations",
    "fellowships",
)
#: Metrics whose flags are about registrations, not the programme (the banner judges the programme).
REGISTRATION_METRICS = ("registrations", "fellowships")


def category_defaults(chain_ids: list[int] | tuple[int, ...]) -> dict[str, Any]:
    """The category settings along ``chain_ids`` (root first), the nearest category winning (one query)."""
    memo: dict[tuple[int, ...], dict[str, Any]] = g.setdefault("genderlens_category_defaults", {})
    key = tuple(chain_ids)
    if key not in memo:
        rows = CategorySetting.query.filter(
            CategorySetting.module == CATEGORY_SETTINGS_MODULE, CategorySetting.category_id.in_(key)
        ).with_entities(CategorySetting.category_id, CategorySetting.name, CategorySetting.value)
        by_cat: dict[int, dict[str, Any]] = {}
        for cat_id, name, value in rows:
            by_cat.setdefault(cat_id, {})[name] = value
        merged: dict[str, Any] = {}
        for cat_id in key:
            merged.update({k: v for k, v in by_cat.get(cat_id, {}).items() if v is not None})
        memo[key] = merged
    return memo[key]


def effective_settings(
    global_settings: dict[str, Any], event_settings: dict[str, Any], category: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The event's own settings; unset ones from the category chain, then from the global defaults."""
    merged = {k: global_settings.get(k, v) for k, v in DEFAULT_SETTINGS.items()}
    merged.update({k: v for k, v in (category or {}).items() if k in DEFAULT_SETTINGS and v is not None})
    merged.update({k: v for k, v in event_settings.items() if v is not None})
    merged.setdefault("gender_field", None)
    for name in BREAKDOWNS:
        merged.setdefault(name, None)
    merged["gender_field_title"] = (category or {}).get("gender_field_title")
    return merged


def make_config(settings: dict[str, Any]) -> Config:
    """A genderlens config from plugin settings (percentages); :class:`~genderlens.errors.ConfigError` if invalid."""
    min_share = settings.get("min_share")
    return validate(
        {
            "target": settings["target"] / 100,
            "tolerance": settings["tolerance"] / 100,
            "min_share": None if min_share is None else min_share / 100,
            "min_panel_size": settings["min_panel_size"],
            "min_cell": settings.get("min_cell") or 0,
        },
        where="genderlens settings",
    )


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    """The genderlens plugin manager, built once per process (it holds no per-event state)."""
    return make_plugin_manager()


def compute_reports(
    events: list[IndicoEvent], settings: dict[int, dict[str, Any]], *, with_registrations: bool = True
) -> dict[int, EventReport]:
    """Convert ``events`` together (a dozen queries in all) and let the core compute and judge each (no cache)."""
    converted = build_events(events, settings, with_registrations=with_registrations)
    return {e.id: report_event(converted[e.id], plugin_manager(), make_config(settings[e.id])) for e in events}


def compute_report(event: IndicoEvent, settings: dict[str, Any], *, with_registrations: bool = True) -> EventReport:
    """Convert ``event`` and let the genderlens core compute and judge every metric (no cache)."""
    return compute_reports([event], {event.id: settings}, with_registrations=with_registrations)[event.id]


def event_reports(events: list[IndicoEvent], settings: dict[int, dict[str, Any]]) -> dict[int, EventReport]:
    """The events' reports: from this request, from the cache, or computed together (and cached) now."""
    memo: dict[tuple[int, str], EventReport] = g.setdefault("genderlens_reports", {})
    keys = {e.id: (e.id, cache.settings_key(settings[e.id])) for e in events}
    missing = [e for e in events if keys[e.id] not in memo]
    if missing:
        found = cache.get_reports({e.id: keys[e.id][1] for e in missing})
        todo = [e for e in missing if found.get(e.id) is None]
        if todo:
            computed = compute_reports(todo, {e.id: settings[e.id] for e in todo})
            cache.set_reports({i: (keys[i][1], r) for i, r in computed.items()})
            found.update(computed)
        for e in missing:
            memo[keys[e.id]] = found[e.id]
    return {e.id: memo[keys[e.id]] for e in events}


def event_report(event: IndicoEvent, settings: dict[str, Any]) -> EventReport:
    """The event's report: from this request, from the cache, or computed (and cached) now."""
    return event_reports([event], {event.id: settings})[event.id]


def describe(flag: Flag) -> str:
    """A flag's message, prefixed with its session's title when it is about one session."""
    return f"{flag.session_title}: {flag.message}" if flag.session_title else flag.message


def _misses_of(report: EventReport) -> list[str]:
    return [describe(f) for f in report.flags if f.severity == "error" and f.metric not in REGISTRATION_METRICS]


def known_programme_misses(event: IndicoEvent, settings: dict[str, Any]) -> list[str] | None:
    """The programme's misses if already known (this request, or the cache), else ``None``; never computes.

    Costs one or two redis reads: management pages call it for the banner, which must stay fast right after
    an edit (when the cache is empty and computing the report would take most of a second).
    """
    memo: dict[tuple[int, str], list[str]] = g.setdefault("genderlens_misses", {})
    key = (event.id, cache.settings_key(settings))
    if key not in memo:
        found = cache.get_misses(event.id, key[1])
        if found is None:
            report = g.get("genderlens_reports", {}).get(key)
            if report is None:
                return None
            found = _misses_of(report)
            cache.set_misses(event.id, key[1], found)
        memo[key] = found
    return memo[key]


def programme_misses(event: IndicoEvent, settings: dict[str, Any]) -> list[str]:
    """The programme's misses, described (registrations aside): known ones, or from the report (computed now
    if need be, and shared with the event page through the cache)."""
    found = known_programme_misses(event, settings)
    if found is None:
        key = (event.id, cache.settings_key(settings))
        found = _misses_of(event_report(event, settings))
        cache.set_misses(event.id, key[1], found)
        g.setdefault("genderlens_misses", {})[key] = found
    return found


def as_report(reports: list[EventReport] | tuple[EventReport, ...], settings: dict[str, Any]) -> Report:
    """A core :class:`~genderlens.model.Report` of ``reports``, for the core's renderers (downloads)."""
    from genderlens import __version__

    config = make_config(settings)
    return Report(
        genderlens_version=__version__,
        events=tuple(reports),
        settings=config.model_dump(mode="json", exclude={"columns", "adapter", "source", "lint", "roster"}),
    )


@dataclass(frozen=True)
class Row:
    """One line of a table: a metric or a session, with the core's counts and share.

    ``sup`` is the core's small-count suppression for the report (:class:`genderlens.privacy.Suppression`):
    what it hides, the page hides too.
    """

    label: str
    result: MetricResult
    flags: tuple[Flag, ...] = ()
    sup: Suppression | None = None

    @property
    def women_of_known(self) -> str:
        """``"2 of 5"``: women among people of known gender."""
        r = self.result
        if self.sup is None:
            return f"{r.counts.woman} of {r.counts.known}"
        return f"{self.sup.count(r, 'woman')} of {self.sup.count(r, 'woman', 'man', 'nonbinary')}"

    @property
    def total(self) -> str:
        """Everyone counted in the row, or its marker when suppressed."""
        return self.sup.total(self.result) if self.sup is not None else str(self.result.counts.total)

    @property
    def hidden(self) -> bool:
        """True when small-count suppression hides the share."""
        return self.sup is not None and self.sup.hides(self.result)

    @property
    def share(self) -> str:
        """The share of women, ``"40.0%"`` or ``"n/a"``."""
        return "suppressed" if self.hidden else pct(self.result.share.value)

    @property
    def coverage(self) -> str:
        """The share of people whose gender is known."""
        if self.sup is not None and self.sup.hides_total(self.result):
            return "suppressed"
        return pct(self.result.coverage)

    @property
    def bar(self) -> float:
        """The share of women as a bar width in percent (0 when unknown or hidden)."""
        return 0 if self.hidden else round(100 * (self.result.share.value or 0), 1)

    @property
    def misses(self) -> bool:
        """True when the core raised an error flag for this row."""
        return any(f.severity == "error" for f in self.flags)

    @property
    def status(self) -> str:
        """The core's status of the row (:func:`genderlens.render.status`): ``misses``, ``cannot tell``,
        ``warning``, ``ok``, ``not judged``, or ``""`` when no rule judges it. Never ``ok`` for a figure
        that too few known genders kept from being judged.
        """
        return STATUS_TEXT[status(list(self.flags), self.result)]


#: How the core's statuses read on the page.
STATUS_TEXT = {
    "MISS": "misses",
    "CANNOT TELL": "cannot tell",
    "WARN": "warning",
    "ok": "ok",
    "not judged": "not judged",
    "": "",
}

#: Breakdown metrics on the event page, in this order, with their headings.
BREAKDOWN_METRICS = {
    "registrations_by_member_state": "Member state",
    "registrations_by_region": "Region (ITU)",
    "registrations_by_affiliation": "Affiliation",
    "registrations_by_participation": "Participation",
    "registrations_by_delegation_role": "Delegation role",
    "registrations_by_status": "Registration state",
}


@dataclass(frozen=True)
class Dashboard:
    """What the event page shows."""

    report: EventReport
    config: Config
    summary: tuple[Row, ...]
    sessions: tuple[Row, ...]
    all_male_panels: tuple[Flag, ...]
    registrations: MetricResult | None
    breakdowns: tuple[tuple[str, str, tuple[Row, ...]], ...]
    sources: dict[str, int]

    @property
    def band(self) -> tuple[float, float]:
        """The accepted band in percent, for the chart."""
        return 100 * (self.config.target - self.config.tolerance), 100 * (self.config.target + self.config.tolerance)

    @property
    def band_label(self) -> str:
        """``"40.0%-60.0%"``."""
        low, high = self.band
        return f"{pct(low / 100)}-{pct(high / 100)}"

    @property
    def verdict(self) -> str:
        """The core's verdict (meets, misses, cannot_tell)."""
        return self.report.verdict.value


def dashboard(event: IndicoEvent, settings: dict[str, Any]) -> Dashboard:
    """The event's report (computed once per request, cached) arranged for the event page."""
    report = event_report(event, settings)
    config = make_config(settings)
    sup = Suppression([report], config.min_cell)
    event_flags: dict[str, list[Flag]] = {}
    session_flags: dict[str, list[Flag]] = {}
    for flag in report.flags:
        if flag.session_id is None:
            event_flags.setdefault(flag.metric, []).append(flag)
        else:
            session_flags.setdefault(flag.session_id, []).append(flag)
    summary = tuple(
        Row(label(r.metric), r, tuple(event_flags.get(r.metric, ())))
        for metric in SUMMARY_METRICS
        if (r := report.result(metric)) is not None
    )
    sessions = tuple(
        Row(r.session_title or r.session_id or "", r, tuple(session_flags.get(r.session_id or "", ())))
        for r in report.results
        if r.scope == "session"
    )
    groups = group_results(report)
    breakdowns = tuple(
        (metric, heading, tuple(Row(r.group or "", r, sup=sup) for r in groups[metric][0]))
        for metric, heading in BREAKDOWN_METRICS.items()
        if metric in groups
    )
    people = report.result("people")
    return Dashboard(
        report=report,
        config=config,
        summary=summary,
        sessions=sessions,
        all_male_panels=tuple(f for f in report.flags if f.rule == "all_male_panel"),
        registrations=report.result("registrations"),
        breakdowns=breakdowns,
        sources=dict(people.sources or {}) if people else {},
    )


#: How the event page names the core's gender sources for the people in the programme.
SOURCE_NAMES = {
    "declared": "from their own registration",
    "title": "from their title",
    "none": "unknown",
}
