"""pretalx and frab ``schedule.json`` (the c3voc schedule format) into events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from genderlens.adapters import Adapter, comparable_time
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Session
from genderlens_schedules.common import (
    is_gender_question,
    is_panel,
    participants,
    question_text,
    stated_panel,
    unique_id,
)
from genderlens_schedules.jsonfile import field_text, load_json, require, text
from genderlens_schedules.names import person_keys, split_titles
from genderlens_schedules.sniff import sniff_pretalx
from genderlens_schedules.times import combine, end_of, parse_datetime, parse_duration, same_zone


def declared_gender(answers: Any, gender_questions: set[str]) -> str | None:
    """The answer to an explicit gender question among a person's pretalx ``answers``, as given.

    A question counts when its id is configured (``gender_question``) or its text, when the export
    includes it, asks for gender. Pronoun questions never count.
    """
    if not isinstance(answers, list):
        return None
    for answer in answers:
        if not isinstance(answer, Mapping):
            continue
        question = answer.get("question")
        qid = question.get("id") if isinstance(question, Mapping) else question
        if (qid is not None and str(qid) in gender_questions) or is_gender_question(question_text(question)):
            value = text(answer.get("answer"))
            if value:
                return value
    return None


def parse_schedule(doc: Any, *, source: str, gender_questions: set[str] | None = None) -> Event:
    """Turn a parsed ``schedule.json`` document into an :class:`Event`.

    Two layouts are read: frab/pretalx's ``schedule.conference.days[].rooms{room: [events]}``, and the
    c3voc schedule version 2 flat list ``schedule.events[]`` whose people are ``participants`` with a
    ``role``.

    Args:
        doc: The parsed JSON.
        source: The file, for errors and :attr:`Event.source`.
        gender_questions: Ids of pretalx questions that ask for gender (as strings).

    Raises:
        AdapterError: A required key is missing or a value cannot be read; ``field`` names the key path.
    """
    questions = gender_questions or set()
    schedule = require(doc, "schedule", "", source, kind=dict)
    found: list[tuple[Any, str, dt.datetime | None]] = []
    if isinstance(schedule.get("events"), list):  # version 2: conference.days, if any, hold no rooms
        conference = schedule.get("conference") or {}
        if not isinstance(conference, Mapping):
            msg = f"expected an object, found {type(conference).__name__}"
            raise AdapterError(msg, source=source, field="schedule.conference")
        found = [(talk, f"schedule.events[{t}]", None) for t, talk in enumerate(schedule["events"])]
        fields: tuple[str, ...] = ("participants", "persons")
    else:
        conference = require(schedule, "conference", "schedule", source, kind=dict)
        days = require(conference, "days", "schedule.conference", source, kind=list)
        for d, day in enumerate(days):
            day_path = f"schedule.conference.days[{d}]"
            rooms = require(day, "rooms", day_path, source, kind=dict)
            day_date = parse_datetime(
                field_text(day, "date", day_path, source), source=source, field=f"{day_path}.date"
            )
            for room, talks in rooms.items():
                room_path = f"{day_path}.rooms[{room!r}]"
                if not isinstance(talks, list):
                    msg = f"expected a list of events, found {type(talks).__name__}"
                    raise AdapterError(msg, source=source, field=room_path)
                found.extend((talk, f"{room_path}[{t}]", day_date) for t, talk in enumerate(talks))
        fields = ("persons",)
    slots = [_slots(talk, path, source) for talk, path, _ in found]
    keys = person_keys([(name, pid) for people in slots for name, pid, _, _ in people])
    seen: set[str] = set()
    sessions = [
        _session(talk, path, day, people, keys, seen, source, questions)
        for (talk, path, day), people in zip(found, slots, strict=True)
    ]
    title, acronym, first, last = (
        field_text(conference, key, "schedule.conference", source) for key in ("title", "acronym", "start", "end")
    )
    return Event(
        id=acronym or Path(source).stem,
        title=title or acronym or Path(source).stem,
        source=source,
        start=parse_datetime(first, source=source, field="schedule.conference.start"),
        end=parse_datetime(last, source=source, field="schedule.conference.end"),
        sessions=tuple(sessions),
        people_fields=fields,
    )


_MODERATOR_ROLES = frozenset({"moderator", "moderation", "host", "facilitator", "chair"})


def _slots(talk: Any, path: str, source: str) -> list[tuple[str | None, str | None, Any, bool]]:
    """``(name without titles, id, person object, is moderator)`` of each person listed on ``talk``.

    The person object is the listed one with ``"_name"`` set to the name as written (titles and all).
    """
    if not isinstance(talk, Mapping):
        msg = f"expected an object, found {type(talk).__name__}"
        raise AdapterError(msg, source=source, field=path)
    key = "participants" if "participants" in talk and "persons" not in talk else "persons"
    persons = require(talk, key, path, source, kind=list)
    out = []
    for p, person in enumerate(persons):
        person_path = f"{path}.{key}[{p}]"
        if not isinstance(person, Mapping):
            msg = f"expected an object, found {type(person).__name__}"
            raise AdapterError(msg, source=source, field=person_path)
        raw = (
            field_text(person, "public_name", person_path, source)
            or field_text(person, "name", person_path, source)
            or field_text(person, "full_public_name", person_path, source)
        )
        _, name = split_titles(raw) if raw else (None, None)
        role = (field_text(person, "role", person_path, source) or "").casefold()
        written = {**person, "_name": raw}
        out.append((name or None, person_id(person, person_path, source), written, role in _MODERATOR_ROLES))
    return out


def person_id(person: Mapping[str, Any], path: str, source: str) -> str | None:
    """``pretalx:<code>`` for pretalx, ``frab:<id>`` (or ``frab:<guid>``) for frab; ``None`` without either."""
    code = field_text(person, "code", path, source)
    if code:
        return f"pretalx:{code}"
    for key in ("id", "guid"):
        value = field_text(person, key, path, source)
        if value:
            return f"frab:{value}"
    return None


def _track(talk: Mapping[str, Any], path: str, source: str) -> str | None:
    """The track: text, or (version 2) an object with a ``name`` or ``slug``."""
    track = talk.get("track")
    if isinstance(track, Mapping):
        return field_text(track, "name", f"{path}.track", source) or field_text(track, "slug", f"{path}.track", source)
    return field_text(talk, "track", path, source)


def _session(
    talk: Mapping[str, Any],
    path: str,
    day: dt.datetime | None,
    slots: list[tuple[str | None, str | None, Any, bool]],
    keys: dict[tuple[str | None, str | None], str],
    seen: set[str],
    source: str,
    questions: set[str],
) -> Session:
    require(talk, "title", path, source)
    title = field_text(talk, "title", path, source)
    ident = unique_id(
        field_text(talk, "guid", path, source)
        or field_text(talk, "id", path, source)
        or field_text(talk, "slug", path, source)
        or path,
        seen,
    )
    kind = field_text(talk, "type", path, source)
    start = parse_datetime(field_text(talk, "date", path, source), source=source, field=f"{path}.date")
    clock = field_text(talk, "start", path, source)
    if start is None and clock is not None and "T" in clock:  # version 2: ISO start and end date-times
        start = parse_datetime(clock, source=source, field=f"{path}.start")
    start = start or combine(day, clock, source=source, field=f"{path}.start")
    minutes = parse_duration(field_text(talk, "duration", path, source), source=source, field=f"{path}.duration")
    end = end_of(start, minutes, source=source, field=f"{path}.duration")
    if end is None and "end" in talk:
        end = parse_datetime(field_text(talk, "end", path, source), source=source, field=f"{path}.end")
        start, end = same_zone(start, end)
        if start is not None and end is not None and comparable_time(end) < comparable_time(start):
            msg = f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
            raise AdapterError(msg, source=source, field=f"{path}.end")
    people = []
    for p, (name, pid, person, moderator) in enumerate(slots):
        key = keys.get((name, pid)) or f"{ident}#{p}"
        written = person["_name"]
        shown = f"Moderation: {written}" if moderator and written else written
        people.append((key, shown, declared_gender(person.get("answers"), questions)))
    panel = is_panel(kind, title)
    return Session(
        id=ident,
        title=title or ident,
        kind=kind,
        track=_track(talk, path, source),
        start=start,
        end=end,
        duration_minutes=minutes,
        panel=stated_panel(panel, kind),
        participants=participants(
            people,
            panel=panel,
            moderator_texts=(field_text(talk, "abstract", path, source), field_text(talk, "description", path, source)),
        ),
    )


class PretalxAdapter(Adapter):
    """pretalx and frab ``schedule.json`` exports (``{"schedule": {"conference": {"days": [...]}}}``).

    Options (``[tool.genderlens.adapter.pretalx]``): ``gender_question``, the id (or list of ids) of the
    pretalx question that asks speakers for their gender, for exports that give question ids only.
    """

    name: ClassVar[str] = "pretalx"
    description: ClassVar[str] = "pretalx / frab schedule.json exports (c3voc schedule format)."

    def sniff(self, source: str, head: bytes | None) -> int:
        """Recognise the ``schedule`` / ``conference`` / ``days`` keys in the first bytes."""
        return sniff_pretalx(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a schedule.json file into one event."""
        options = config.adapter.get(self.name, {})
        raw = options.get("gender_question", ())
        ids = {str(raw)} if isinstance(raw, int | str) else {str(q) for q in raw}
        return [parse_schedule(load_json(source), source=source, gender_questions=ids)]
