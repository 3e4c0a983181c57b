"""Request handlers: the dashboard page for event managers."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect
from genderlens.render import ci
from genderlens.rules import pct
from indico.core.plugins import url_for_plugin
from indico.modules.events.management.controllers import RHManageEventBase
from indico.web.forms.base import FormDefaults

from indico_genderlens.convert import gender_field_choices
from indico_genderlens.forms import EventSettingsForm
from indico_genderlens.plugin import GenderlensPlugin
from indico_genderlens.summary import DEFAULT_SETTINGS, dashboard, describe, effective_settings
from indico_genderlens.views import WPGenderBalance


class RHGenderBalance(RHManageEventBase):
    """Show the dashboard and save the event's settings (full event managers only)."""

    def _process(self) -> Any:
        plugin_settings = GenderlensPlugin.settings.get_all()
        event_settings = GenderlensPlugin.event_settings.get_all(self.event)
        current = effective_settings(plugin_settings, event_settings)
        form = EventSettingsForm(obj=FormDefaults(**current), field_choices=gender_field_choices(self.event))
        if form.validate_on_submit():
            GenderlensPlugin.event_settings.set_multi(
                self.event, {k: form.data[k] for k in (*DEFAULT_SETTINGS, "gender_field")}
            )
            flash("Gender balance settings saved", "success")
            return redirect(url_for_plugin("genderlens.dashboard", self.event))
        return WPGenderBalance.render_template(
            "dashboard.html",
            self.event,
            form=form,
            dash=dashboard(self.event, current),
            describe=describe,
            pct=pct,
            ci=ci,
        )
