"""The Indico adapter: fetches events over Indico's HTTP API (or reads saved exports) into genderlens.

Sources:

* ``https://host/event/<id>/`` -> ``GET /export/event/<id>.json?detail=sessions``;
* ``https://host/category/<id>/`` -> ``GET /export/categ/<id>.json`` paged with ``limit``/``offset``;
* a local ``.json`` file holding an export (``HTTPAPIResult`` envelope or a bare event object).

With ``registrations = true`` the registrants of each event are read too
(``/api/events/<id>/registrants``), and with ``gender_field = "Gender"`` each registrant's answer from
the check-in API. A personal token is sent as ``Authorization: Bearer`` and never printed.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import ipaddress
import json
import os
import re
import socket
import stat
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from genderlens.adapters import Adapter, as_utf8
from genderlens.config import Config
from genderlens.errors import MAX_QUOTE, AdapterError, ConfigError, one_line, quote
from genderlens.files import DEFAULT_MAX_RESPONSE_MB, MB, read_regular, too_big
from genderlens.model import Event
from genderlens_indico.parse import declared_answer, parse_export, parse_registrants, with_registrations
from genderlens_indico.sniff import CATEGORY_URL, EVENT_URL, sniff

if TYPE_CHECKING:
    import requests

#: ``CategoryEventHook.MAX_RECORDS``: Indico refuses larger ``limit`` values with HTTP 400.
MAX_RECORDS = {"events": 1000, "contributions": 500, "subcontributions": 500, "sessions": 100}
TOKEN_ENVS = ("GENDERLENS_INDICO_TOKEN", "INDICO_TOKEN")
_SECRET_PARAMS = frozenset({"ak", "apikey", "api_key", "signature", "token", "access_token", "secret"})
#: What a personal token may hold: printable ASCII without spaces (Indico's are ``indp_`` + URL-safe base64).
_TOKEN = re.compile(r"[\x21-\x7e]+")
_USERINFO = re.compile(r"//[^/?#]*@")


def redact(url: str) -> str:
    """``url`` without credentials: user info and key/signature/token query parameters are dropped."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not a valid URL: keep what precedes user info and the query
        return _USERINFO.sub("//", re.split(r"[?#]", url, maxsplit=1)[0])
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _SECRET_PARAMS])
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


@dataclass(frozen=True)
class IndicoTarget:
    """What an Indico URL points to: a server base URL, ``event`` or ``category``, and an id."""

    base: str
    kind: str
    id: str


def split_url(source: str) -> IndicoTarget | None:
    """Recognise ``https://host[/prefix]/event/<id>/...`` and ``.../category/<id>/`` (also ``/export/`` URLs)."""
    for kind, pattern in (("event", EVENT_URL), ("category", CATEGORY_URL)):
        match = re.match(pattern, source)
        if match:
            return IndicoTarget(base=match.group("base").rstrip("/"), kind=kind, id=match.group("id"))
    return None


@dataclass(frozen=True)
class IndicoOptions:
    """Options from ``[tool.genderlens.adapter.indico]``; see the README for each."""

    detail: str = "sessions"
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    token_env: str | None = None
    cache_dir: str | None = None
    cache_ttl: float = 3600.0
    page_size: int | None = None
    max_pages: int = 1000
    registrations: bool = False
    gender_field: str | None = None
    form_id: int | None = None
    tz: str | None = None
    allow_http_token: bool = False

    @classmethod
    def from_config(cls, config: Config) -> IndicoOptions:
        """Validate the options; unknown keys and bad values raise :class:`ConfigError`."""
        raw: dict[str, Any] = dict(config.adapter.get("indico", {}))
        known = set(cls.__dataclass_fields__)
        unknown = set(raw) - known
        if unknown:
            msg = f"adapter.indico: unknown option(s) {', '.join(sorted(unknown))}"
            raise ConfigError(msg)
        try:
            options = cls(**raw)
        except TypeError as exc:  # pragma: no cover - guarded by the known-keys check
            raise ConfigError(str(exc)) from exc
        options.check()
        return options

    def check(self) -> None:
        """Raise :class:`ConfigError` for values that cannot work."""
        problem = self._problem()
        if problem is not None:
            key, why = problem
            msg = f"adapter.indico.{key}: {why}"
            raise ConfigError(msg)

    def _problem(self) -> tuple[str, str] | None:
        for key, kind, what in _OPTION_TYPES:
            value = getattr(self, key)
            if value is not None and (not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))):
                return key, f"must be {what}"
        if self.detail not in MAX_RECORDS:
            return "detail", f"{quote(self.detail)} is not one of {', '.join(MAX_RECORDS)}"
        for key in ("timeout", "backoff", "max_wait", "cache_ttl"):
            value = getattr(self, key)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                return key, "must be a non-negative number"
        if not isinstance(self.retries, int) or self.retries < 0:
            return "retries", "must be a non-negative integer"
        limit = MAX_RECORDS[self.detail]
        if self.page_size is not None and not (isinstance(self.page_size, int) and 0 < self.page_size <= limit):
            return "page_size", f"must be between 1 and {limit} for detail={self.detail}"
        if self.gender_field is not None and not self.registrations:
            return "gender_field", "needs registrations = true"
        if self.max_pages < 1:
            return "max_pages", "must be at least 1"
        return None

    @property
    def limit(self) -> int:
        """Page size for category exports: the option, or Indico's maximum for the detail level."""
        return self.page_size or MAX_RECORDS[self.detail]


