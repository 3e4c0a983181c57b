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

import email.utils
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from genderlens.adapters import Adapter
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.model import Event
from genderlens_indico.parse import declared_answer, parse_export, parse_registrants, with_registrations

if TYPE_CHECKING:
    import requests

#: ``CategoryEventHook.MAX_RECORDS``: Indico refuses larger ``limit`` values with HTTP 400.
MAX_RECORDS = {"events": 1000, "contributions": 500, "subcontributions": 500, "sessions": 100}
TOKEN_ENVS = ("GENDERLENS_INDICO_TOKEN", "INDICO_TOKEN")
_EVENT_URL = re.compile(r"^(?P<base>https?://.+?)/(?:export/)?event/(?P<id>\d+)(?:[/.?#]|$)")
_CATEGORY_URL = re.compile(r"^(?P<base>https?://.+?)/(?:export/)?categ(?:ory)?/(?P<id>\d+)(?:[/.?#]|$)")
_SECRET_PARAMS = frozenset({"ak", "apikey", "api_key", "signature", "token", "access_token", "secret"})
_SNIFF_CONTENT = re.compile(rb'"_type"\s*:\s*"HTTPAPIResult"|"_fossil"\s*:\s*"conference')


def redact(url: str) -> str:
    """``url`` without credentials: user info and key/signature/token query parameters are dropped."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
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
    for kind, pattern in (("event", _EVENT_URL), ("category", _CATEGORY_URL)):
        match = pattern.match(source)
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
        if self.detail not in MAX_RECORDS:
            return "detail", f"{self.detail!r} is not one of {', '.join(MAX_RECORDS)}"
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
        return None

    @property
    def limit(self) -> int:
        """Page size for category exports: the option, or Indico's maximum for the detail level."""
        return self.page_size or MAX_RECORDS[self.detail]


def find_token(options: IndicoOptions, environ: Mapping[str, str] | None = None) -> str | None:
    """The personal token from ``token_env``, ``GENDERLENS_INDICO_TOKEN`` or ``INDICO_TOKEN``."""
    env = os.environ if environ is None else environ
    names = (options.token_env,) if options.token_env else TOKEN_ENVS
    for name in names:
        value = env.get(name, "").strip() if name else ""
        if value:
            return value
    return None


class ResponseCache:
    """A small on-disk cache of JSON GET responses, keyed by URL (and token), with a time-to-live.

    Files are written with mode 0600 because authenticated responses can hold personal data.
    """

    def __init__(self, folder: Path, ttl: float, *, clock: Callable[[], float] = time.time) -> None:
        """Cache under ``folder``; entries older than ``ttl`` seconds are ignored."""
        self.folder = folder
        self.ttl = ttl
        self.clock = clock

    def _path(self, url: str, token: str | None) -> Path:
        who = hashlib.sha256(token.encode()).hexdigest() if token else "anonymous"
        digest = hashlib.sha256(f"{who}\n{url}".encode()).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, url: str, token: str | None) -> Any | None:
        """The cached payload for ``url``, or ``None`` when absent, expired or unreadable."""
        path = self._path(url, token)
        try:
            if self.clock() - path.stat().st_mtime > self.ttl:
                return None
            return json.loads(path.read_text(encoding="utf-8"))["body"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, url: str, token: str | None, body: Any) -> None:
        """Store ``body`` for ``url``; failures to write are ignored (the cache is an optimisation)."""
        path = self._path(url, token)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"url": redact(url), "body": body}, fh)
            tmp.replace(path)
        except OSError:
            return


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


def _server_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, Mapping):
        for key in ("message", "error", "description"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return f": {' '.join(value.split())[:200]}"
    return ""


class IndicoClient:
    """GET JSON from one Indico server with a token, retries, backoff and an optional cache."""

    def __init__(
        self,
        options: IndicoOptions,
        *,
        source: str,
        http: requests.Session,
        token: str | None,
        sleep: Callable[[float], None] = time.sleep,
        cache: ResponseCache | None = None,
    ) -> None:
        """Create a client; ``source`` is what the user gave, for error messages."""
        self.options = options
        self.source = source
        self.http = http
        self._token = token
        self.sleep = sleep
        self.cache = cache

    def __repr__(self) -> str:
        """Never show the token."""
        return f"IndicoClient(source={redact(self.source)!r}, token={'set' if self._token else 'unset'})"

    def get_json(self, url: str, params: Mapping[str, str | int] | None = None) -> Any:
        """GET ``url`` and decode its JSON, retrying connection errors, 429 and 5xx with backoff.

        Raises:
            AdapterError: A 4xx answer (other than 429), retries exhausted, or a body that is not JSON.
        """
        full = f"{url}?{urlencode(params)}" if params else url
        shown = redact(full)
        if self.cache is not None:
            cached = self.cache.get(full, self._token)
            if cached is not None:
                return cached
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        import requests  # imported on first use: every `genderlens check` loads this plugin

        attempts = self.options.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            delay = self.options.backoff * 2**attempt
            try:
                response = self.http.get(url, params=params, headers=headers, timeout=self.options.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last:
                    what = "timed out" if isinstance(exc, requests.Timeout) else "could not connect"
                    msg = f"GET {shown}: {what} after {attempts} attempt(s)"
                    raise AdapterError(msg, source=redact(self.source)) from None
                self.sleep(delay)
                continue
            status = response.status_code
            if status == 429 or status >= 500:
                if last:
                    msg = f"GET {shown}: HTTP {status} {response.reason} after {attempts} attempt(s)"
                    raise AdapterError(msg, source=redact(self.source))
                wait = _retry_after(response.headers.get("Retry-After")) if status in (429, 503) else None
                self.sleep(min(wait if wait is not None else delay, self.options.max_wait))
                continue
            if status >= 400:
                path = urlsplit(url).path
                msg = f"GET {shown}: HTTP {status} {response.reason}{_server_message(response)}{_hint(status, path)}"
                raise AdapterError(msg, source=redact(self.source))
            try:
                body = response.json()
            except ValueError:
                msg = f"GET {shown}: the answer is not JSON (is this an Indico server?)"
                raise AdapterError(msg, source=redact(self.source)) from None
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
        if head is None:
            return 95 if split_url(source) else 0
        return 100 if _SNIFF_CONTENT.search(head) else 0

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
        client = self._client(options, source)
        if target.kind == "event":
            events = self._fetch_event(client, target, options, source)
        else:
            events = self._fetch_category(client, target, options, source)
        if options.registrations:
            events = [self._add_registrations(client, target.base, e, options) for e in events]
        return events

    def _client(self, options: IndicoOptions, source: str) -> IndicoClient:
        import requests

        cache = ResponseCache(Path(options.cache_dir).expanduser(), options.cache_ttl) if options.cache_dir else None
        return IndicoClient(
            options,
            source=source,
            http=self.http or requests.Session(),
            token=find_token(options, self.environ),
            sleep=self.sleep,
            cache=cache,
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
            text = Path(source).read_text(encoding="utf-8-sig")
        except OSError as exc:
            msg = f"cannot read: {exc.strerror}"
            raise AdapterError(msg, source=source) from exc
        except UnicodeDecodeError as exc:
            msg = "not UTF-8 text"
            raise AdapterError(msg, source=source) from exc
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise AdapterError(msg, source=source, line=exc.lineno) from exc
        return parse_export(payload, source=source)
