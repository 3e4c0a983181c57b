"""frab / pretalx / c3voc ``schedule.xml`` into events, parsed without DTDs or entities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from genderlens.adapters import Adapter, person_key, read_bytes
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Session
from genderlens_schedules.common import (
    combine,
    is_panel,
    parse_datetime,
    parse_duration,
    participants,
    text,
)


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
    sessions: list[Session] = []
    for d, day in enumerate(days):
        day_date = _when(day.get("date"), day, f"schedule.day[{d}]@date", source, lines)
        for r, room in enumerate(day.findall("room")):
            for e, event in enumerate(room.findall("event")):
                path = f"schedule.day[{d}].room[{r}].event[{e}]"
                sessions.append(_session(event, path, day_date, source, lines))
    return Event(
        id=_child_text(conference, "acronym") or Path(source).stem,
        title=_child_text(conference, "title") or _child_text(conference, "acronym") or Path(source).stem,
        source=source,
        start=_when(_child_text(conference, "start"), conference, "schedule.conference.start", source, lines),
        end=_when(_child_text(conference, "end"), conference, "schedule.conference.end", source, lines),
        sessions=tuple(sessions),
    )


def _when(value: str | None, elem: Element, field: str, source: str, lines: dict[Element, int]) -> dt.datetime | None:
    try:
        return parse_datetime(value, source=source, field=field)
    except AdapterError as exc:
        raise AdapterError(exc.message, source=source, line=lines.get(elem), field=field) from None


def _session(event: Element, path: str, day: dt.datetime | None, source: str, lines: dict[Element, int]) -> Session:
    title_elem = event.find("title")
    if title_elem is None:
        msg = "required element <title> is missing"
        raise AdapterError(msg, source=source, line=lines.get(event), field=f"{path}.title")
    title = text(title_elem.text)
    ident = event.get("guid") or event.get("id") or _child_text(event, "slug") or path
    kind = _child_text(event, "type")
    date_elem = event.find("date")
    start = _when(
        _child_text(event, "date"), date_elem if date_elem is not None else event, f"{path}.date", source, lines
    )
    start = start or combine(day, _child_text(event, "start"))
    duration_elem = event.find("duration")
    try:
        minutes = parse_duration(_child_text(event, "duration"), source=source, field=f"{path}.duration")
    except AdapterError as exc:
        line = lines.get(duration_elem) if duration_elem is not None else lines.get(event)
        raise AdapterError(exc.message, source=source, line=line, field=exc.field) from None
    people = []
    persons = event.find("persons")
    for p, person in enumerate(persons.findall("person") if persons is not None else []):
        name = text(person.text)
        code, pid = person.get("code"), person.get("id") or person.get("guid")
        if code:
            key = f"pretalx:{code}"
        elif pid:
            key = f"frab:{pid}"
        else:
            key = person_key(name, fallback=f"{ident}#{p}")
        people.append((key, name, None))
    panel = is_panel(kind, title)
    return Session(
        id=ident,
        title=title or ident,
        kind=kind,
        track=_child_text(event, "track"),
        start=start,
        duration_minutes=minutes,
        panel=True if panel else None,
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
        if not head:
            return 0
        start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if start.startswith(b"<") and b"<schedule" in head and b"<conference" in head:
            return 90
        return 0

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a schedule.xml file into one event."""
        root, lines = parse_xml(read_bytes(source), source)
        return [parse_schedule_xml(root, lines, source=source)]
