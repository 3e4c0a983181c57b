"""Helpers shared by the schedule adapters: reading JSON, required keys, times, roles and gender answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from genderlens.adapters import moderators_named, person_key, read_bytes
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


#: How deeply arrays and objects may nest in a schedule file; real exports nest about ten levels.
MAX_JSON_DEPTH = 200
_BRACKETS = re.compile(rb"[\[\]{}\"\\]")


def _check_depth(data: bytes, source: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` before parsing it (the parser would recurse)."""
    depth = 0
    in_string = False
    escaped_at = -1  # the byte after a backslash inside a string, which that backslash escapes
    for m in _BRACKETS.finditer(data):
        ch = m.group()
        if in_string:
            if m.start() == escaped_at:
                continue
            if ch == b"\\":
                escaped_at = m.end()
            elif ch == b'"':
                in_string = False
        elif ch == b'"':
            in_string = True
        elif ch in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = data.count(b"\n", 0, m.start()) + 1
                msg = f"JSON nested more than {MAX_JSON_DEPTH} levels deep; not a schedule export"
                raise AdapterError(msg, source=source, line=line)
        elif ch in (b"]", b"}"):
            depth -= 1


def load_json(source: str) -> Any:
    """Parse a JSON file; syntax errors become :class:`AdapterError` with the line number.

    Raises:
        AdapterError: Not UTF-8, not JSON, nested deeper than :data:`MAX_JSON_DEPTH`, or holding a
            number JSON does not allow (``NaN``, ``Infinity``).
    """
    data = read_bytes(source)
    text = decode(data, source)
    _check_depth(data, source)

    def refuse_constant(name: str) -> Any:
        msg = f"{name} is not a JSON number"
        raise AdapterError(msg, source=source)

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise AdapterError(msg, source=source, line=exc.lineno) from exc
    except ValueError as exc:  # e.g. an integer longer than Python converts (4300 digits)
        msg = f"invalid JSON: {exc}"
        raise AdapterError(msg, source=source) from None
    except RecursionError:  # pragma: no cover - _check_depth refuses such files first
        msg = "JSON nested too deeply"
        raise AdapterError(msg, source=source) from None


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
        msg = f"expected an object, found {_json_type(obj)}"
        raise AdapterError(msg, source=source, field=path or None)
    if key not in obj:
        msg = "required key is missing"
        raise AdapterError(msg, source=source, field=field)
    value = obj[key]
    if kind is not None and not isinstance(value, kind):
        names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
        msg = f"expected {names}, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=field)
    return value


def text(value: Any) -> str | None:
    """A stripped string, or ``None`` for missing and blank values."""
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def field_text(obj: Mapping[str, Any], key: str, path: str, source: str) -> str | None:
    """``obj[key]`` as stripped text (a string or a number), ``None`` when absent, null or blank.

    Raises:
        AdapterError: The value is a list, an object or a boolean; ``field`` names ``path.key``.
    """
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"expected text, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=f"{path}.{key}" if path else key)
    return text(value)


def field_list(obj: Mapping[str, Any], key: str, path: str, source: str) -> list[Any]:
    """``obj[key]`` as a list, ``[]`` when absent or null.

    Raises:
        AdapterError: The value is not a list; ``field`` names ``path.key``.
    """
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        msg = f"expected a list, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=f"{path}.{key}" if path else key)
    return value


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


_HMS = re.compile(r"^(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?$")
#: The longest session a duration may give: 14 days (a camp, a hackathon); longer is an error.
MAX_DURATION_MINUTES = 14 * 24 * 60


def parse_duration(value: Any, *, source: str, field: str) -> float | None:
    """Minutes from a frab duration ``"HH:MM"`` (or ``"HH:MM:SS"``); ``None`` when absent.

    Raises:
        AdapterError: Not ``HH:MM``, minutes or seconds above 59, or longer than
            :data:`MAX_DURATION_MINUTES` (``inf``, ``999:00``).
    """
    s = text(value)
    if s is None:
        return None
    m = _HMS.match(s)
    if m is None or int(m.group(2)) > 59 or int(m.group(3) or 0) > 59:
        msg = f"cannot read {s[:40]!r} as a duration (HH:MM)"
        raise AdapterError(msg, source=source, field=field)
    minutes = int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3) or 0) / 60
    if minutes > MAX_DURATION_MINUTES:
        msg = f"duration {s!r} is longer than {MAX_DURATION_MINUTES // 1440} days"
        raise AdapterError(msg, source=source, field=field)
    return minutes


