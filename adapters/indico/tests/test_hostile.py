"""Issue #8: a hostile or broken Indico server, malformed URLs, bad tokens and a shared cache folder."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from genderlens_indico import IndicoAdapter, ResponseCache

from genderlens.config import Config
from genderlens.errors import GenderlensError

TOKEN = "indp_TOPSECRETTOKEN0123456789abcdefghijklmnopqrs"
EVENT = "/export/event/4242.json"


def adapter(token: str | None = None) -> IndicoAdapter:
    return IndicoAdapter(sleep=lambda s: None, environ={"INDICO_TOKEN": token} if token else {})


def settings(limits: dict | None = None, **options: object) -> Config:
    return Config(adapter={"indico": {"retries": 0, **options}}, limits=limits or {})


@contextmanager
def raw_server(handler) -> Iterator[str]:
    """A one-connection-at-a-time HTTP server on 127.0.0.1 whose ``handler(conn)`` writes raw bytes."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    handler(conn, stop)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def trickle(head: bytes, rest: bytes, every: float = 0.2):
    """A handler that sends ``head`` at once, then ``rest`` one byte every ``every`` seconds."""

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head)
        for b in rest:
            if stop.is_set():
                return
            conn.sendall(bytes([b]))
            time.sleep(every)

    return handler


# -- the timeout bounds the whole request -------------------------------------------------------------------


def test_a_server_trickling_its_body_is_cut_off_at_the_timeout():
    body = json.dumps({"_type": "HTTPAPIResult", "results": []}).encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    with raw_server(trickle(head, body)) as base:  # the head at once, then one byte every 0.2 s (8 s)
        start = time.monotonic()
        with pytest.raises(GenderlensError, match=r"timed out after 1 attempt") as info:
            adapter().load(f"{base}/event/4242/", settings(timeout=1))
        elapsed = time.monotonic() - start
    assert elapsed < 3
    assert "\n" not in str(info.value)


def test_a_server_trickling_its_headers_is_cut_off_at_the_timeout():
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"x" * 100 + b"\r\n\r\n{}"
    with raw_server(trickle(b"", head)) as base:  # one byte every 0.2 s: 25 s for the headers
        start = time.monotonic()
        with pytest.raises(GenderlensError, match=r"timed out after 1 attempt"):
            adapter().load(f"{base}/event/4242/", settings(timeout=1))
        elapsed = time.monotonic() - start
    assert elapsed < 4


def test_the_trickled_body_case_really_trickles():
    # Guard for the test above: with a long enough timeout the same server's answer arrives in full.
    body = json.dumps({"_type": "HTTPAPIResult", "results": []}).encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head)
        for b in body:
            conn.sendall(bytes([b]))
            time.sleep(0.01)

    with raw_server(handler) as base, pytest.raises(GenderlensError, match="not found, or not visible"):
        adapter().load(f"{base}/event/4242/", settings(timeout=5))


# -- size limits -----------------------------------------------------------------------------------------------


def test_an_answer_over_max_response_mb_is_refused(httpserver):
    payload = {"_type": "HTTPAPIResult", "results": [], "padding": "x" * 1_500_000}
    httpserver.expect_request(EVENT).respond_with_json(payload)
    with pytest.raises(GenderlensError, match=r"larger than the limit of 1 MB \(setting limits.max_response_mb\)"):
        adapter().load(httpserver.url_for("/event/4242/"), settings({"max_response_mb": 1}))


def test_a_gzip_bomb_stops_at_the_limit(httpserver):
    bomb = gzip.compress(b'{"padding": "' + b"0" * 50_000_000 + b'"}', compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request(EVENT).respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )
    start = time.monotonic()
    with pytest.raises(GenderlensError, match="larger than the limit of 1 MB"):
        adapter().load(httpserver.url_for("/event/4242/"), settings({"max_response_mb": 1}))
    assert time.monotonic() - start < 3


def test_a_gzipped_answer_within_the_limit_is_read(httpserver):
    payload = {"_type": "HTTPAPIResult", "results": []}
    httpserver.expect_request(EVENT).respond_with_data(
        gzip.compress(json.dumps(payload).encode()), headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(GenderlensError, match="not found, or not visible"):  # read, decoded and parsed
        adapter().load(httpserver.url_for("/event/4242/"), settings({"max_response_mb": 1}))


# -- URLs and tokens ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://indico.example:99999/event/1/", "https://[::1/event/1/", "https://[::1]:70000/event/1/"],
)
def test_malformed_urls_are_one_line(url):
    with pytest.raises(GenderlensError, match="not a valid URL") as info:
        adapter().load(url, settings())
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("token", ["indp_abc\r\nX-Evil: 1", "indp_abc\ndef", "indp_äbc", "indp_abc def", "indp_\x00"])
def test_a_token_with_line_breaks_or_non_ascii_is_refused_and_never_shown(token):
    with pytest.raises(GenderlensError, match=r"\$INDICO_TOKEN: the token holds a character") as info:
        adapter(token).load("https://indico.example/event/1/", settings())
    assert token.strip() not in str(info.value)
    assert "indp_" not in str(info.value)


