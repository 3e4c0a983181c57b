"""The iCalendar adapter: every VEVENT of an ``.ics`` file becomes a :class:`~genderlens.Session`.

People are taken from, in this order:

* ``ATTENDEE``: ``ROLE=CHAIR`` is a chair; other attendees are speakers by default (in a conference
  calendar the attendees of an item are the people on stage), or as option ``attendee_role`` says.
  Attendees with ``ROLE=NON-PARTICIPANT``, ``CUTYPE=ROOM/RESOURCE/GROUP`` or ``PARTSTAT=DECLINED/DELEGATED``
  are skipped.
* a ``Speakers: ...`` line in ``DESCRIPTION`` (Indico), and ``(talk by X)`` or ``Keynote: X`` in
  ``SUMMARY`` (PyCon UK);
* ``ORGANIZER`` (option ``organizer_role``, default ``auto``): programme calendars such as MOCA's put the
  speaker there, so in an item with nobody else the organiser is its speaker; next to attendees the
  organiser is the convener, unless also listed as an attendee; next to speakers found in the text
  (Indico, PyCon UK) the organiser is the host and is not counted.

Persons are keyed by e-mail address (``email:a@example.com``) unless the file gives one address to
several different names (MOCA writes every speaker with the same address): then by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from genderlens.adapters import Adapter, person_key
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.model import Event, Participant, Person, Role, Session
from genderlens_ical.parse import (
    FoundPerson,
    clean_name,
    is_email,
    people_from_summary,
    speakers_from_description,
    strip_mailto,
)

SUFFIXES = frozenset({".ics", ".ical", ".ifb", ".icalendar"})
_SKIP_CUTYPES = frozenset({"ROOM", "RESOURCE", "GROUP"})
_SKIP_PARTSTATS = frozenset({"DECLINED", "DELEGATED"})
_ROLE_OPTIONS: dict[str, Role | None] = {
    "speaker": Role.SPEAKER,
    "panelist": Role.PANELIST,
    "chair": Role.CHAIR,
    "convener": Role.CONVENER,
    "moderator": Role.MODERATOR,
    "ignore": None,
}
_LEGACY_INDICO_UID = re.compile(r"^indico-[a-z-]+-\d+-\d+@", re.IGNORECASE)


@dataclass(frozen=True)
class IcalOptions:
    """Options from ``[tool.genderlens.adapter.ical]``.

    Attributes:
        attendee_role: Role of attendees that are not ``ROLE=CHAIR`` (``speaker``, ``panelist``,
            ``moderator``, ``convener``, ``chair`` or ``ignore``, e.g. for meeting invitations).
        organizer_role: ``auto`` (see the module docstring) or one of the roles above.
    """

    attendee_role: Role | None = Role.SPEAKER
    organizer_role: Role | str | None = "auto"

    @classmethod
    def from_config(cls, config: Config) -> IcalOptions:
        """Read and validate the options; unknown keys or values raise :class:`ConfigError`."""
        raw: dict[str, Any] = dict(config.adapter.get("ical", {}))
        unknown = set(raw) - {"attendee_role", "organizer_role"}
        if unknown:
            msg = f"adapter.ical: unknown option(s) {', '.join(sorted(unknown))}"
            raise ConfigError(msg)
        attendee = raw.get("attendee_role", "speaker")
        organizer = raw.get("organizer_role", "auto")
        for key, value, allowed in (
            ("attendee_role", attendee, set(_ROLE_OPTIONS)),
            ("organizer_role", organizer, {*_ROLE_OPTIONS, "auto"}),
        ):
            if value not in allowed:
                msg = f"adapter.ical.{key}: {value!r} is not one of {', '.join(sorted(allowed))}"
                raise ConfigError(msg)
        return cls(
            attendee_role=_ROLE_OPTIONS[attendee],
            organizer_role="auto" if organizer == "auto" else _ROLE_OPTIONS[organizer],
        )


@dataclass
class _Block:
    """Where one VEVENT sits in the file: its BEGIN line and the first line of each property."""

    begin: int
    props: dict[str, int] = field(default_factory=dict)


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    msg = "not UTF-8 or Windows-1252 text"  # pragma: no cover - cp1252 decodes nearly everything
    raise AdapterError(msg, source=source)


def index_vevents(text: str, source: str) -> list[_Block]:
    """Locate every VEVENT and its properties by (unfolded) line number, checking BEGIN/END nesting.

    Raises:
        AdapterError: An END that closes the wrong component, or a component that never ends.
    """
    blocks: list[_Block] = []
    stack: list[tuple[str, int]] = []
    current: _Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw[0] in " \t":
            continue  # continuation lines belong to the property that started above
        name = re.split(r"[;:]", raw, maxsplit=1)[0].strip().upper()
        value = raw.partition(":")[2].strip().upper()
        if name == "BEGIN":
            stack.append((value, number))
            if value == "VEVENT":
                current = _Block(begin=number)
                blocks.append(current)
        elif name == "END":
            if not stack or stack[-1][0] != value:
                opened = f"BEGIN:{stack[-1][0]} at line {stack[-1][1]}" if stack else "nothing"
                msg = f"END:{value} closes {opened}"
                raise AdapterError(msg, source=source, line=number)
            stack.pop()
            if value == "VEVENT":
                current = None
        elif current is not None and len(stack) and stack[-1][0] == "VEVENT":
            current.props.setdefault(name, number)
    if stack:
        kind, number = stack[-1]
        msg = f"BEGIN:{kind} is never closed (truncated file?)"
        raise AdapterError(msg, source=source, line=number)
    return blocks


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _param(prop: Any, key: str) -> str:
    params = getattr(prop, "params", {})
    value = params.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip().upper()


def _cn_names(prop: Any) -> list[str]:
    """The names in a CN parameter: an unquoted CN with commas (MOCA) is a list of several people."""
    params = getattr(prop, "params", {})
    value = params.get("CN")
    names = [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    cleaned = (clean_name(n) for n in names)
    return [n for n in cleaned if n]


class IcalAdapter(Adapter):
    """Reads iCalendar files (RFC 5545): conference programmes, Indico and meeting-invitation exports."""

    name: ClassVar[str] = "ical"
    description: ClassVar[str] = "iCalendar (.ics) programmes: VEVENTs with attendees, organisers and speaker lines."

    def sniff(self, source: str, head: bytes | None) -> int:
        """100 when the content starts with ``BEGIN:VCALENDAR``/``BEGIN:VEVENT``, 60 for a bare suffix."""
        if head is None:
            return 0
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
        if start.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT")):
            return 100
        return 60 if Path(source).suffix.lower() in SUFFIXES else 0

    def load(self, source: str, config: Config) -> list[Event]:
        """Read one ``.ics`` file (one or several VCALENDARs, or bare VEVENTs) into one event.

        Raises:
            AdapterError: The file cannot be read, is not iCalendar, nests components wrongly, or has a
                DTSTART/DTEND/DURATION that cannot be read (with its line number).
            ConfigError: An invalid ``[tool.genderlens.adapter.ical]`` option.
        """
        options = IcalOptions.from_config(config)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            msg = f"cannot read: {exc.strerror}"
            raise AdapterError(msg, source=source) from exc
        text = _decode(data, source)
        if not text.strip():
            msg = "empty file"
            raise AdapterError(msg, source=source)
        return [parse_calendar(text, source=source, options=options)]


def parse_calendar(text: str, *, source: str, options: IcalOptions | None = None) -> Event:
    """Parse iCalendar ``text`` into one :class:`~genderlens.Event` with one session per VEVENT.

    Args:
        text: The whole file, decoded.
        source: Path or URL, used in the event and in error messages.
        options: Role options; defaults to :class:`IcalOptions` ().

    Raises:
        AdapterError: See :meth:`IcalAdapter.load`.
    """
    import icalendar  # here, not at the top: every genderlens run loads this plugin, few read a calendar

    options = options or IcalOptions()
    blocks = index_vevents(text, source)
    try:
        components = icalendar.Component.from_ical(text, multiple=True)
    except ValueError as exc:
        msg = f"not iCalendar: {exc}"
        raise AdapterError(msg, source=source, line=_first_bad_line(text)) from exc
    vevents = [v for c in components for v in c.walk("VEVENT")]
    if len(vevents) != len(blocks):  # pragma: no cover - both count BEGIN:VEVENT; keep errors safe anyway
        blocks = [_Block(begin=0) for _ in vevents]
    shared = _shared_addresses(vevents)
    sessions: list[Session] = []
    seen_ids: set[str] = set()
    for index, (vevent, block) in enumerate(zip(vevents, blocks, strict=True), start=1):
        session = _session(vevent, block, index, source, options, shared)
        if session.id in seen_ids:  # duplicate UIDs (MOCA) or recurrence overrides (RECURRENCE-ID)
            session = session.model_copy(update={"id": f"{session.id}#{index}"})
        seen_ids.add(session.id)
        sessions.append(session)
    return Event(
        id=Path(source).stem or source,
        title=_calendar_name(components) or Path(source).stem or source,
        source=source,
        start=min((s.start for s in sessions if s.start), key=_sort_key, default=None),
        end=max((e for s in sessions if (e := s.end or s.start) is not None), key=_sort_key, default=None),
        sessions=tuple(sessions),
    )


def _first_bad_line(text: str) -> int | None:
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() and raw[0] not in " \t" and ":" not in raw:
            return number
    return None


def _sort_key(value: dt.datetime) -> dt.datetime:
    # Naive (floating) and aware times cannot be compared; compare aware ones in UTC, without the zone.
    return value if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)


def _calendar_name(components: Iterable[Any]) -> str | None:
    for component in components:
        name = component.get("X-WR-CALNAME")
        if name:
            return str(name).strip() or None
    return None


def _shared_addresses(vevents: Iterable[Any]) -> set[str]:
    """Addresses that the file gives to more than one name, so that they cannot identify a person."""
    names: dict[str, set[str]] = defaultdict(set)
    for vevent in vevents:
        for prop in (*_as_list(vevent.get("ATTENDEE")), *_as_list(vevent.get("ORGANIZER"))):
            address = strip_mailto(str(prop)).lower()
            cns = _cn_names(prop)
            if len(cns) > 1:
                names[address].update(("", *cns))  # one address for several people
            for cn in cns:
                if not is_email(cn):
                    names[address].add(person_key(cn, fallback=cn))
    return {address for address, found in names.items() if len(found) > 1}


def _people(prop: Any, shared: set[str]) -> Iterator[Person]:
    address = strip_mailto(str(prop)) if str(prop).strip() else ""
    email = address.lower() if is_email(address) else None
    names = [n for n in _cn_names(prop) if not is_email(n)]
    if not names:
        if email is None:
            return
        yield Person(key=f"email:{email}")
        return
    for name in names:
        key = f"email:{email}" if email and email not in shared and len(names) == 1 else None
        yield Person(key=key or person_key(name, fallback=name), name=name)


def _found(person: FoundPerson) -> Participant:
    return Participant(
        person=Person(
            key=person_key(person.name, fallback=person.name), name=person.name, affiliation=person.affiliation
        ),
        role=person.role,
    )


def _session(vevent: Any, block: _Block, index: int, source: str, options: IcalOptions, shared: set[str]) -> Session:
    for prop_name, message in vevent.errors:
        if prop_name in {"DTSTART", "DTEND", "DURATION"}:
            raise AdapterError(message, source=source, line=block.props.get(prop_name) or None, field=prop_name)
    start = _when(vevent, "DTSTART", block, source)
    end = _when(vevent, "DTEND", block, source)
    minutes: float | None = None
    if "DURATION" in vevent and end is None:
        duration = vevent.decoded("DURATION")
        if not isinstance(duration, dt.timedelta) or duration < dt.timedelta(0):
            msg = f"not a non-negative duration: {vevent.get('DURATION')!r}"
            raise AdapterError(msg, source=source, line=block.props.get("DURATION"), field="DURATION")
        minutes = duration.total_seconds() / 60
        end = start + duration if start is not None else None
    summary = " ".join(str(vevent.get("SUMMARY", "")).split())
    description = str(vevent.get("DESCRIPTION", ""))
    uid = str(vevent.get("UID", "")).strip()

    participants: list[Participant] = []
    keys: set[tuple[str, Role]] = set()

    def add(person: Person, role: Role) -> None:
        if (person.key, role) not in keys:
            keys.add((person.key, role))
            participants.append(Participant(person=person, role=role))

    attendee_keys: set[str] = set()
    for prop in _as_list(vevent.get("ATTENDEE")):
        if _param(prop, "ROLE") == "NON-PARTICIPANT" or _param(prop, "CUTYPE") in _SKIP_CUTYPES:
            continue
        if _param(prop, "PARTSTAT") in _SKIP_PARTSTATS:
            continue
        role = Role.CHAIR if _param(prop, "ROLE") == "CHAIR" else options.attendee_role
        for person in _people(prop, shared):
            attendee_keys.add(person.key)
            if role is not None:
                add(person, role)
    text_people = speakers_from_description(description, last_name_first=bool(_LEGACY_INDICO_UID.match(uid)))
    by_summary, kind = people_from_summary(summary)
    for found in (*text_people, *by_summary):
        add(_found(found).person, found.role)
    has_attendees = bool(attendee_keys)
    for prop in _as_list(vevent.get("ORGANIZER")):
        role = _organizer_role(options, has_attendees=has_attendees, has_text_people=bool(text_people or by_summary))
        for person in _people(prop, shared):
            if role is not None and person.key not in attendee_keys:
                add(person, role)
    categories = _categories(vevent)
    return Session(
        id=uid or f"vevent-{index}",
        title=summary or f"VEVENT {index}",
        kind=categories or kind,
        start=start,
        end=end,
        duration_minutes=minutes,
        participants=tuple(participants),
    )


def _organizer_role(options: IcalOptions, *, has_attendees: bool, has_text_people: bool) -> Role | None:
    if options.organizer_role != "auto":
        return options.organizer_role if isinstance(options.organizer_role, Role) else None
    if has_text_people:
        return None
    return Role.CONVENER if has_attendees else Role.SPEAKER


def _categories(vevent: Any) -> str | None:
    values: list[str] = []
    for prop in _as_list(vevent.get("CATEGORIES")):
        cats = getattr(prop, "cats", None)
        values.extend(str(c) for c in cats) if cats is not None else values.append(str(prop))
    cleaned = [v.strip() for v in values if v.strip()]
    return ", ".join(cleaned) or None


def _when(vevent: Any, name: str, block: _Block, source: str) -> dt.datetime | None:
    if name not in vevent:
        return None
    value = vevent.decoded(name)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):  # an all-day item: floating midnight
        return dt.datetime.combine(value, dt.time())
    msg = f"not a date or date-time: {vevent.get(name)!r}"
    raise AdapterError(msg, source=source, line=block.props.get(name), field=name)
