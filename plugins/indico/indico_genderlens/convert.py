"""Turn an Indico event, read from the database, into a :class:`genderlens.model.Event`.

Only data is copied here; every figure is computed by the genderlens core. Everything is read with
column-only queries (a handful per event, whatever its size) and registrations are reduced to the core's
:class:`~genderlens.model.RegistrationTally` counts while they are read: no ORM objects are loaded for
contributions, person links or registrations.

Gender comes from:

* the answer to the registration-form field the manager picked, for registrants, and for speakers, chairs
  and conveners who registered for the event themselves (matched by Indico user, or failing that by e-mail
  address; never by name): ``Person.declared_gender``;
* otherwise the person link's title (Mr, Ms, Mrs, Mx; Dr and Prof. say nothing): ``Person.title``.

Names are never read nor passed to the core, so no resolver can guess a gender from them.

Mapping: an Indico session is one genderlens session holding the speakers of its contributions and the
conveners of its blocks; a contribution outside any session is a session of its own. The event's
person links are its chairs (the speakers, for a lecture).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from genderlens.model import Event, Participant, Person, RegistrationTally, Role, Session
from genderlens.tally import Tallier
from indico.core.db import db
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.contributions.models.types import ContributionType
from indico.modules.events.models.events import Event as IndicoEvent
from indico.modules.events.models.events import EventType
from indico.modules.events.models.persons import EventPerson, EventPersonLink
from indico.modules.events.registration.models.form_fields import RegistrationFormFieldData
from indico.modules.events.registration.models.forms import RegistrationForm
from indico.modules.events.registration.models.items import PersonalDataType, RegistrationFormItem
from indico.modules.events.registration.models.registrations import Registration as IndicoRegistration
from indico.modules.events.registration.models.registrations import RegistrationData
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.sessions.models.sessions import Session as IndicoSession
from indico.modules.events.sessions.models.types import SessionType
from indico.modules.users.models.users import UserTitle
from indico.util.countries import get_country

from indico_genderlens.regions import itu_region

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
#: Field types a breakdown can be read from (the answer becomes the group's label).
BREAKDOWN_FIELD_TYPES = frozenset({"single_choice", "multi_choice", "text", "country", "checkbox", "bool"})

#: Breakdowns of registrations a manager can set up: setting name -> (label, personal-data default).
BREAKDOWNS: dict[str, tuple[str, PersonalDataType | None]] = {
    "member_state_field": ("Member state", PersonalDataType.country),
    "region_field": ("Region", None),
    "affiliation_field": ("Affiliation", PersonalDataType.affiliation),
    "participation_field": ("Participation", None),
    "delegation_role_field": ("Delegation role", None),
    "fellowship_field": ("Fellowship", None),
}

_YES = frozenset({"yes", "y", "true", "1", "oui", "sí", "si", "x", "fellow", "fellowship"})
_NO = frozenset({"no", "n", "false", "0", "non", "none", ""})


def title_of(title: UserTitle | None) -> str | None:
    """The English title (``"Ms"``), or ``None`` when there is none."""
    return TITLES.get(title) if title is not None else None


# -- registration form fields ----------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """What the plugin needs to know about one registration-form field."""

    id: int
    form_title: str
    title: str
    input_type: str | None
    personal_data_type: PersonalDataType | None
    captions: dict[str, str]

    @property
    def label(self) -> str:
        """``"Registration Form: Gender"``."""
        return f"{self.form_title}: {self.title}"

    def answer(self, data: Any) -> str | None:
        """The answer as text: a choice's caption, a country code, an affiliation's name."""
        if data is None or data == "" or data == {}:
            return None
        if isinstance(data, dict):
            if "text" in data:  # affiliation: {"id": ..., "text": ...}
                return str(data["text"]) or None
            chosen = [self.captions.get(k, k) for k, v in data.items() if v]
            return chosen[0] if chosen else None
        if isinstance(data, bool):
            return "yes" if data else "no"
        return str(data).strip() or None


def form_fields(event: IndicoEvent) -> list[FormField]:
    """Enabled fields of the event's registration forms, in form and position order (one query)."""
    rows = db.session.execute(
        db.select(
            RegistrationFormItem.id,
            RegistrationForm.title,
            RegistrationFormItem.title,
            RegistrationFormItem.input_type,
            RegistrationFormItem.personal_data_type,
            RegistrationFormItem.data,
        )
        .join(RegistrationForm, RegistrationForm.id == RegistrationFormItem.registration_form_id)
        .where(
            RegistrationForm.event_id == event.id,
            ~RegistrationForm.is_deleted,
            ~RegistrationFormItem.is_deleted,
            RegistrationFormItem.is_enabled,
            RegistrationFormItem.input_type.isnot(None),
        )
        .order_by(RegistrationForm.id, RegistrationFormItem.parent_id, RegistrationFormItem.position)
    )
    return [
        FormField(id, form, title, input_type, pd_type, dict((data or {}).get("captions") or {}))
        for id, form, title, input_type, pd_type, data in rows
    ]