_OPTION_TYPES: tuple[tuple[str, type | tuple[type, ...], str], ...] = (
    ("detail", str, "a string"),
    ("timeout", (int, float), "a number"),
    ("retries", int, "an integer"),
    ("backoff", (int, float), "a number"),
    ("max_wait", (int, float), "a number"),
    ("token_env", str, "a string (an environment variable name)"),
    ("cache_dir", str, "a string (a folder)"),
    ("cache_ttl", (int, float), "a number"),
    ("page_size", int, "an integer"),
    ("max_pages", int, "an integer"),
    ("registrations", bool, "true or false"),
    ("gender_field", str, "a string"),
    ("form_id", int, "an integer"),
    ("tz", str, "a string"),
    ("allow_http_token", bool, "true or false"),
)
"""Each option's type, checked before any value is used (``timeout = "ten"`` is one line, not a traceback)."""


def find_token(options: IndicoOptions, environ: Mapping[str, str] | None = None) -> str | None:
    """The personal token from ``token_env``, ``GENDERLENS_INDICO_TOKEN`` or ``INDICO_TOKEN``.

    Raises:
        ConfigError: The token holds a space, line break, control or non-ASCII character (the message
            names the variable, never the token).
    """
    env = os.environ if environ is None else environ
    names = (options.token_env,) if options.token_env else TOKEN_ENVS
    for name in names:
        value = env.get(name, "").strip() if name else ""
        if value:
            if not _TOKEN.fullmatch(value):
                msg = (
                    f"${name}: the token holds a character no token has (a space, line break, control or"
                    " non-ASCII character); it is not shown"
                )
                raise ConfigError(msg)
            return value
    return None


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine: ``localhost`` or a loopback address."""
    if not host:
        return False
    if host.lower() in ("localhost", "localhost.") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(source: str, *, token: str | None, allow_http_token: bool) -> None:
    """Refuse a URL that cannot be fetched (bad port, broken IPv6 address), or that would send ``token`` in clear.

    A token goes over plain ``http://`` only to this machine, and only with ``allow_http_token = true``.

    Raises:
        AdapterError: The URL is malformed, or would send the token unencrypted.
    """
    try:
        parts = urlsplit(source)
        host, _ = parts.hostname, parts.port
    except ValueError as exc:
        msg = f"not a valid URL ({exc})"
        raise AdapterError(msg, source=redact(source)) from None
    if not host:
        msg = "not a valid URL (no host)"
        raise AdapterError(msg, source=redact(source))
    if token and parts.scheme.lower() == "http" and not (allow_http_token and is_loopback(host)):
        msg = (
            "refusing to send the Indico token over plain http:// (use https://; for a test server on this"
            " machine set [tool.genderlens.adapter.indico] allow_http_token = true)"
        )
        raise AdapterError(msg, source=redact(source))


class ResponseCache:
    """A small on-disk cache of JSON GET responses, keyed by URL (and token), with a time-to-live.

    Entries are written to a fresh temporary file (``mkstemp``: mode 0600, an unpredictable name) and
    renamed into place, and read with ``O_NOFOLLOW``: a symbolic link planted in a shared ``cache_dir``
    is never followed, and an entry owned by another user is ignored. A folder that others may write
    to, or that someone else owns, is not used itself: entries go to a ``genderlens-<uid>`` folder
    inside it, mode 0700, and the cache is off when that folder is not safe either.
    """

    def __init__(
        self,
        folder: Path,
        ttl: float,
        *,
        clock: Callable[[], float] = time.time,
        max_bytes: int = 2 * DEFAULT_MAX_RESPONSE_MB * MB,
    ) -> None:
        """Cache under ``folder``; entries older than ``ttl`` seconds or over ``max_bytes`` are ignored."""
        self.folder = folder
        self.ttl = ttl
        self.clock = clock
        self.max_bytes = max_bytes
        self._where: Path | None = None

    def _path(self, url: str, token: str | None) -> str:
        who = hashlib.sha256(token.encode()).hexdigest() if token else "anonymous"
        return hashlib.sha256(f"{who}\n{url}".encode()).hexdigest() + ".json"

    def _home(self, *, create: bool) -> Path | None:
        """The folder entries live in (see the class docstring), or ``None`` when none is safe."""
        if self._where is not None:
            return self._where
        uid = os.getuid() if hasattr(os, "getuid") else None
        try:
            if create:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = self.folder.stat()
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
        if uid is None or (info.st_uid == uid and not info.st_mode & stat.S_IWOTH):
            self._where = self.folder
            return self._where
        own = self.folder / f"genderlens-{uid}"
        try:
            if create:
                with contextlib.suppress(FileExistsError):
                    own.mkdir(mode=0o700)
            mine = own.lstat()  # lstat: a symbolic link planted in its place is not followed
        except OSError:
            return None
        if stat.S_ISDIR(mine.st_mode) and mine.st_uid == uid and not mine.st_mode & 0o077:
            self._where = own
        return self._where

    def get(self, url: str, token: str | None) -> Any | None:
        """The cached payload for ``url``, or ``None`` when absent, expired, unreadable or not safe to read."""
        home = self._home(create=False)
        if home is None:
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(home / self._path(url, token), flags)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as fh:
                info = os.fstat(fh.fileno())
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                if not stat.S_ISREG(info.st_mode) or not mine or info.st_size > self.max_bytes:
                    return None
                if self.clock() - info.st_mtime > self.ttl:
                    return None
                return json.loads(fh.read(self.max_bytes).decode("utf-8"))["body"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def put(self, url: str, token: str | None, body: Any) -> None:
        """Store ``body`` for ``url``; failures to write are ignored (the cache is an optimisation)."""
        home = self._home(create=True)
        if home is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=home, prefix=".entry-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"url": redact(url), "body": body}, fh)
            os.replace(tmp, home / self._path(url, token))
        except (OSError, ValueError, TypeError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class Progress:
    """A one-line progress counter on a terminal; silent when the stream is not a TTY."""

    def __init__(self, label: str, total: int | None = None, *, stream: TextIO | None = None) -> None:
        """Count ``label`` items up to ``total`` (``None`` when unknown) on ``stream`` (default stderr)."""
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.total = total
        self.done = 0

    def advance(self, step: int = 1) -> None:
        """Add ``step`` items and redraw."""
        self.done += step
        if self.enabled:
            of = f"/{self.total}" if self.total is not None else ""
            self.stream.write(f"\r{self.label}: {self.done}{of}")
            self.stream.flush()

    def close(self) -> None:
        """End the line, if anything was drawn."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _hint(status: int, path: str) -> str:
    if status not in (401, 403):
        return ""
    scope = "registrants" if path.startswith("/api/") else "read:legacy_api"
    return (
        f" (check that the personal token in $GENDERLENS_INDICO_TOKEN/$INDICO_TOKEN has scope {scope!r}"
        " and that its owner may see this event)"
    )


