"""Reports are computed once per request, cached, and never stale after an edit."""

import pytest
from conftest import MS
from dashboard_test import dashboard_url, text_of
from indico.core import signals

from indico_genderlens import cache, summary


@pytest.fixture
def computations(mocker):
    return mocker.spy(summary, "compute_reports")


def speakers(html):
    return text_of(html, r'<tr data-metric="speakers">')


def test_one_computation_per_request_then_the_cache(unbalanced, login, computations):
    client = login(unbalanced.manager)
    html = client.get(dashboard_url(unbalanced.event)).text
    # The page and its banner share one report.
    assert computations.call_count == 1
    assert "data-genderlens-banner" in html
    client.get(dashboard_url(unbalanced.event))
    client.get(f"/event/{unbalanced.event.id}/manage/timetable/")
    assert computations.call_count == 1


def test_an_edited_title_is_seen_at_once(db, unbalanced, login, computations):
    client = login(unbalanced.manager)
    assert speakers(client.get(dashboard_url(unbalanced.event)).text).startswith("Speakers (head count) 2 of 9")
    ben = unbalanced.contributions["Work talk 1"].person_links[1]
    ben.person._title = MS  # as Indico's person editor does, through the ORM
    db.session.flush()
    assert speakers(client.get(dashboard_url(unbalanced.event)).text).startswith("Speakers (head count) 3 of 9")
    assert computations.call_count == 2


def test_new_and_withdrawn_registrations_are_seen_at_once(db, plugin, unbalanced, add_registrations, login):
    client = login(unbalanced.manager)
    add_registrations(unbalanced, ["Woman", "Man"])
    plugin.event_settings.set(unbalanced.event, "gender_field", unbalanced.gender_field.id)
    assert text_of(client.get(dashboard_url(unbalanced.event)).text, r"<tr data-registrations>").endswith(
        "1 1 0 0 0 2 50.0% 100.0%"
    )
    reg = unbalanced.regform.registrations[1]
    reg.state = reg.state.withdrawn
    db.session.flush()
    assert text_of(client.get(dashboard_url(unbalanced.event)).text, r"<tr data-registrations>").endswith(
        "1 0 0 0 0 1 100.0% 100.0%"
    )


@pytest.mark.parametrize(
    ("signal", "sender", "kwargs"),
    [
        ("contribution_updated", lambda prog: prog.contributions["Keynote"], {}),
        ("session_updated", lambda prog: prog.sessions["Data Governance"], {}),
        ("updated", lambda prog: prog.event, {"changes": {}}),
        ("person_updated", lambda prog: prog.event.person_links[0].person, {}),
    ],
)
def test_indico_signals_drop_the_cached_report(unbalanced, signal, sender, kwargs):
    settings_key = cache.settings_key({})
    cache.set_report(
        unbalanced.event.id, settings_key, summary.compute_report(unbalanced.event, summary.effective_settings({}, {}))
    )
    assert cache.get_report(unbalanced.event.id, settings_key) is not None
    getattr(signals.event, signal).send(sender(unbalanced), **kwargs)
    assert cache.get_report(unbalanced.event.id, settings_key) is None


def test_other_events_keep_their_cache(unbalanced, balanced):
    key = cache.settings_key({})
    report = summary.compute_report(balanced.event, summary.effective_settings({}, {}))
    cache.set_report(balanced.event.id, key, report)
    signals.event.contribution_updated.send(unbalanced.contributions["Keynote"])
    assert cache.get_report(balanced.event.id, key) == report