def parse_datetime(value: Any, *, source: str, field: str) -> dt.datetime | None:
    """An ISO 8601 date or date-time (``2019-08-21``, ``2020-12-27T11:30:00+01:00``); ``None`` when absent."""
    s = text(value)
    if s is None:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        msg = f"cannot read {s[:40]!r} as an ISO date or date-time"
        raise AdapterError(msg, source=source, field=field) from None


def combine(day: dt.datetime | None, clock: Any, *, source: str, field: str) -> dt.datetime | None:
    """The day's date at ``clock`` (``"HH:MM"``); ``None`` when either is missing.

    Hours 24 to 47 fall on the next day (some exports write a night session that way).

    Raises:
        AdapterError: ``clock`` is not ``HH:MM`` with minutes below 60 and hours below 48 (``10:99``).
    """
    s = text(clock)
    if s is None:
        return None
    m = _HMS.match(s)
    if m is None or int(m.group(1)) > 47 or int(m.group(2)) > 59 or int(m.group(3) or 0) > 59:
        msg = f"cannot read {s[:40]!r} as a time of day (HH:MM)"
        raise AdapterError(msg, source=source, field=field)
    if day is None:
        return None
    hours = int(m.group(1))
    try:
        date = day.date() + dt.timedelta(days=hours // 24)
    except OverflowError:
        msg = f"{s!r} on {day.date()} is past the year 9999"
        raise AdapterError(msg, source=source, field=field) from None
    return dt.datetime.combine(date, dt.time(hours % 24, int(m.group(2))), tzinfo=day.tzinfo)


def end_of(start: dt.datetime | None, minutes: float | None, *, source: str, field: str) -> dt.datetime | None:
    """``start`` plus ``minutes``; ``None`` when either is missing.

    Raises:
        AdapterError: The end falls past the year 9999; ``field`` names the duration.
    """
    if start is None or minutes is None:
        return None
    try:
        return start + dt.timedelta(minutes=minutes)
    except OverflowError:
        msg = f"{start.isoformat()} plus {minutes:g} minutes is past the year 9999"
        raise AdapterError(msg, source=source, field=field) from None


def unique_id(ident: str, seen: set[str]) -> str:
    """``ident``, or ``ident#2``, ``ident#3``... when it was seen already (so duplicates never merge)."""
    candidate, n = ident, 1
    while candidate in seen:
        n += 1
        candidate = f"{ident}#{n}"
    seen.add(candidate)
    return candidate


#: Academic and professional titles that lead a name and say nothing about gender:
#: "Prof. Dr.", "Dr.-Ing.", "Dr. rer. nat.", "Dipl.-Inf.", "PD Dr.", "Prof. em.", "Mag.", "MSc".
_ACADEMIC = re.compile(
    r"(?:(?:prof|dr|pd|dipl|mag|ing)\.?(?:-[a-zäöü]{2,6}\.?)*|(?:em|apl|jun|rer|nat|phil|med|habil|techn|oec|h\.\s?c)\."
    r"|msc|m\.sc\.|bsc|b\.sc\.|phd|ph\.d\.)(?=\s|$)\s*",
    re.IGNORECASE,
)


def split_titles(name: str) -> tuple[str | None, str]:
    """``"Prof. Dr. Anna Schmidt"`` -> ``("Prof. Dr.", "Anna Schmidt")``: leading academic titles apart.

    Only gender-neutral academic titles are taken off; a name that is nothing but titles is kept whole.
    """
    pos, titles = 0, []
    while True:
        m = _ACADEMIC.match(name, pos)
        if m is None or m.end() == pos:
            break
        titles.append(m.group().strip())
        pos = m.end()
    rest = name[pos:].strip()
    if not titles or not rest:
        return None, name.strip()
    return " ".join(titles), rest


_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|&|\+|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)


