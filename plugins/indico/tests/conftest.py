from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import g, request_started
from indico.core.plugins import plugin_engine
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.models.events import EventType
from indico.modules.events.models.persons import EventPersonLink
from indico.modules.events.registration.models.form_fields import RegistrationFormField, RegistrationFormFieldData
from indico.modules.events.registration.models.registrations import (
    Registration,
    RegistrationData,
    RegistrationState,
)
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.timetable.models.entries import TimetableEntry
from indico.modules.users.models.users import UserTitle
from indico.util.date_time import now_utc

pytest_plugins = ("indico.modules.events.registration.testing.fixtures",)


@dataclass
class Programme:
    """An event built by the ``build_programme`` fixture, with handles on what the tests look at."""

    event: object
    manager: object
    sessions: dict = field(default_factory=dict)
    contributions: dict = field(default_factory=dict)
    regform: object = None
    gender_field: object = None
    fields: dict = field(default_factory=dict)


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """Give every test-client request a clean ``g``, as in production.

    Indico's ``app_context`` fixture wraps the whole test, so Flask reuses its ``g`` for each request and
    caches kept there (Indico's settings cache, our per-request report) would outlive the request.
    """

    def clear(sender, **kwargs):
        for key in (
            "settings_cache",
            "global_settings_cache",
            "genderlens_misses",
            "genderlens_reports",
            "genderlens_category_defaults",
        ):
            g.pop(key, None)

    request_started.connect(clear, app)
    yield
    request_started.disconnect(clear, app)


@pytest.fixture
def plugin():
    return plugin_engine.get_plugin("genderlens")


@pytest.fixture
def manager(create_user):
    return create_user(2001, first_name="Mia", last_name="Manager", email="manager@example.test")


@pytest.fixture
def outsider(create_user):
    return create_user(2002, first_name="Otto", last_name="Outsider", email="outsider@example.test")


@pytest.fixture
def login(make_test_client):
    """A test client logged in as ``user`` (or anonymous for ``None``)."""
    clients = []

    def _login(user=None):
        client = make_test_client()
        clients.append(client)
        if user is not None:
            with client.session_transaction() as sess:
                sess.set_session_user(user)
        return client

    return _login


@pytest.fixture
def build_programme(
    db, create_event, create_event_person, create_session, create_session_block, create_contribution, manager
):
    """Build an event from a compact description.

    ``sessions`` maps a session title to ``(conveners, {contribution title: speakers})``; ``standalone`` maps
    a contribution title to its speakers; people are ``(first name, UserTitle)`` pairs.
    """
    counter = iter(range(1, 10_000))

    def person(event, spec):
        first, title, *rest = spec
        user = rest[0] if rest else None
        n = next(counter)
        return create_event_person(
            event,
            first_name=first,
            last_name=f"Person{n}",
            email=user.email if user is not None else f"{first.lower()}{n}@example.test",
            affiliation="Example Org",
            title=title,
            user=user,
        )

    def _build(
        *,
        chairs=(),
        sessions=None,
        standalone=None,
        type_=EventType.conference,
        title="Parity Conference",
        start=None,
        category=None,
    ):
        start = start or now_utc(exact=False)
        extra = {"category": category} if category is not None else {}
        event = create_event(type_=type_, title=title, start_dt=start, end_dt=start + timedelta(hours=8), **extra)
        event.update_principal(manager, full_access=True)
        prog = Programme(event=event, manager=manager)
        event.person_links = [EventPersonLink(person=person(event, spec)) for spec in chairs]
        offset = timedelta()
        for sess_title, (conveners, contribs) in (sessions or {}).items():
            sess = create_session(event, sess_title)
            block = create_session_block(sess, f"{sess_title} block", timedelta(hours=2), start + offset)
            block.person_links = [SessionBlockPersonLink(person=person(event, spec)) for spec in conveners]
            prog.sessions[sess_title] = sess
            inner = timedelta()
            for contrib_title, speakers in contribs.items():
                contrib = create_contribution(event, contrib_title, session=sess)
                contrib.person_links = [
                    ContributionPersonLink(person=person(event, spec), is_speaker=True) for spec in speakers
                ]
                # `parent` must be set before `object`, or Indico's listener fails (see NOTES.md).
                entry = TimetableEntry(event=event, parent=block.timetable_entry, start_dt=start + offset + inner)
                entry.object = contrib
                inner += contrib.duration
                prog.contributions[contrib_title] = contrib
            offset += timedelta(hours=2)
        for contrib_title, speakers in (standalone or {}).items():
            contrib = create_contribution(event, contrib_title)
            contrib.person_links = [
                ContributionPersonLink(person=person(event, spec), is_speaker=True) for spec in speakers
            ]
            prog.contributions[contrib_title] = contrib
        db.session.flush()
        return prog

    return _build


