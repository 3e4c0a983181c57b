"""pretalx / frab schedule.json: real exports checked against independent counts, synthetic edge cases, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from genderlens_schedules import PretalxAdapter

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role


def talks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for day in doc["schedule"]["conference"]["days"] for ts in day["rooms"].values() for t in ts]


def write(tmp_path: Path, doc: Any, name: str = "schedule.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return str(path)


@pytest.mark.realdata
def test_pretalx_rc3_matches_independent_counts(realdata):
    source = realdata / "voc-schedule" / "pretalx-rc3.json"
    raw = talks(json.loads(source.read_text(encoding="utf-8")))
    [event] = PretalxAdapter().load(str(source), Config())

    assert len(event.sessions) == len(raw) == 48
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == sum(len(t["persons"]) for t in raw) == 57
    assert {p.person.key for p in people} == {f"pretalx:{p['code']}" for t in raw for p in t["persons"]}
    assert len({p.person.key for p in people}) == 56  # one person gives two talks
    assert Counter(s.kind for s in event.sessions) == Counter(t["type"] for t in raw)
    # No gender question in this export: nothing may be declared, and nothing is guessed.
    assert all(p.person.declared_gender is None for p in people)
    assert event.id == "rc3-channels-2020"
    assert event.title == "rC3 Channels"


@pytest.mark.realdata
def test_pretalx_rc3_first_talk_by_hand(realdata):
    [event] = PretalxAdapter().load(str(realdata / "voc-schedule" / "pretalx-rc3.json"), Config())
    s = next(s for s in event.sessions if s.id == "c3642671-4c1f-5109-81ba-0535c1cc8428")
    assert s.title == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert s.kind == "Talk 30 min + 10min Q&A"
    assert s.track == "MON r3s Rhein VHS"
    assert s.start == dt.datetime(2020, 12, 27, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert s.minutes == 40
    assert [(p.person.key, p.person.name, p.role) for p in s.participants] == [
        ("pretalx:SCD9VJ", "Chris Fiege", Role.SPEAKER),
        ("pretalx:MCQKPV", "Kasa", Role.SPEAKER),
    ]


@pytest.mark.realdata
def test_frab_camp2019_matches_independent_counts(realdata):
    source = realdata / "voc-schedule" / "frab-camp2019.json"
    raw = talks(json.loads(source.read_text(encoding="utf-8")))
    [event] = PretalxAdapter().load(str(source), Config())

    assert len(event.sessions) == len(raw) == 79
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == sum(len(t["persons"]) for t in raw) == 96
    assert {p.person.key for p in people} == {f"frab:{p['id']}" for t in raw for p in t["persons"]}
    # By hand: 90 ids, 89 distinct names, because two people (ids 3988 and 9029) are both "mo"; a
    # one-word handle under two ids is kept as two people, so 90 heads. One event lists nobody.
    assert len({p.person.key for p in people}) == 90
    assert sum(not s.participants for s in event.sessions) == 1
    assert event.people_fields == ("persons",)
    assert sum(s.minutes or 0 for s in event.sessions) == sum(
        int(t["duration"][:2]) * 60 + int(t["duration"][3:]) for t in raw
    )


@pytest.mark.realdata
def test_frab_camp2019_twenty_years_panel(realdata):
    [event] = PretalxAdapter().load(str(realdata / "voc-schedule" / "frab-camp2019.json"), Config())
    [s] = [s for s in event.sessions if s.title == "20 Jahre Camp"]
    assert [(p.person.key, p.person.name) for p in s.participants] == [
        ("frab:280", "Markus Ossevorth"),
        ("frab:9152", "Marc-André Janizewski"),
        ("frab:1817", "Tim Pritlove"),
    ]
    assert s.minutes == 90
    # frab calls every item a "lecture"; the adapter does not relabel it, so the three are speakers.
    assert s.kind == "lecture"
    assert s.panel is False  # the source says "lecture": three people on stage are not a panel
    assert not s.is_panel
    assert {p.role for p in s.participants} == {Role.SPEAKER}


def test_panel_type_moderator_and_gender_question(tmp_path):
    doc = {
        "schedule": {
            "conference": {
                "acronym": "demo",
                "title": "Demo",
                "days": [
                    {
                        "date": "2024-05-01",
                        "rooms": {
                            "Main": [
                                {
                                    "guid": "g1",
                                    "title": "Open source money",
                                    "type": "Panel discussion",
                                    "start": "10:00",
                                    "duration": "01:15",
                                    "description": "A debate.\nModeration: Ada Lovelace",
                                    "persons": [
                                        {
                                            "code": "AAA",
                                            "public_name": "Ada Lovelace",
                                            "answers": [
                                                {
                                                    "question": {"id": 1, "question": {"en": "Gender"}},
                                                    "answer": "female",
                                                }
                                            ],
                                        },
                                        {
                                            "code": "BBB",
                                            "public_name": "Bo Chen",
                                            "answers": [
                                                {
                                                    "question": {"id": 2, "question": {"en": "Your pronouns"}},
                                                    "answer": "she/her",
                                                }
                                            ],
                                        },
                                        {
                                            "code": "CCC",
                                            "public_name": "Cy Diaz",
                                            "answers": [{"question": 7, "answer": "non-binary"}],
                                        },
                                    ],
                                },
                                {
                                    "id": 2,
                                    "title": "Talk about content moderation",
                                    "type": "Talk",
                                    "duration": "00:30",
                                    "abstract": "Content moderation at scale; moderator tools.",
                                    "persons": [{"id": 5, "public_name": "Moderation: Dee Eve"}],
                                },
                            ]
                        },
                    }
                ],
            }
        }
    }
    [event] = PretalxAdapter().load(write(tmp_path, doc), Config())
    panel, talk = event.sessions
    assert panel.panel is True
    assert panel.start == dt.datetime(2024, 5, 1, 10, 0)
    assert panel.minutes == 75
    roles = {p.person.name: (p.role, p.person.declared_gender) for p in panel.participants}
    assert roles == {
        "Ada Lovelace": (Role.MODERATOR, "female"),
        "Bo Chen": (Role.PANELIST, None),  # pronouns are not gender
        "Cy Diaz": (Role.PANELIST, None),  # question 7 is not known to be about gender
    }
    [dee] = talk.participants
    assert (dee.person.name, dee.person.key, dee.role) == ("Dee Eve", "frab:5", Role.MODERATOR)
    assert talk.panel is False  # type "Talk": the source says it is no panel

    config = Config(adapter={"pretalx": {"gender_question": 7}})
    [event] = PretalxAdapter().load(write(tmp_path, doc), config)
    assert {p.person.name: p.person.declared_gender for p in event.sessions[0].participants}["Cy Diaz"] == "non-binary"


@pytest.mark.realdata
def test_truncated_json_reports_the_line(realdata, tmp_path):
    data = (realdata / "voc-schedule" / "frab-camp2019.json").read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.json"
    path.write_bytes(cut)
    with pytest.raises(AdapterError) as info:
        PretalxAdapter().load(str(path), Config())
    assert info.value.line == cut.count(b"\n") + 1
    assert info.value.line > 1000
    assert str(info.value).startswith(f"{path}:{info.value.line}: invalid JSON")


@pytest.mark.realdata
def test_missing_rooms_names_the_field(realdata, tmp_path):
    doc = json.loads((realdata / "voc-schedule" / "frab-camp2019.json").read_text(encoding="utf-8"))
    del doc["schedule"]["conference"]["days"][2]["rooms"]
    with pytest.raises(AdapterError) as info:
        PretalxAdapter().load(write(tmp_path, doc), Config())
    assert info.value.field == "schedule.conference.days[2].rooms"
    assert "missing" in info.value.message


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({}, "schedule"),
        ({"schedule": {}}, "schedule.conference"),
        ({"schedule": {"conference": {"days": {}}}}, "schedule.conference.days"),
        (
            {"schedule": {"conference": {"days": [{"rooms": {"A": [{"title": "x"}]}}]}}},
            "schedule.conference.days[0].rooms['A'][0].persons",
        ),
        (
            {
                "schedule": {
                    "conference": {"days": [{"rooms": {"A": [{"title": "x", "persons": [], "duration": "1h"}]}}]}
                }
            },
            "schedule.conference.days[0].rooms['A'][0].duration",
        ),
        (
            {"schedule": {"conference": {"days": [{"rooms": {"A": [{"title": "x", "persons": ["Ann"]}]}}]}}},
            "schedule.conference.days[0].rooms['A'][0].persons[0]",
        ),
    ],
)
def test_bad_documents_name_the_field(tmp_path, doc, field):
    with pytest.raises(AdapterError) as info:
        PretalxAdapter().load(write(tmp_path, doc), Config())
    assert info.value.field == field


def test_unreadable_files(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"  \n")
    with pytest.raises(AdapterError, match="empty file"):
        PretalxAdapter().load(str(empty), Config())
    with pytest.raises(AdapterError, match="cannot read"):
        PretalxAdapter().load(str(tmp_path / "missing.json"), Config())
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"schedule":\n "M\xfcnchen"}')
    with pytest.raises(AdapterError, match="not UTF-8") as info:
        PretalxAdapter().load(str(latin), Config())
    assert info.value.line == 2
