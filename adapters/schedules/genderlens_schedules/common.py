"""Helpers shared by the schedule adapters: reading JSON, required keys, times, roles and gender answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from genderlens.adapters import moderators_named, read_bytes
from genderlens.errors import AdapterError
from genderlens.model import Participant, Person, Role

#: Markers of an Indico HTTP-API export, which another adapter reads.
INDICO_MARKERS = (b'"_fossil"', b'"HTTPAPIResult"')


def decode(data: bytes, source: str) -> str:
    """UTF-8 text with an optional byte-order mark removed (Sessionize writes one)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 text (byte {exc.start})"
        raise AdapterError(msg, source=source, line=line) from exc


def load_json(source: str) -> Any:
    """Parse a JSON file; syntax errors become :class:`AdapterError` with the line number."""
    text = decode(read_bytes(source), source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise AdapterError(msg, source=source, line=exc.lineno) from exc


def is_indico(head: bytes) -> bool:
    """True when ``head`` looks like an Indico export (left to the Indico adapter)."""
    return any(marker in head for marker in INDICO_MARKERS)


def looks_like_json(head: bytes | None) -> bool:
    """True when ``head`` starts, after a byte-order mark and blanks, with ``{`` or ``[``."""
    if not head:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def require(obj: Any, key: str, path: str, source: str, *, kind: type | tuple[type, ...] | None = None) -> Any:
    """``obj[key]``, or :class:`AdapterError` naming ``path.key`` as the field when it is missing.

    Args:
        obj: The JSON object (a dict) expected to hold ``key``.
        key: The key.
        path: Where ``obj`` sits in the document, e.g. ``schedule.conference``.
        source: The file, for the error.
        kind: Expected type(s) of the value; a mismatch is an error too.
    """
    field = f"{path}.{key}" if path else key
    if not isinstance(obj, Mapping):
        msg = f"expected an object, found {type(obj).__name__}"
        raise AdapterError(msg, source=source, field=path or None)
    if key not in obj:
        msg = "required key is missing"
        raise AdapterError(msg, source=source, field=field)
    value = obj[key]
    if kind is not None and not isinstance(value, kind):
        names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
        msg = f"expected {names}, found {type(value).__name__}"
        raise AdapterError(msg, source=source, field=field)
    return value


def text(value: Any) -> str | None:
    """A stripped string, or ``None`` for missing and blank values."""
    if value is None:
        return None
    s = str(value).strip()
    return s or None


_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")


def parse_duration(value: Any, *, source: str, field: str) -> float | None:
    """Minutes from a frab duration ``"HH:MM"`` (or ``"HH:MM:SS"``); ``None`` when absent."""
    s = text(value)
    if s is None:
        return None
    m = _HMS.match(s)
    if m is None:
        msg = f"cannot read {s!r} as a duration (HH:MM)"
        raise AdapterError(msg, source=source, field=field)
    return int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3) or 0) / 60


def parse_datetime(value: Any, *, source: str, field: str) -> dt.datetime | None:
    """An ISO 8601 date or date-time (``2019-08-21``, ``2020-12-27T11:30:00+01:00``); ``None`` when absent."""
    s = text(value)
    if s is None:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        msg = f"cannot read {s!r} as an ISO date or date-time"
        raise AdapterError(msg, source=source, field=field) from None


def combine(day: dt.datetime | None, clock: Any) -> dt.datetime | None:
    """The day's date at ``clock`` (``"HH:MM"``), or ``None`` when either is missing or unreadable."""
    s = text(clock)
    if day is None or s is None:
        return None
    m = _HMS.match(s)
    if m is None or int(m.group(1)) > 23:
        return None
    return dt.datetime.combine(day.date(), dt.time(int(m.group(1)), int(m.group(2))), tzinfo=day.tzinfo)


_PANEL_KIND = re.compile(
    r"panel|podium|roundtable|round[ -]table|table ronde|mesa redonda|diskussion|discussion|debate|fishbowl",
    re.IGNORECASE,
)
_PANEL_TITLE = re.compile(
    r"^\s*(panel(?: discussion)?|podium(?:sdiskussion|sgespr[aä]ch)?|round ?table|fishbowl)\s*[:–—-]",
    re.IGNORECASE,
)


def is_panel(kind: str | None, title: str | None = None) -> bool:
    """True when the session type (or a ``Panel:`` prefix of the title) says it is a panel."""
    if kind and _PANEL_KIND.search(kind):
        return True
    return bool(title and _PANEL_TITLE.match(title))


_ROLE_PREFIX = re.compile(
    r"^\s*(moderation|moderator(?:in)?|moderated by|moderiert von|host(?:ed by)?|facilitator|chair(?:ed by)?)"
    r"\s*[:\-–—]?\s+",
    re.IGNORECASE,
)


def split_role_prefix(name: str) -> tuple[str, bool]:
    """Strip a ``"Moderation: "`` style prefix from a person's display name.

    Returns:
        The name without the prefix, and whether a moderator prefix was found.
    """
    m = _ROLE_PREFIX.match(name)
    if m is None:
        return name, False
    rest = name[m.end() :].strip()
    return (rest, True) if rest else (name, False)


_GENDER_WORDS = re.compile(r"\b(gender|geschlecht|genre|g[ée]nero|sexe|sex)\b", re.IGNORECASE)
_PRONOUN_WORDS = re.compile(r"pronoun|pronom|pronomen", re.IGNORECASE)


def question_text(question: Any) -> str | None:
    """The text of a pretalx/Sessionize question: a string, or an i18n dict such as ``{"en": "Gender"}``."""
    if isinstance(question, str):
        return question
    if isinstance(question, Mapping):
        for key in ("question", "title", "text"):
            if key in question:
                return question_text(question[key])
        parts = [v for v in question.values() if isinstance(v, str)]
        return " / ".join(parts) or None
    return None


def is_gender_question(question: str | None) -> bool:
    """True for an explicit gender question; a question about pronouns is not one (pronouns are not gender)."""
    if not question:
        return False
    return bool(_GENDER_WORDS.search(question)) and not _PRONOUN_WORDS.search(question)


def participants(
    people: Iterable[tuple[str, str | None, str | None]],
    *,
    panel: bool,
    moderator_texts: Iterable[str | None] = (),
) -> tuple[Participant, ...]:
    """Participants from ``(key, name, declared_gender)`` triples.

    Everyone is a speaker, or a panelist when ``panel``; a name written ``"Moderation: X"`` or named by a
    ``"Moderation: X"`` line in ``moderator_texts`` is a moderator. A key seen twice is kept once.

    Args:
        people: Key, display name and self-declared gender answer of each person listed on the session.
        panel: Whether the session is a panel.
        moderator_texts: Free texts of the session (abstract, description) to look for moderator markers.
    """
    cleaned: list[tuple[str, str | None, str | None, bool]] = []
    for key, name, gender in people:
        marked = False
        if name:
            name, marked = split_role_prefix(name)
        cleaned.append((key, name, gender, marked))
    named = moderators_named(list(moderator_texts), [n for _, n, _, _ in cleaned if n])
    out: list[Participant] = []
    seen: set[str] = set()
    default = Role.PANELIST if panel else Role.SPEAKER
    for key, name, gender, marked in cleaned:
        if key in seen:
            continue
        seen.add(key)
        role = Role.MODERATOR if marked or (name is not None and name in named) else default
        out.append(Participant(person=Person(key=key, name=name, declared_gender=gender), role=role))
    return tuple(out)
