"""The banner never holds up a management page: right after an edit it is fetched once the page has loaded."""

import pytest
from conftest import MS
from dashboard_test import dashboard_url, text_of

from indico_genderlens import summary

PENDING = "data-gl-banner-pending="


@pytest.fixture
def computations(mocker):
    return mocker.spy(summary, "compute_reports")


def banner_url(event):
    return f"/event/{event.id}/manage/gender-balance/banner"


def timetable_url(event):
    return f"/event/{event.id}/manage/timetable/"


def test_right_after_an_edit_the_page_shows_a_placeholder_and_computes_nothing(db, unbalanced, login, computations):
    event = unbalanced.event
    client = login(unbalanced.manager)
    client.get(dashboard_url(event))
    assert computations.call_count == 1
    html = client.get(timetable_url(event)).text
    assert "speakers: 22.2% women" in html
    assert PENDING not in html
    # An edit (through the ORM, as Indico's person editor does) empties the event's cache.
    ben = unbalanced.contributions["Work talk 1"].person_links[1]
    ben.person._title = MS
    db.session.flush()
    resp = client.get(timetable_url(event))
    assert resp.status_code == 200
    assert computations.call_count == 1  # the page did not compute the report
    assert "data-genderlens-banner" not in resp.text
    assert f'{PENDING}"{banner_url(event)}"' in resp.text
    assert 'role="status" aria-live="polite" aria-busy="true"' in resp.text
    # Without JavaScript, the placeholder links to the Gender balance page.
    slot = resp.text.split(PENDING, 1)[1].split("</div>", 1)[0]
    assert f'<a href="{dashboard_url(event)}">' in slot
    # The placeholder's request computes the report once, with the edit (3 of 9 speakers are women now).
    fetched = client.get(banner_url(event))
    assert fetched.status_code == 200
    assert fetched.headers["Cache-Control"] == "no-store"
    assert computations.call_count == 2
    assert "data-genderlens-banner" in fetched.text
    # (the core's first flag is now speaking time: Ben's 30 minutes count for a woman)
    assert "(2 issues, e.g. speaking_time: 33.3% women" in fetched.text
    assert "22.2%" not in fetched.text
    # No names: the people are called "<first name> Person<n>" by the fixture.
    assert "Person" not in fetched.text
    assert "Ben" not in fetched.text
    # Computed once, shared with the event page and the next management pages, which show it inline.
    page = client.get(dashboard_url(event)).text
    assert text_of(page, r'<tr data-metric="speakers">').startswith("Speakers (head count) 3 of 9")
    html = client.get(timetable_url(event)).text
    assert "(2 issues, e.g. speaking_time: 33.3% women" in html
    assert PENDING not in html
    assert computations.call_count == 2


def test_with_a_warm_cache_the_banner_is_inline(unbalanced, login, computations):
    client = login(unbalanced.manager)
    client.get(banner_url(unbalanced.event))
    for path in ("/manage/", "/manage/timetable/", "/manage/contributions/"):
        html = client.get(f"/event/{unbalanced.event.id}{path}").text
        assert "data-genderlens-banner" in html
        assert PENDING not in html
    assert computations.call_count == 1


def test_only_managers_get_the_banner(unbalanced, login, outsider, computations):
    url = banner_url(unbalanced.event)
    anonymous = login().get(url)
    assert anonymous.status_code == 403  # not a redirect to the login page: it is fetched by a script
    assert login().get(url, headers={"X-Requested-With": "XMLHttpRequest"}).status_code == 403
    outsider_resp = login(outsider).get(url)
    assert outsider_resp.status_code == 403
    assert "data-genderlens-banner" not in outsider_resp.text
    assert computations.call_count == 0
    assert PENDING not in login(outsider).get(f"/event/{unbalanced.event.id}/").text
    assert login(unbalanced.manager).get(url).status_code == 200


def test_a_met_target_replaces_the_placeholder_with_a_note_then_nothing(balanced, login, computations):
    client = login(balanced.manager)
    event = balanced.event
    assert PENDING in client.get(timetable_url(event)).text
    fetched = client.get(banner_url(event))
    assert fetched.status_code == 200
    assert "data-genderlens-ok" in fetched.text
    assert "data-genderlens-banner" not in fetched.text
    html = client.get(timetable_url(event)).text
    assert PENDING not in html
    assert "data-genderlens-ok" not in html
    assert "data-genderlens-banner" not in html
    assert computations.call_count == 1


def test_the_placeholder_is_translated(unbalanced, login):
    client = login(unbalanced.manager)
    with client.session_transaction() as sess:
        sess.lang = "fr_FR"
    html = client.get(timetable_url(unbalanced.event)).text
    assert PENDING in html
    assert "vérification du programme par rapport à l" in html
