from genderlens.model import Role
from indico.modules.events.models.events import EventType
from indico.modules.users.models.users import UserTitle

from indico_genderlens.convert import build_event, gender_field_choices
from indico_genderlens.summary import compute_report, effective_settings, make_config


def test_build_event_maps_roles_titles_and_sessions(unbalanced):
    event = build_event(unbalanced.event)
    assert [(p.role, p.person.title) for p in event.participants] == [(Role.CHAIR, "Ms"), (Role.CHAIR, "Mr")]
    assert [s.title for s in event.sessions] == ["Future of Work", "Data Governance", "Keynote"]
    work = event.sessions[0]
    assert [(p.role, p.person.title) for p in work.participants] == [
        (Role.CONVENER, "Ms"),
        (Role.SPEAKER, "Ms"),
        (Role.SPEAKER, "Mr"),
        (Role.SPEAKER, "Mrs"),
        (Role.SPEAKER, "Mr"),
        (Role.SPEAKER, "Mr"),
        (Role.SPEAKER, "Dr"),
    ]
    # A 20-minute talk with two speakers gives each ten minutes.
    assert work.participants[1].minutes == 10
    assert event.sessions[2].id == f"contribution:{unbalanced.contributions['Keynote'].id}"
    # Names never reach the core, so no resolver can guess from them.
    everyone = [p.person for s in event.sessions for p in s.participants] + [p.person for p in event.participants]
    assert all(p.name is None and p.declared_gender is None for p in everyone)
    assert len({p.key for p in everyone}) == len(everyone)


def test_roles_counted_limits_what_is_converted(unbalanced):
    event = build_event(unbalanced.event, roles=["speakers"])
    assert event.participants == ()
    assert {p.role for s in event.sessions for p in s.participants} == {Role.SPEAKER}
    event = build_event(unbalanced.event, roles=["chairs", "conveners"])
    assert [s.title for s in event.sessions] == ["Future of Work", "Data Governance"]
    assert {p.role for s in event.sessions for p in s.participants} == {Role.CONVENER}


def test_lecture_person_links_are_speakers(build_programme):
    prog = build_programme(chairs=[("Ada", UserTitle.ms), ("Bob", UserTitle.mr)], type_=EventType.lecture)
    event = build_event(prog.event)
    assert {p.role for p in event.participants} == {Role.SPEAKER}


def test_report_comes_from_the_core(unbalanced):
    report = compute_report(unbalanced.event, effective_settings({}, {}))
    speakers = report.result("speakers")
    counts = speakers.counts
    assert (counts.woman, counts.man, counts.nonbinary, counts.unknown) == (2, 6, 1, 1)
    assert report.result("role_chair").counts.woman == 1
    assert report.result("role_convener").counts.total == 2
    assert [f.session_title for f in report.flags if f.rule == "all_male_panel"] == ["Data Governance"]
    assert report.misses


def test_registrations_use_the_chosen_field_and_skip_inactive(unbalanced, add_registrations):
    add_registrations(unbalanced, ["Woman", "Woman", "Man", "Prefer not to say", None], withdrawn=2)
    event = build_event(unbalanced.event, gender_field_id=unbalanced.gender_field.id)
    overall = {t.person.declared_gender: t.count for t in event.registration_tallies if t.field is None}
    # Registrations are read as tallies by answer; the two withdrawn ones are not counted.
    assert overall == {"Woman": 2, "Man": 1, "Prefer not to say": 1, None: 1}
    # Without a chosen field, answers are not read.
    tallies = build_event(unbalanced.event).registration_tallies
    assert {t.person.declared_gender for t in tallies} == {None}
    assert sum(t.count for t in tallies if t.field is None) == 5


def test_gender_field_choices_list_custom_choice_and_text_fields(unbalanced, add_registrations):
    add_registrations(unbalanced, [])
    assert gender_field_choices(unbalanced.event) == [(unbalanced.gender_field.id, "Registration Form: Gender")]


def test_settings_become_a_core_config():
    config = make_config(effective_settings({"target": 40, "tolerance": 5}, {"min_share": 30, "tolerance": None}))
    assert (config.target, config.tolerance, config.min_share, config.min_panel_size) == (0.4, 0.05, 0.3, 3)


def test_a_session_of_separate_talks_is_not_a_panel(build_programme):
    # Two all-male talks in one session: men talking one after the other is not an all-male panel.
    prog = build_programme(
        chairs=[("Ada", UserTitle.ms)],
        sessions={
            "Talks": (
                [],
                {"Talk 1": [("Al", UserTitle.mr), ("Bo", UserTitle.mr)], "Talk 2": [("Cy", UserTitle.mr)]},
            ),
            "Panel": ([], {"Only item": [("Di", UserTitle.mr), ("Ed", UserTitle.mr), ("Fu", UserTitle.mr)]}),
        },
    )
    sessions = {s.title: s for s in build_event(prog.event).sessions}
    assert sessions["Talks"].is_panel is False
    assert sessions["Panel"].is_panel is True
    report = compute_report(prog.event, effective_settings({}, {}))
    assert [f.session_title for f in report.flags if f.rule == "all_male_panel"] == ["Panel"]
