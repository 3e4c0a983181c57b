"""Which changes make an event's cached report stale, from Indico's signals and from the ORM."""

from __future__ import annotations

from typing import Any

from indico.core import signals
from indico.modules.categories.models.settings import CategorySetting
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.types import ContributionType
from indico.modules.events.models.events import Event
from indico.modules.events.models.persons import EventPerson, PersonLinkBase
from indico.modules.events.registration.models.form_fields import RegistrationFormFieldData
from indico.modules.events.registration.models.forms import RegistrationForm
from indico.modules.events.registration.models.items import RegistrationFormItem
from indico.modules.events.registration.models.registrations import Registration, RegistrationData
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.sessions import Session
from indico.modules.events.sessions.models.types import SessionType
from indico.modules.events.settings import EventSetting
from indico.modules.events.timetable.models.entries import TimetableEntry
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from indico_genderlens import cache

#: Signals after which the sender's event is recomputed.
SIGNALS = (
    signals.event.updated,
    signals.event.type_changed,
    signals.event.contribution_created,
    signals.event.contribution_updated,
    signals.event.contribution_deleted,
    signals.event.session_updated,
    signals.event.session_deleted,
    signals.event.session_block_updated,
    signals.event.session_block_deleted,
    signals.event.timetable_entry_created,
    signals.event.timetable_entry_updated,
    signals.event.timetable_entry_deleted,
    signals.event.person_updated,
    signals.event.registration_created,
    signals.event.registration_updated,
    signals.event.registration_deleted,
    signals.event.registration_state_updated,
    signals.event.registration_personal_data_modified,
    signals.event.registration_form_edited,
    signals.event.registration_form_deleted,
    signals.event.registration_form_field_added,
    signals.event.registration_form_field_changed,
    signals.event.registration_form_field_deleted,
    signals.event.registration_form_field_toggled,
)
_PENDING = "genderlens_stale_events"


def event_id_of(obj: Any) -> int | None:
    """The id of the event ``obj`` belongs to, when it is something a report rests on."""
    if isinstance(obj, Event):
        return obj.id
    if isinstance(obj, EventSetting | CategorySetting):
        return None  # settings are part of the cache key
    if isinstance(obj, PersonLinkBase):
        person = obj.person
        return person.event_id if person is not None else None
    if isinstance(obj, EventPerson | Contribution | Session | Registration | RegistrationForm | TimetableEntry):
        return obj.event_id
    if isinstance(obj, ContributionType | SessionType):
        return obj.event_id
    if isinstance(obj, SessionBlock):
        return obj.session.event_id if obj.session is not None else None
    if isinstance(obj, RegistrationData):
        return obj.registration.event_id if obj.registration is not None else None
    if isinstance(obj, RegistrationFormItem):
        return obj.registration_form.event_id if obj.registration_form is not None else None
    if isinstance(obj, RegistrationFormFieldData):
        field = obj.field
        return field.registration_form.event_id if field is not None and field.registration_form else None
    return None


def _on_signal(sender: Any, **kwargs: Any) -> None:
    event = kwargs.get("event")
    if event is None:
        event = sender if isinstance(sender, Event) else getattr(sender, "event", None)
    if isinstance(event, Event):
        cache.invalidate(event.id)


def _before_flush(session: OrmSession, flush_context: Any, instances: Any) -> None:
    ids: set[int] = set()
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            event_id = event_id_of(obj)
            if event_id is not None:
                ids.add(event_id)
    if ids:
        cache.invalidate(*ids)
        session.info.setdefault(_PENDING, set()).update(ids)


def _after_commit(session: OrmSession) -> None:
    ids = session.info.pop(_PENDING, None)
    if ids:
        cache.invalidate(*ids)


def _after_rollback(session: OrmSession, previous_transaction: Any) -> None:
    session.info.pop(_PENDING, None)


def connect(plugin: Any) -> None:
    """Connect the signal receivers (through the plugin, as Indico wants) and the ORM listeners."""
    for signal in SIGNALS:
        plugin.connect(signal, _on_signal)
    if not sa_event.contains(OrmSession, "before_flush", _before_flush):
        sa_event.listen(OrmSession, "before_flush", _before_flush)
        sa_event.listen(OrmSession, "after_commit", _after_commit)
        sa_event.listen(OrmSession, "after_soft_rollback", _after_rollback)
