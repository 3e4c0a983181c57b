"""Serve a demo event on a real Indico dev server, for the README screenshot (never use in production).

Run by ``docs/screenshot.sh``, which writes ``indico.conf``, prepares the database and starts redis. This script
adds a demo event with sessions, speakers, conveners, chairs and registrations, plus a ``/_demo_login/<id>``
route that logs the browser in as the event manager (a headless browser cannot fill in the login form).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

from flask import redirect, session
from indico.core.db import db
from indico.core.plugins import plugin_engine, url_for_plugin
from indico.modules.categories import Category
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.models.events import Event, EventType
from indico.modules.events.models.persons import EventPerson, EventPersonLink
from indico.modules.events.registration.models.form_fields import RegistrationFormField, RegistrationFormFieldData
from indico.modules.events.registration.models.forms import RegistrationForm
from indico.modules.events.registration.models.registrations import Registration, RegistrationData, RegistrationState
from indico.modules.events.registration.util import create_personal_data_fields
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.sessions.models.sessions import Session
from indico.modules.users import User
from indico.modules.users.models.users import UserTitle
from indico.util.date_time import now_utc
from indico.web.flask.app import make_app

T = UserTitle
PROGRAMME = {
    "Opening plenary": ([("Amina", T.ms)], {"Welcome address": [("Rosa", T.ms)]}),
    "Future of Work": (
        [("Carla", T.ms)],
        {"Automation and jobs": [("Alice", T.ms), ("Ben", T.mr)], "Skills": [("Cleo", T.mrs), ("Dan", T.mr)]},
    ),
    "Data Governance": ([("Gus", T.mr)], {"Who owns the data?": [("Hal", T.mr), ("Ian", T.mr), ("Jon", T.mr)]}),
    "Climate Finance": (
        [("Lena", T.ms), ("Omar", T.mr)],
        {"Green bonds": [("Maya", T.ms), ("Noah", T.mr), ("Pat", T.mx), ("Quinn", T.dr)]},
    ),
}


COUNTRIES = ("CH", "FR", "KE", "BR", "IN", "EG", "RU", "US", "JP", "NG", "DE", "AR", "CH", "KE", "FR")


def build_demo() -> tuple[User, Event, Category, Event]:
    manager = User(first_name="Mia", last_name="Manager", email="mia@example.test", affiliation="Example Org")
    db.session.add(manager)
    category = Category(title="WSIS", parent=Category.get_root(), timezone="UTC", acl_entries=set())
    db.session.add(category)
    db.session.commit()  # the category's chain (for the ACL log) exists once it is stored
    category.update_principal(manager, full_access=True)
    start = now_utc(exact=False).replace(hour=9, minute=0) + timedelta(days=30)
    earlier = build_event(manager, category, f"Parity Forum {start.year - 1}", start - timedelta(days=365), 20)
    event = build_event(manager, category, f"Parity Forum {start.year}", start, 0)
    return manager, event, category, earlier


def build_event(manager: User, category: Category, title: str, start: datetime, skip: int) -> Event:
    """An event with the demo programme (its first ``skip`` registrations left out)."""
    event = Event(
        type_=EventType.conference,
        title=title,
        creator=manager,
        category=category,
        start_dt=start,
        end_dt=start + timedelta(hours=9),
        timezone="UTC",
        acl_entries=set(),
    )
    db.session.add(event)
    event.update_principal(manager, full_access=True)
    # Friendly ids are allocated through the event row, so it must be committed first.
    db.session.commit()
    counter = iter(range(1000))

    def person(spec: tuple[str, UserTitle]) -> EventPerson:
        first, title = spec
        n = next(counter)
        return EventPerson(
            event=event, first_name=first, last_name=f"Speaker{n}", email=f"p{n}.{event.id}@example.test", title=title
        )

    event.person_links = [EventPersonLink(person=person(p)) for p in [("Ada", T.ms), ("Bob", T.mr)]]
    for title, (conveners, contribs) in PROGRAMME.items():
        sess = Session(event=event, title=title)
        block = SessionBlock(session=sess, title=title, duration=timedelta(hours=1))
        block.person_links = [SessionBlockPersonLink(person=person(p)) for p in conveners]
        for contrib_title, speakers in contribs.items():
            contrib = Contribution(event=event, title=contrib_title, duration=timedelta(minutes=30), session=sess)
            contrib.person_links = [ContributionPersonLink(person=person(p), is_speaker=True) for p in speakers]
        db.session.add(sess)
        db.session.flush()

    regform = RegistrationForm(event=event, title="Registration", currency="EUR")
    create_personal_data_fields(regform)
    section = regform.sections[0]
    gender = RegistrationFormField(registration_form=regform, parent=section, title="Gender")
    gender.input_type = "single_choice"
    choices = [{"caption": c, "is_enabled": True} for c in ("Woman", "Man", "Non-binary", "Prefer not to say")]
    gender.data, versioned = gender.field_impl.process_field_data(
        {"item_type": "dropdown", "with_extra_slots": False, "choices": choices}
    )
    gender.current_data = RegistrationFormFieldData(versioned_data=versioned)
    db.session.add(regform)
    db.session.flush()
    uuid_of = {caption: uuid for uuid, caption in gender.data["captions"].items()}
    pd = {f.personal_data_type.name: f for f in section.fields if f.personal_data_type}
    for f in section.fields:
        f.is_enabled = True
    # Quinn (Dr: no gender from the title) registered with her own address and answered "Woman".
    quinn = next(p for p in event.persons if p.first_name == "Quinn")
    answers = ["Woman"] * 41 + ["Man"] * 37 + ["Non-binary"] * 3 + ["Prefer not to say"] * 4 + [None] * 6
    for n, answer in enumerate(answers[skip:]):
        reg = Registration(
            registration_form=regform,
            first_name=f"Reg{n}",
            last_name="Istrant",
            email=quinn.email if n == 0 else f"reg{n}.{event.id}@example.test",
            currency="EUR",
            state=RegistrationState.complete,
        )
        if answer:
            reg.data.append(RegistrationData(field_data=gender.current_data, data={uuid_of[answer]: 1}))
        reg.data.append(RegistrationData(field_data=pd["country"].current_data, data=COUNTRIES[n % len(COUNTRIES)]))
        db.session.add(reg)
    db.session.flush()
    plugin_engine.get_plugin("genderlens").event_settings.set(event, "gender_field", gender.id)
    db.session.commit()
    return event


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    app = make_app()
    with app.app_context():
        manager, event, category, earlier = build_demo()
        manager_id, event_id, category_id = manager.id, event.id, category.id
        years = (earlier.start_dt.year, event.start_dt.year)

    def demo_login() -> object:
        session.set_session_user(User.get(manager_id))
        return redirect(url_for_plugin("genderlens.dashboard", Event.get(event_id)))

    def demo_category() -> object:
        session.set_session_user(User.get(manager_id))
        dates = {"from": f"{years[0]}-01-01", "to": f"{years[1]}-12-31"}
        return redirect(url_for_plugin("genderlens.category", Category.get(category_id), **dates))

    app.add_url_rule("/_demo_login", "demo_login", demo_login)
    app.add_url_rule("/_demo_category", "demo_category", demo_category)
    print(f"demo event {event_id}: http://{host}:{port}/_demo_login", flush=True)
    app.run(host=host, port=port, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
