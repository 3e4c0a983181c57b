"""Pure mapping of Indico JSON payloads to genderlens models: payload in, models out, no I/O.

Understands the legacy HTTP export API (``/export/event``, ``/export/categ``, ``/export/timetable``; with
or without the ``HTTPAPIResult`` envelope), the registrants API (``/api/events/<id>/registrants``) and
the check-in API's ``registration_data`` (for a self-declared gender field).

Mapping:

* event ``chairs`` -> event-level chairs (for a lecture, ``type: simple_event``, they are its speakers);
  a title prefixed to ``fullName`` (``"Ms Lovelace, Ada"``) becomes :attr:`Person.title`;
* a session block (``detail=sessions``) -> one session: its ``conveners`` are conveners and the
  speakers of its contributions are speakers, each with the contribution's minutes shared among them;
* a contribution outside any block -> its own session. With ``detail=contributions`` Indico sends no
  blocks, so every contribution is its own session (``session`` and ``track`` become the track);
* a contribution without ``speakers`` falls back to its ``primaryauthors`` as speakers: some events
  (XDC 2021) record presenters only as authors;
* people are keyed ``indico:<person_id>`` (the event-wide EventPerson id), else ``emailhash:<md5>``,
  else by name.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from genderlens.adapters import person_key
from genderlens.errors import AdapterError
from genderlens.model import Event, Participant, Person, Registration, Role, Session

#: Title prefixes Indico writes before names (``UserTitle``) plus common variants.
TITLES = ("Mr", "Ms", "Mrs", "Mx", "Dr", "Prof.", "Prof", "Miss", "Mme", "M.")
_TITLE_PREFIX = re.compile(r"^(?P<title>(?:(?:Mr|Ms|Mrs|Mx|Dr|Prof|Miss|Mme)\.?\s+)+)(?P<rest>.+)$")


class Where:
    """A JSON path for error messages, e.g. ``results[0].contributions[3].startDate``."""

    def __init__(self, source: str, path: str = "") -> None:
        """Start at ``path`` inside the payload read from ``source``."""
        self.source = source
        self.path = path

    def __truediv__(self, key: str | int) -> Where:
        """The path one level down."""
        step = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return Where(self.source, self.path + step)

    def error(self, message: str) -> AdapterError:
        """An :class:`AdapterError` located at this path."""
        return AdapterError(message, source=self.source, field=self.path or None)


def _obj(value: Any, where: Where) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"expected an object, got {type(value).__name__}"
        raise where.error(msg)
    return value


def _list(parent: Mapping[str, Any], key: str, where: Where) -> Sequence[Any]:
    value = parent.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        msg = f"expected a list, got {type(value).__name__}"
        raise (where / key).error(msg)
    return value


def _text(parent: Mapping[str, Any], key: str) -> str | None:
    value = parent.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_date(value: Any, where: Where) -> dt.datetime | None:
    """``{"date": "2026-03-10", "time": "09:00:00", "tz": "UTC"}`` -> an aware datetime (``None`` if absent)."""
    if value is None:
        return None
    raw = _obj(value, where)
    date, time, tz = raw.get("date"), raw.get("time") or "00:00:00", raw.get("tz") or "UTC"
    try:
        naive = dt.datetime.fromisoformat(f"{date}T{time}")
    except (TypeError, ValueError) as exc:
        msg = f"not a date: {date!r} {time!r}"
        raise where.error(msg) from exc
    try:
        zone = zoneinfo.ZoneInfo(str(tz))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {tz!r}"
        raise where.error(msg) from exc
    return naive.replace(tzinfo=zone)


def split_title(full_name: str, first: str | None, last: str | None) -> tuple[str | None, str]:
    """Split a title prefix off an Indico name: ``"Ms Lovelace, Ada"`` -> ``("Ms", "Lovelace, Ada")``.

    With first and last names known, only what precedes them counts as a title (so a first name that
    looks like a title is kept); otherwise a leading ``Mr``/``Ms``/``Mrs``/``Mx``/``Dr``/``Prof.`` is.
    """
    full_name = " ".join(full_name.split())
    for bare in (f"{last}, {first}", f"{first} {last}") if first and last else ():
        if full_name.endswith(bare) and full_name != bare:
            prefix = full_name[: -len(bare)].strip()
            return (prefix or None), bare
    if first and last:
        return None, full_name
    match = _TITLE_PREFIX.match(full_name)
    if match:
        return match.group("title").strip(), match.group("rest").strip()
    return None, full_name


def _display_name(raw: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The person's name as "First Last", and a title found in ``title`` or before the name."""
    first = _text(raw, "first_name") or _text(raw, "firstName")
    last = _text(raw, "last_name") or _text(raw, "familyName")
    full = _text(raw, "fullName") or _text(raw, "name")
    title = _text(raw, "title")
    if full:
        prefix, bare = split_title(full, first, last)
        title = title or prefix
        if not (first and last):
            last_part, sep, first_part = bare.partition(",")
            return (f"{first_part.strip()} {last_part.strip()}" if sep else bare), title
    name = " ".join(p for p in (first, last) if p) or None
    return name, title


