from __future__ import annotations

import io
import json
import os
import stat
import time
from pathlib import Path

import pytest
from genderlens_indico import IndicoAdapter, ResponseCache
from genderlens_indico.adapter import Progress, redact, split_url
from werkzeug import Request, Response

from genderlens.adapters import LazyAdapter, read_head
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import load_sources

DATA = Path(__file__).resolve().parent / "data"
TOKEN = "indp_TOPSECRETTOKEN0123456789abcdefghijklmnopqrs"
EVENT = "/export/event/4242.json"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def config(**options: object) -> Config:
    return Config(adapter={"indico": dict(options)})


def adapter(token: str | None = None, **kwargs):
    sleeps = Sleeps()
    env = {"INDICO_TOKEN": token} if token else {}
    return IndicoAdapter(sleep=sleeps, environ=env, **kwargs), sleeps


def events_page(sample, n: int, start: int = 0) -> dict:
    payload = sample("export_event_events.anonymous.json")
    template = payload["results"][0]
    payload["results"] = [dict(template, id=str(start + i), title=f"Event {start + i}") for i in range(n)]
    payload["count"] = n
    return payload


def test_plugin_is_registered_through_its_entry_point():
    registered = collect_adapters(make_plugin_manager())["indico"]
    # A light stand-in (the adapter module is imported when a source is read) for the real adapter.
    assert isinstance(registered, LazyAdapter)
    assert isinstance(registered.adapter, IndicoAdapter)
    assert registered.description == IndicoAdapter.description


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://indico.example.org/event/42/", ("https://indico.example.org", "event", "42")),
        ("https://indico.example.org/event/42/timetable/#20250101", ("https://indico.example.org", "event", "42")),
        ("https://example.org/indico/event/7", ("https://example.org/indico", "event", "7")),
        ("https://example.org/export/event/7.json?detail=sessions", ("https://example.org", "event", "7")),
        ("https://example.org/category/12/", ("https://example.org", "category", "12")),
        ("https://example.org/export/categ/12.json", ("https://example.org", "category", "12")),
    ],
)
def test_split_url(url, expected):
    target = split_url(url)
    assert target is not None
    assert (target.base, target.kind, target.id) == expected


def test_split_url_rejects_other_urls():
    assert split_url("https://example.org/events/42/") is None
    assert split_url("https://example.org/e/fair-panels") is None


def test_sniff(realdata):
    indico = IndicoAdapter()
    assert indico.sniff("https://x.org/event/1/", None) == 95
    assert indico.sniff("https://x.org/about", None) == 0
    assert indico.sniff("s.json", read_head(str(DATA / "export_event_sessions.manager.json"))) == 100
    assert indico.sniff("e.json", read_head(str(realdata / "jacow-meow/events_44_light.json"))) == 100
    assert indico.sniff("r.json", read_head(str(DATA / "api_registrants.json"))) == 0


def test_redact_drops_secrets():
    url = "https://u:p@x.org/export/event/1.json?ak=KEY&detail=sessions&signature=SIG&timestamp=1"
    assert redact(url) == "https://x.org/export/event/1.json?detail=sessions&timestamp=1"


def test_event_url_fetches_sessions_export_with_bearer_token(httpserver, sample):
    httpserver.expect_request(
        EVENT, query_string={"detail": "sessions"}, headers={"Authorization": f"Bearer {TOKEN}"}
    ).respond_with_json(sample("export_event_sessions.manager.json"))
    indico, _ = adapter(TOKEN)
    [event] = indico.load(httpserver.url_for("/event/4242/"), config(allow_http_token=True))
    assert event.title == "Workshop on Fair Panels"
    assert len(event.sessions) == 2
    httpserver.check_assertions()


def test_no_token_sends_no_authorization_header(httpserver, sample):
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Authorization"))
        return Response(json.dumps(sample("export_event_events.anonymous.json")), content_type="application/json")

    httpserver.expect_request(EVENT).respond_with_handler(handler)
    indico, _ = adapter(None)
    indico.load(httpserver.url_for("/event/4242/"), Config())
    assert seen == [None]


def test_token_env_option_and_genderlens_variable():
    from genderlens_indico.adapter import IndicoOptions, find_token

    env = {"GENDERLENS_INDICO_TOKEN": "a", "INDICO_TOKEN": "b", "MY_TOKEN": "c"}
    assert find_token(IndicoOptions(), env) == "a"
    assert find_token(IndicoOptions(), {"INDICO_TOKEN": "b"}) == "b"
    assert find_token(IndicoOptions(token_env="MY_TOKEN"), env) == "c"
    assert find_token(IndicoOptions(token_env="MISSING"), env) is None


