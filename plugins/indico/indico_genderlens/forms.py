"""Settings forms: global defaults (Indico admin) and per-event settings (on the dashboard page)."""

from __future__ import annotations

from typing import Any

from genderlens.errors import ConfigError
from indico.web.forms.base import IndicoForm
from indico.web.forms.fields import IndicoSelectMultipleCheckboxField
from indico.web.forms.widgets import SwitchWidget
from wtforms.fields import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from indico_genderlens.convert import BREAKDOWNS, ROLE_CHOICES
from indico_genderlens.summary import make_config

BREAKDOWN_SETTINGS = tuple(BREAKDOWNS)


def _field_id(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class SettingsForm(IndicoForm):
    """Targets and rules; used as the admin's global defaults."""

    target = IntegerField(
        "Target (%)",
        [InputRequired(), NumberRange(min=0, max=100)],
        description="The parity target for the share of women, in percent.",
    )
    tolerance = IntegerField(
        "Tolerance (%)",
        [InputRequired(), NumberRange(min=0, max=50)],
        description="Half-width of the accepted band around the target (10 accepts 40%-60%).",
    )
    min_share = IntegerField(
        "Minimum share (%)",
        [Optional(), NumberRange(min=0, max=100)],
        description="Optional floor for the share of women in every judged session and event-wide figure.",
    )
    min_panel_size = IntegerField(
        "Minimum panel size",
        [InputRequired(), NumberRange(min=1)],
        description="Sessions with fewer people of known gender are shown but not judged.",
    )
    min_cell = IntegerField(
        "Smallest count shown",
        [Optional(), NumberRange(min=0)],
        description="Counts below this number are shown as '<N' in breakdowns and downloads, and the shares "
        "resting on them are hidden (0 shows every count).",
    )
    roles = IndicoSelectMultipleCheckboxField(
        "Roles counted", choices=list(ROLE_CHOICES.items()), description="Which Indico roles are counted."
    )
    block_publishing = BooleanField(
        "Block publishing",
        widget=SwitchWidget(),
        description="Refuse to publish the contributions while the programme misses the target.",
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
        "Gender field",
        [Optional()],
        coerce=_field_id,
        description="The registration-form field holding the registrants' self-declared gender. "
        "Without one, registrations are counted from their title (Mr, Ms, Mx...), if the form asks for it.",
    )

    member_state_field = SelectField(
        "Member state field", [Optional()], coerce=_field_id, description="Default: the personal-data Country."
    )
    region_field = SelectField(
        "Region field",
        [Optional()],
        coerce=_field_id,
        description="Default: the ITU region of the member state (when it is a country).",
    )
    affiliation_field = SelectField(
        "Affiliation field", [Optional()], coerce=_field_id, description="Default: the personal-data Affiliation."
    )
    participation_field = SelectField(
        "Participation field", [Optional()], coerce=_field_id, description="In person / remote, for example."
    )
    delegation_role_field = SelectField(
        "Delegation role field", [Optional()], coerce=_field_id, description="Head of delegation, delegate..."
    )
    fellowship_field = SelectField(
        "Fellowship field", [Optional()], coerce=_field_id, description="Whether the registrant holds a fellowship."
    )

    def __init__(
        self,
        *args: Any,
        field_choices: list[tuple[int, str]],
        breakdown_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.gender_field.choices = [("", "None (use titles only)"), *field_choices]
        for name in BREAKDOWN_SETTINGS:
            getattr(self, name).choices = [("", "Default"), *(breakdown_choices or [])]


class CategorySettingsForm(IndicoForm):
    """Category-wide defaults that the events in the category (and its subcategories) inherit."""

    target = IntegerField("Target (%)", [Optional(), NumberRange(min=0, max=100)], description="Empty: inherited.")
    tolerance = IntegerField("Tolerance (%)", [Optional(), NumberRange(min=0, max=50)], description="Empty: inherited.")
    min_share = IntegerField("Minimum share (%)", [Optional(), NumberRange(min=0, max=100)])
    min_panel_size = IntegerField("Minimum panel size", [Optional(), NumberRange(min=1)])
    min_cell = IntegerField("Smallest count shown", [Optional(), NumberRange(min=0)])
    gender_field_title = StringField(
        "Gender field title",
        [Optional()],
        description="Events whose registration form has a field with this title (e.g. 'Gender') use it as the "
        "self-declared gender unless they pick another field.",
    )