def parse_person(raw: Any, where: Where) -> Person:
    """An Indico person (chair, speaker, author, convener, timetable presenter) as a :class:`Person`."""
    data = _obj(raw, where)
    name, title = _display_name(data)
    person_id = data.get("person_id")
    email_hash = _text(data, "emailHash")
    if person_id not in (None, ""):
        key = f"indico:{person_id}"
    elif email_hash:
        key = f"emailhash:{email_hash}"
    else:
        key = person_key(name, fallback=f"indico:{where.path}")
    return Person(key=key, name=name, title=title, affiliation=_text(data, "affiliation"))


class _SessionBuilder:
    """Collects participants of one session, merging repeated (person, role) pairs."""

    def __init__(self) -> None:
        self.order: list[tuple[str, Role]] = []
        self.people: dict[tuple[str, Role], Person] = {}
        self.minutes: dict[tuple[str, Role], float | None] = {}

    def add(self, person: Person, role: Role, minutes: float | None = None) -> None:
        key = (person.key, role)
        if key not in self.people:
            self.order.append(key)
            self.people[key] = person
            self.minutes[key] = minutes
        elif minutes is not None:
            self.minutes[key] = (self.minutes[key] or 0.0) + minutes

    def participants(self) -> tuple[Participant, ...]:
        return tuple(Participant(person=self.people[k], role=k[1], minutes=self.minutes[k]) for k in self.order)