def test_detail_and_tz_options(httpserver, sample):
    httpserver.expect_request(EVENT, query_string={"detail": "contributions", "tz": "Europe/Zurich"}).respond_with_json(
        sample("export_event_contributions.anonymous.json")
    )
    indico, _ = adapter()
    [event] = indico.load(httpserver.url_for("/event/4242/"), config(detail="contributions", tz="Europe/Zurich"))
    assert [s.id for s in event.sessions] == ["contribution-1", "contribution-2"]


def test_category_pages_until_a_short_page(httpserver, sample):
    url = "/export/categ/42.json"
    for offset, n in ((0, 2), (2, 2), (4, 1)):
        httpserver.expect_ordered_request(
            url, query_string={"detail": "events", "limit": "2", "offset": str(offset)}
        ).respond_with_json(events_page(sample, n, offset))
    indico, _ = adapter(stderr=io.StringIO())
    events = indico.load(httpserver.url_for("/category/42/"), config(detail="events", page_size=2))
    assert [e.id for e in events] == ["0", "1", "2", "3", "4"]
    httpserver.check_assertions()


def test_category_stops_at_an_empty_page_and_uses_max_records_by_default(httpserver, sample):
    url = "/export/categ/42.json"
    httpserver.expect_ordered_request(
        url, query_string={"detail": "sessions", "limit": "100", "offset": "0"}
    ).respond_with_json(events_page(sample, 100))
    httpserver.expect_ordered_request(
        url, query_string={"detail": "sessions", "limit": "100", "offset": "100"}
    ).respond_with_json(events_page(sample, 0))
    indico, _ = adapter(stderr=io.StringIO())
    assert len(indico.load(httpserver.url_for("/category/42/"), Config())) == 100
    httpserver.check_assertions()


def test_category_max_pages_guard(httpserver, sample):
    httpserver.expect_request("/export/categ/1.json").respond_with_json(events_page(sample, 1))
    indico, _ = adapter(stderr=io.StringIO())
    with pytest.raises(AdapterError, match="stopped after 3 pages"):
        indico.load(httpserver.url_for("/category/1/"), config(detail="events", page_size=1, max_pages=3))


def test_progress_is_drawn_on_a_tty_only(httpserver, sample):
    for offset in (0, 1):
        httpserver.expect_ordered_request(
            "/export/categ/9.json", query_string={"detail": "events", "limit": "1", "offset": str(offset)}
        ).respond_with_json(events_page(sample, 1 - offset, offset))
    tty = Tty()
    indico, _ = adapter(stderr=tty)
    indico.load(httpserver.url_for("/category/9/"), config(detail="events", page_size=1))
    assert tty.getvalue() == "\rIndico events: 1\rIndico events: 1\n"  # redrawn once per page
    quiet = io.StringIO()
    progress = Progress("x", 3, stream=quiet)
    progress.advance()
    progress.close()
    assert quiet.getvalue() == ""


def test_500_then_200_is_retried_with_backoff(httpserver, sample):
    httpserver.expect_ordered_request(EVENT).respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(EVENT).respond_with_data("oops", status=502)
    httpserver.expect_ordered_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    indico, sleeps = adapter()
    [event] = indico.load(httpserver.url_for("/event/4242/"), config(backoff=0.5))
    assert event.id == "4242"
    assert sleeps == [0.5, 1.0]


def test_429_honours_retry_after(httpserver, sample):
    httpserver.expect_ordered_request(EVENT).respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    indico, sleeps = adapter()
    indico.load(httpserver.url_for("/event/4242/"), Config())
    assert sleeps == [7.0]


