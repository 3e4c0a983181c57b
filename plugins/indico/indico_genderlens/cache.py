"""Cached reports, dropped as soon as anything they rest on changes.

Entries live in Indico's (redis) cache under a per-event *generation* token: invalidating an event sets a
new token, so every report computed for it before (with any settings) is never read again. Invalidation
comes from two places, so figures are never stale after an edit:

* Indico's signals: contributions, sessions, blocks, timetable entries, event persons, registrations and
  registration forms created, updated or deleted, and ``signals.event.updated`` (chairpersons, type, dates);
* a SQLAlchemy ``before_flush`` listener that catches the same objects changed without a signal (imports,
  cloning, the HTTP API, scripts), and drops those events again after the commit, so a report computed
  from the old data by a concurrent request while the transaction was open is not kept either.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

from genderlens.model import EventReport
from indico.core.cache import make_scoped_cache

_cache = make_scoped_cache("genderlens")
#: Reports are kept a day at most, even if no change is seen.
TTL = timedelta(days=1)


def settings_key(settings: dict[str, Any]) -> str:
    """A short stable hash of the settings a report was computed with."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def generation(event_id: int) -> str:
    """The event's current generation token (a new one when none is cached)."""
    token = _cache.get(f"gen/{event_id}")
    if token is None:
        token = uuid.uuid4().hex
        _cache.set(f"gen/{event_id}", token, timeout=TTL)
    return str(token)


def invalidate(*event_ids: int | None) -> None:
    """Forget every cached report of these events."""
    ids = {i for i in event_ids if i is not None}
    if ids:
        _cache.set_many({f"gen/{i}": uuid.uuid4().hex for i in ids}, timeout=TTL)


def _key(kind: str, event_id: int, settings: str) -> str:
    return f"{kind}/{event_id}/{generation(event_id)}/{settings}"


def get_report(event_id: int, settings: str) -> EventReport | None:
    """The cached report, or ``None``."""
    found = _cache.get(_key("report", event_id, settings))
    return found if isinstance(found, EventReport) else None


def set_report(event_id: int, settings: str, report: EventReport) -> None:
    """Cache a report."""
    _cache.set(_key("report", event_id, settings), report, timeout=TTL)


def get_misses(event_id: int, settings: str) -> list[str] | None:
    """The cached descriptions of the programme's misses, or ``None``."""
    found = _cache.get(_key("misses", event_id, settings))
    return list(found) if found is not None else None


def set_misses(event_id: int, settings: str, misses: list[str]) -> None:
    """Cache the descriptions of the programme's misses."""
    _cache.set(_key("misses", event_id, settings), list(misses), timeout=TTL)


def get_reports(settings: dict[int, str]) -> dict[int, EventReport | None]:
    """Cached reports of several events (two round trips in all): event id -> report or ``None``."""
    ids = list(settings)
    if not ids:
        return {}
    tokens = _cache.get_many(*(f"gen/{i}" for i in ids))
    fresh = {i: uuid.uuid4().hex for i, t in zip(ids, tokens, strict=True) if t is None}
    if fresh:
        _cache.set_many({f"gen/{i}": t for i, t in fresh.items()}, timeout=TTL)
    gens = {i: str(t) if t is not None else fresh[i] for i, t in zip(ids, tokens, strict=True)}
    keys = [f"report/{i}/{gens[i]}/{settings[i]}" for i in ids]
    found = _cache.get_many(*keys)
    return {i: r if isinstance(r, EventReport) else None for i, r in zip(ids, found, strict=True)}


def set_reports(reports: dict[int, tuple[str, EventReport]]) -> None:
    """Cache several reports: event id -> (settings key, report)."""
    if reports:
        _cache.set_many({_key("report", i, key): report for i, (key, report) in reports.items()}, timeout=TTL)