def _minutes(raw: Mapping[str, Any], start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    duration = raw.get("duration")
    if isinstance(duration, (int, float)) and not isinstance(duration, bool) and duration >= 0:
        return float(duration)
    if start is not None and end is not None and end >= start:
        return (end - start).total_seconds() / 60
    return None


def _speakers(contribution: Mapping[str, Any], where: Where) -> list[Person]:
    speakers = _list(contribution, "speakers", where)
    field = "speakers"
    if not speakers:  # XDC 2021: presenters recorded only as primary authors
        speakers, field = _list(contribution, "primaryauthors", where), "primaryauthors"
    people = [parse_person(p, where / field / i) for i, p in enumerate(speakers)]
    for j, sub in enumerate(_list(contribution, "subContributions", where)):
        sub_where = where / "subContributions" / j
        sub_obj = _obj(sub, sub_where)
        people.extend(
            parse_person(p, sub_where / "speakers" / i) for i, p in enumerate(_list(sub_obj, "speakers", sub_where))
        )
    return people


def _contribution_session(raw: Any, where: Where) -> Session:
    data = _obj(raw, where)
    start = parse_date(data.get("startDate"), where / "startDate")
    end = parse_date(data.get("endDate"), where / "endDate")
    builder = _SessionBuilder()
    for person in _speakers(data, where):
        builder.add(person, Role.SPEAKER)
    return Session(
        id=f"contribution-{data.get('id') or where.path}",
        title=_text(data, "title") or f"Contribution {data.get('id')}",
        kind=_text(data, "type"),
        start=start,
        end=end,
        duration_minutes=_minutes(data, start, end),
        track=_text(data, "track") or _text(data, "session"),
        participants=builder.participants(),
    )


def _block_session(raw: Any, where: Where) -> Session:
    data = _obj(raw, where)
    start = parse_date(data.get("startDate"), where / "startDate")
    end = parse_date(data.get("endDate"), where / "endDate")
    session = data.get("session")
    session_info = _obj(session, where / "session") if session is not None else {}
    builder = _SessionBuilder()
    conveners = _list(data, "conveners", where) or _list(session_info, "sessionConveners", where / "session")
    field = "conveners" if _list(data, "conveners", where) else "session.sessionConveners"
    for i, convener in enumerate(conveners):
        builder.add(parse_person(convener, where / field / i), Role.CONVENER)
    for i, contribution in enumerate(_list(data, "contributions", where)):
        c_where = where / "contributions" / i
        c_data = _obj(contribution, c_where)
        c_start = parse_date(c_data.get("startDate"), c_where / "startDate")
        c_end = parse_date(c_data.get("endDate"), c_where / "endDate")
        speakers = _speakers(c_data, c_where)
        c_minutes = _minutes(c_data, c_start, c_end)
        for person in speakers:
            builder.add(person, Role.SPEAKER, c_minutes / len(speakers) if c_minutes is not None else None)
    kind = "Poster" if session_info.get("isPoster") else _text(session_info, "type")
    return Session(
        id=f"block-{data.get('id') or where.path}",
        title=_text(data, "title") or _text(session_info, "title") or f"Session block {data.get('id')}",
        kind=kind,
        start=start,
        end=end,
        track=_text(session_info, "title"),
        participants=builder.participants(),
    )


def parse_event(raw: Any, *, source: str, where: Where | None = None) -> Event:
    """One Indico event object (``_type: Conference``) from ``/export/event`` or ``/export/categ``.

    Raises:
        AdapterError: A field has the wrong type or an unreadable date, located by its JSON path.
    """
    where = where or Where(source)
    data = _obj(raw, where)
    if "id" not in data or "title" not in data:
        msg = "not an Indico event (no id or title)"
        raise where.error(msg)
    chair_role = Role.SPEAKER if data.get("type") == "simple_event" else Role.CHAIR
    chairs = _SessionBuilder()
    for i, chair in enumerate(_list(data, "chairs", where)):
        chairs.add(parse_person(chair, where / "chairs" / i), chair_role)
    sessions = [_block_session(b, where / "sessions" / i) for i, b in enumerate(_list(data, "sessions", where))]
    sessions += [
        _contribution_session(c, where / "contributions" / i) for i, c in enumerate(_list(data, "contributions", where))
    ]
    sessions.sort(key=lambda s: (s.start is None, s.start or dt.datetime.min.replace(tzinfo=dt.UTC)))
    return Event(
        id=str(data["id"]),
        title=_text(data, "title") or str(data["id"]),
        source=source,
        start=parse_date(data.get("startDate"), where / "startDate"),
        end=parse_date(data.get("endDate"), where / "endDate"),
        participants=chairs.participants(),
        sessions=tuple(sessions),
    )


def is_envelope(payload: Any) -> bool:
    """True for the ``{"_type": "HTTPAPIResult", "results": ...}`` envelope of the export API."""
    return isinstance(payload, Mapping) and payload.get("_type") == "HTTPAPIResult"


def parse_export(payload: Any, *, source: str) -> list[Event]:
    """Events from an export payload: the envelope (event, category or timetable) or a bare event object.

    Raises:
        AdapterError: Not an Indico export, or a malformed one.
    """
    where = Where(source)
    if is_envelope(payload):
        results = payload.get("results")
        if isinstance(results, Mapping):  # /export/timetable: {event_id: {day: {entry_id: entry}}}
            return [parse_timetable(days, event_id=str(k), source=source) for k, days in results.items()]
        if not isinstance(results, list):
            msg = "expected a list of results"
            raise (where / "results").error(msg)
        return [parse_event(r, source=source, where=where / "results" / i) for i, r in enumerate(results)]
    if isinstance(payload, Mapping) and str(payload.get("_fossil", "")).startswith("conference"):
        return [parse_event(payload, source=source)]
    msg = "not an Indico export (no HTTPAPIResult envelope and no conference _fossil)"
    raise where.error(msg)


def parse_timetable(days: Any, *, event_id: str, source: str, title: str | None = None) -> Event:
    """An event from ``/export/timetable/<id>.json`` results: blocks with conveners, talks with presenters.

    The timetable is the one export whose presenter names carry titles (``"Dr Grace Hopper"``); it has
    no person ids, so people are keyed by e-mail hash or name.
    """
    where = Where(source, f"results.{event_id}")
    sessions: list[Session] = []
    for day, entries in _obj(days, where).items():
        day_where = where / str(day)
        for entry_id, entry in _obj(entries, day_where).items():
            session = _timetable_entry(entry, day_where / str(entry_id))
            if session is not None:
                sessions.append(session)
    sessions.sort(key=lambda s: (s.start is None, s.start or dt.datetime.min.replace(tzinfo=dt.UTC)))
    starts = [s.start for s in sessions if s.start]
    ends = [s.end for s in sessions if s.end]
    return Event(
        id=event_id,
        title=title or f"Indico event {event_id}",
        source=source,
        start=min(starts, default=None),
        end=max(ends, default=None),
        sessions=tuple(sessions),
    )


def _timetable_entry(raw: Any, where: Where) -> Session | None:
    data = _obj(raw, where)
    kind = data.get("entryType")
    start = parse_date(data.get("startDate"), where / "startDate")
    end = parse_date(data.get("endDate"), where / "endDate")
    builder = _SessionBuilder()
    if kind == "Session":
        for i, person in enumerate(_list(data, "conveners", where)):
            builder.add(parse_person(person, where / "conveners" / i), Role.CONVENER)
        for entry_id, entry in _obj(data.get("entries") or {}, where / "entries").items():
            e_where = where / "entries" / str(entry_id)
            e_data = _obj(entry, e_where)
            presenters = [
                parse_person(p, e_where / "presenters" / i) for i, p in enumerate(_list(e_data, "presenters", e_where))
            ]
            e_start = parse_date(e_data.get("startDate"), e_where / "startDate")
            e_end = parse_date(e_data.get("endDate"), e_where / "endDate")
            e_minutes = _minutes(e_data, e_start, e_end)
            for person in presenters:
                builder.add(person, Role.SPEAKER, e_minutes / len(presenters) if e_minutes is not None else None)
    elif kind == "Contribution":
        for i, person in enumerate(_list(data, "presenters", where)):
            builder.add(parse_person(person, where / "presenters" / i), Role.SPEAKER)
    else:  # breaks carry no people
        return None
    return Session(
        id=str(data.get("id") or where.path),
        title=_text(data, "title") or _text(data, "slotTitle") or str(data.get("id")),
        start=start,
        end=end,
        duration_minutes=_minutes(data, start, end),
        participants=builder.participants(),
    )


def _registrant_title(raw: Mapping[str, Any], personal: Mapping[str, Any]) -> str | None:
    title = _text(personal, "title")
    if title:
        return title
    full = _text(raw, "full_name")
    if not full:
        return None
    prefix, _ = split_title(full, _text(personal, "firstName"), _text(personal, "surname"))
    return prefix


def parse_registrants(payload: Any, *, source: str, genders: Mapping[str, str] | None = None) -> list[Registration]:
    """Registrations from ``/api/events/<id>/registrants``, keeping no names (only keys).

    Args:
        payload: ``{"registrants": [...]}``.
        source: For error messages.
        genders: Self-declared answers by ``registrant_id`` (see :func:`declared_answer`).

    Raises:
        AdapterError: Not a registrants payload.
    """
    where = Where(source)
    registrants = _list(_obj(payload, where), "registrants", where)
    if not isinstance(payload.get("registrants"), list):
        msg = "not a registrants payload (no 'registrants' list)"
        raise where.error(msg)
    found = []
    for i, raw in enumerate(registrants):
        r_where = where / "registrants" / i
        data = _obj(raw, r_where)
        personal = _obj(data.get("personal_data") or {}, r_where / "personal_data")
        rid = str(data.get("registrant_id", i))
        affiliation = _text(personal, "affiliation")
        country = _text(personal, "country") or _text(personal, "country_code")
        person = Person(
            key=f"indico-registrant:{rid}",
            title=_registrant_title(data, personal),
            declared_gender=(genders or {}).get(rid),
            affiliation=affiliation,
            country=country,
        )
        found.append(
            Registration(
                person=person,
                affiliation=affiliation,
                member_state=country,
                status="checked in" if data.get("checked_in") else None,
            )
        )
    return found


def declared_answer(payload: Any, field_title: str, *, source: str) -> str | None:
    """The caption chosen in the registration field titled ``field_title`` (check-in API), or ``None``.

    Single-choice answers are stored as ``{choice_uuid: 1}`` with the captions in ``choices``; plain
    text answers are returned as they are. Titles are compared case-insensitively.
    """
    where = Where(source)
    wanted = field_title.casefold().strip()
    for i, section in enumerate(_list(_obj(payload, where), "registration_data", where)):
        s_where = where / "registration_data" / i
        for j, field in enumerate(_list(_obj(section, s_where), "fields", s_where)):
            f_data = _obj(field, s_where / "fields" / j)
            if str(f_data.get("title", "")).casefold().strip() != wanted:
                continue
            return _answer(f_data)
    return None


def _answer(field: Mapping[str, Any]) -> str | None:
    data = field.get("data")
    if isinstance(data, Mapping):
        captions = {
            str(c.get("id")): str(c.get("caption")) for c in field.get("choices") or () if isinstance(c, Mapping)
        }
        chosen = [captions.get(str(k), str(k)) for k, v in data.items() if v]
        return ", ".join(chosen) or None
    if isinstance(data, str):
        return data.strip() or None
    return None


def with_registrations(event: Event, registrations: Iterable[Registration]) -> Event:
    """A copy of ``event`` with ``registrations`` added."""
    return event.model_copy(update={"registrations": (*event.registrations, *registrations)})
