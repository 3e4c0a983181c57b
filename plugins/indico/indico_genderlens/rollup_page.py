"""The category page: every event of a category and its subcategories, rolled up by the genderlens core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from genderlens.model import Report
from genderlens.privacy import Suppression
from genderlens.rollup import PanelRef, Summary, panel_message, summarize, summary_suppression
from indico.modules.categories.models.categories import Category
from indico.modules.categories.settings import CategorySettingsProxy
from indico.modules.events.models.events import Event
from indico.modules.events.settings import EventSetting
from sqlalchemy.orm import joinedload, undefer

from indico_genderlens.summary import (
    CATEGORY_SETTINGS_MODULE,
    DEFAULT_CATEGORY_SETTINGS,
    DEFAULT_EVENT_SETTINGS,
    as_report,
    category_defaults,
    effective_settings,
    event_reports,
    make_config,
)

category_settings_proxy = CategorySettingsProxy(CATEGORY_SETTINGS_MODULE, DEFAULT_CATEGORY_SETTINGS)


def category_settings(category: Category) -> dict[str, Any]:
    """The category's own defaults (``None``: inherited)."""
    return category_settings_proxy.get_all(category)


def save_category_settings(category: Category, data: dict[str, Any]) -> None:
    """Store the category's defaults from the form."""
    category_settings_proxy.set_multi(category, {k: data.get(k) for k in DEFAULT_CATEGORY_SETTINGS})


@dataclass(frozen=True)
class Rollup:
    """The category page's content."""

    events: tuple[Event, ...]
    summary: Summary
    report: Report
    min_cell: int
    sup: Suppression

    def event(self, event_id: str) -> Event:
        """The Indico event of a report line."""
        return next(e for e in self.events if str(e.id) == event_id)

    def panel_message(self, panel: PanelRef) -> str:
        """An all-male panel's message with its counts hidden as the event's own flag hides them."""
        return panel_message(panel, self.report.events, self.sup)


def _event_settings(event_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Every event's own plugin settings, in one query."""
    out: dict[int, dict[str, Any]] = {i: {} for i in event_ids}
    if not event_ids:
        return out
    rows = EventSetting.query.filter(
        EventSetting.module == "plugin_genderlens", EventSetting.event_id.in_(event_ids)
    ).with_entities(EventSetting.event_id, EventSetting.name, EventSetting.value)
    for event_id, name, value in rows:
        if name in DEFAULT_EVENT_SETTINGS:
            out[event_id][name] = value
    return out


def category_rollup(category: Category, start: datetime, end: datetime) -> Rollup:
    """Reports (cached per event) of the events starting between ``start`` and ``end``, rolled up by the core."""
    from indico_genderlens.plugin import GenderlensPlugin

    events = tuple(
        Event.query.filter(
            Event.category_chain_overlaps(category.id),
            ~Event.is_deleted,
            Event.start_dt >= start,
            Event.start_dt <= end,
        )
        .options(undefer(Event.category_chain), joinedload(Event.category))
        .order_by(Event.start_dt, Event.id)
        .all()
    )
    global_settings = GenderlensPlugin.settings.get_all()
    own = _event_settings([e.id for e in events])
    settings = {
        e.id: effective_settings(global_settings, own[e.id], category_defaults(e.category_chain or [])) for e in events
    }
    by_event = event_reports(list(events), settings)
    reports = [by_event[e.id] for e in events]
    by_id = {str(e.id): e for e in events}

    def series(report: Any) -> str | None:
        event = by_id[report.event_id]
        # Events in a subcategory (a study group, a meeting series) are grouped by it.
        return event.category.title if event.category_id != category.id else None

    here = effective_settings(global_settings, {}, category_defaults([*category.chain_ids]))
    summary = summarize(reports, series=series)
    min_cell = make_config(here).min_cell
    return Rollup(
        events=events,
        summary=summary,
        report=as_report(reports, here),
        min_cell=min_cell,
        sup=summary_suppression(reports, summary, min_cell),
    )
