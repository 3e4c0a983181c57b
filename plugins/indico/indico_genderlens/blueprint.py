"""URL rules of the plugin."""

from __future__ import annotations

from indico.core.plugins import IndicoPluginBlueprint

from indico_genderlens.controllers import RHGenderBalance

blueprint = IndicoPluginBlueprint("genderlens", __name__, url_prefix="/event/<int:event_id>/manage/gender-balance")
blueprint.add_url_rule("/", "dashboard", RHGenderBalance, methods=("GET", "POST"))
