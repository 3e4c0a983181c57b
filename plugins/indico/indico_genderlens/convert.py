"""Turn an Indico event, read from the database, into a :class:`genderlens.model.Event`.

Only data is copied here; every figure is computed by the genderlens core. Gender comes from two places:

* person-link titles (Mr, Ms, Mrs, Mx; Dr and Prof. say nothing), passed on as ``Person.title`` for the
  core's title resolver;
* the answer to the registration-form field the manager picked, passed on as ``Person.declared_gender``.

Names are never passed to the core, so no resolver can guess a gender from them.

Mapping: an Indico session is one genderlens session holding the speakers of its contributions and the
conveners of its blocks; a contribution outside any session is a session of its own. The event's
person links are its chairs (the speakers, for a lecture).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from genderlens.model import Event, Participant, Person, Registration, Role, Session
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.models.events import Event as IndicoEvent
from indico.modules.events.models.events import EventType
from indico.modules.events.models.persons import PersonLinkBase
from indico.modules.events.registration.models.form_fields import RegistrationFormFieldData
from indico.modules.events.registration.models.forms import RegistrationForm
from indico.modules.events.registration.models.items import RegistrationFormItem
from indico.modules.events.registration.models.registrations import Registration as IndicoRegistration
from indico.modules.events.registration.models.registrations import RegistrationData
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.sessions.models.sessions import Session as IndicoSession
from indico.modules.users.models.users import UserTitle
from sqlalchemy.orm import joinedload, selectinload

#: Indico roles a manager can choose to count, with the genderlens role each becomes.
ROLE_CHOICES: dict[str, str] = {
    "chairs": "Event chairpersons",
    "conveners": "Session conveners",
    "speakers": "Speakers",
}
ALL_ROLES = tuple(ROLE_CHOICES)

#: English title strings for the core's title resolver; translated display titles are not used.
TITLES = {
    UserTitle.mr: "Mr",
    UserTitle.ms: "Ms",
    UserTitle.mrs: "Mrs",
    UserTitle.mx: "Mx",
    UserTitle.dr: "Dr",
    UserTitle.prof: "Prof",
}

#: Registration-form field types whose answer can hold a self-declared gender.
GENDER_FIELD_TYPES = frozenset({"single_choice", "text"})


def title_of(link: PersonLinkBase) -> str | None:
    """The English title of a person link (``"Ms"``), or ``None`` when it has none."""
    return TITLES.get(link._title)


def person_of(link: PersonLinkBase) -> Person:
    """A genderlens person for a person link, keyed by the event-wide ``EventPerson`` id."""
    return Person(key=f"person:{link.person_id}", title=title_of(link))


@dataclass
class _Slot:
    id: str
    title: str
    kind: str | None = None
    panel: bool | None = None
    participants: list[Participant] = field(default_factory=list)
    talks: int = 0

    def freeze(self) -> Session:
        panel = self.panel
        if panel is None and self.talks > 1 and "panel" not in (self.kind or "").lower():
            panel = False  # a session of separate talks, not one panel (as for grouped spreadsheet rows)
        return Session(id=self.id, title=self.title, kind=self.kind, panel=panel, participants=tuple(self.participants))


def _contributions(event: IndicoEvent) -> list[Contribution]:
    return (
        Contribution.query.filter(Contribution.event_id == event.id, ~Contribution.is_deleted)
        .options(
            selectinload(Contribution.person_links).joinedload(ContributionPersonLink.person),
            joinedload(Contribution.type),
        )
        .order_by(Contribution.friendly_id)
        .all()
    )


def _sessions(event: IndicoEvent) -> list[IndicoSession]:
    return (
        IndicoSession.query.filter(IndicoSession.event_id == event.id, ~IndicoSession.is_deleted)
        .options(
            joinedload(IndicoSession.type),
            selectinload(IndicoSession.blocks)
            .selectinload(SessionBlock.person_links)
            .joinedload(SessionBlockPersonLink.person),
        )
        .order_by(IndicoSession.friendly_id)
        .all()
    )


def _speakers(contribution: Contribution) -> list[Participant]:
    speakers = [link for link in contribution.person_links if link.is_speaker]
    if not speakers:
        return []
    # Speaking time: a contribution's minutes are shared among its speakers.
    minutes = contribution.duration.total_seconds() / 60 / len(speakers) if contribution.duration else None
    return [Participant(person=person_of(link), role=Role.SPEAKER, minutes=minutes) for link in speakers]


def programme_sessions(event: IndicoEvent, roles: Iterable[str] = ALL_ROLES) -> tuple[Session, ...]:
    """The event's sessions and standalone contributions as genderlens sessions, in programme order."""
    roles = set(roles)
    slots: dict[int, _Slot] = {}
    for sess in _sessions(event):
        slot = slots[sess.id] = _Slot(
            id=f"session:{sess.id}",
            title=sess.title,
            kind=sess.type.name if sess.type else None,
            panel=False if sess.is_poster else None,
        )
        if "conveners" in roles:
            links = [link for block in sess.blocks for link in block.person_links]
            slot.participants += [Participant(person=person_of(link), role=Role.CONVENER) for link in links]
    standalone: list[_Slot] = []
    for contribution in _contributions(event):
        speakers = _speakers(contribution) if "speakers" in roles else []
        if contribution.session_id is not None and contribution.session_id in slots:
            slots[contribution.session_id].participants += speakers
            slots[contribution.session_id].talks += bool(speakers)
        elif speakers:
            standalone.append(
                _Slot(
                    id=f"contribution:{contribution.id}",
                    title=contribution.title,
                    kind=contribution.type.name if contribution.type else None,
                    participants=speakers,
                )
            )
    return tuple(s.freeze() for s in (*slots.values(), *standalone) if s.participants)