@pytest.fixture
def add_registrations(db, create_regform):
    """Add a registration form with a single-choice "Gender" field and one registration per answer.

    ``answers`` are captions ("Woman", "Man"...) or ``None`` for no answer; ``titles`` (same length, optional)
    fill the personal-data Title field; ``withdrawn`` adds that many withdrawn "Woman" registrations.
    """

    def choice_field(regform, title, captions):
        field = RegistrationFormField(registration_form=regform, parent=regform.sections[0], title=title)
        field.input_type = "single_choice"
        field.data, versioned = field.field_impl.process_field_data(
            {
                "item_type": "dropdown",
                "with_extra_slots": False,
                "choices": [{"caption": c, "is_enabled": True} for c in captions],
            }
        )
        field.current_data = RegistrationFormFieldData(versioned_data=versioned)
        db.session.flush()
        return field, {caption: uuid for uuid, caption in field.data["captions"].items()}

    def _add(
        prog, answers, *, titles=None, withdrawn=0, emails=None, users=None, names=None, personal=None, choices=None
    ):
        """``emails``/``users``: per registration; ``personal``: {"country": [...], "affiliation": [...]};
        ``choices``: {field title: [caption per registration]} for extra single-choice fields."""
        regform = create_regform(prog.event)
        section = regform.sections[0]
        gender, uuid_of = choice_field(regform, "Gender", ("Woman", "Man", "Non-binary", "Prefer not to say"))
        title_field = next(f for f in section.fields if f.personal_data_type and f.personal_data_type.name == "title")
        title_uuid = {caption: uuid for uuid, caption in title_field.data["captions"].items()}
        pd_fields = {f.personal_data_type.name: f for f in section.fields if f.personal_data_type}
        extra = {}
        for field_title, values in (choices or {}).items():
            field, uuids = choice_field(regform, field_title, sorted({v for v in values if v}))
            extra[field_title] = (field, uuids, values)
        prog.fields = {t: f for t, (f, _u, _v) in extra.items()}
        titles = titles or [None] * len(answers)
        rows = [(a, t, RegistrationState.complete) for a, t in zip(answers, titles, strict=True)]
        rows += [("Woman", None, RegistrationState.withdrawn)] * withdrawn
        for n, (answer, title, state) in enumerate(rows):
            reg = Registration(
                registration_form=regform,
                first_name=names[n][0] if names and n < len(names) and names[n] else f"Reg{n}",
                last_name=names[n][1] if names and n < len(names) and names[n] else "Istrant",
                email=(emails[n] if emails and n < len(emails) and emails[n] else f"reg{n}@example.test"),
                user=(users[n] if users and n < len(users) else None),
                currency="USD",
                state=state,
            )
            if answer is not None:
                reg.data.append(RegistrationData(field_data=gender.current_data, data={uuid_of[answer]: 1}))
            if title is not None:
                reg.data.append(RegistrationData(field_data=title_field.current_data, data={title_uuid[title]: 1}))
            for name, values in (personal or {}).items():
                if n < len(values) and values[n] is not None:
                    value = values[n]
                    if name == "affiliation":
                        value = {"id": None, "text": value}
                    reg.data.append(RegistrationData(field_data=pd_fields[name].current_data, data=value))
            for field, uuids, values in extra.values():
                if n < len(values) and values[n]:
                    reg.data.append(RegistrationData(field_data=field.current_data, data={uuids[values[n]]: 1}))
            db.session.add(reg)
        db.session.flush()
        prog.regform, prog.gender_field = regform, gender
        return regform

    return _add


MS, MR, MRS, MX, DR = UserTitle.ms, UserTitle.mr, UserTitle.mrs, UserTitle.mx, UserTitle.dr


@pytest.fixture
def unbalanced(build_programme):
    """Speakers 2 of 9 known (22.2%); "Future of Work" 2 of 5 (40.0%); "Data Governance" is all male."""
    return build_programme(
        chairs=[("Ada", MS), ("Bob", MR)],
        sessions={
            "Future of Work": (
                [("Carla", MS)],
                {
                    "Work talk 1": [("Alice", MS), ("Ben", MR)],
                    "Work talk 2": [("Cleo", MRS), ("Dan", MR), ("Eli", MR), ("Fay", DR)],
                },
            ),
            "Data Governance": (
                [("Gus", MR)],
                {"Data panel": [("Hal", MR), ("Ian", MR), ("Jon", MR)]},
            ),
        },
        standalone={"Keynote": [("Kim", MX)]},
    )


@pytest.fixture
def balanced(build_programme):
    """Every share is 50%: no error flag."""
    return build_programme(
        chairs=[("Ada", MS), ("Bob", MR)],
        sessions={
            "Open Science": (
                [("Carla", MS), ("Dave", MR)],
                {"Open panel": [("Alice", MS), ("Ben", MR), ("Cleo", MS), ("Dan", MR)]},
            )
        },
        title="Balanced Conference",
    )
