from __future__ import annotations

from typing import Any

from flask import jsonify, request, session
from indico.core import signals
from indico.core.plugins import IndicoPlugin, render_plugin_template, url_for_plugin
from indico.modules.categories.models.categories import Category
from indico.modules.events.contributions.controllers.management import RHManageContributionPublicationREST
from indico.modules.events.models.events import Event
from indico.web.menu import SideMenuItem

from indico_genderlens import _, invalidation
from indico_genderlens.forms import SettingsForm
from indico_genderlens.summary import (
    DEFAULT_EVENT_SETTINGS,
    DEFAULT_SETTINGS,
    category_defaults,
    effective_settings,
    known_programme_misses,
    programme_misses,
)


class GenderlensPlugin(IndicoPlugin):
    """Gender balance

    Shows event managers the gender balance of their programme and registrations (computed by genderlens),
    warns on management pages when the programme misses the target, and can block publishing it.
    """

    configurable = True
    settings_form = SettingsForm
    default_settings = DEFAULT_SETTINGS
    default_event_settings = DEFAULT_EVENT_SETTINGS

    def init(self) -> None:
        super().init()
        self.connect(signals.menu.items, self._add_menu_item, sender="event-management-sidemenu")
        self.template_hook("event-management-after-title", self._render_banner)
        self.connect(signals.rh.before_process, self._guard_publication, sender=RHManageContributionPublicationREST)
        self.connect(signals.menu.items, self._add_category_menu_item, sender="category-management-sidemenu")
        invalidation.connect(self)

    def get_blueprints(self) -> Any:
        from indico_genderlens.blueprint import blueprint

        return blueprint

    @classmethod
    def effective_settings(cls, event: Event) -> dict[str, Any]:
        """The event's settings, with unset ones taken from the global defaults."""
        return effective_settings(
            cls.settings.get_all(), cls.event_settings.get_all(event), category_defaults(event.category_chain or [])
        )

    def _add_menu_item(self, sender: str, event: Event, **kwargs: Any) -> SideMenuItem | None:
        if not event.can_manage(session.user):
            return None
        return SideMenuItem(
            "gender_balance",
            _("Gender balance"),
            url_for_plugin("genderlens.dashboard", event),
            section="reports",
        )

    def _add_category_menu_item(self, sender: str, category: Category, **kwargs: Any) -> SideMenuItem | None:
        if not category.can_manage(session.user):
            return None
        return SideMenuItem(
            "gender_balance",
            _("Gender balance"),
            url_for_plugin("genderlens.category", category),
            weight=20,
            icon="stats",
        )

    def _render_banner(self, event: Event, **kwargs: Any) -> str | None:
        """The banner when the verdict is known; else a placeholder that fetches it once the page has loaded.

        Never computes the report here: right after an edit the cache is empty, and computing would hold up
        every management page (the timetable included) for most of a second at the size of a large forum.
        """
        if not event.can_manage(session.user):
            return None
        misses = known_programme_misses(event, self.effective_settings(event))
        url = url_for_plugin("genderlens.dashboard", event)
        if misses is None:
            return render_plugin_template(
                "banner_pending.html", url=url, fetch_url=url_for_plugin("genderlens.banner", event)
            )
        if not misses:
            return None
        return render_plugin_template("banner.html", event=event, misses=misses, url=url)

    def _guard_publication(self, sender: type, rh: RHManageContributionPublicationREST, **kwargs: Any) -> Any:
        if request.method != "PUT":
            return None
        settings = self.effective_settings(rh.event)
        if not settings["block_publishing"]:
            return None
        misses = programme_misses(rh.event, settings)
        if not misses:
            return None
        message = (
            "The contributions cannot be published: the programme misses the gender balance target "
            f"({misses[0]}). Improve the balance, or turn off 'Block publishing' on the "
            "Gender balance page."
        )
        return jsonify(error="genderlens_target_missed", message=message, flags=misses), 409