def _server_message(body: bytes) -> str:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return ""
    if isinstance(payload, Mapping):
        for key in ("message", "error", "description"):
            value = payload.get(key)
            if isinstance(value, str) and value.strip():
                return f": {one_line(' '.join(value.split()), MAX_QUOTE)}"
    return ""


@dataclass(frozen=True)
class Answer:
    """One HTTP answer, read in full within the size limit and before the deadline."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class AnswerTooLargeError(Exception):
    """The answer (decompressed) is larger than ``[tool.genderlens.limits] max_response_mb``."""

    def __init__(self, size: int) -> None:
        """``size``: bytes seen when reading stopped."""
        super().__init__(size)
        self.size = size


def _decoder(encoding: str | None) -> Any:
    """A zlib decompressor for ``Content-Encoding`` (``None`` for identity); ``ValueError`` for others."""
    name = (encoding or "identity").strip().lower()
    if name in ("", "identity"):
        return None
    if name in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or zlib header, detected
    msg = f"unsupported Content-Encoding {quote(name)}"
    raise ValueError(msg)


def _socket_of(response: requests.Response) -> socket.socket | None:
    conn = getattr(response.raw, "_connection", None) or getattr(response.raw, "connection", None)
    sock = getattr(conn, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def read_body(response: requests.Response, *, limit: int, deadline: float) -> bytes:
    """The decoded body of a streamed ``response``: at most ``limit`` bytes, all read before ``deadline``.

    Compressed answers are decoded here, never more than ``limit`` bytes at a time, so a gzip bomb
    stops at the limit; no read waits past ``deadline`` (``time.monotonic()``), so a server that
    trickles one byte at a time cannot hold the run.

    Raises:
        AnswerTooLargeError: Over ``limit``.
        requests.Timeout: The deadline passed.
        ValueError: An unknown ``Content-Encoding``, or a corrupt compressed stream.
    """
    import requests
    import urllib3

    length = response.headers.get("Content-Length", "").strip()
    if length.isdigit() and int(length) > limit and not response.headers.get("Content-Encoding"):
        raise AnswerTooLargeError(int(length))
    decoder = _decoder(response.headers.get("Content-Encoding"))
    read = getattr(response.raw, "read1", None) or response.raw.read
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            msg = "the answer took longer than the timeout"
            raise requests.Timeout(msg)
        sock = _socket_of(response)
        if sock is not None:
            sock.settimeout(remaining)
        try:
            raw = read(65536, decode_content=False)
        except (urllib3.exceptions.TimeoutError, TimeoutError) as exc:
            raise requests.Timeout(str(exc)) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:  # connection reset, truncated chunks...
            raise requests.ConnectionError(str(exc)) from None
        try:
            if decoder is None:
                data = raw
            else:
                data = decoder.decompress(raw, limit - size + 1) if raw else decoder.flush()
        except zlib.error as exc:
            msg = f"cannot decompress the answer ({exc})"
            raise ValueError(msg) from None
        size += len(data)
        if size > limit:
            raise AnswerTooLargeError(size)
        chunks.append(data)
        if not raw:
            return b"".join(chunks)


class IndicoClient:
    """GET JSON from one Indico server with a token, retries, backoff and an optional cache.

    Each attempt is bounded as a whole: ``timeout`` seconds from connecting to the last byte, and
    ``max_bytes`` of decoded answer.
    """

    def __init__(
        self,
        options: IndicoOptions,
        *,
        source: str,
        http: requests.Session,
        token: str | None,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None = None,
        max_bytes: int = DEFAULT_MAX_RESPONSE_MB * MB,
    ) -> None:
        """Create a client; ``source`` is what the user gave, for error messages."""
        self.options = options
        self.source = source
        self.http = http
        self._token = token
        self.sleep = sleep
        self.cache = cache
        self.max_bytes = max_bytes

    def __repr__(self) -> str:
        """Never show the token."""
        return f"IndicoClient(source={redact(self.source)!r}, token={'set' if self._token else 'unset'})"

    def _error(self, message: str) -> AdapterError:
        """An error for this source; the token is blanked out wherever a server echoed it."""
        if self._token:
            message = message.replace(self._token, "[token]")
        return AdapterError(message, source=redact(self.source))

    def _get(self, url: str, params: Mapping[str, str | int] | None, headers: dict[str, str]) -> Answer:
        """One GET, read in full, within ``timeout`` seconds as a whole (see :func:`read_body`).

        Runs in a worker thread that is abandoned, its socket shut down, when the deadline passes while
        it still waits (a server that trickles its headers would otherwise hold ``requests`` forever).
        """
        import requests

        timeout = float(self.options.timeout)
        deadline = time.monotonic() + timeout
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                wait = max(deadline - time.monotonic(), 0.001)
                response = self.http.get(url, params=params, headers=headers, timeout=(wait, wait), stream=True)
                box["response"] = response
                with response:
                    body = b"" if response.status_code == 429 or response.status_code >= 500 else None
                    if body is None:
                        body = read_body(response, limit=self.max_bytes, deadline=deadline)
                    box["answer"] = Answer(response.status_code, response.reason or "", response.headers, body)
            except BaseException as exc:  # handed to the calling thread
                box["error"] = exc

        worker = threading.Thread(target=work, name="genderlens-indico-get", daemon=True)
        worker.start()
        worker.join(timeout + 1.0)  # the worker's own deadline checks normally end it first
        if worker.is_alive():
            response = box.get("response")
            sock = _socket_of(response) if response is not None else None
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            msg = "no complete answer within the timeout"
            raise requests.Timeout(msg)
        if "error" in box:
            raise box["error"]
        answer: Answer = box["answer"]
        return answer

    def get_json(self, url: str, params: Mapping[str, str | int] | None = None) -> Any:
        """GET ``url`` and decode its JSON, retrying connection errors, 429 and 5xx with backoff.

        Raises:
            AdapterError: A 4xx answer (other than 429), retries exhausted, an answer over the size
                limit, or a body that is not JSON.
        """
        full = f"{url}?{urlencode(params)}" if params else url
        shown = redact(full)
        if self.cache is not None:
            cached = self.cache.get(full, self._token)
            if cached is not None:
                return cached
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        import requests  # imported on first use: every `genderlens check` loads this plugin

        attempts = self.options.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            delay = self.options.backoff * 2**attempt
            try:
                answer = self._get(url, params, headers)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last:
                    what = "timed out" if isinstance(exc, requests.Timeout) else "could not connect"
                    msg = f"GET {shown}: {what} after {attempts} attempt(s)"
                    raise self._error(msg) from None
                self.sleep(delay)
                continue
            except AnswerTooLargeError:
                too_large = too_big(self.max_bytes + 1, self.max_bytes, "limits.max_response_mb")
                msg = f"GET {shown}: the answer is {too_large}"
                raise self._error(msg) from None
            except (requests.RequestException, ValueError) as exc:  # invalid URL, headers, encoding...
                msg = f"GET {shown}: {type(exc).__name__}: {exc}"
                raise self._error(msg) from None
            status, reason = answer.status, one_line(answer.reason, MAX_QUOTE)
            if status == 429 or status >= 500:
                if last:
                    msg = f"GET {shown}: HTTP {status} {reason} after {attempts} attempt(s)"
                    raise self._error(msg)
                wait = _retry_after(answer.headers.get("Retry-After")) if status in (429, 503) else None
                self.sleep(min(wait if wait is not None else delay, self.options.max_wait))
                continue
            if status >= 400:
                path = urlsplit(url).path
                msg = f"GET {shown}: HTTP {status} {reason}{_server_message(answer.body)}{_hint(status, path)}"
                raise self._error(msg)
            try:
                body = json.loads(answer.body)
            except (ValueError, RecursionError):
                msg = f"GET {shown}: the answer is not JSON (is this an Indico server?)"
                raise self._error(msg) from None
            if self.cache is not None:
                self.cache.put(full, self._token, body)
            return body
        raise AssertionError  # pragma: no cover - the loop returns or raises


class IndicoAdapter(Adapter):
    """Reads Indico events, categories and saved exports, with optional registrations."""

    name: ClassVar[str] = "indico"
    description: ClassVar[str] = "Indico events and categories over the HTTP API (URLs), or saved Indico JSON exports."

    def __init__(
        self,
        http: requests.Session | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        stderr: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Create the adapter.

        Args:
            http: Session to use (tests pass their own); a new one by default.
            sleep: Called with the seconds to wait between retries (tests pass a recorder).
            stderr: Where the progress bar goes (default ``sys.stderr``; only drawn on a TTY).
            environ: Environment to read the token from (default ``os.environ``).
        """
        self.http = http
        self.sleep = sleep
        self.stderr = stderr
        self.environ = environ

    def sniff(self, source: str, head: bytes | None) -> int:
        """95 for an Indico event/category URL, 100 for a JSON file that is an Indico export."""
        return sniff(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Fetch or read ``source``.

        Raises:
            AdapterError: Unreadable file, HTTP failure, or a payload that is not an Indico export.
            ConfigError: Invalid ``[tool.genderlens.adapter.indico]`` options.
        """
        options = IndicoOptions.from_config(config)
        if "://" not in source:
            return self._load_file(source)
        target = split_url(source)
        if target is None:
            msg = "not an Indico event or category URL (expected https://host/event/<id>/ or /category/<id>/)"
            raise AdapterError(msg, source=redact(source))
        client = self._client(options, source, config)
        if target.kind == "event":
            events = self._fetch_event(client, target, options, source)
        else:
            events = self._fetch_category(client, target, options, source)
        if options.registrations:
            events = [self._add_registrations(client, target.base, e, options) for e in events]
        return events

    def _client(self, options: IndicoOptions, source: str, config: Config) -> IndicoClient:
        import requests

        token = find_token(options, self.environ)
        check_url(source, token=token, allow_http_token=options.allow_http_token)
        limit = config.limits.max_response_bytes
        cache = None
        if options.cache_dir:
            cache = ResponseCache(Path(options.cache_dir).expanduser(), options.cache_ttl, max_bytes=2 * limit)
        return IndicoClient(
            options,
            source=source,
            http=self.http or requests.Session(),
            token=token,
            sleep=self.sleep,
            cache=cache,
            max_bytes=limit,
        )

    def _params(self, options: IndicoOptions) -> dict[str, str | int]:
        params: dict[str, str | int] = {"detail": options.detail}
        if options.tz:
            params["tz"] = options.tz
        return params

    def _fetch_event(
        self, client: IndicoClient, target: IndicoTarget, options: IndicoOptions, source: str
    ) -> list[Event]:
        url = f"{target.base}/export/event/{target.id}.json"
        payload = client.get_json(url, self._params(options))
        events = parse_export(payload, source=redact(source))
        if not events:
            msg = f"event {target.id} not found, or not visible to this token"
            raise AdapterError(msg, source=redact(source))
        return events

    def _fetch_category(
        self, client: IndicoClient, target: IndicoTarget, options: IndicoOptions, source: str
    ) -> list[Event]:
        url = f"{target.base}/export/categ/{target.id}.json"
        limit = options.limit
        events: list[Event] = []
        progress = Progress("Indico events", stream=self.stderr)
        try:
            for page in range(options.max_pages):
                params = {**self._params(options), "limit": limit, "offset": page * limit}
                payload = client.get_json(url, params)
                found = parse_export(payload, source=redact(source))
                events.extend(found)
                progress.advance(len(found))
                if len(found) < limit:
                    return events
        finally:
            progress.close()
        msg = f"stopped after {options.max_pages} pages of {limit} events (option max_pages)"
        raise AdapterError(msg, source=redact(source))

    def _add_registrations(self, client: IndicoClient, base: str, event: Event, options: IndicoOptions) -> Event:
        payload = client.get_json(f"{base}/api/events/{event.id}/registrants")
        registrants = payload.get("registrants") if isinstance(payload, Mapping) else None
        genders: dict[str, str] = {}
        if options.gender_field and isinstance(registrants, list):
            form_id = options.form_id or self._discover_form(client, base, event.id)
            progress = Progress("Indico registrants", len(registrants), stream=self.stderr)
            try:
                for item in registrants:
                    rid = str(item.get("registrant_id")) if isinstance(item, Mapping) else None
                    if rid is None:
                        continue
                    url = f"{base}/api/checkin/event/{event.id}/forms/{form_id}/registrations/{rid}"
                    answer = declared_answer(client.get_json(url), options.gender_field, source=redact(url))
                    if answer is not None:
                        genders[rid] = answer
                    progress.advance()
            finally:
                progress.close()
        url = f"{base}/api/events/{event.id}/registrants"
        return with_registrations(event, parse_registrants(payload, source=redact(url), genders=genders))

    def _discover_form(self, client: IndicoClient, base: str, event_id: str) -> int:
        url = f"{base}/api/checkin/event/{event_id}/forms/"
        forms = client.get_json(url)
        ids = [f.get("id") for f in forms if isinstance(f, Mapping)] if isinstance(forms, list) else []
        if len(ids) == 1 and isinstance(ids[0], int):
            return ids[0]
        msg = f"event {event_id} has {len(ids)} registration forms; set [tool.genderlens.adapter.indico] form_id"
        raise AdapterError(msg, source=redact(url))

    def _load_file(self, source: str) -> list[Event]:
        try:
            # Regular files only, within the size limit; UTF-16 and UTF-32 with a mark read as UTF-8.
            text = as_utf8(read_regular(source), source).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            msg = "not UTF-8 text"
            raise AdapterError(msg, source=source) from exc
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise AdapterError(msg, source=source, line=exc.lineno) from exc
        except RecursionError:
            msg = "invalid JSON: nested too deeply"
            raise AdapterError(msg, source=source) from None
        return parse_export(payload, source=source)