def split_people(value: str) -> list[str]:
    """Names joined in one text: ``"Prof. Dr. A B, Dr.-Ing. C D und E F"`` -> three names.

    A comma between single words is a ``"Last, First"`` name, not two people, so the text is split only
    when every part holds at least two words once titles are off; otherwise it is one name.
    """
    value = " ".join(value.split())  # single spaces: the separator's \s* then never rescans a long run
    parts = [p for p in _LIST_SEPARATOR.split(value) if p.strip()]
    if len(parts) < 2:
        return [value.strip()] if value.strip() else []
    if all(len(split_titles(p)[1].split()) >= 2 for p in parts):
        return [p.strip() for p in parts]
    return [value.strip()]


def person_keys(slots: Iterable[tuple[str | None, str | None]]) -> dict[tuple[str | None, str | None], str]:
    """The person key of each ``(name, id)`` slot of a programme, so that one person is one head.

    Ids are trusted unless they are unstable: when no id is ever repeated while names are, the export
    gives a new id per slot, and everyone is keyed by name. A full name (two words or more) found under
    two ids is one person listed twice and is keyed by name too; a one-word handle may be two people.
    A slot without an id takes the id its name has elsewhere, when it has exactly one, else its name;
    slots with neither name nor id get no key (the caller numbers them).

    Args:
        slots: ``(name, id)`` of every person listed on every session; names without titles.
    """
    listed = list(slots)
    ids = [pid for name, pid in listed if pid and name]
    names = [person_key(name, fallback="") for name, pid in listed if pid and name]
    unstable = len(set(ids)) == len(ids) and len(set(names)) < len(names)
    ids_of: dict[str, set[str]] = defaultdict(set)
    for name, pid in listed:
        if pid and name:
            ids_of[person_key(name, fallback="")].add(pid)
    keys: dict[tuple[str | None, str | None], str] = {}
    for name, pid in listed:
        by_name = person_key(name, fallback="") if name else ""
        merge = unstable or (len(ids_of[by_name]) > 1 and len(by_name.split()) > 1)
        if pid and not (by_name and merge):
            keys[(name, pid)] = pid
        elif by_name and not pid and not merge and len(ids_of[by_name]) == 1:
            keys[(name, pid)] = next(iter(ids_of[by_name]))  # listed elsewhere with its one id
        elif by_name:
            keys[(name, pid)] = by_name
    return keys


_PANEL_KIND = re.compile(
    r"panel|podium|roundtable|round[ -]table|table ronde|mesa redonda|diskussion|discussion|debate|fishbowl"
    r"|fireside",
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


def stated_panel(panel: bool, kind: str | None) -> bool | None:
    """:attr:`Session.panel` as the source states it: ``True`` for a panel, ``False`` when the source gives
    another type (two speakers on a ``Talk`` are not a panel), ``None`` when it gives no type at all."""
    if panel:
        return True
    return False if kind else None


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
    Academic titles leading a name (``"Prof. Dr."``) go to :attr:`Person.title`.

    Args:
        people: Key, display name and self-declared gender answer of each person listed on the session.
        panel: Whether the session is a panel.
        moderator_texts: Free texts of the session (abstract, description) to look for moderator markers.
    """
    cleaned: list[tuple[str, str | None, str | None, str | None, bool]] = []
    for key, name, gender in people:
        marked = False
        title = None
        if name:
            name, marked = split_role_prefix(name)
            title, name = split_titles(name)
        cleaned.append((key, name, gender, title, marked))
    named = moderators_named(list(moderator_texts), [n for _, n, _, _, _ in cleaned if n])
    out: list[Participant] = []
    seen: set[str] = set()
    default = Role.PANELIST if panel else Role.SPEAKER
    for key, name, gender, title, marked in cleaned:
        if key in seen:
            continue
        seen.add(key)
        role = Role.MODERATOR if marked or (name is not None and name in named) else default
        person = Person(key=key, name=name, title=title, declared_gender=gender)
        out.append(Participant(person=person, role=role))
    return tuple(out)
