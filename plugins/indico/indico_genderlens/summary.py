"""Settings -> genderlens :class:`~genderlens.config.Config`, the report, and what the dashboard shows of it.

Every figure comes from :func:`genderlens.report.report_event`; this module only picks results out of the
:class:`~genderlens.model.EventReport` and formats them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pluggy
from flask import g
from genderlens.config import Config, validate
from genderlens.model import EventReport, Flag, MetricResult
from genderlens.plugins import make_plugin_manager
from genderlens.render import label
from genderlens.report import report_event
from genderlens.rules import pct
from indico.modules.events.models.events import Event as IndicoEvent

from indico_genderlens.convert import ALL_ROLES, build_event

#: Settings shared by the global defaults and the per-event overrides. Shares are whole percentages.
DEFAULT_SETTINGS: dict[str, Any] = {
    "target": 50,
    "tolerance": 10,
    "min_share": None,
    "min_panel_size": 3,
    "roles": list(ALL_ROLES),
    "block_publishing": False,
}
#: Per-event settings: ``None`` means "use the global default".
DEFAULT_EVENT_SETTINGS: dict[str, Any] = {**dict.fromkeys(DEFAULT_SETTINGS), "gender_field": None}

#: Event-wide results shown in the summary table and chart, in this order.
SUMMARY_METRICS = (
    "speakers",
    "role_chair",
    "role_convener",
    "leadership",
    "speaking_time",
    "people",
    "registrations",
)


def effective_settings(global_settings: dict[str, Any], event_settings: dict[str, Any]) -> dict[str, Any]:
    """The event's own settings, with unset ones taken from the global defaults."""
    merged = {k: global_settings.get(k, v) for k, v in DEFAULT_SETTINGS.items()}
    merged.update({k: v for k, v in event_settings.items() if v is not None})
    merged.setdefault("gender_field", None)
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
        },
        where="genderlens settings",
    )


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    """The genderlens plugin manager, built once per process (it holds no per-event state)."""
    return make_plugin_manager()


def compute_report(event: IndicoEvent, settings: dict[str, Any], *, with_registrations: bool = True) -> EventReport:
    """Convert ``event`` and let the genderlens core compute and judge every metric."""
    converted = build_event(
        event,
        roles=settings["roles"] or (),
        gender_field_id=settings.get("gender_field"),
        with_registrations=with_registrations,
    )
    return report_event(converted, plugin_manager(), make_config(settings))


def programme_misses(event: IndicoEvent, settings: dict[str, Any]) -> list[Flag]:
    """Error flags of the programme alone (no registrations), computed once per request and event."""
    cache: dict[int, list[Flag]] = g.setdefault("genderlens_programme_misses", {})
    if event.id not in cache:
        report = compute_report(event, settings, with_registrations=False)
        cache[event.id] = [f for f in report.flags if f.severity == "error"]
    return cache[event.id]


def describe(flag: Flag) -> str:
    """A flag's message, prefixed with its session's title when it is about one session."""
    return f"{flag.session_title}: {flag.message}" if flag.session_title else flag.message


@dataclass(frozen=True)
class Row:
    """One line of a table: a metric or a session, with the core's counts and share."""

    label: str
    result: MetricResult
    flags: tuple[Flag, ...] = ()

    @property
    def women_of_known(self) -> str:
        """``"2 of 5"``: women among people of known gender."""
        return f"{self.result.counts.woman} of {self.result.counts.known}"

    @property
    def share(self) -> str:
        """The share of women, ``"40.0%"`` or ``"n/a"``."""
        return pct(self.result.share.value)

    @property
    def coverage(self) -> str:
        """The share of people whose gender is known."""
        return pct(self.result.coverage)

    @property
    def bar(self) -> float:
        """The share of women as a bar width in percent (0 when unknown)."""
        return round(100 * (self.result.share.value or 0), 1)

    @property
    def misses(self) -> bool:
        """True when the core raised an error flag for this row."""
        return any(f.severity == "error" for f in self.flags)


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard page shows."""

    report: EventReport
    config: Config
    summary: tuple[Row, ...]
    sessions: tuple[Row, ...]
    all_male_panels: tuple[Flag, ...]
    registrations: MetricResult | None

    @property
    def band(self) -> tuple[float, float]:
        """The accepted band in percent, for the chart."""
        return 100 * (self.config.target - self.config.tolerance), 100 * (self.config.target + self.config.tolerance)

    @property
    def band_label(self) -> str:
        """``"40.0%-60.0%"``."""
        low, high = self.band
        return f"{pct(low / 100)}-{pct(high / 100)}"


def dashboard(event: IndicoEvent, settings: dict[str, Any]) -> Dashboard:
    """Compute the report for ``event`` and arrange it for the dashboard."""
    report = compute_report(event, settings)
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
    return Dashboard(
        report=report,
        config=make_config(settings),
        summary=summary,
        sessions=sessions,
        all_male_panels=tuple(f for f in report.flags if f.rule == "all_male_panel"),
        registrations=report.result("registrations"),
    )
