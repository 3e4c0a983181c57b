import re

from indico_genderlens.summary import DEFAULT_SETTINGS


def csrf_token(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def form_data(token, **overrides):
    data = {
        "csrf_token": token,
        "target": "50",
        "tolerance": "10",
        "min_share": "",
        "min_panel_size": "3",
        "min_cell": "0",
        "roles": ["chairs", "conveners", "speakers"],
        "gender_field": "",
    }
    data.update(overrides)
    return data


def test_event_settings_form_saves(plugin, unbalanced, add_registrations, login):
    add_registrations(unbalanced, ["Woman", "Man"])
    event, url = unbalanced.event, f"/event/{unbalanced.event.id}/manage/gender-balance/"
    client = login(unbalanced.manager)
    page = client.get(url)
    assert f'<option value="{unbalanced.gender_field.id}">Registration Form: Gender</option>' in page.text
    data = form_data(
        csrf_token(page.text),
        target="30",
        tolerance="20",
        min_share="20",
        min_panel_size="2",
        roles=["speakers"],
        gender_field=str(unbalanced.gender_field.id),
        block_publishing="y",
    )
    resp = client.post(url, data=data)
    assert resp.status_code == 302
    assert plugin.event_settings.get_all(event) == {
        "target": 30,
        "tolerance": 20,
        "min_share": 20,
        "min_panel_size": 2,
        "roles": ["speakers"],
        "min_cell": 0,
        "gender_field": unbalanced.gender_field.id,
        "block_publishing": True,
        # Breakdown fields left at "Default": the personal-data Country and Affiliation.
        "member_state_field": None,
        "region_field": None,
        "affiliation_field": None,
        "participation_field": None,
        "delegation_role_field": None,
        "fellowship_field": None,
    }
    html = client.get(url).text
    assert "target 10.0%-50.0%" in html
    assert "Role: chair" not in html
    # Speakers at 22.2% are inside the new band, but the all-male panel is still flagged.
    assert 'data-rule="parity_band"' not in html
    assert 'data-rule="all_male_panel"' in html


def test_event_settings_form_rejects_an_impossible_band(plugin, unbalanced, login):
    url = f"/event/{unbalanced.event.id}/manage/gender-balance/"
    client = login(unbalanced.manager)
    token = csrf_token(client.get(url).text)
    resp = client.post(url, data=form_data(token, target="95", tolerance="10"))
    assert resp.status_code == 200
    assert "leaves [0, 1]" in resp.text
    assert plugin.event_settings.get(unbalanced.event, "target") is None


def test_event_settings_form_needs_a_csrf_token(plugin, unbalanced, login):
    url = f"/event/{unbalanced.event.id}/manage/gender-balance/"
    resp = login(unbalanced.manager).post(url, data=form_data("bogus", target="30"))
    assert resp.status_code in (200, 400)
    assert plugin.event_settings.get(unbalanced.event, "target") is None


def test_admin_settings_form_saves_global_defaults(plugin, create_user, login):
    admin = create_user(2100, admin=True, email="admin@example.test")
    client = login(admin)
    page = client.get("/admin/plugins/genderlens/")
    assert page.status_code == 200
    assert "Roles counted" in page.text
    data = form_data(csrf_token(page.text), target="45", tolerance="5", min_share="30")
    del data["gender_field"]
    resp = client.post("/admin/plugins/genderlens/", data=data)
    assert resp.status_code == 302
    assert plugin.settings.get_all() == {
        **DEFAULT_SETTINGS,
        "target": 45,
        "tolerance": 5,
        "min_share": 30,
    }


def test_global_defaults_apply_to_events_without_their_own(plugin, unbalanced, login):
    plugin.settings.set_multi({"target": 30, "tolerance": 20})
    html = login(unbalanced.manager).get(f"/event/{unbalanced.event.id}/manage/gender-balance/").text
    assert "target 10.0%-50.0%" in html
    assert 'value="30"' in html
