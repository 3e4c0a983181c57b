"""pretalx and frab ``schedule.json`` (the c3voc schedule format) into events."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from genderlens.adapters import Adapter, person_key
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Session
from genderlens_schedules.common import (
    combine,
    is_gender_question,
    is_indico,
    is_panel,
    load_json,
    looks_like_json,
    parse_datetime,
    parse_duration,
    participants,
    question_text,
    require,
    text,
)


def person_key_of(person: Mapping[str, Any], *, fallback: str) -> str:
    """``pretalx:<code>`` for pretalx, ``frab:<id>`` (or ``frab:<guid>``) for frab, else a name key."""
    code = text(person.get("code"))
    if code:
        return f"pretalx:{code}"
    for key in ("id", "guid"):
        value = text(person.get(key))
        if value:
            return f"frab:{value}"
    return person_key(text(person.get("public_name") or person.get("name")), fallback=fallback)


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

    Args:
        doc: The parsed JSON.
        source: The file, for errors and :attr:`Event.source`.
        gender_questions: Ids of pretalx questions that ask for gender (as strings).

    Raises:
        AdapterError: A required key is missing or a value cannot be read; ``field`` names the key path.
    """
    questions = gender_questions or set()
    schedule = require(doc, "schedule", "", source, kind=dict)
    conference = require(schedule, "conference", "schedule", source, kind=dict)
    days = require(conference, "days", "schedule.conference", source, kind=list)
    title = text(conference.get("title")) or text(conference.get("acronym")) or Path(source).stem
    sessions: list[Session] = []
    for d, day in enumerate(days):
        day_path = f"schedule.conference.days[{d}]"
        rooms = require(day, "rooms", day_path, source, kind=dict)
        day_date = parse_datetime(day.get("date"), source=source, field=f"{day_path}.date")
        for room, talks in rooms.items():
            room_path = f"{day_path}.rooms[{room!r}]"
            if not isinstance(talks, list):
                msg = f"expected a list of events, found {type(talks).__name__}"
                raise AdapterError(msg, source=source, field=room_path)
            for t, talk in enumerate(talks):
                sessions.append(_session(talk, f"{room_path}[{t}]", str(room), day_date, source, questions))
    return Event(
        id=text(conference.get("acronym")) or Path(source).stem,
        title=title,
        source=source,
        start=parse_datetime(conference.get("start"), source=source, field="schedule.conference.start"),
        end=parse_datetime(conference.get("end"), source=source, field="schedule.conference.end"),
        sessions=tuple(sessions),
    )


def _session(talk: Any, path: str, room: str, day: Any, source: str, questions: set[str]) -> Session:
    title = text(require(talk, "title", path, source))
    persons = require(talk, "persons", path, source, kind=list)
    ident = text(talk.get("guid")) or text(talk.get("id")) or text(talk.get("slug")) or path
    kind = text(talk.get("type"))
    start = parse_datetime(talk.get("date"), source=source, field=f"{path}.date") or combine(day, talk.get("start"))
    minutes = parse_duration(talk.get("duration"), source=source, field=f"{path}.duration")
    people = []
    for p, person in enumerate(persons):
        person_path = f"{path}.persons[{p}]"
        if not isinstance(person, Mapping):
            msg = f"expected an object, found {type(person).__name__}"
            raise AdapterError(msg, source=source, field=person_path)
        name = text(person.get("public_name")) or text(person.get("name")) or text(person.get("full_public_name"))
        key = person_key_of(person, fallback=f"{ident}#{p}")
        people.append((key, name, declared_gender(person.get("answers"), questions)))
    panel = is_panel(kind, title)
    return Session(
        id=ident,
        title=title or ident,
        kind=kind,
        track=text(talk.get("track")) or None,
        start=start,
        duration_minutes=minutes,
        panel=True if panel else None,
        participants=participants(
            people, panel=panel, moderator_texts=(text(talk.get("abstract")), text(talk.get("description")))
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
        if not looks_like_json(head) or head is None or is_indico(head):
            return 0
        if b'"schedule"' in head and b'"conference"' in head and (b'"days"' in head or b'"rooms"' in head):
            return 90
        return 0

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a schedule.json file into one event."""
        options = config.adapter.get(self.name, {})
        raw = options.get("gender_question", ())
        ids = {str(raw)} if isinstance(raw, int | str) else {str(q) for q in raw}
        return [parse_schedule(load_json(source), source=source, gender_questions=ids)]
