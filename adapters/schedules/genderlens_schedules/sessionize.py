"""Sessionize ``All`` export (``/api/v2/<id>/view/All``): sessions, speakers, rooms and categories."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from genderlens.adapters import Adapter
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Session
from genderlens_schedules.common import (
    is_gender_question,
    is_indico,
    is_panel,
    load_json,
    looks_like_json,
    parse_datetime,
    participants,
    question_text,
    require,
    text,
)

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
    rooms = {str(r.get("id")): text(r.get("name")) for r in doc.get("rooms") or [] if isinstance(r, Mapping)}
    kinds: dict[str, str] = {}
    tracks: dict[str, str] = {}
    for category in doc.get("categories") or []:
        if not isinstance(category, Mapping):
            continue
        heading = text(category.get("title")) or ""
        target = kinds if _KIND_CATEGORY.search(heading) else tracks if _TRACK_CATEGORY.search(heading) else None
        if target is None:
            continue
        for item in category.get("items") or []:
            if isinstance(item, Mapping) and text(item.get("name")):
                target[str(item.get("id"))] = str(text(item.get("name")))
    gender_ids = {
        str(q.get("id"))
        for q in doc.get("questions") or []
        if isinstance(q, Mapping) and is_gender_question(question_text(q.get("question")))
    }
    speakers: dict[str, tuple[str | None, str | None]] = {}
    speaker_sessions: dict[str, list[str]] = {}
    for i, speaker in enumerate(raw_speakers):
        sid = text(require(speaker, "id", f"speakers[{i}]", source))
        if sid is None:
            msg = "speaker id is empty"
            raise AdapterError(msg, source=source, field=f"speakers[{i}].id")
        name = text(speaker.get("fullName")) or (
            " ".join(x for x in (text(speaker.get("firstName")), text(speaker.get("lastName"))) if x) or None
        )
        speakers[sid] = (name, _gender_answer(speaker, gender_ids))
        for session_id in speaker.get("sessions") or []:
            speaker_sessions.setdefault(str(session_id), []).append(sid)
    sessions = []
    for i, raw in enumerate(raw_sessions):
        path = f"sessions[{i}]"
        ident = text(require(raw, "id", path, source))
        listed = require(raw, "speakers", path, source, kind=list)
        ids = [str(s.get("id") if isinstance(s, Mapping) else s) for s in listed]
        ids += [s for s in speaker_sessions.get(str(ident), []) if s not in ids]
        for sid in ids:
            if sid not in speakers:
                msg = f"speaker {sid!r} is not in the speakers list"
                raise AdapterError(msg, source=source, field=f"{path}.speakers")
        items = [str(c) for c in raw.get("categoryItems") or []]
        kind = next((kinds[c] for c in items if c in kinds), None)
        track = next((tracks[c] for c in items if c in tracks), None) or rooms.get(str(raw.get("roomId")))
        title_ = text(raw.get("title")) or str(ident)
        panel = is_panel(kind, title_)
        sessions.append(
            Session(
                id=str(ident),
                title=title_,
                kind=kind,
                track=track,
                start=parse_datetime(raw.get("startsAt"), source=source, field=f"{path}.startsAt"),
                end=parse_datetime(raw.get("endsAt"), source=source, field=f"{path}.endsAt"),
                panel=True if panel else None,
                participants=participants(
                    ((f"sessionize:{sid}", *speakers[sid]) for sid in ids),
                    panel=panel,
                    moderator_texts=(text(raw.get("description")),),
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
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        sessions=tuple(sessions),
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
        if not looks_like_json(head) or head is None or is_indico(head):
            return 0
        if b'"sessions"' in head and b'"speakers"' in head:
            own = (b'"isServiceSession"', b'"startsAt"', b'"categoryItems"', b'"questionAnswers"', b'"fullName"')
            return 90 if any(k in head for k in own) else 30
        return 0

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a Sessionize ``All`` file into one event."""
        title = config.adapter.get(self.name, {}).get("title")
        return [parse_all(load_json(source), source=source, title=str(title) if title else None)]