def gender_field_choices(event: IndicoEvent, fields: list[FormField] | None = None) -> list[tuple[int, str]]:
    """Registration-form fields that may hold a declared gender: ``(field id, "Form: Field")``."""
    fields = form_fields(event) if fields is None else fields
    return [(f.id, f.label) for f in fields if f.input_type in GENDER_FIELD_TYPES and f.personal_data_type is None]


def breakdown_field_choices(event: IndicoEvent, fields: list[FormField] | None = None) -> list[tuple[int, str]]:
    """Fields a breakdown can be read from: ``(field id, "Form: Field")``."""
    fields = form_fields(event) if fields is None else fields
    return [(f.id, f.label) for f in fields if f.input_type in BREAKDOWN_FIELD_TYPES]


# -- registrations ---------------------------------------------------------------------------------


@dataclass
class RegistrationCounts:
    """Registrations reduced to tallies, and each registered user's and address's declared answer."""

    tallies: tuple[RegistrationTally, ...] = ()
    by_user: dict[int, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    count: int = 0


def _fellowship(answer: str | None) -> bool | None:
    if answer is None:
        return None
    text = answer.strip().casefold()
    if text in _YES:
        return True
    return text not in _NO  # anything else names a fellowship ("ITU fellowship", "WSIS fellow")


def read_registrations(
    event: IndicoEvent, settings: dict[str, Any], fields: list[FormField] | None = None
) -> RegistrationCounts:
    """Active registrations as tallies by declared answer, title and each breakdown (three queries).

    ``settings`` picks the fields: ``gender_field`` and the :data:`BREAKDOWNS` settings (a field id, or
    ``None`` for the personal-data default: Country for the member state, Affiliation for affiliation).
    """
    if not event.has_feature("registration"):
        return RegistrationCounts()
    fields = form_fields(event) if fields is None else fields
    by_id = {f.id: f for f in fields}
    gender_id = settings.get("gender_field")
    roles: dict[int, list[str]] = {}  # field id -> what it is read for
    for f in fields:
        if f.personal_data_type is PersonalDataType.title:
            roles.setdefault(f.id, []).append("title")
    if gender_id in by_id:
        roles.setdefault(gender_id, []).append("gender")
    for name, (_label, default) in BREAKDOWNS.items():
        chosen = settings.get(name)
        if chosen in by_id:
            roles.setdefault(chosen, []).append(name)
        elif chosen is None and default is not None:
            for f in fields:
                if f.personal_data_type is default:
                    roles.setdefault(f.id, []).append(name)

    active = (
        IndicoRegistration.event_id == event.id,
        IndicoRegistration.is_active,
        ~RegistrationForm.is_deleted,
    )
    regs = db.session.execute(
        db.select(IndicoRegistration.id, IndicoRegistration.user_id, IndicoRegistration.email, IndicoRegistration.state)
        .join(RegistrationForm, RegistrationForm.id == IndicoRegistration.registration_form_id)
        .where(*active)
        .order_by(IndicoRegistration.id)
    ).all()
    answers: dict[int, dict[str, str]] = {}
    if roles:
        rows = db.session.execute(
            db.select(RegistrationData.registration_id, RegistrationFormFieldData.field_id, RegistrationData.data)
            .join(RegistrationFormFieldData, RegistrationFormFieldData.id == RegistrationData.field_data_id)
            .join(IndicoRegistration, IndicoRegistration.id == RegistrationData.registration_id)
            .join(RegistrationForm, RegistrationForm.id == IndicoRegistration.registration_form_id)
            .where(*active, RegistrationFormFieldData.field_id.in_(list(roles)))
        )
        decoded: dict[tuple[int, str], str | None] = {}
        for reg_id, field_id, data in rows:
            key = (field_id, repr(data)) if isinstance(data, dict | list) else (field_id, data)
            if key not in decoded:
                decoded[key] = by_id[field_id].answer(data)
            answer = decoded[key]
            if answer is not None:
                mine = answers.setdefault(reg_id, {})
                for role in roles[field_id]:
                    mine.setdefault(role, answer)

    out = RegistrationCounts(count=len(regs))
    tallier = Tallier()
    people: dict[tuple[str | None, str | None], Person] = {}
    labels: dict[tuple[str, str], str | None] = {}

    def label(kind: str, value: str | None, fn: Callable[[str], str | None]) -> str | None:
        if value is None:
            return None
        key = (kind, value)
        if key not in labels:
            labels[key] = fn(value)
        return labels[key]

    country_field = {f.id for f in fields if f.input_type == "country"}
    member_state_is_country = settings.get("member_state_field") is None or settings.get("member_state_field") in (
        country_field
    )
    for reg_id, user_id, email, state in regs:
        mine = answers.get(reg_id, {})
        declared, title = mine.get("gender"), mine.get("title")
        person = people.get((declared, title))
        if person is None:
            person = people[declared, title] = Person(
                key=f"answer:{len(people)}", title=title, declared_gender=declared
            )
        if declared is not None:
            if user_id is not None:
                out.by_user.setdefault(user_id, declared)
            if email:
                out.by_email.setdefault(email.lower(), declared)
        state_code = mine.get("member_state_field")
        if member_state_is_country:
            member_state = label("country", state_code, lambda c: get_country(c, use_fallback=True))
            region = mine.get("region_field") or label("region", state_code, itu_region)
        else:
            member_state, region = state_code, mine.get("region_field")
        values = (
            member_state,
            region,
            mine.get("affiliation_field"),
            state.name,
            mine.get("participation_field"),
            mine.get("delegation_role_field"),
        )
        tallier.add(person, values, _fellowship(mine.get("fellowship_field")))
    out.tallies = tallier.tallies()
    return out


# -- the programme ---------------------------------------------------------------------------------


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


@dataclass
class Linker:
    """Makes the genderlens person of an event person: one object per person, with their registration's answer.

    ``sources`` counts, per event person, where the gender can come from: ``registration`` (their own
    registration's answer), ``title`` or ``unknown``.
    """

    by_user: dict[int, str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)

    def person(self, person_id: int, title: UserTitle | None, user_id: int | None, email: str | None) -> Person:
        found = self.people.get(person_id)
        if found is not None:
            return found
        declared = self.by_user.get(user_id) if user_id is not None else None
        if declared is None and email:
            declared = self.by_email.get(email.lower())
        made = self.people[person_id] = Person(
            key=f"person:{person_id}", title=title_of(title), declared_gender=declared
        )
        return made


def _title(link_title: UserTitle | None, person_title: UserTitle | None) -> UserTitle | None:
    # A person link's own title overrides the event person's (Indico's ``override_attr``).
    return link_title if link_title is not None else person_title


def programme_sessions(event: IndicoEvent, roles: Iterable[str], linker: Linker) -> tuple[Session, ...]:
    """The event's sessions and standalone contributions as genderlens sessions, in programme order."""
    roles = set(roles)
    slots: dict[int, _Slot] = {}
    for sess_id, title, type_name, is_poster in db.session.execute(
        db.select(IndicoSession.id, IndicoSession.title, SessionType.name, SessionType.is_poster)
        .outerjoin(SessionType, SessionType.id == IndicoSession.type_id)
        .where(IndicoSession.event_id == event.id, ~IndicoSession.is_deleted)
        .order_by(IndicoSession.friendly_id)
    ):
        slots[sess_id] = _Slot(id=f"session:{sess_id}", title=title, kind=type_name, panel=False if is_poster else None)
    if "conveners" in roles and slots:
        link = SessionBlockPersonLink
        for sess_id, person_id, link_title, person_title, user_id, email in db.session.execute(
            db.select(
                SessionBlock.session_id,
                link.person_id,
                link._title_col,
                EventPerson._title,
                EventPerson.user_id,
                EventPerson.email,
            )
            .join(SessionBlock, SessionBlock.id == link.session_block_id)
            .join(EventPerson, EventPerson.id == link.person_id)
            .where(SessionBlock.session_id.in_(list(slots)))
            .order_by(SessionBlock.id, link.display_order, link.id)
        ):
            person = linker.person(person_id, _title(link_title, person_title), user_id, email)
            slots[sess_id].participants.append(Participant(person=person, role=Role.CONVENER))
    if "speakers" not in roles:
        return tuple(s.freeze() for s in slots.values() if s.participants)
    link = ContributionPersonLink
    contributions: dict[int, tuple[Any, ...]] = {}
    speakers: dict[int, list[Person]] = {}
    for row in db.session.execute(
        db.select(
            Contribution.id,
            Contribution.session_id,
            Contribution.title,
            Contribution.duration,
            ContributionType.name,
            link.person_id,
            link._title_col,
            EventPerson._title,
            EventPerson.user_id,
            EventPerson.email,
        )
        .join(link, link.contribution_id == Contribution.id)
        .join(EventPerson, EventPerson.id == link.person_id)
        .outerjoin(ContributionType, ContributionType.id == Contribution.type_id)
        .where(Contribution.event_id == event.id, ~Contribution.is_deleted, link.is_speaker)
        .order_by(Contribution.friendly_id, link.display_order, link.id)
    ):
        contrib_id, person_id, link_title, person_title, user_id, email = row[0], *row[5:]
        contributions.setdefault(contrib_id, row[:5])
        person = linker.person(person_id, _title(link_title, person_title), user_id, email)
        speakers.setdefault(contrib_id, []).append(person)
    standalone: list[_Slot] = []
    for contrib_id, (_id, session_id, title, duration, type_name) in contributions.items():
        people = speakers[contrib_id]
        # Speaking time: a contribution's minutes are shared among its speakers.
        minutes = duration.total_seconds() / 60 / len(people) if duration else None
        participants = [Participant(person=p, role=Role.SPEAKER, minutes=minutes) for p in people]
        if session_id is not None and session_id in slots:
            slots[session_id].participants += participants
            slots[session_id].talks += 1
        else:
            standalone.append(
                _Slot(id=f"contribution:{contrib_id}", title=title, kind=type_name, participants=participants)
            )
    return tuple(s.freeze() for s in (*slots.values(), *standalone) if s.participants)


def event_participants(event: IndicoEvent, roles: Iterable[str], linker: Linker) -> tuple[Participant, ...]:
    """The event's own person links: chairpersons, or the speakers of a lecture."""
    role = Role.SPEAKER if event.type_ == EventType.lecture else Role.CHAIR
    wanted = "speakers" if role is Role.SPEAKER else "chairs"
    if wanted not in set(roles):
        return ()
    link = EventPersonLink
    rows = db.session.execute(
        db.select(link.person_id, link._title_col, EventPerson._title, EventPerson.user_id, EventPerson.email)
        .join(EventPerson, EventPerson.id == link.person_id)
        .where(link.event_id == event.id)
        .order_by(link.display_order, link.id)
    )
    return tuple(
        Participant(person=linker.person(pid, _title(lt, pt), uid, email), role=role)
        for pid, lt, pt, uid, email in rows
    )


def build_event(
    event: IndicoEvent,
    settings: dict[str, Any] | None = None,
    *,
    roles: Iterable[str] | None = None,
    gender_field_id: int | None = None,
    with_registrations: bool = True,
) -> Event:
    """A genderlens event for ``event``; ``with_registrations=False`` leaves registrations out of the counts
    (they are still read to link speakers to their own registration when a gender field is chosen).
    """
    settings = dict(settings or {})
    if roles is not None:
        settings["roles"] = list(roles)
    if gender_field_id is not None:
        settings["gender_field"] = gender_field_id
    roles = tuple(settings.get("roles", ALL_ROLES) or ())
    regs = RegistrationCounts()
    if with_registrations or settings.get("gender_field") is not None:
        regs = read_registrations(event, settings)
    linker = Linker(by_user=regs.by_user, by_email=regs.by_email)
    participants = event_participants(event, roles, linker)
    sessions = programme_sessions(event, roles, linker)
    return Event(
        id=str(event.id),
        title=event.title,
        source=f"indico:event/{event.id}",
        start=event.start_dt,
        end=event.end_dt,
        participants=participants,
        sessions=sessions,
        registration_tallies=regs.tallies if with_registrations else (),
    )