def test_retry_after_is_capped(httpserver, sample):
    httpserver.expect_ordered_request(EVENT).respond_with_data("", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_ordered_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    indico, sleeps = adapter()
    indico.load(httpserver.url_for("/event/4242/"), config(max_wait=30))
    assert sleeps == [30]


def test_retries_exhausted(httpserver):
    httpserver.expect_request(EVENT).respond_with_data("down", status=503)
    indico, sleeps = adapter(TOKEN)
    with pytest.raises(AdapterError, match=r"HTTP 503 SERVICE UNAVAILABLE after 3 attempt\(s\)") as info:
        indico.load(httpserver.url_for("/event/4242/"), config(retries=2, allow_http_token=True))
    assert sleeps == [1.0, 2.0]
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize(
    ("path", "status", "hint"),
    [
        (EVENT, 401, "scope 'read:legacy_api'"),
        (EVENT, 403, "scope 'read:legacy_api'"),
        (EVENT, 404, None),
    ],
)
def test_client_errors_fail_at_once_on_one_line(httpserver, path, status, hint):
    httpserver.expect_request(path).respond_with_json({"message": "nope"}, status=status)
    indico, sleeps = adapter(TOKEN)
    url = httpserver.url_for("/event/4242/")
    with pytest.raises(AdapterError) as info:
        indico.load(url, config(allow_http_token=True))
    message = str(info.value)
    assert sleeps == []
    assert "\n" not in message
    assert f"HTTP {status}" in message
    assert httpserver.url_for(EVENT) in message
    assert ": nope" in message
    assert TOKEN not in message
    assert (hint in message) if hint else ("scope" not in message)


def test_registrants_403_hints_at_registrants_scope(httpserver, sample):
    httpserver.expect_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    httpserver.expect_request("/api/events/4242/registrants").respond_with_data("Forbidden", status=403)
    indico, _ = adapter(TOKEN)
    with pytest.raises(AdapterError, match="scope 'registrants'"):
        indico.load(httpserver.url_for("/event/4242/"), config(registrations=True, allow_http_token=True))


def test_connection_errors_are_retried_then_reported():
    indico, sleeps = adapter(TOKEN)
    with pytest.raises(AdapterError, match=r"could not connect after 2 attempt\(s\)") as info:
        indico.load("http://127.0.0.1:9/event/1/", config(retries=1, allow_http_token=True))
    assert sleeps == [1.0]
    assert TOKEN not in str(info.value)


def test_timeout(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(EVENT).respond_with_handler(slow)
    indico, _ = adapter()
    with pytest.raises(AdapterError, match="timed out after 1 attempt"):
        indico.load(httpserver.url_for("/event/4242/"), config(timeout=0.1, retries=0))


def test_answer_that_is_not_json(httpserver):
    httpserver.expect_request(EVENT).respond_with_data("<html>login</html>", content_type="text/html")
    indico, _ = adapter()
    with pytest.raises(AdapterError, match="not JSON"):
        indico.load(httpserver.url_for("/event/4242/"), Config())


def test_event_not_visible(httpserver, sample):
    payload = sample("export_event_events.anonymous.json")
    payload["results"] = []
    httpserver.expect_request(EVENT).respond_with_json(payload)
    indico, _ = adapter()
    with pytest.raises(AdapterError, match="not found, or not visible"):
        indico.load(httpserver.url_for("/event/4242/"), Config())


def test_cache_hit_skips_the_network(httpserver, sample, tmp_path):
    httpserver.expect_oneshot_request(EVENT).respond_with_json(sample("export_event_sessions.manager.json"))
    indico, _ = adapter(TOKEN)
    options = config(cache_dir=str(tmp_path / "cache"), allow_http_token=True)
    first = indico.load(httpserver.url_for("/event/4242/"), options)
    second = indico.load(httpserver.url_for("/event/4242/"), options)  # a second request would get a 500
    assert first == second
    [entry] = (tmp_path / "cache").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert TOKEN not in entry.read_text()
    httpserver.check_assertions()


def test_cache_expires_and_separates_tokens(tmp_path):
    now = [1000.0]
    cache = ResponseCache(tmp_path, ttl=60, clock=lambda: now[0])
    cache.put("https://x/a", "tok1", {"v": 1})
    path = next(tmp_path.iterdir())
    os.utime(path, (1000, 1000))
    assert cache.get("https://x/a", "tok1") == {"v": 1}
    assert cache.get("https://x/a", "tok2") is None
    assert cache.get("https://x/a", None) is None
    now[0] = 1061
    assert cache.get("https://x/a", "tok1") is None


def test_registrations_with_declared_gender(httpserver, sample):
    httpserver.expect_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    httpserver.expect_request("/api/events/4242/registrants").respond_with_json(sample("api_registrants.json"))
    checkin = sample("api_checkin_registration.trimmed.json")
    httpserver.expect_request("/api/checkin/event/4242/forms/4/registrations/4").respond_with_json(checkin)
    gender = checkin["registration_data"][0]["fields"][-1]
    gender["data"] = {gender["choices"][3]["id"]: 1}
    httpserver.expect_request("/api/checkin/event/4242/forms/4/registrations/5").respond_with_json(checkin)
    tty = Tty()
    indico, _ = adapter(TOKEN, stderr=tty)
    [event] = indico.load(
        httpserver.url_for("/event/4242/"),
        config(registrations=True, gender_field="Gender", form_id=4, allow_http_token=True),
    )
    assert [(r.person.key, r.person.title, r.person.declared_gender) for r in event.registrations] == [
        ("indico-registrant:4", "Ms", "Woman"),
        ("indico-registrant:5", "Mr", "Prefer not to say"),
    ]
    assert tty.getvalue().endswith("Indico registrants: 2/2\n")


def test_registration_form_is_discovered_when_there_is_one(httpserver, sample):
    httpserver.expect_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    httpserver.expect_request("/api/events/4242/registrants").respond_with_json(sample("api_registrants.json"))
    httpserver.expect_request("/api/checkin/event/4242/forms/").respond_with_json([{"id": 4, "title": "Registration"}])
    httpserver.expect_request("/api/checkin/event/4242/forms/4/registrations/4").respond_with_json(
        sample("api_checkin_registration.trimmed.json")
    )
    httpserver.expect_request("/api/checkin/event/4242/forms/4/registrations/5").respond_with_json(
        {"registration_data": []}
    )
    indico, _ = adapter(TOKEN, stderr=io.StringIO())
    [event] = indico.load(
        httpserver.url_for("/event/4242/"), config(registrations=True, gender_field="gender", allow_http_token=True)
    )
    assert [r.person.declared_gender for r in event.registrations] == ["Woman", None]


def test_several_registration_forms_need_form_id(httpserver, sample):
    httpserver.expect_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    httpserver.expect_request("/api/events/4242/registrants").respond_with_json(sample("api_registrants.json"))
    httpserver.expect_request("/api/checkin/event/4242/forms/").respond_with_json([{"id": 4}, {"id": 5}])
    indico, _ = adapter(TOKEN, stderr=io.StringIO())
    with pytest.raises(AdapterError, match=r"2 registration forms; set .* form_id"):
        indico.load(
            httpserver.url_for("/event/4242/"), config(registrations=True, gender_field="Gender", allow_http_token=True)
        )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"detail": "everything"}, "detail"),
        ({"page_size": 101}, "page_size: must be between 1 and 100"),
        ({"detail": "events", "page_size": 1000}, None),
        ({"retries": -1}, "retries"),
        ({"timeout": "soon"}, "timeout"),
        ({"gender_field": "Gender"}, "needs registrations"),
        ({"tokenenv": "X"}, "unknown option"),
    ],
)
def test_options_are_validated(httpserver, sample, options, message):
    httpserver.expect_request(EVENT).respond_with_json(sample("export_event_events.anonymous.json"))
    indico, _ = adapter()
    if message is None:
        indico.load(httpserver.url_for("/event/4242/"), config(**options))
        return
    with pytest.raises(ConfigError, match=message):
        indico.load(httpserver.url_for("/event/4242/"), config(**options))


