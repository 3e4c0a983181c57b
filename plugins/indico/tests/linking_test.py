"""Speakers, chairs and conveners take the gender they declared in their own registration."""

from conftest import DR, MR
from genderlens.model import GenderSource

from indico_genderlens.convert import build_event
from indico_genderlens.summary import compute_report, effective_settings


def people_by_key(event):
    return {p.person.key: p.person for p in event.all_participants()}


def test_person_links_are_matched_by_user_then_email_never_by_name(
    build_programme, add_registrations, create_user, plugin, login
):
    ada = create_user(3001, first_name="Ada", last_name="Lovelace", email="ada@example.test")
    prog = build_programme(
        # Ada's title says Mr (a data-entry slip); her own registration (same Indico user) says Woman.
        chairs=[("Ada", MR, ada)],
        # Fay (Dr: no gender from the title) registered with the same e-mail address, not logged in.
        # Gus (Dr) did not register; a registrant with exactly his name but another address answered Woman.
        standalone={"Talk": [("Fay", DR), ("Gus", DR)]},
    )
    fay, gus = (link.person for link in prog.contributions["Talk"].person_links)
    add_registrations(
        prog,
        ["Woman", "Woman", "Woman", "Man"],
        users=[ada, None, None, None],
        emails=[None, fay.email, "someone.else@example.test", None],
        names=[None, None, (gus.first_name, gus.last_name), None],
    )
    plugin.event_settings.set(prog.event, "gender_field", prog.gender_field.id)
    settings = effective_settings({}, {"gender_field": prog.gender_field.id})

    people = people_by_key(build_event(prog.event, settings))
    assert people[f"person:{prog.event.person_links[0].person_id}"].declared_gender == "Woman"
    assert people[f"person:{fay.id}"].declared_gender == "Woman"
    assert people[f"person:{gus.id}"].declared_gender is None

    report = compute_report(prog.event, settings)
    chair = report.result("role_chair")
    assert (chair.counts.woman, chair.counts.man) == (1, 0)  # the declared answer wins over the title
    # Provenance: 2 genders from the people's own registrations, 1 unknown (Gus, Dr, not registered).
    assert report.result("people").sources == {GenderSource.DECLARED.value: 2, GenderSource.NONE.value: 1}

    html = login(prog.manager).get(f"/event/{prog.event.id}/manage/gender-balance/").text
    assert '<span data-source="declared">2 from their own registration</span>' in html
    assert '<span data-source="none">1 unknown</span>' in html
    # Registrants' names are never shown (nor read).
    assert "Istrant" not in html
    assert "Reg1" not in html


def test_without_a_gender_field_titles_are_used(build_programme, add_registrations, create_user):
    ada = create_user(3002, first_name="Ada", last_name="Lovelace", email="ada2@example.test")
    prog = build_programme(chairs=[("Ada", MR, ada)])
    add_registrations(prog, ["Woman"], users=[ada])
    report = compute_report(prog.event, effective_settings({}, {}))
    assert report.result("role_chair").counts.man == 1
    assert report.result("people").sources == {GenderSource.TITLE.value: 1}


def test_a_registration_without_an_answer_leaves_the_title(build_programme, add_registrations, create_user):
    ada = create_user(3003, first_name="Ada", last_name="Lovelace", email="ada3@example.test")
    prog = build_programme(chairs=[("Ada", MR, ada)])
    add_registrations(prog, [None], users=[ada])
    report = compute_report(prog.event, effective_settings({}, {"gender_field": prog.gender_field.id}))
    assert report.result("role_chair").counts.man == 1
    assert report.result("people").sources == {GenderSource.TITLE.value: 1}
