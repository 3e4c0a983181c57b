"""Indico plugin showing the gender balance of an event's programme and registrations, computed by genderlens."""

from indico.util.i18n import make_bound_gettext

#: Translates into the plugin's own catalogue (``indico_genderlens/translations``), as indico-plugins do.
_ = make_bound_gettext("genderlens")
