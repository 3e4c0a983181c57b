"""Time the plugin's pages in real Indico 3.3 with a real PostgreSQL, at the sizes of issue #9.

Seeds one large event (1,000 contributions, 2,000 speaker links, 40 sessions with conveners, 5,000
registrations with 5 answers each) and a category holding 200 realistic events in 4 subcategories, then times
through Flask's test client, as a logged-in manager:

* the event page (``event_page_ms``), cold (empty cache) and warm;
* a management page carrying the banner, and the banner's own share of it (``banner_ms``);
* the management page right after an edit (``after_edit_ms``): with the placeholder (now), with the banner
  computed synchronously as before (``plugin.known_programme_misses`` patched to compute), and the
  placeholder's own request for the banner (``banner_endpoint``), which computes the report off the page;
* the programme-only report (``programme_only_report_ms``: no registrations), the alternative to a placeholder;
* the category page over those 200 events (``category_page_ms``), cold and warm;

and prints JSON with the timings, SQL query counts and HTTP statuses. Run it from the repository root with
the test environment of ``.ci/indico-tests.sh``::

    .ci/indico-tests.sh benchmarks/bench_pages.py -o python_files='bench_*.py' -s -q

(it runs as one pytest "test" to reuse Indico's database fixtures; seeding takes about a minute).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from flask import g
from indico.core.db import db
from indico.core.plugins import plugin_engine
from indico.modules.events.contributions.models.contributions import Contribution
from indico.modules.events.contributions.models.persons import ContributionPersonLink
from indico.modules.events.models.events import EventType
from indico.modules.events.models.persons import EventPerson, EventPersonLink
from indico.modules.events.registration.models.form_fields import RegistrationFormField, RegistrationFormFieldData
from indico.modules.events.registration.models.forms import RegistrationForm
from indico.modules.events.registration.models.registrations import (
    Registration,
    RegistrationData,
    RegistrationState,
)
from indico.modules.events.registration.util import create_personal_data_fields
from indico.modules.events.sessions.models.blocks import SessionBlock
from indico.modules.events.sessions.models.persons import SessionBlockPersonLink
from indico.modules.events.sessions.models.sessions import Session
from indico.modules.users.models.users import UserTitle
from sqlalchemy import event as sa_event

TITLES = (UserTitle.ms, UserTitle.mr, UserTitle.mr, UserTitle.mrs, UserTitle.dr, UserTitle.none, UserTitle.mx)
GENDERS = ("Woman", "Man", "Man", "Woman", "Non-binary", "Prefer not to say")
COUNTRIES = ("CH", "FR", "KE", "BR", "IN", "EG", "RU", "US", "JP", "NG", "DE", "AR")
PARTICIPATION = ("In person", "Remote")


@contextmanager
def count_queries():
    counter = {"n": 0}

    def before(*args, **kwargs):
        counter["n"] += 1

    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa_event.remove(engine, "before_cursor_execute", before)


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


def seed_event(
    create_event,
    category,
    manager,
    *,
    title,
    start,
    sessions,
    contribs_per_session,
    speakers,
    chairs,
    registrations,
    linked_share=0.1,
):
    """An event with ``sessions`` sessions (one convener each), contributions, speakers and registrations."""
    event = create_event(
        type_=EventType.conference, title=title, start_dt=start, end_dt=start + timedelta(days=2), category=category
    )
    event.update_principal(manager, full_access=True)
    n = 0

    def person(kind):
        nonlocal n
        n += 1
        p = EventPerson(
            event=event,
            first_name=f"{kind}{n}",
            last_name="Bench",
            email=f"{kind}{n}.{event.id}@bench.test",
            title=TITLES[n % len(TITLES)],
        )
        return p

    event.person_links = [EventPersonLink(person=person("chair")) for _ in range(chairs)]
    speaker_emails = []
    for s in range(sessions):
        sess = Session(event=event, title=f"Session {s}")
        block = SessionBlock(session=sess, title="", duration=timedelta(hours=2))
        block.person_links = [SessionBlockPersonLink(person=person("convener"))]
        for c in range(contribs_per_session):
            contrib = Contribution(event=event, session=sess, title=f"Talk {s}.{c}", duration=timedelta(minutes=20))
            links = []
            for _ in range(speakers):
                p = person("speaker")
                speaker_emails.append(p.email)
                links.append(ContributionPersonLink(person=p, is_speaker=True))
            contrib.person_links = links
    db.session.flush()
    if not registrations:
        return event
    regform = RegistrationForm(event=event, title="Registration", currency="CHF")
    create_personal_data_fields(regform)
    for f in regform.sections[0].fields:
        f.is_enabled = True
    db.session.add(regform)
    db.session.flush()
    gender, g_uuid = choice_field(regform, "Gender", GENDERS)
    participation, p_uuid = choice_field(regform, "Participation", PARTICIPATION)
    pd = {f.personal_data_type.name: f for f in regform.sections[0].fields if f.personal_data_type}
    title_uuid = {caption: uuid for uuid, caption in pd["title"].data["captions"].items()}
    title_captions = list(title_uuid)
    linked = int(len(speaker_emails) * linked_share)
    for r in range(registrations):
        email = speaker_emails[r] if r < linked else f"reg{r}.{event.id}@bench.test"
        reg = Registration(
            registration_form=regform,
            first_name=f"R{r}",
            last_name="Bench",
            email=email,
            currency="CHF",
            state=RegistrationState.complete if r % 50 else RegistrationState.withdrawn,
        )
        reg.data = [
            RegistrationData(field_data=gender.current_data, data={g_uuid[GENDERS[r % len(GENDERS)]]: 1}),
            RegistrationData(field_data=pd["title"].current_data, data={title_uuid[title_captions[r % 3]]: 1}),
            RegistrationData(field_data=pd["country"].current_data, data=COUNTRIES[r % len(COUNTRIES)]),
            RegistrationData(field_data=pd["affiliation"].current_data, data={"id": None, "text": f"Org {r % 40}"}),
            RegistrationData(field_data=participation.current_data, data={p_uuid[PARTICIPATION[r % 2]]: 1}),
        ]
        db.session.add(reg)
        if r % 1000 == 999:
            db.session.flush()
    db.session.flush()
    plugin_engine.get_plugin("genderlens").event_settings.set_multi(
        event, {"gender_field": gender.id, "participation_field": participation.id}
    )
    return event


def timed(client, url, runs=1):
    """(milliseconds of each run, SQL queries of the last run, HTTP status of the last run)."""
    times = []
    for _ in range(runs):
        with count_queries() as queries:
            start = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    return times, queries["n"], resp.status_code


def clear_cache():
    """Forget every cached report (not the whole redis DB: it also holds the login sessions)."""
    from indico.modules.events.models.events import Event

    from indico_genderlens import cache

    cache.invalidate(*(event_id for (event_id,) in db.session.query(Event.id)))


#: ``BENCH_SCALE=0.1`` seeds a tenth of the sizes (a quick check of the script itself).
SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def scaled(n):
    return max(1, round(n * SCALE))


def test_bench_pages(db, create_event, create_category, create_user, make_test_client, app):
    t0 = time.perf_counter()
    manager = create_user(9001, first_name="Bench", last_name="Manager", email="bench@bench.test")
    big_cat = create_category(title="Big")
    big = seed_event(
        create_event,
        big_cat,
        manager,
        title="Large conference",
        start=datetime(2026, 6, 1, tzinfo=UTC),
        sessions=scaled(40),
        contribs_per_session=25,
        speakers=2,
        chairs=3,
        registrations=scaled(5000),
    )
    # 40% of its speakers of known gender are women, 26% of them have no known gender (at most 56% women,
    # whatever the unknown genders): a 75% target (70-80%) makes it miss, so the management pages carry the banner.
    plugin_engine.get_plugin("genderlens").event_settings.set_multi(big, {"target": 75, "tolerance": 5})
    itu = create_category(title="ITU-T")
    itu.update_principal(manager, full_access=True)
    groups = [create_category(title=f"SG{n}", parent=itu) for n in (2, 5, 13, 17)]
    last_year = datetime.now(UTC).year - 1
    for i in range(scaled(200)):
        seed_event(
            create_event,
            groups[i % 4],
            manager,
            title=f"SG meeting {i}",
            start=datetime(last_year, 1 + i % 12, 1 + i % 28, 9, tzinfo=UTC),
            sessions=4,
            contribs_per_session=5,
            speakers=2,
            chairs=3,
            registrations=30,
        )
    db.session.flush()
    seed_s = time.perf_counter() - t0
    print(f"\nseeded in {seed_s:.0f} s", flush=True)

    client = make_test_client()
    with client.session_transaction() as sess:
        sess.set_session_user(manager)
    page = f"/event/{big.id}/manage/gender-balance/"
    manage = f"/event/{big.id}/manage/"
    category_page = f"/category/{itu.id}/manage/gender-balance/"

    def fresh():
        for key in (
            "genderlens_misses",
            "genderlens_reports",
            "genderlens_category_defaults",
            "settings_cache",
            "global_settings_cache",
        ):
            g.pop(key, None)

    from flask import request_started

    request_started.connect(lambda sender, **kw: fresh(), app, weak=False)

    # Warm-up: the first request of a process compiles the templates; "cold" below means an empty report cache.
    client.get(page)
    client.get(category_page)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        for url in (page, category_page):
            clear_cache()
            prof = cProfile.Profile()
            prof.enable()
            client.get(url)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    clear_cache()
    cold, cold_q, cold_status = timed(client, page)
    warm, warm_q, warm_status = timed(client, page, runs=5)
    # The banner: a management page with a warm cache, minus the same page without the hook's work.
    plugin = plugin_engine.get_plugin("genderlens")
    managed, managed_q, managed_status = timed(client, manage, runs=5)
    banner_times = []
    with app.test_request_context():
        from flask import session as flask_session

        flask_session.set_session_user(manager)
        for _ in range(20):
            fresh()
            start = time.perf_counter()
            with plugin.plugin_context():
                plugin._render_banner(big)
            banner_times.append((time.perf_counter() - start) * 1000)
    clear_cache()
    with app.test_request_context():
        from flask import session as flask_session

        flask_session.set_session_user(manager)
        fresh()
        start = time.perf_counter()
        with plugin.plugin_context():
            plugin._render_banner(big)
        banner_cold = (time.perf_counter() - start) * 1000

    # Right after an edit: an edit (through the ORM, as Indico's person editor does) empties the event's cache.
    from indico_genderlens import plugin as plugin_module
    from indico_genderlens import summary

    speaker = Contribution.query.filter_by(event_id=big.id).first().person_links[0].person

    def edit():
        speaker._title = UserTitle.ms if speaker._title != UserTitle.ms else UserTitle.mr
        db.session.flush()

    timetable = f"/event/{big.id}/manage/timetable/"
    client.get(timetable)  # (compiles the timetable's templates)
    after_edit = {"management_page": [], "timetable": [], "banner_endpoint": [], "synchronous_before": []}
    after_edit_q = {}
    bodies = {}
    for _ in range(3):
        for name, url in (("management_page", manage), ("timetable", timetable)):
            client.get(f"/event/{big.id}/manage/gender-balance/banner")  # warm again
            edit()
            times, after_edit_q[name], _status = timed(client, url)
            after_edit[name] += times
            bodies[name] = client.get(url).text  # (still cold: the page never computes)
        times, after_edit_q["banner_endpoint"], _status = timed(client, f"/event/{big.id}/manage/gender-balance/banner")
        after_edit["banner_endpoint"] += times
        client.get(manage)
        edit()
        real = plugin_module.known_programme_misses
        plugin_module.known_programme_misses = summary.programme_misses  # the banner as it was: computed here
        try:
            times, after_edit_q["synchronous_before"], _status = timed(client, manage)
        finally:
            plugin_module.known_programme_misses = real
        after_edit["synchronous_before"] += times

    # The alternative the issue names: the programme-only verdict (no registrations), computed synchronously.
    programme_only = []
    with app.test_request_context():
        settings = plugin.effective_settings(big)
        for _ in range(3):
            start = time.perf_counter()
            summary.compute_report(big, settings, with_registrations=False)
            programme_only.append((time.perf_counter() - start) * 1000)
    client.get(f"/event/{big.id}/manage/gender-balance/banner")
    banner_shown = "data-genderlens-banner" in client.get(manage).text
    clear_cache()
    cat_cold, cat_cold_q, cat_status = timed(client, category_page)
    cat_warm, cat_warm_q, _ = timed(client, category_page, runs=3)
    html = client.get(category_page).text
    result = {
        "seed_s": round(seed_s, 1),
        "event_page_ms": {"cold": round(cold[0]), "warm_median": round(statistics.median(warm))},
        "event_page_queries": {"cold": cold_q, "warm": warm_q},
        "banner_ms": {
            "warm_median": round(statistics.median(banner_times), 2),
            "cold_placeholder": round(banner_cold, 2),
        },
        "banner_shown": banner_shown,
        "management_page_ms": {"warm_median": round(statistics.median(managed))},
        "management_page_queries": managed_q,
        "after_edit_ms": {k: [round(t) for t in v] for k, v in after_edit.items()},
        "after_edit_median_ms": {k: round(statistics.median(v)) for k, v in after_edit.items()},
        "after_edit_queries": after_edit_q,
        "programme_only_report_ms": [round(t) for t in programme_only],
        "after_edit_placeholder_shown": {k: "data-gl-banner-pending" in v for k, v in bodies.items()},
        "category_page_ms": {"cold": round(cat_cold[0]), "warm_median": round(statistics.median(cat_warm))},
        "category_page_queries": {"cold": cat_cold_q, "warm": cat_warm_q},
        "category_events": html.count("data-event="),
        "statuses": {
            "event_page": [cold_status, warm_status],
            "management_page": managed_status,
            "category_page": cat_status,
        },
    }
    print("\n" + json.dumps(result, indent=2))
    assert cold_status == warm_status == managed_status == cat_status == 200
