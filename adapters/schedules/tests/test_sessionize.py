"""Sessionize All.json: the real Orlando Code Camp 2020 export against an independent count, edge cases, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from genderlens_schedules import SessionizeAdapter

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role

ALL = "sessionize-sdk/All.json"


def load(path: Path | str, config: Config | None = None) -> list:
    return SessionizeAdapter().load(str(path), config or Config())


def write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "All.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.realdata
def test_orlando_code_camp_matches_independent_count(realdata):
    source = realdata / ALL
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM the adapter must cope with
    raw = json.loads(source.read_text(encoding="utf-8-sig"))
    [event] = load(source)

    assert len(event.sessions) == len(raw["sessions"]) == 99
    keys = {p.person.key for s in event.sessions for p in s.participants}
    assert keys == {f"sessionize:{s['id']}" for s in raw["speakers"]}
    assert len(keys) == len(raw["speakers"]) == 84
    sizes = Counter(len(s.participants) for s in event.sessions)
    assert sizes == Counter(len(s["speakers"]) for s in raw["sessions"]) == {1: 82, 0: 12, 2: 5}
    # The speakers' own session lists (ints) agree with the sessions' speaker lists (strings).
    links = {(p.person.key, s.id) for s in event.sessions for p in s.participants}
    assert links == {(f"sessionize:{sp['id']}", str(n)) for sp in raw["speakers"] for n in sp["sessions"]}
    service = {s["id"] for s in raw["sessions"] if s["isServiceSession"]}
    assert {s.id for s in event.sessions if not s.participants} == service
    assert event.start == dt.datetime(2020, 3, 28, 8, 0)


@pytest.mark.realdata
def test_orlando_code_camp_by_hand(realdata):
    [event] = load(realdata / ALL, Config(adapter={"sessionize": {"title": "Orlando Code Camp 2020"}}))
    assert event.title == "Orlando Code Camp 2020"
    pairs = {s.title: [p.person.name for p in s.participants] for s in event.sessions if len(s.participants) == 2}
    assert pairs["Using Social Media for Good"] == ["Vicki Braun", "Steve Silbert"]
    assert pairs["Design and Data: A Case Study"] == ["Abhishek Murali", "Kevin Kho"]
    assert len(pairs) == 5
    kinds = Counter(s.kind for s in event.sessions)
    assert set(kinds) <= {"Lightning talk", "Session", None}
    assert kinds[None] == 12  # the service sessions carry no format
    [keynote] = [s for s in event.sessions if s.title == "Keynote"]
    assert keynote.participants == ()
    assert keynote.track == "Room 1"  # no category: the room stands in
    assert keynote.minutes == 60
    assert all(p.role is Role.SPEAKER for s in event.sessions for p in s.participants)


def _doc() -> dict[str, Any]:
    return {
        "sessions": [
            {
                "id": "101",
                "title": "Maintainers speak",
                "startsAt": "2024-05-01T10:00:00",
                "endsAt": "2024-05-01T11:00:00",
                "speakers": ["u1", "u2"],
                "categoryItems": [1],
                "description": "Moderator: Ann Lee",
                "roomId": 9,
            },
            {"id": "102", "title": "Solo", "speakers": [], "categoryItems": [2, 3], "roomId": 9},
        ],
        "speakers": [
            {
                "id": "u1",
                "fullName": "Ann Lee",
                "sessions": [101],
                "questionAnswers": [{"questionId": 55, "answerValue": "Woman"}],
            },
            {
                "id": "u2",
                "firstName": "Bo",
                "lastName": "Chen",
                "sessions": [101],
                "questionAnswers": [{"questionId": 56, "answerValue": "he/him"}],
            },
            {"id": "u3", "fullName": "Cy Diaz", "sessions": [102], "questionAnswers": []},
        ],
        "questions": [
            {"id": 55, "question": "Gender", "questionType": "Short_Text"},
            {"id": 56, "question": "Preferred pronouns (gender)", "questionType": "Short_Text"},
        ],
        "categories": [
            {"id": 1, "title": "Session format", "items": [{"id": 1, "name": "Panel"}, {"id": 2, "name": "Talk"}]},
            {"id": 2, "title": "Track", "items": [{"id": 3, "name": "Community"}]},
        ],
        "rooms": [{"id": 9, "name": "Hall A"}],
    }


def test_panel_moderator_gender_and_one_sided_links(tmp_path):
    [event] = load(write(tmp_path, _doc()))
    panel, solo = event.sessions
    assert (panel.kind, panel.panel, panel.track, panel.minutes) == ("Panel", True, "Hall A", 60)
    assert [(p.person.key, p.person.name, p.role, p.person.declared_gender) for p in panel.participants] == [
        ("sessionize:u1", "Ann Lee", Role.MODERATOR, "Woman"),
        ("sessionize:u2", "Bo Chen", Role.PANELIST, None),  # a pronoun question is not a gender question
    ]
    # Session 102 lists nobody, but speaker u3 lists session 102 (as an int): the link is kept.
    assert (solo.kind, solo.track, [p.person.name for p in solo.participants]) == ("Talk", "Community", ["Cy Diaz"])


def test_unknown_speaker_and_missing_keys_name_the_field(tmp_path):
    doc = _doc()
    doc["sessions"][1]["speakers"] = ["nobody"]
    with pytest.raises(AdapterError, match="'nobody' is not in the speakers list") as info:
        load(write(tmp_path, doc))
    assert info.value.field == "sessions[1].speakers"

    doc = _doc()
    del doc["speakers"]
    with pytest.raises(AdapterError) as info:
        load(write(tmp_path, doc))
    assert info.value.field == "speakers"

    doc = _doc()
    del doc["sessions"][0]["speakers"]
    with pytest.raises(AdapterError) as info:
        load(write(tmp_path, doc))
    assert info.value.field == "sessions[0].speakers"


def test_bad_date_names_the_field(tmp_path):
    doc = _doc()
    doc["sessions"][0]["startsAt"] = "tomorrow"
    with pytest.raises(AdapterError, match="ISO date") as info:
        load(write(tmp_path, doc))
    assert info.value.field == "sessions[0].startsAt"
