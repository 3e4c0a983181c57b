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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from genderlens.model import Event, Participant, Person, RegistrationTally, Role, Session
from genderlens.tally import Tallier
from indico.core.db import db
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.contributions.models.types import ContributionType
from indico.modules.events.features.util import get_feature_definitions
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
from indico.modules.events.settings import EventSetting
from indico.modules.users.models.users import UserTitle
from indico.util.countries import get_country

from indico_genderlens import _
from indico_genderlens.regions import itu_region

#: Indico roles a manager can choose to count, with the genderlens role each becomes.
ROLE_CHOICES: dict[str, str] = {
    "chairs": _("Event chairpersons"),
    "conveners": _("Session conveners"),
    "speakers": _("Speakers"),
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


def form_fields_of(event_ids: Sequence[int]) -> dict[int, list[FormField]]:
    """Enabled fields of the events' registration forms, in form and position order (one query)."""
    out: dict[int, list[FormField]] = {i: [] for i in event_ids}
    if not event_ids:
        return out
    rows = db.session.execute(
        db.select(
            RegistrationForm.event_id,
            RegistrationFormItem.id,
            RegistrationForm.title,
            RegistrationFormItem.title,
            RegistrationFormItem.input_type,
            RegistrationFormItem.personal_data_type,
            RegistrationFormItem.data,
        )
        .join(RegistrationForm, RegistrationForm.id == RegistrationFormItem.registration_form_id)
        .where(
            RegistrationForm.event_id.in_(list(event_ids)),
            ~RegistrationForm.is_deleted,
            ~RegistrationFormItem.is_deleted,
            RegistrationFormItem.is_enabled,
            RegistrationFormItem.input_type.isnot(None),
        )
        .order_by(RegistrationForm.id, RegistrationFormItem.parent_id, RegistrationFormItem.position)
    )
    for event_id, id, form, title, input_type, pd_type, data in rows:
        out[event_id].append(FormField(id, form, title, input_type, pd_type, dict((data or {}).get("captions") or {})))
    return out


def form_fields(event: IndicoEvent) -> list[FormField]:
    """Enabled fields of the event's registration forms (one query)."""
    return form_fields_of([event.id])[event.id]


def registration_enabled(events: Sequence[IndicoEvent]) -> dict[int, bool]:
    """Whether each event has Indico's *Registration* feature on (one query for all)."""
    explicit = dict(
        db.session.execute(
            db.select(EventSetting.event_id, EventSetting.value).where(
                EventSetting.module == "features",
                EventSetting.name == "enabled",
                EventSetting.event_id.in_([e.id for e in events]),
            )
        ).all()
    )
    feature = get_feature_definitions()["registration"]
    return {
        e.id: ("registration" in explicit[e.id]) if explicit.get(e.id) is not None else feature.is_default_for_event(e)
        for e in events
    }


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


def _field_roles(fields: list[FormField], settings: dict[str, Any]) -> dict[int, list[str]]:
    """Field id -> what it is read for (``title``, ``gender``, a :data:`BREAKDOWNS` setting)."""
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
    return roles


def read_registrations_of(
    events: Sequence[IndicoEvent], settings: dict[int, dict[str, Any]], fields: dict[int, list[FormField]]
) -> dict[int, RegistrationCounts]:
    """Each event's active registrations as tallies by answer, title and breakdown (three queries for all).

    ``settings[event id]`` picks the fields: ``gender_field`` and the :data:`BREAKDOWNS` settings (a field id,
    or ``None`` for the personal-data default: Country for the member state, Affiliation for affiliation).
    """
    enabled = registration_enabled(events) if events else {}
    ids = [e.id for e in events if enabled[e.id] and fields.get(e.id)]
    out = {e.id: RegistrationCounts() for e in events}
    if not ids:
        return out
    roles = {i: _field_roles(fields[i], settings[i]) for i in ids}
    by_field = {f.id: f for i in ids for f in fields[i]}
    active = (
        IndicoRegistration.event_id.in_(ids),
        IndicoRegistration.is_active,
        ~RegistrationForm.is_deleted,
    )
    regs = db.session.execute(
        db.select(
            IndicoRegistration.event_id,
            IndicoRegistration.id,
            IndicoRegistration.user_id,
            IndicoRegistration.email,
            IndicoRegistration.state,
        )
        .join(RegistrationForm, RegistrationForm.id == IndicoRegistration.registration_form_id)
        .where(*active)
        .order_by(IndicoRegistration.id)
    ).all()
    answers: dict[int, dict[str, str]] = {}
    wanted = [f for i in ids for f in roles[i]]
    if wanted:
        rows = db.session.execute(
            db.select(
                IndicoRegistration.event_id,
                RegistrationData.registration_id,
                RegistrationFormFieldData.field_id,
                RegistrationData.data,
            )
            .join(RegistrationFormFieldData, RegistrationFormFieldData.id == RegistrationData.field_data_id)
            .join(IndicoRegistration, IndicoRegistration.id == RegistrationData.registration_id)
            .join(RegistrationForm, RegistrationForm.id == IndicoRegistration.registration_form_id)
            .where(*active, RegistrationFormFieldData.field_id.in_(wanted))
        )
        decoded: dict[tuple[int, str], str | None] = {}
        for event_id, reg_id, field_id, data in rows:
            key = (field_id, repr(data)) if isinstance(data, dict | list) else (field_id, data)
            if key not in decoded:
                decoded[key] = by_field[field_id].answer(data)
            answer = decoded[key]
            if answer is not None:
                mine = answers.setdefault(reg_id, {})
                for role in roles[event_id][field_id]:
                    mine.setdefault(role, answer)
    grouped: dict[int, list[Any]] = {i: [] for i in ids}
    for row in regs:
        grouped[row[0]].append(row[1:])
    for i in ids:
        out[i] = _tally(grouped[i], answers, fields[i], settings[i])
    return out


def _tally(
    regs: list[Any], answers: dict[int, dict[str, str]], fields: list[FormField], settings: dict[str, Any]
) -> RegistrationCounts:
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


def read_registrations(event: IndicoEvent, settings: dict[str, Any]) -> RegistrationCounts:
    """One event's registrations (see :func:`read_registrations_of`)."""
    return read_registrations_of([event], {event.id: settings}, form_fields_of([event.id]))[event.id]


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


def _sessions_of(
    event_ids: list[int], roles: dict[int, set[str]], linkers: dict[int, Linker]
) -> dict[int, tuple[Session, ...]]:
    """Each event's sessions and standalone contributions as genderlens sessions, in programme order."""
    slots: dict[int, dict[int, _Slot]] = {i: {} for i in event_ids}
    for event_id, sess_id, title, type_name, is_poster in db.session.execute(
        db.select(
            IndicoSession.event_id, IndicoSession.id, IndicoSession.title, SessionType.name, SessionType.is_poster
        )
        .outerjoin(SessionType, SessionType.id == IndicoSession.type_id)
        .where(IndicoSession.event_id.in_(event_ids), ~IndicoSession.is_deleted)
        .order_by(IndicoSession.friendly_id)
    ):
        slots[event_id][sess_id] = _Slot(
            id=f"session:{sess_id}", title=title, kind=type_name, panel=False if is_poster else None
        )
    by_session = {sess_id: event_id for event_id, mine in slots.items() for sess_id in mine}
    with_conveners = [sid for sid, eid in by_session.items() if "conveners" in roles[eid]]
    if with_conveners:
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
            .where(SessionBlock.session_id.in_(with_conveners))
            .order_by(SessionBlock.id, link.display_order, link.id)
        ):
            event_id = by_session[sess_id]
            person = linkers[event_id].person(person_id, _title(link_title, person_title), user_id, email)
            slots[event_id][sess_id].participants.append(Participant(person=person, role=Role.CONVENER))
    standalone: dict[int, list[_Slot]] = {i: [] for i in event_ids}
    with_speakers = [i for i in event_ids if "speakers" in roles[i]]
    if with_speakers:
        link = ContributionPersonLink
        contributions: dict[int, tuple[Any, ...]] = {}
        speakers: dict[int, list[Person]] = {}
        for row in db.session.execute(
            db.select(
                Contribution.event_id,
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
            .where(Contribution.event_id.in_(with_speakers), ~Contribution.is_deleted, link.is_speaker)
            .order_by(Contribution.friendly_id, link.display_order, link.id)
        ):
            event_id, contrib_id = row[0], row[1]
            person_id, link_title, person_title, user_id, email = row[6:]
            contributions.setdefault(contrib_id, row[:6])
            person = linkers[event_id].person(person_id, _title(link_title, person_title), user_id, email)
            speakers.setdefault(contrib_id, []).append(person)
        for contrib_id, (event_id, _id, session_id, title, duration, type_name) in contributions.items():
            people = speakers[contrib_id]
            # Speaking time: a contribution's minutes are shared among its speakers.
            minutes = duration.total_seconds() / 60 / len(people) if duration else None
            participants = [Participant(person=p, role=Role.SPEAKER, minutes=minutes) for p in people]
            mine = slots[event_id]
            if session_id is not None and session_id in mine:
                mine[session_id].participants += participants
                mine[session_id].talks += 1
            else:
                standalone[event_id].append(
                    _Slot(id=f"contribution:{contrib_id}", title=title, kind=type_name, participants=participants)
                )
    return {i: tuple(s.freeze() for s in (*slots[i].values(), *standalone[i]) if s.participants) for i in event_ids}


def _event_participants_of(
    events: Sequence[IndicoEvent], roles: dict[int, set[str]], linkers: dict[int, Linker]
) -> dict[int, tuple[Participant, ...]]:
    """Each event's own person links: chairpersons, or the speakers of a lecture."""
    role_of = {e.id: Role.SPEAKER if e.type_ == EventType.lecture else Role.CHAIR for e in events}
    wanted = [i for i, role in role_of.items() if ("speakers" if role is Role.SPEAKER else "chairs") in roles[i]]
    out: dict[int, list[Participant]] = {e.id: [] for e in events}
    if wanted:
        link = EventPersonLink
        for event_id, pid, lt, pt, uid, email in db.session.execute(
            db.select(
                link.event_id,
                link.person_id,
                link._title_col,
                EventPerson._title,
                EventPerson.user_id,
                EventPerson.email,
            )
            .join(EventPerson, EventPerson.id == link.person_id)
            .where(link.event_id.in_(wanted))
            .order_by(link.display_order, link.id)
        ):
            person = linkers[event_id].person(pid, _title(lt, pt), uid, email)
            out[event_id].append(Participant(person=person, role=role_of[event_id]))
    return {i: tuple(p) for i, p in out.items()}


def resolve_gender_field(fields: list[FormField], settings: dict[str, Any]) -> dict[str, Any]:
    """Pick the field named by the category's ``gender_field_title`` when the event chose none."""
    title = settings.get("gender_field_title")
    if settings.get("gender_field") is not None or not title:
        return settings
    wanted = title.strip().casefold()
    for f in fields:
        if f.personal_data_type is None and f.title.strip().casefold() == wanted:
            return {**settings, "gender_field": f.id}
    return settings


def build_events(
    events: Sequence[IndicoEvent], settings: dict[int, dict[str, Any]], *, with_registrations: bool = True
) -> dict[int, Event]:
    """Genderlens events for ``events`` (each with its own settings), read with a dozen queries for all."""
    ids = [e.id for e in events]
    fields = form_fields_of(ids)
    settings = {i: resolve_gender_field(fields[i], settings[i]) for i in ids}
    reading = [e for e in events if with_registrations or settings[e.id].get("gender_field") is not None]
    regs = read_registrations_of(reading, settings, fields)
    linkers = {i: Linker(by_user=regs[i].by_user, by_email=regs[i].by_email) if i in regs else Linker() for i in ids}
    roles = {i: set(settings[i].get("roles", ALL_ROLES) or ()) for i in ids}
    participants = _event_participants_of(events, roles, linkers)
    sessions = _sessions_of(ids, roles, linkers)
    return {
        e.id: Event(
            id=str(e.id),
            title=e.title,
            source=f"indico:event/{e.id}",
            start=e.start_dt,
            end=e.end_dt,
            participants=participants[e.id],
            sessions=sessions[e.id],
            registration_tallies=regs[e.id].tallies if with_registrations and e.id in regs else (),
        )
        for e in events
    }


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
    return build_events([event], {event.id: settings}, with_registrations=with_registrations)[event.id]