def event_participants(event: IndicoEvent, roles: Iterable[str] = ALL_ROLES) -> tuple[Participant, ...]:
    """The event's own person links: chairpersons, or the speakers of a lecture."""
    role = Role.SPEAKER if event.type_ == EventType.lecture else Role.CHAIR
    wanted = "speakers" if role is Role.SPEAKER else "chairs"
    if wanted not in set(roles):
        return ()
    return tuple(Participant(person=person_of(link), role=role) for link in event.person_links)


def gender_field_choices(event: IndicoEvent) -> list[tuple[int, str]]:
    """Registration-form fields that may hold a declared gender: ``(field id, "Form: Field")``."""
    choices = []
    for regform in event.registration_forms:
        for item in regform.active_fields:
            if item.input_type in GENDER_FIELD_TYPES and item.personal_data_type is None:
                choices.append((item.id, f"{regform.title}: {item.title}"))
    return choices


def registrations(event: IndicoEvent, gender_field_id: int | None = None) -> tuple[Registration, ...]:
    """Active registrations, with the answer to ``gender_field_id`` and the personal-data title."""
    if not event.has_feature("registration"):
        return ()
    regs: Sequence[IndicoRegistration] = (
        IndicoRegistration.query.join(IndicoRegistration.registration_form)
        .filter(IndicoRegistration.event_id == event.id, IndicoRegistration.is_active, ~RegistrationForm.is_deleted)
        .options(
            selectinload(IndicoRegistration.data)
            .joinedload(RegistrationData.field_data)
            .joinedload(RegistrationFormFieldData.field)
        )
        .order_by(IndicoRegistration.id)
        .all()
    )
    out = []
    for reg in regs:
        declared = title = None
        for data in reg.data:
            item: RegistrationFormItem = data.field_data.field
            if not data.data:
                continue
            if gender_field_id is not None and item.id == gender_field_id:
                declared = str(data.friendly_data)
            elif item.personal_data_type is not None and item.personal_data_type.name == "title":
                title = str(data.friendly_data)
        person = Person(key=f"registration:{reg.id}", title=title, declared_gender=declared)
        out.append(Registration(person=person, status=reg.state.name))
    return tuple(out)


def build_event(
    event: IndicoEvent,
    *,
    roles: Iterable[str] = ALL_ROLES,
    gender_field_id: int | None = None,
    with_registrations: bool = True,
) -> Event:
    """A genderlens event for ``event``; ``with_registrations=False`` reads the programme only (cheaper)."""
    roles = tuple(roles)
    return Event(
        id=str(event.id),
        title=event.title,
        source=f"indico:event/{event.id}",
        start=event.start_dt,
        end=event.end_dt,
        participants=event_participants(event, roles),
        sessions=programme_sessions(event, roles),
        registrations=registrations(event, gender_field_id) if with_registrations else (),
    )
