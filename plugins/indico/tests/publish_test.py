import pytest
from indico.modules.events.contributions import contribution_settings


def publish(login, prog):
    return login(prog.manager).put(f"/event/{prog.event.id}/manage/contributions/published")


@pytest.fixture
def unpublished(unbalanced):
    contribution_settings.set(unbalanced.event, "published", False)
    return unbalanced


@pytest.mark.usefixtures("no_csrf_check")
def test_publishing_is_blocked_while_the_programme_misses(plugin, unpublished, login):
    plugin.event_settings.set(unpublished.event, "block_publishing", True)
    resp = publish(login, unpublished)
    assert resp.status_code == 409
    assert "cannot be published" in resp.json["message"]
    assert "Data Governance: all-male panel (3 men)" in resp.json["flags"]
    assert contribution_settings.get(unpublished.event, "published") is False


@pytest.mark.usefixtures("no_csrf_check")
def test_global_default_blocks_publishing_too(plugin, unpublished, login):
    plugin.settings.set("block_publishing", True)
    assert publish(login, unpublished).status_code == 409
    # An event can opt out of the global default.
    plugin.event_settings.set(unpublished.event, "block_publishing", False)
    assert publish(login, unpublished).status_code == 204
    assert contribution_settings.get(unpublished.event, "published") is True


@pytest.mark.usefixtures("no_csrf_check")
def test_publishing_allowed_when_the_setting_is_off(unpublished, login):
    assert publish(login, unpublished).status_code == 204
    assert contribution_settings.get(unpublished.event, "published") is True


@pytest.mark.usefixtures("no_csrf_check")
def test_publishing_allowed_when_the_target_is_met(plugin, balanced, login):
    contribution_settings.set(balanced.event, "published", False)
    plugin.event_settings.set(balanced.event, "block_publishing", True)
    assert publish(login, balanced).status_code == 204
    assert contribution_settings.get(balanced.event, "published") is True


@pytest.mark.usefixtures("no_csrf_check")
def test_unpublishing_is_never_blocked(plugin, unbalanced, login):
    plugin.event_settings.set(unbalanced.event, "block_publishing", True)
    contribution_settings.set(unbalanced.event, "published", True)
    resp = login(unbalanced.manager).delete(f"/event/{unbalanced.event.id}/manage/contributions/published")
    assert resp.status_code == 204
    assert contribution_settings.get(unbalanced.event, "published") is False
