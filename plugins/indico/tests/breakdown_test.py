"""Registrations by member state, ITU region, affiliation, participation, delegation role and fellowship."""

import pytest
from dashboard_test import dashboard_url, text_of

from indico_genderlens.regions import itu_region


@pytest.fixture
def delegates(plugin, unbalanced, add_registrations):
    add_registrations(
        unbalanced,
        ["Woman", "Man", "Woman", "Man", "Woman", None],
        personal={
            "country": ["CH", "CH", "FR", "KE", "KE", None],
            "affiliation": ["ITU", "ITU", "UNESCO", None, None, None],
        },
        choices={
            "Participation": ["In person", "Remote", "In person", "In person", "Remote", None],
            "Delegation role": ["Head of delegation", "Delegate", "Delegate", None, None, None],
            "Fellowship": ["Yes", "No", None, "Yes", None, None],
        },
    )
    fields = unbalanced.fields
    plugin.event_settings.set_multi(
        unbalanced.event,
        {
            "gender_field": unbalanced.gender_field.id,
            "participation_field": fields["Participation"].id,
            "delegation_role_field": fields["Delegation role"].id,
            "fellowship_field": fields["Fellowship"].id,
        },
    )
    return unbalanced


def test_breakdowns_from_the_chosen_fields_and_the_defaults(delegates, login):
    html = login(delegates.manager).get(dashboard_url(delegates.event)).text
    # Member state: the personal-data Country; region: its ITU region (CH, FR: Europe; KE: Africa).
    assert text_of(html, r'<tr data-group="Switzerland">') == "Switzerland 1 of 2 50.0% 2 100.0%"
    assert text_of(html, r'<tr data-group="Kenya">') == "Kenya 1 of 2 50.0% 2 100.0%"
    assert text_of(html, r'<tr data-group="Europe">') == "Europe 2 of 3 66.7% 3 100.0%"
    assert text_of(html, r'<tr data-group="Africa">') == "Africa 1 of 2 50.0% 2 100.0%"
    assert text_of(html, r'<tr data-group="ITU">') == "ITU 1 of 2 50.0% 2 100.0%"
    assert text_of(html, r'<tr data-group="Remote">') == "Remote 1 of 2 50.0% 2 100.0%"
    # The sixth registrant answered nothing: in no group.
    assert text_of(html, r'<tr data-group="In person">') == "In person 2 of 3 66.7% 3 100.0%"
    assert text_of(html, r'<tr data-group="Head of delegation">') == "Head of delegation 1 of 1 100.0% 1 100.0%"
    # Fellows: Yes for a woman and a man.
    assert text_of(html, r'<tr data-metric="fellowships">').startswith("Fellowships 1 of 2 50.0%")


def test_small_counts_are_suppressed(plugin, delegates, login):
    plugin.event_settings.set(delegates.event, "min_cell", 3)
    html = login(delegates.manager).get(dashboard_url(delegates.event)).text
    assert text_of(html, r'<tr data-group="Switzerland">') == "Switzerland <3 of <3 suppressed <3 suppressed"
    # The core's suppression (genderlens.privacy): Europe's 1 man is under 3, so he is hidden, with a
    # partner cell, and the share and coverage resting on them.
    assert text_of(html, r'<tr data-group="Europe">') == "Europe <3 of [c] suppressed [c] suppressed"
    # Downloads go through the core's renderers with the same threshold.
    data = login(delegates.manager).get(dashboard_url(delegates.event) + "?download=json").json
    groups = {r["group"]: r for r in data["events"][0]["results"] if r["metric"] == "registrations_by_member_state"}
    assert groups["Switzerland"]["suppressed"] is True
    assert groups["Switzerland"]["counts"]["woman"] is None
    assert data["settings"]["min_cell"] == 3


def test_itu_regions():
    assert (itu_region("ch"), itu_region("KE"), itu_region("EG"), itu_region("RU")) == (
        "Europe",
        "Africa",
        "Arab States",
        "CIS",
    )
    assert (itu_region("BR"), itu_region("IN"), itu_region("XX"), itu_region(None)) == (
        "Americas",
        "Asia-Pacific",
        None,
        None,
    )
