"""Page classes."""

from __future__ import annotations

from indico.core.plugins import WPJinjaMixinPlugin
from indico.modules.categories.views import WPCategoryManagement
from indico.modules.events.management.views import WPEventManagement


class WPGenderBalance(WPJinjaMixinPlugin, WPEventManagement):
    """The event page, inside the event management frame with its side-menu item highlighted."""

    sidemenu_option = "gender_balance"


class WPCategoryGenderBalance(WPJinjaMixinPlugin, WPCategoryManagement):
    """The category page, inside the category management frame."""
