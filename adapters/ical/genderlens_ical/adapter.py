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

Persons are keyed by e-mail address (``email:a@example.com``), so ``"Ms Ann Lee"`` and ``"A. Lee"`` with one
address are one person, unless the file gives one address to different people (MOCA writes every speaker
with the same address): then by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from genderlens.adapters import Adapter, as_utf8, comparable_time, moderators_named, person_key, read_bytes
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.model import Event, Participant, Person, Role, Session
from genderlens.names import may_be_same_person
from genderlens_ical.parse import (
    FoundPerson,
    clean_cn,
    is_email,
    people_from_summary,
    speakers_from_description,
    speakers_from_pretalx_summary,
    strip_mailto,
)
from genderlens_ical.sniff import sniff

_SPEAKING = frozenset({Role.SPEAKER, Role.PANELIST})
_PEOPLE_PROPS = frozenset({"ATTENDEE", "ORGANIZER", "SUMMARY", "DESCRIPTION"})
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
#: More differently written names than this under one address are taken to be different people.
_MAX_NAMES_PER_ADDRESS = 12
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
    """The file as text: UTF-16 or UTF-32 with a BOM, UTF-8, else Windows-1252; binary content is refused
    with its line."""
    wide = as_utf8(data, source)  # UTF-16 or UTF-32 with a byte-order mark (some Windows exports)
    if wide is not data:
        return wide.decode("utf-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        msg = "binary content (a NUL byte), not iCalendar text"
        raise AdapterError(msg, source=source, line=data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        msg = f"not UTF-8 or Windows-1252 text (byte {bad})"
        raise AdapterError(msg, source=source, line=data.count(b"\n", 0, bad) + 1) from None


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
    cleaned = (clean_cn(n) for n in names)
    return [n for n in cleaned if n]


class IcalAdapter(Adapter):
    """Reads iCalendar files (RFC 5545): conference programmes, Indico and meeting-invitation exports."""

    name: ClassVar[str] = "ical"
    description: ClassVar[str] = "iCalendar (.ics) programmes: VEVENTs with attendees, organisers and speaker lines."

    def sniff(self, source: str, head: bytes | None) -> int:
        """100 when the content starts with ``BEGIN:VCALENDAR``/``BEGIN:VEVENT``, 60 for a bare suffix."""
        return sniff(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read one ``.ics`` file (one or several VCALENDARs, or bare VEVENTs) into one event.

        Raises:
            AdapterError: The file cannot be read, is not iCalendar, nests components wrongly, or has a
                DTSTART/DTEND/DURATION that cannot be read (with its line number).
            ConfigError: An invalid ``[tool.genderlens.adapter.ical]`` option.
        """
        options = IcalOptions.from_config(config)
        text = _decode(read_bytes(source), source)
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
        raise AdapterError(msg, source=source, line=_first_bad_line(text, str(exc))) from exc
    except (RecursionError, OverflowError, TypeError, KeyError, IndexError) as exc:
        msg = f"not readable iCalendar ({type(exc).__name__}: {exc})"
        raise AdapterError(msg, source=source, line=_first_bad_line(text)) from exc
    pretalx = _is_pretalx(components)
    vevents = [v for c in components for v in c.walk("VEVENT")]
    if len(vevents) != len(blocks):  # pragma: no cover - both count BEGIN:VEVENT; keep errors safe anyway
        blocks = [_Block(begin=0) for _ in vevents]
    shared = _shared_addresses(vevents)
    sessions: list[Session] = []
    seen_ids: set[str] = set()
    for index, (vevent, block) in enumerate(zip(vevents, blocks, strict=True), start=1):
        session = _session(vevent, block, index, source, options, shared, pretalx=pretalx)
        if session.id in seen_ids:  # duplicate UIDs (MOCA) or recurrence overrides (RECURRENCE-ID)
            session = session.model_copy(update={"id": f"{session.id}#{index}"})
        seen_ids.add(session.id)
        sessions.append(session)
    return Event(
        id=Path(source).stem or source,
        title=_calendar_name(components) or Path(source).stem or source,
        source=source,
        start=min((s.start for s in sessions if s.start), key=comparable_time, default=None),
        end=max((e for s in sessions if (e := s.end or s.start) is not None), key=comparable_time, default=None),
        sessions=tuple(sessions),
        people_fields=("ATTENDEE", "ORGANIZER", "SUMMARY", "DESCRIPTION"),
    )


def _is_pretalx(components: Iterable[Any]) -> bool:
    """True for pretalx's own export (``PRODID:-//pretalx//...``), whose SUMMARY ends with the speakers."""
    return any("//pretalx//" in str(c.get("PRODID", "")).lower() for c in components)


def _first_bad_line(text: str, message: str = "") -> int:
    """The line the parser's ``message`` quotes, else the first line that is not ``NAME[;PARAMS]:VALUE``
    nor a continuation, else the first line."""
    quoted = message[:500]
    first_bad = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw[0] in " \t":
            continue
        if len(raw.strip()) >= 8 and raw.strip()[:60] in quoted:
            return number
        if not first_bad and ":" not in raw:
            first_bad = number
    return first_bad or 1


def _calendar_name(components: Iterable[Any]) -> str | None:
    for component in components:
        name = component.get("X-WR-CALNAME")
        if name:
            return str(name).strip() or None
    return None


def _shared_addresses(vevents: Iterable[Any]) -> set[str]:
    """Addresses that the file gives to different people, so that they cannot identify a person.

    One address under ``"Ms Ann Lee"`` and ``"A. Lee"`` is one person
    (:func:`~genderlens.names.may_be_same_person`); under ``"Ann Lee"`` and ``"Bo Chen"``, or in a CN
    listing several people (MOCA), it is shared.
    """
    names: dict[str, dict[str, str]] = defaultdict(dict)  # address -> name key -> one name written so
    shared: set[str] = set()
    for vevent in vevents:
        for prop in (*_as_list(vevent.get("ATTENDEE")), *_as_list(vevent.get("ORGANIZER"))):
            address = strip_mailto(str(prop)).lower()
            cns = _cn_names(prop)
            if len(cns) > 1:
                shared.add(address)  # one address for several people
            for cn in cns:
                if not is_email(cn):
                    names[address].setdefault(person_key(cn, fallback=cn), cn)
    for address, by_key in names.items():
        found = list(by_key.values())
        if address in shared or len(found) > _MAX_NAMES_PER_ADDRESS:
            shared.add(address)  # (a limit keeps the pairwise check below small on hostile files)
        elif any(not may_be_same_person(a, b) for i, a in enumerate(found) for b in found[i + 1 :]):
            shared.add(address)
    return shared


def _people(prop: Any, shared: set[str]) -> Iterator[Person]:
    raw = str(prop).strip()
    # An unquoted "CN=mailto:a@b" leaves "a@b:mailto:a@b" as the value: the address is after the last scheme.
    cut = raw.lower().rfind("mailto:")
    address = raw[cut + 7 :].strip() if cut >= 0 else raw
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


def _session(
    vevent: Any, block: _Block, index: int, source: str, options: IcalOptions, shared: set[str], *, pretalx: bool
) -> Session:
    for prop_name, message in vevent.errors:
        if prop_name in {"DTSTART", "DTEND", "DURATION"}:
            raise AdapterError(message, source=source, line=block.props.get(prop_name) or None, field=prop_name)
        # A content line the parser could not split (prop_name None) is dropped by it; when that line
        # names people, dropping it would change the figures silently.
        broken = re.match(r"Content line could not be parsed into parts: '([A-Za-z-]+)", str(message))
        if prop_name is None and broken and broken.group(1).upper() in _PEOPLE_PROPS:
            field = broken.group(1).upper()
            msg = f"cannot read this {field} line: {str(message)[:120]}"
            raise AdapterError(msg, source=source, line=block.props.get(field) or block.begin or None, field=field)
    start = _when(vevent, "DTSTART", block, source)
    end = _when(vevent, "DTEND", block, source)
    if start is not None and end is not None and (start.tzinfo is None) != (end.tzinfo is None):
        # A floating DTSTART with a zoned DTEND (or the reverse) means one zone: the floating one takes it.
        start, end = (
            (start.replace(tzinfo=end.tzinfo), end)
            if start.tzinfo is None
            else (start, end.replace(tzinfo=start.tzinfo))
        )
    minutes: float | None = None
    if "DURATION" in vevent and end is None:
        duration = vevent.decoded("DURATION")
        if not isinstance(duration, dt.timedelta) or duration < dt.timedelta(0):
            msg = f"not a non-negative duration: {vevent.get('DURATION')!r}"
            raise AdapterError(msg, source=source, line=block.props.get("DURATION"), field="DURATION")
        minutes = duration.total_seconds() / 60
        try:
            end = start + duration if start is not None else None
        except OverflowError:
            msg = f"DTSTART plus {vevent.get('DURATION').to_ical().decode()} is past the year 9999"
            raise AdapterError(msg, source=source, line=block.props.get("DURATION"), field="DURATION") from None
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
    title = summary
    if pretalx and not by_summary:
        title, by_summary = speakers_from_pretalx_summary(summary)
    for found in (*text_people, *by_summary):
        add(_found(found).person, found.role)
    has_attendees = bool(attendee_keys)
    for prop in _as_list(vevent.get("ORGANIZER")):
        role = _organizer_role(options, has_attendees=has_attendees, has_text_people=bool(text_people or by_summary))
        for person in _people(prop, shared):
            if role is not None and person.key not in attendee_keys:
                add(person, role)
    named = moderators_named([description], [p.person.name for p in participants if p.person.name])
    if named:  # "Moderation: X" / "moderated by X" in the DESCRIPTION of someone listed on the item
        participants = [
            p.model_copy(update={"role": Role.MODERATOR}) if p.person.name in named and p.role in _SPEAKING else p
            for p in participants
        ]
    categories = _categories(vevent)
    return Session(
        id=uid or f"vevent-{index}",
        title=title or f"VEVENT {index}",
        kind=categories or kind,
        panel=True if is_panel(categories or kind) else None,
        start=start,
        end=end,
        duration_minutes=minutes,
        participants=tuple(participants),
    )


_PANEL_KIND = re.compile(r"panel|podium|round ?table|debate|discussion|fishbowl", re.IGNORECASE)


def is_panel(kind: str | None) -> bool:
    """True when a CATEGORIES value or a ``(panel by ...)`` clause says the item is a panel."""
    return bool(kind and _PANEL_KIND.search(kind))


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
