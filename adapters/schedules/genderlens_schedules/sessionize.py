"""Sessionize ``All`` export (``/api/v2/<id>/view/All``): sessions, speakers, rooms and categories."""

from __future__ import annotations

import re
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
from genderlens_schedules.jsonfile import field_list, field_text, load_json, require, text
from genderlens_schedules.sniff import sniff_sessionize
from genderlens_schedules.times import parse_datetime, same_zone

_KIND_CATEGORY = re.compile(r"format|type|kind", re.IGNORECASE)
_TRACK_CATEGORY = re.compile(r"track|categor|topic|theme|stream", re.IGNORECASE)


def _gender_answer(speaker: Mapping[str, Any], gender_ids: set[str]) -> str | None:
    answers = speaker.get("questionAnswers")
    if not isinstance(answers, list):
        return None
    for answer in answers:
        if not isinstance(answer, Mapping):
            continue
        qid = text(answer.get("questionId") if "questionId" in answer else answer.get("id"))
        inline = question_text(answer.get("question"))
        if (qid is not None and qid in gender_ids) or is_gender_question(inline):
            value = text(answer.get("answerValue") if "answerValue" in answer else answer.get("answer"))
            if value:
                return value
    return None


def parse_all(doc: Any, *, source: str, title: str | None = None) -> Event:
    """Turn a parsed Sessionize ``All`` document into an :class:`Event`.

    A speaker belongs to a session when either side lists the other: sessions list speaker ids (strings)
    and speakers list session ids (numbers), and exports do not always agree.

    Args:
        doc: The parsed JSON.
        source: The file, for errors and :attr:`Event.source`.
        title: Event title (Sessionize does not export one); defaults to the file name.

    Raises:
        AdapterError: A required key is missing; ``field`` names it (``sessions[3].speakers``).
    """
    raw_sessions = require(doc, "sessions", "", source, kind=list)
    raw_speakers = require(doc, "speakers", "", source, kind=list)
    rooms = {
        field_text(r, "id", f"rooms[{i}]", source): field_text(r, "name", f"rooms[{i}]", source)
        for i, r in enumerate(field_list(doc, "rooms", "", source))
        if isinstance(r, Mapping)
    }
    kinds: dict[str, str] = {}
    tracks: dict[str, str] = {}
    for c, category in enumerate(field_list(doc, "categories", "", source)):
        if not isinstance(category, Mapping):
            continue
        heading = field_text(category, "title", f"categories[{c}]", source) or ""
        target = kinds if _KIND_CATEGORY.search(heading) else tracks if _TRACK_CATEGORY.search(heading) else None
        if target is None:
            continue
        for i, item in enumerate(field_list(category, "items", f"categories[{c}]", source)):
            item_path = f"categories[{c}].items[{i}]"
            name = field_text(item, "name", item_path, source) if isinstance(item, Mapping) else None
            if name:
                target[str(field_text(item, "id", item_path, source))] = name
    gender_ids = {
        str(field_text(q, "id", f"questions[{i}]", source))
        for i, q in enumerate(field_list(doc, "questions", "", source))
        if isinstance(q, Mapping) and is_gender_question(question_text(q.get("question")))
    }
    speakers: dict[str, tuple[str | None, str | None]] = {}
    speaker_sessions: dict[str, list[str]] = {}
    for i, speaker in enumerate(raw_speakers):
        path = f"speakers[{i}]"
        require(speaker, "id", path, source)
        sid = field_text(speaker, "id", path, source)
        if sid is None:
            msg = "speaker id is empty"
            raise AdapterError(msg, source=source, field=f"{path}.id")
        first, last = field_text(speaker, "firstName", path, source), field_text(speaker, "lastName", path, source)
        name = field_text(speaker, "fullName", path, source) or (" ".join(x for x in (first, last) if x) or None)
        speakers[sid] = (name, _gender_answer(speaker, gender_ids))
        for s, session_id in enumerate(field_list(speaker, "sessions", path, source)):
            if isinstance(session_id, Mapping):
                session_id = session_id.get("id")
            if isinstance(session_id, bool) or not isinstance(session_id, str | int):
                msg = f"expected a session id, found {type(session_id).__name__}"
                raise AdapterError(msg, source=source, field=f"{path}.sessions[{s}]")
            speaker_sessions.setdefault(str(session_id), []).append(sid)
    sessions = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_sessions):
        path = f"sessions[{i}]"
        require(raw, "id", path, source)
        ident = field_text(raw, "id", path, source) or path
        listed = require(raw, "speakers", path, source, kind=list)
        ids = []
        for j, s in enumerate(listed):
            sid = field_text(s, "id", f"{path}.speakers[{j}]", source) if isinstance(s, Mapping) else s
            if isinstance(sid, bool) or not isinstance(sid, str | int):
                msg = f"expected a speaker id, found {type(sid).__name__}"
                raise AdapterError(msg, source=source, field=f"{path}.speakers[{j}]")
            ids.append(str(sid))
        listed_ids = set(ids)
        ids += [s for s in speaker_sessions.get(ident, []) if s not in listed_ids]
        for sid in ids:
            if sid not in speakers:
                msg = f"speaker {sid!r} is not in the speakers list"
                raise AdapterError(msg, source=source, field=f"{path}.speakers")
        items = [str(c) for c in field_list(raw, "categoryItems", path, source) if isinstance(c, str | int)]
        kind = next((kinds[c] for c in items if c in kinds), None)
        track = next((tracks[c] for c in items if c in tracks), None) or rooms.get(
            field_text(raw, "roomId", path, source)
        )
        title_ = field_text(raw, "title", path, source) or ident
        panel = is_panel(kind, title_)
        start = parse_datetime(field_text(raw, "startsAt", path, source), source=source, field=f"{path}.startsAt")
        end = parse_datetime(field_text(raw, "endsAt", path, source), source=source, field=f"{path}.endsAt")
        start, end = same_zone(start, end)
        if start is not None and end is not None and comparable_time(end) < comparable_time(start):
            msg = f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"
            raise AdapterError(msg, source=source, field=f"{path}.endsAt")
        sessions.append(
            Session(
                id=unique_id(ident, seen),
                title=title_,
                kind=kind,
                track=track,
                start=start,
                end=end,
                panel=stated_panel(panel, kind),
                participants=participants(
                    ((f"sessionize:{sid}", *speakers[sid]) for sid in ids),
                    panel=panel,
                    moderator_texts=(field_text(raw, "description", path, source),),
                ),
            )
        )
    starts = [s.start for s in sessions if s.start is not None]
    ends = [s.end for s in sessions if s.end is not None]
    name = title or Path(source).stem
    return Event(
        id=name,
        title=name,
        source=source,
        start=min(starts, key=comparable_time) if starts else None,
        end=max(ends, key=comparable_time) if ends else None,
        sessions=tuple(sessions),
        people_fields=("speakers",),
    )


class SessionizeAdapter(Adapter):
    """Sessionize ``All`` JSON exports.

    Options (``[tool.genderlens.adapter.sessionize]``): ``title``, the event title (Sessionize exports
    none; the file name is used otherwise).
    """

    name: ClassVar[str] = "sessionize"
    description: ClassVar[str] = "Sessionize 'All' JSON exports (sessions, speakers, rooms, categories)."

    def sniff(self, source: str, head: bytes | None) -> int:
        """Recognise the ``sessions`` and ``speakers`` lists and Sessionize's own keys."""
        return sniff_sessionize(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a Sessionize ``All`` file into one event."""
        title = config.adapter.get(self.name, {}).get("title")
        return [parse_all(load_json(source), source=source, title=str(title) if title else None)]