def test_no_token_over_plain_http():
    with pytest.raises(GenderlensError, match="refusing to send the Indico token over plain http://") as info:
        adapter(TOKEN).load("http://indico.example/event/1/", settings())
    assert TOKEN not in str(info.value)


def test_allow_http_token_is_for_this_machine_only():
    with pytest.raises(GenderlensError, match="refusing to send the Indico token over plain http://"):
        adapter(TOKEN).load("http://indico.example/event/1/", settings(allow_http_token=True))


def test_allow_http_token_lets_a_local_test_server_have_it(httpserver):
    payload = {"_type": "HTTPAPIResult", "results": []}
    httpserver.expect_request(EVENT, headers={"Authorization": f"Bearer {TOKEN}"}).respond_with_json(payload)
    with pytest.raises(GenderlensError, match="not found, or not visible"):
        adapter(TOKEN).load(httpserver.url_for("/event/4242/"), settings(allow_http_token=True))
    httpserver.check_assertions()


def test_plain_http_without_a_token_is_allowed(httpserver):
    httpserver.expect_request(EVENT).respond_with_json({"_type": "HTTPAPIResult", "results": []})
    with pytest.raises(GenderlensError, match="not found, or not visible"):
        adapter().load(httpserver.url_for("/event/4242/"), settings())


def test_a_server_echoing_the_token_has_it_blanked_out(httpserver):
    message = f"Token {TOKEN} is not valid\nfor this event " + "y" * 500
    httpserver.expect_request(EVENT).respond_with_json({"message": message}, status=401)
    with pytest.raises(GenderlensError) as info:
        adapter(TOKEN).load(httpserver.url_for("/event/4242/"), settings(allow_http_token=True))
    text = str(info.value)
    assert TOKEN not in text
    assert "[token]" in text
    assert "y" * 61 not in text  # the server's text is quoted, shortened
    assert "\n" not in text


# -- the disk cache -----------------------------------------------------------------------------------------------


def entry_name(url: str, token: str | None) -> str:
    who = hashlib.sha256(token.encode()).hexdigest() if token else "anonymous"
    return hashlib.sha256(f"{who}\n{url}".encode()).hexdigest() + ".json"


def test_the_cache_never_follows_a_planted_symlink_when_reading(tmp_path):
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"body": {"evil": True}}))
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / entry_name("https://x/a", None)).symlink_to(planted)
    assert ResponseCache(folder, ttl=3600).get("https://x/a", None) is None


def test_the_cache_never_writes_through_a_planted_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    name = entry_name("https://x/a", None)
    (folder / name).with_suffix(".tmp").symlink_to(victim)  # the temporary name older versions used
    ResponseCache(folder, ttl=3600).put("https://x/a", None, {"v": 1})
    assert victim.read_text() == "precious"
    assert ResponseCache(folder, ttl=3600).get("https://x/a", None) == {"v": 1}
    assert not (folder / name).is_symlink()


def test_a_world_writable_cache_folder_gets_a_private_subfolder(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    cache = ResponseCache(shared, ttl=3600)
    cache.put("https://x/a", TOKEN, {"v": 1})
    own = shared / f"genderlens-{os.getuid()}"
    assert [p.name for p in shared.iterdir()] == [own.name]
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
    [entry] = own.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert TOKEN not in entry.read_text()
    assert cache.get("https://x/a", TOKEN) == {"v": 1}


def test_a_planted_private_subfolder_is_not_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(mode=0o700)
    (shared / f"genderlens-{os.getuid()}").symlink_to(elsewhere)
    cache = ResponseCache(shared, ttl=3600)
    cache.put("https://x/a", None, {"v": 1})
    assert list(elsewhere.iterdir()) == []
    assert cache.get("https://x/a", None) is None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_cache_folder_owned_by_someone_else_is_not_used_itself(tmp_path):
    other = tmp_path / "other"
    other.mkdir(mode=0o755)
    os.chown(other, 65534, 65534)
    cache = ResponseCache(other, ttl=3600)
    cache.put("https://x/a", None, {"v": 1})
    assert [p.name for p in other.iterdir()] == [f"genderlens-{os.getuid()}"]


def test_cache_entries_owned_by_someone_else_are_ignored(tmp_path):
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("chown needs root")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    entry = folder / entry_name("https://x/a", None)
    entry.write_text(json.dumps({"body": {"evil": True}}))
    os.chown(entry, 65534, 65534)
    assert ResponseCache(folder, ttl=3600).get("https://x/a", None) is None


def test_local_export_that_is_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: _offer(fifo), daemon=True)
    writer.start()
    with pytest.raises(GenderlensError, match="not a regular file"):
        adapter().load(str(fifo), Config())


def _offer(path: Path) -> None:
    stop = time.monotonic() + 2
    while time.monotonic() < stop:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.01)
            continue
        with suppress(OSError):
            os.write(fd, b'{"_type": "HTTPAPIResult", "results": []}')
        os.close(fd)
