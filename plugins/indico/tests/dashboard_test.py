import re
from html import unescape

import pytest
from conftest import DR
from indico.modules.events.models.principals import EventPrincipal


def dashboard_url(event):
    return f"/event/{event.id}/manage/gender-balance/"


def text_of(html, pattern):
    """The tag-stripped, whitespace-collapsed text of the first match of ``pattern`` (up to ``</tr>``)."""
    match = re.search(pattern + r".*?</(tr|ul|table|div)>", html, re.DOTALL)
    assert match, f"{pattern!r} not found"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def test_dashboard_needs_full_management_rights(unbalanced, login, outsider):
    url = dashboard_url(unbalanced.event)
    anonymous = login().get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.headers["Location"]
    assert login(outsider).get(url).status_code == 403
    assert login(unbalanced.manager).get(url).status_code == 200


def test_menu_item_only_for_full_managers(db, unbalanced, login, outsider):
    event = unbalanced.event
    # A registration-only manager can open the registration pages, but not the dashboard.
    db.session.add(EventPrincipal(event=event, principal=outsider, permissions=["registration"]))
    db.session.flush()
    page = login(unbalanced.manager).get(f"/event/{event.id}/manage/registration/")
    assert page.status_code == 200
    assert "Gender balance" in page.text
    assert dashboard_url(event) in page.text
    page = login(outsider).get(f"/event/{event.id}/manage/registration/")
    assert page.status_code == 200
    assert "Gender balance" not in page.text
    assert login(outsider).get(dashboard_url(event)).status_code == 403


def test_dashboard_shows_the_core_figures(unbalanced, login):
    resp = login(unbalanced.manager).get(dashboard_url(unbalanced.event))
    html = resp.text
    work = unbalanced.sessions["Future of Work"]
    assert text_of(html, rf'<tr data-session="session:{work.id}">') == "Future of Work no 2 of 5 40.0% 1"
    data = unbalanced.sessions["Data Governance"]
    row = text_of(html, rf'<tr data-session="session:{data.id}">')
    assert row.startswith("Data Governance yes 0 of 3 0.0% 0 all-male panel (3 men)")
    assert text_of(html, r'<ul class="gl-all-male">') == "Data Governance (all-male panel (3 men))"
    assert text_of(html, r'<tr data-metric="speakers">').startswith("Speakers (head count) 2 of 9 22.2%")
    assert text_of(html, r'<tr data-metric="role_chair">').startswith("Role: chair 1 of 2 50.0%")
    assert text_of(html, r'<tr data-metric="role_convener">').startswith("Role: convener 1 of 2 50.0%")
    # Coverage: 13 of the 14 people in the programme have a gendered title (Dr Fay has not).
    # No rule judges everyone in the programme: no status (as in the core's table), never "ok".
    assert text_of(html, r'<tr data-metric="people">').endswith("4 of 13 30.8% 12.7-57.6% 92.9%")
    assert text_of(html, r'<tr data-metric="speakers">').endswith("misses")
    assert "speakers: 22.2% women" in text_of(html, r'<ul class="gl-flags">')
    assert 'class="gl-chart"' in html
    assert "gl-bar gl-miss" in html
    assert "data-genderlens-banner" in html


def test_balanced_event_shows_no_miss(balanced, login):
    html = login(balanced.manager).get(dashboard_url(balanced.event)).text
    assert "The programme meets the target" in html
    assert "data-genderlens-banner" not in html
    assert '<p class="gl-all-male-none">None.</p>' in html


def test_a_programme_of_unknown_genders_is_never_said_to_meet_the_target(build_programme, login):
    # Nobody has a gendered title: no rule can be broken, but nothing can be judged either (issue 7).
    prog = build_programme(
        chairs=[("Ada", DR), ("Bob", DR)],
        sessions={"Open Science": ([("Carla", DR)], {"Open panel": [("Alice", DR), ("Ben", DR), ("Cleo", DR)]})},
        title="Unknown Conference",
    )
    client = login(prog.manager)
    html = client.get(dashboard_url(prog.event)).text
    assert "The programme meets the target" not in html  # the success box
    assert "Cannot tell whether the event meets the target." in html
    assert 'data-verdict="cannot_tell"' in html
    assert text_of(html, r'<ul class="gl-reasons">').startswith("gender known for 0 of 6 people (0.0%)")
    assert text_of(html, r'<tr data-metric="speakers">').endswith("cannot tell")  # never "ok"
    # The management pages' banner, fetched once the page has loaded, does not say it either.
    fetched = client.get(f"/event/{prog.event.id}/manage/gender-balance/banner").text
    assert "data-genderlens-cannot-tell" in fetched
    assert "cannot tell yet whether the programme meets the target" in fetched
    assert "data-genderlens-ok" not in fetched


def test_registrations_by_declared_gender(plugin, unbalanced, add_registrations, login):
    add_registrations(unbalanced, ["Woman", "Woman", "Woman", "Man", "Prefer not to say", None], withdrawn=2)
    plugin.event_settings.set(unbalanced.event, "gender_field", unbalanced.gender_field.id)
    html = login(unbalanced.manager).get(dashboard_url(unbalanced.event)).text
    # women, men, non-binary, undisclosed, unknown, total, share, coverage
    assert text_of(html, r"<tr data-registrations>").endswith("3 1 0 1 1 6 75.0% 66.7%")


def test_registrations_by_title_without_a_gender_field(unbalanced, add_registrations, login):
    add_registrations(unbalanced, ["Woman", "Man", None], titles=["Mr", "Ms", "Mx"])
    html = login(unbalanced.manager).get(dashboard_url(unbalanced.event)).text
    # The answers are ignored until the manager picks the field; the titles give 1 woman, 1 man, 1 non-binary.
    assert text_of(html, r"<tr data-registrations>").endswith("1 1 1 0 0 3 33.3% 100.0%")


@pytest.mark.parametrize("path", ["/manage/timetable/", "/manage/", "/manage/contributions/"])
def test_banner_on_management_pages(unbalanced, login, path):
    client = login(unbalanced.manager)
    # Cold cache: a placeholder, which fetches the banner (see banner_test.py); then the banner is inline.
    assert "data-gl-banner-pending" in client.get(f"/event/{unbalanced.event.id}{path}").text
    client.get(f"/event/{unbalanced.event.id}/manage/gender-balance/banner")
    resp = client.get(f"/event/{unbalanced.event.id}{path}")
    assert resp.status_code == 200
    assert "data-genderlens-banner" in resp.text
    assert "Gender balance:" in resp.text
    assert "speakers: 22.2% women" in resp.text


def test_no_banner_when_the_target_is_met(balanced, login):
    client = login(balanced.manager)
    client.get(dashboard_url(balanced.event))
    resp = client.get(f"/event/{balanced.event.id}/manage/timetable/")
    assert resp.status_code == 200
    assert "data-genderlens-banner" not in resp.text
    assert "data-gl-banner-pending" not in resp.text


@pytest.mark.parametrize(
    ("lang", "menu", "heading"),
    [
        ("fr_FR", "Équilibre des genres", "Inscriptions par genre"),
        ("es_ES", "Equilibrio de género", "Inscripciones por género"),
    ],
)
def test_pages_are_translated(unbalanced, login, lang, menu, heading):
    client = login(unbalanced.manager)
    with client.session_transaction() as sess:
        sess.lang = lang
    html = client.get(dashboard_url(unbalanced.event)).text
    assert menu in html
    assert heading in html
    # The banner is translated too.
    assert "le programme n" in html if lang == "fr_FR" else "el programa no alcanza el objetivo" in html
