"""Settings forms: global defaults (Indico admin) and per-event settings (on the dashboard page)."""

from __future__ import annotations

from typing import Any

from genderlens.errors import ConfigError
from indico.web.forms.base import IndicoForm
from indico.web.forms.fields import IndicoSelectMultipleCheckboxField
from indico.web.forms.widgets import SwitchWidget
from wtforms.fields import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from indico_genderlens import _
from indico_genderlens.convert import BREAKDOWNS, ROLE_CHOICES
from indico_genderlens.summary import make_config

BREAKDOWN_SETTINGS = tuple(BREAKDOWNS)


def _field_id(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class SettingsForm(IndicoForm):
    """Targets and rules; used as the admin's global defaults."""

    target = IntegerField(
        _("Target (%)"),
        [InputRequired(), NumberRange(min=0, max=100)],
        description=_("The parity target for the share of women, in percent."),
    )
    tolerance = IntegerField(
        _("Tolerance (%)"),
        [InputRequired(), NumberRange(min=0, max=50)],
        description=_("Half-width of the accepted band around the target (10 accepts 40%-60%)."),
    )
    min_share = IntegerField(
        _("Minimum share (%)"),
        [Optional(), NumberRange(min=0, max=100)],
        description=_("Optional floor for the share of women in every judged session and event-wide figure."),
    )
    min_panel_size = IntegerField(
        _("Minimum panel size"),
        [InputRequired(), NumberRange(min=1)],
        description=_("Sessions with fewer people of known gender are shown but not judged."),
    )
    min_cell = IntegerField(
        _("Smallest count shown"),
        [Optional(), NumberRange(min=0)],
        description=_(
            "Counts below this number are shown as '<N' in breakdowns and downloads, and the shares "
            "resting on them are hidden (0 shows every count)."
        ),
    )
    roles = IndicoSelectMultipleCheckboxField(
        _("Roles counted"), choices=list(ROLE_CHOICES.items()), description=_("Which Indico roles are counted.")
    )
    block_publishing = BooleanField(
        _("Block publishing"),
        widget=SwitchWidget(),
        description=_("Refuse to publish the contributions while the programme misses the target."),
    )

    def validate_tolerance(self, field: Any) -> None:
        """Let the genderlens core decide whether target and tolerance fit together."""
        if self.target.data is None or field.data is None:
            return
        try:
            make_config({**self.data, "min_share": None})
        except ConfigError as exc:
            raise ValidationError(str(exc).removeprefix("genderlens settings: ")) from exc


class EventSettingsForm(SettingsForm):
    """The per-event settings, plus the registration field that holds a self-declared gender."""

    gender_field = SelectField(
        _("Gender field"),
        [Optional()],
        coerce=_field_id,
        description=_(
            "The registration-form field holding the registrants' self-declared gender. "
            "Without one, registrations are counted from their title (Mr, Ms, Mx...), if the form asks for it."
        ),
    )

    member_state_field = SelectField(
        _("Member state field"), [Optional()], coerce=_field_id, description=_("Default: the personal-data Country.")
    )
    region_field = SelectField(
        _("Region field"),
        [Optional()],
        coerce=_field_id,
        description=_("Default: the ITU region of the member state (when it is a country)."),
    )
    affiliation_field = SelectField(
        _("Affiliation field"), [Optional()], coerce=_field_id, description=_("Default: the personal-data Affiliation.")
    )
    participation_field = SelectField(
        _("Participation field"), [Optional()], coerce=_field_id, description=_("In person / remote, for example.")
    )
    delegation_role_field = SelectField(
        _("Delegation role field"), [Optional()], coerce=_field_id, description=_("Head of delegation, delegate...")
    )
    fellowship_field = SelectField(
        _("Fellowship field"),
        [Optional()],
        coerce=_field_id,
        description=_("Whether the registrant holds a fellowship."),
    )

    def __init__(
        self,
        *args: Any,
        field_choices: list[tuple[int, str]],
        breakdown_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.gender_field.choices = [("", _("None (use titles only)")), *field_choices]
        for name in BREAKDOWN_SETTINGS:
            getattr(self, name).choices = [("", _("Default")), *(breakdown_choices or [])]


class CategorySettingsForm(IndicoForm):
    """Category-wide defaults that the events in the category (and its subcategories) inherit."""

    target = IntegerField(
        _("Target (%)"), [Optional(), NumberRange(min=0, max=100)], description=_("Empty: inherited.")
    )
    tolerance = IntegerField(
        _("Tolerance (%)"), [Optional(), NumberRange(min=0, max=50)], description=_("Empty: inherited.")
    )
    min_share = IntegerField(_("Minimum share (%)"), [Optional(), NumberRange(min=0, max=100)])
    min_panel_size = IntegerField(_("Minimum panel size"), [Optional(), NumberRange(min=1)])
    min_cell = IntegerField(_("Smallest count shown"), [Optional(), NumberRange(min=0)])
    gender_field_title = StringField(
        _("Gender field title"),
        [Optional()],
        description=_(
            "Events whose registration form has a field with this title (e.g. 'Gender') use it as the "
            "self-declared gender unless they pick another field."
        ),
    )
