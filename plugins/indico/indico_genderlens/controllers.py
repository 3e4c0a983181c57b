"""Request handlers: the event page (event managers) and the category page (category managers)."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time
from typing import Any

from flask import Response, flash, redirect, request, session
from genderlens.plugins import collect_renderers
from genderlens.render import ci
from genderlens.renderers import Renderer, RenderOptions, render
from genderlens.rules import pct
from indico.core.plugins import render_plugin_template, url_for_plugin
from indico.modules.categories.controllers.base import RHManageCategoryBase
from indico.modules.events.management.controllers import RHManageEventBase
from indico.web.forms.base import FormDefaults
from werkzeug.exceptions import BadRequest, Forbidden

from indico_genderlens import _
from indico_genderlens.convert import breakdown_field_choices, form_fields, gender_field_choices
from indico_genderlens.forms import CategorySettingsForm, EventSettingsForm
from indico_genderlens.plugin import GenderlensPlugin
from indico_genderlens.rollup_page import category_rollup, category_settings, save_category_settings
from indico_genderlens.summary import (
    DEFAULT_EVENT_SETTINGS,
    SOURCE_NAMES,
    Row,
    as_report,
    dashboard,
    describe,
    event_report,
    plugin_manager,
    programme_misses,
)
from indico_genderlens.views import WPCategoryGenderBalance, WPGenderBalance

#: Downloads, rendered by the genderlens core: format -> (renderer, MIME type, file suffix).
DOWNLOADS = {
    "html": ("html", "text/html; charset=utf-8", "html"),
    "csv": ("csv", "text/csv; charset=utf-8", "csv"),
    "json": ("json", "application/json", "json"),
}


@functools.cache
def renderers() -> dict[str, Renderer]:
    """genderlens's output formats (its ``register_renderers`` hook), collected once per process."""
    return collect_renderers(plugin_manager())


def download(report: Any, fmt: str, name: str, min_cell: int) -> Response:
    """The report rendered by the core's renderer ``fmt``, as an attachment."""
    if fmt not in DOWNLOADS:
        msg = f"Unknown format: {fmt}"
        raise BadRequest(msg)
    renderer, mimetype, suffix = DOWNLOADS[fmt]
    installed = renderers()
    if renderer not in installed:  # switched off with GENDERLENS_DISABLE_PLUGINS
        msg = f"Format not installed: {fmt}"
        raise BadRequest(msg)
    text = render(installed[renderer], report, RenderOptions(min_cell=min_cell))
    resp = Response(text, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return resp


class RHGenderBalance(RHManageEventBase):
    """Show the event page, serve its downloads and save the event's settings (full event managers only)."""

    def _process(self) -> Any:
        current = GenderlensPlugin.effective_settings(self.event)
        fmt = request.args.get("download")
        if fmt:
            dash = dashboard(self.event, current)
            report = as_report([dash.report], current)
            return download(report, fmt, f"gender-balance-event-{self.event.id}", dash.config.min_cell)
        fields = form_fields(self.event)
        form = EventSettingsForm(
            obj=FormDefaults(**current),
            field_choices=gender_field_choices(self.event, fields),
            breakdown_choices=breakdown_field_choices(self.event, fields),
        )
        if form.validate_on_submit():
            GenderlensPlugin.event_settings.set_multi(
                self.event, {k: form.data[k] for k in DEFAULT_EVENT_SETTINGS if k in form.data}
            )
            flash(_("Gender balance settings saved"), "success")
            return redirect(url_for_plugin("genderlens.dashboard", self.event))
        dash = dashboard(self.event, current)
        return WPGenderBalance.render_template(
            "dashboard.html",
            self.event,
            form=form,
            dash=dash,
            describe=describe,
            pct=pct,
            ci=ci,
            source_names=SOURCE_NAMES,
            downloads=list(DOWNLOADS),
        )


class RHGenderBalanceBanner(RHManageEventBase):
    """The management pages' banner, fetched by its placeholder once the page has loaded (event managers only).

    Computes the report if need be (once: it is cached and shared with the event page) and returns the banner's
    HTML, or a short "meets the target" note. Anonymous users get 403 too, not a redirect to the login page.
    """

    def _require_user(self) -> None:
        if session.user is None:
            raise Forbidden(response=Response("", status=403))

    def _process(self) -> Any:
        settings = GenderlensPlugin.effective_settings(self.event)
        misses = programme_misses(self.event, settings)
        # Without a miss, the note must not claim the target is met when too few genders are known.
        verdict = None if misses else event_report(self.event, settings).verdict.value
        html = render_plugin_template(
            "banner.html",
            event=self.event,
            misses=misses,
            verdict=verdict,
            url=url_for_plugin("genderlens.dashboard", self.event),
        )
        resp = Response(html, mimetype="text/html")
        resp.headers["Cache-Control"] = "no-store"
        return resp


def _date_arg(name: str, default: date) -> date:
    value = request.args.get(name)
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{name}: not a date (YYYY-MM-DD): {value}"
        raise BadRequest(msg) from None


class RHCategoryGenderBalance(RHManageCategoryBase):
    """Roll up every event of the category and its subcategories over a date range (category managers only)."""

    def _process(self) -> Any:
        today = date.today()
        start = _date_arg("from", date(today.year - 1, 1, 1))
        end = _date_arg("to", date(today.year - 1, 12, 31))
        if end < start:
            msg = "to: before from"
            raise BadRequest(msg)
        settings = category_settings(self.category)
        form = CategorySettingsForm(obj=FormDefaults(**settings))
        if request.method == "POST" and form.validate_on_submit():
            save_category_settings(self.category, form.data)
            flash(_("Category defaults saved"), "success")
            return redirect(url_for_plugin("genderlens.category", self.category, **request.args.to_dict()))
        rollup = category_rollup(
            self.category, datetime.combine(start, time.min, tzinfo=UTC), datetime.combine(end, time.max, tzinfo=UTC)
        )
        fmt = request.args.get("download")
        if fmt:
            name = f"gender-balance-category-{self.category.id}-{start}-{end}"
            return download(rollup.report, fmt, name, rollup.min_cell)
        return WPCategoryGenderBalance.render_template(
            "category.html",
            self.category,
            "gender_balance",
            rollup=rollup,
            start=start,
            end=end,
            form=form,
            pct=pct,
            row=lambda r: Row("", r, sup=rollup.sup),
            downloads=list(DOWNLOADS),
            query=request.args.to_dict(),
        )
