"""frab / pretalx / c3voc ``schedule.xml`` into events, parsed without DTDs or entities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from genderlens.adapters import Adapter, read_bytes
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Session
from genderlens_schedules.common import is_panel, participants, stated_panel, unique_id
from genderlens_schedules.jsonfile import text
from genderlens_schedules.names import person_keys, split_people, split_titles
from genderlens_schedules.sniff import sniff_frab_xml
from genderlens_schedules.times import combine, end_of, parse_datetime, parse_duration


class _DtdForbiddenError(Exception):
    def __init__(self, what: str, line: int) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


def parse_xml(data: bytes, source: str) -> tuple[Element, dict[Element, int]]:
    """Parse XML safely into an element tree, with the line where each element starts.

    Any ``<!DOCTYPE>`` or entity declaration is rejected before it takes effect, as defusedxml does, so
    that entity expansion ("billion laughs") and external entities cannot be used against the reader.

    Raises:
        AdapterError: The XML is malformed or declares a DTD or an entity.
    """
    parser = expat.ParserCreate()
    builder = TreeBuilder()
    lines: dict[Element, int] = {}

    def forbid(what: str) -> NoReturn:
        raise _DtdForbiddenError(what, parser.CurrentLineNumber)

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[builder.start(tag, attrs)] = parser.CurrentLineNumber

    parser.StartDoctypeDeclHandler = lambda *_: forbid("a <!DOCTYPE> declaration")
    parser.EntityDeclHandler = lambda *_: forbid("an <!ENTITY> declaration")
    parser.UnparsedEntityDeclHandler = lambda *_: forbid("an unparsed entity declaration")
    parser.ExternalEntityRefHandler = lambda *_: forbid("an external entity reference")
    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _DtdForbiddenError as exc:
        msg = f"refusing XML with {exc.what} (DTDs and entities are not allowed in schedule files)"
        raise AdapterError(msg, source=source, line=exc.line) from None
    except expat.ExpatError as exc:
        msg = f"invalid XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})"
        raise AdapterError(msg, source=source, line=exc.lineno) from exc
    return builder.close(), lines


def _child_text(elem: Element, tag: str) -> str | None:
    # Direct children only: <event><links><link><title> must not be taken for the event's <title>.
    child = elem.find(tag)
    return text(child.text) if child is not None else None


def _events(day: Element, d: int) -> list[tuple[Element, str]]:
    """A day's events in document order, each with its path: ``<room><event>`` or ``<event>`` directly
    under ``<day>`` (older pentabarf exports, whose events name their room in a ``<room>`` child)."""
    found: list[tuple[Element, str]] = []
    r = e = 0
    for child in day:
        if child.tag == "room":
            for i, event in enumerate(child.findall("event")):
                found.append((event, f"schedule.day[{d}].room[{r}].event[{i}]"))
            r += 1
        elif child.tag == "event":
            found.append((child, f"schedule.day[{d}].event[{e}]"))
            e += 1
    return found


@dataclass(frozen=True)
class _Slot:
    """One person as listed on one event: the name (titles off), its titles, and the id given, if any."""

    name: str | None
    title: str | None
    pid: str | None


def _display(slot: _Slot) -> str | None:
    return " ".join(x for x in (slot.title, slot.name) if x) or None


def _slots(event: Element) -> list[_Slot]:
    """The people of ``<persons><person>``, or of ``<person>`` directly under ``<event>``.

    A ``<person>`` without an id may join several people in one text (``"Prof. Dr. A B, Dr.-Ing. C D"``);
    with an id it is one person, commas and all.
    """
    persons = event.find("persons")
    elems = persons.findall("person") if persons is not None else event.findall("person")
    out: list[_Slot] = []
    for person in elems:
        raw = text(person.text)
        code, pid = person.get("code"), person.get("id") or person.get("guid")
        ident = f"pretalx:{code}" if code else f"frab:{pid}" if pid else None
        for one in [raw] if ident or raw is None else split_people(raw):
            title, name = split_titles(one) if one else (None, None)
            out.append(_Slot(name=name or None, title=title, pid=ident))
    return out


def parse_schedule_xml(root: Element, lines: dict[Element, int], *, source: str) -> Event:
    """Turn a ``<schedule>`` element tree into an :class:`Event`.

    Args:
        root: The document element.
        lines: Line number of each element, for errors.
        source: The file, for errors and :attr:`Event.source`.
    """

    def fail(msg: str, elem: Element, field: str) -> NoReturn:
        raise AdapterError(msg, source=source, line=lines.get(elem), field=field)

    if root.tag != "schedule":
        fail(f"expected a <schedule> document, found <{root.tag}>", root, root.tag)
    conference = root.find("conference")
    if conference is None:
        fail("required element <conference> is missing", root, "schedule.conference")
    days = root.findall("day")
    if not days:
        fail("no <day> element", root, "schedule.day")
    found: list[tuple[Element, str, dt.datetime | None]] = []
    for d, day in enumerate(days):
        day_date = _when(day.get("date"), day, f"schedule.day[{d}]@date", source, lines)
        found.extend((event, path, day_date) for event, path in _events(day, d))
    slots = [_slots(event) for event, _, _ in found]
    keys = person_keys([(slot.name, slot.pid) for people in slots for slot in people])
    seen: set[str] = set()
    sessions = [
        _session(event, path, day_date, people, keys, seen, source, lines)
        for (event, path, day_date), people in zip(found, slots, strict=True)
    ]
    return Event(
        id=_child_text(conference, "acronym") or Path(source).stem,
        title=_child_text(conference, "title") or _child_text(conference, "acronym") or Path(source).stem,
        source=source,
        start=_when(_child_text(conference, "start"), conference, "schedule.conference.start", source, lines),
        end=_when(_child_text(conference, "end"), conference, "schedule.conference.end", source, lines),
        sessions=tuple(sessions),
        people_fields=("persons",),
    )


def _when(value: str | None, elem: Element, field: str, source: str, lines: dict[Element, int]) -> dt.datetime | None:
    try:
        return parse_datetime(value, source=source, field=field)
    except AdapterError as exc:
        raise AdapterError(exc.message, source=source, line=lines.get(elem), field=field) from None


def _at(elem: Element | None, fallback: Element, lines: dict[Element, int]) -> int | None:
    return lines.get(elem if elem is not None else fallback)


def _session(
    event: Element,
    path: str,
    day: dt.datetime | None,
    slots: list[_Slot],
    keys: dict[tuple[str | None, str | None], str],
    seen: set[str],
    source: str,
    lines: dict[Element, int],
) -> Session:
    title_elem = event.find("title")
    if title_elem is None:
        msg = "required element <title> is missing"
        raise AdapterError(msg, source=source, line=lines.get(event), field=f"{path}.title")
    title = text(title_elem.text)
    ident = unique_id(event.get("guid") or event.get("id") or _child_text(event, "slug") or path, seen)
    kind = _child_text(event, "type")
    date_elem = event.find("date")
    start = _when(
        _child_text(event, "date"), date_elem if date_elem is not None else event, f"{path}.date", source, lines
    )
    try:
        start = start or combine(day, _child_text(event, "start"), source=source, field=f"{path}.start")
        minutes = parse_duration(_child_text(event, "duration"), source=source, field=f"{path}.duration")
        end = end_of(start, minutes, source=source, field=f"{path}.duration")
    except AdapterError as exc:
        tag = (exc.field or "").rpartition(".")[2]
        raise AdapterError(
            exc.message, source=source, line=_at(event.find(tag), event, lines), field=exc.field
        ) from None
    people = [
        (
            keys.get((slot.name, slot.pid)) or f"{ident}#{p}",
            " ".join(filter(None, (slot.title, slot.name))) or None,
            None,
        )
        for p, slot in enumerate(slots)
    ]
    panel = is_panel(kind, title)
    return Session(
        id=ident,
        title=title or ident,
        kind=kind,
        track=_child_text(event, "track"),
        start=start,
        end=end,
        duration_minutes=minutes,
        panel=stated_panel(panel, kind),
        participants=participants(
            people, panel=panel, moderator_texts=(_child_text(event, "abstract"), _child_text(event, "description"))
        ),
    )


class FrabXmlAdapter(Adapter):
    """frab, pretalx and c3voc ``schedule.xml`` exports."""

    name: ClassVar[str] = "frab_xml"
    description: ClassVar[str] = "frab / pretalx schedule.xml exports (DTDs and entities refused)."

    def sniff(self, source: str, head: bytes | None) -> int:
        """Recognise a ``<schedule>`` document with a ``<conference>`` in the first bytes."""
        return sniff_frab_xml(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a schedule.xml file into one event."""
        root, lines = parse_xml(read_bytes(source), source)
        return [parse_schedule_xml(root, lines, source=source)]
