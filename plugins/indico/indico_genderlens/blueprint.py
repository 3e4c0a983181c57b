"""URL rules of the plugin."""

from __future__ import annotations

from indico.core.plugins import IndicoPluginBlueprint

from indico_genderlens.controllers import RHCategoryGenderBalance, RHGenderBalance, RHGenderBalanceBanner

blueprint = IndicoPluginBlueprint("genderlens", __name__)
blueprint.add_url_rule(
    "/event/<int:event_id>/manage/gender-balance/", "dashboard", RHGenderBalance, methods=("GET", "POST")
)
blueprint.add_url_rule("/event/<int:event_id>/manage/gender-balance/banner", "banner", RHGenderBalanceBanner)
blueprint.add_url_rule(
    "/category/<int:category_id>/manage/gender-balance/", "category", RHCategoryGenderBalance, methods=("GET", "POST")
)
