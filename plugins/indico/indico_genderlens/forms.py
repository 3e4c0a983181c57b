"""Settings forms: global defaults (Indico admin) and per-event settings (on the dashboard page)."""

from __future__ import annotations

from typing import Any

from genderlens.errors import ConfigError
from indico.web.forms.base import IndicoForm
from indico.web.forms.fields import IndicoSelectMultipleCheckboxField
from indico.web.forms.widgets import SwitchWidget
from wtforms.fields import BooleanField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from indico_genderlens.convert import ROLE_CHOICES
from indico_genderlens.summary import make_config


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
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        description="The registration-form field holding the registrants' self-declared gender. "
        "Without one, registrations are counted from their title (Mr, Ms, Mx...), if the form asks for it.",
    )

    def __init__(self, *args: Any, field_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gender_field.choices = [("", "None (use titles only)"), *field_choices]