def test_other_urls_are_rejected():
    indico, _ = adapter()
    with pytest.raises(AdapterError, match="not an Indico event or category URL"):
        indico.load("https://example.org/e/fair-panels?ak=SECRET", Config())


def test_local_export_files(tmp_path):
    indico, _ = adapter()
    [event] = indico.load(str(DATA / "export_event_sessions.manager.json"), Config())
    assert event.source.endswith("export_event_sessions.manager.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "_type": "HTTPAPIResult",\n  "results": [,]\n}\n')
    with pytest.raises(AdapterError, match="invalid JSON") as info:
        indico.load(str(bad), Config())
    assert info.value.line == 3
    with pytest.raises(AdapterError, match="not an Indico export"):
        indico.load(str(DATA / "api_registrants.json"), Config())
    with pytest.raises(AdapterError, match="cannot read"):
        indico.load(str(tmp_path / "missing.json"), Config())


def test_end_to_end_through_load_sources(httpserver, sample, monkeypatch):
    monkeypatch.setenv("INDICO_TOKEN", TOKEN)
    httpserver.expect_request(EVENT, headers={"Authorization": f"Bearer {TOKEN}"}).respond_with_json(
        sample("export_event_sessions.manager.json")
    )
    settings = config(allow_http_token=True)  # the test server is plain http:// on this machine
    [event] = load_sources([httpserver.url_for("/event/4242/")], make_plugin_manager(), settings)
    assert event.participants[0].person.title == "Ms"
    httpserver.check_assertions()
