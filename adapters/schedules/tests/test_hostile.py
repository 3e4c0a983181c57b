"""Hostile and odd input for the schedule adapters: every bad file is one AdapterError naming the field.

Covers issue #8 (deep nesting, impossible times and durations, wrong JSON types, quadratic regexes) and
the older layouts of issue #7 (pentabarf events and persons without wrappers, unstable ids, duplicate
event ids, the c3voc schedule v2 JSON layout).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from genderlens_schedules import FrabXmlAdapter, PretalxAdapter, SessionizeAdapter
from genderlens_schedules.common import is_panel, split_role_prefix
from genderlens_schedules.names import split_people, split_titles
from genderlens_schedules.sysconf import split_affiliation
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role


def write_json(tmp_path: Path, doc: Any, name: str = "schedule.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return str(path)


def frab_doc(**talk: Any) -> dict[str, Any]:
    base = {"title": "T", "persons": [{"id": 1, "public_name": "Ada Lovelace"}], "start": "10:00", "duration": "00:30"}
    base.update(talk)
    day = {"date": "2024-05-01", "rooms": {"Main": [base]}}
    return {"schedule": {"conference": {"title": "C", "days": [day]}}}


def pretalx_error(tmp_path: Path, doc: Any) -> AdapterError:
    with pytest.raises(AdapterError) as info:
        PretalxAdapter().load(write_json(tmp_path, doc), Config())
    return info.value


# --- JSON: nesting, numbers, times ---------------------------------------------------------------


def test_json_nested_100000_deep_is_one_error(tmp_path):
    path = write_json(tmp_path, '{"schedule": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(AdapterError, match="nested more than 200 levels") as info:
        PretalxAdapter().load(path, Config())
    assert info.value.line == 1


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    doc = frab_doc(abstract="[" * 5000 + '\\"{' * 300)
    [event] = PretalxAdapter().load(write_json(tmp_path, doc), Config())
    assert event.sessions[0].title == "T"


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused(tmp_path, bad):
    text = json.dumps(frab_doc()).replace('"00:30"', bad)
    assert bad in str(pretalx_error(tmp_path, text))


def test_integer_too_long_to_convert_is_one_error(tmp_path):
    text = json.dumps(frab_doc()).replace('"00:30"', "9" * 5000)
    assert "invalid JSON" in str(pretalx_error(tmp_path, text))


@pytest.mark.parametrize(
    ("talk", "field"),
    [
        ({"duration": "inf"}, "duration"),
        ({"duration": 1e309}, "duration"),  # json.dumps writes Infinity: refused as not JSON
        ({"duration": "00:99"}, "duration"),
        ({"duration": "9999:00"}, "duration"),
        ({"start": "10:99"}, "start"),
        ({"start": "99:00"}, "start"),
        ({"start": ["10:00"]}, "start"),
        ({"date": "10000-01-01T10:00:00"}, "date"),
        ({"date": "9999-12-31T23:50:00+00:00", "duration": "01:00"}, "duration"),
    ],
)
def test_impossible_times_name_the_field(tmp_path, talk, field):
    err = pretalx_error(tmp_path, frab_doc(**talk))
    if field == "duration" and talk.get("duration") == 1e309:
        assert "Infinity" in str(err)
        return
    assert err.field is not None
    assert err.field.endswith(f"[0].{field}"), err


def test_late_night_hours_fall_on_the_next_day(tmp_path):
    [event] = PretalxAdapter().load(write_json(tmp_path, frab_doc(start="25:30")), Config())
    assert event.sessions[0].start is not None
    assert (event.sessions[0].start.day, event.sessions[0].start.hour) == (2, 1)
    assert event.sessions[0].end is not None
    assert event.sessions[0].end.minute == 0


@pytest.mark.parametrize(
    ("talk", "field"),
    [
        ({"title": ["a", "b"]}, "title"),
        ({"persons": 5}, "persons"),
        ({"persons": [{"public_name": {"en": "Ada"}}]}, "persons[0].public_name"),
        ({"persons": ["Ada"]}, "persons[0]"),
        ({"type": {"x": 1}}, "type"),
    ],
)
def test_frab_json_wrong_types_name_the_field(tmp_path, talk, field):
    err = pretalx_error(tmp_path, frab_doc(**talk))
    assert err.field is not None
    assert err.field.endswith(field), err


def test_frab_json_duplicate_event_ids_stay_apart(tmp_path):
    doc = frab_doc(guid="same")
    room = doc["schedule"]["conference"]["days"][0]["rooms"]["Main"]
    room.append({**room[0], "title": "Other", "persons": [{"id": 2, "public_name": "Grace Hopper"}]})
    [event] = PretalxAdapter().load(write_json(tmp_path, doc), Config())
    assert [s.id for s in event.sessions] == ["same", "same#2"]
    assert [s.title for s in event.sessions] == ["T", "Other"]
    assert event.people_fields == ("persons",)


def test_unstable_person_ids_are_keyed_by_name(tmp_path):
    # A new id on every slot while the names repeat: the ids cannot identify anyone.
    doc = frab_doc(persons=[{"id": 1, "public_name": "Ada Lovelace"}])
    room = doc["schedule"]["conference"]["days"][0]["rooms"]["Main"]
    room.append({**room[0], "title": "T2", "persons": [{"id": 2, "public_name": "Ada  Lovelace"}]})
    room.append({**room[0], "title": "T3", "persons": [{"id": 3, "public_name": "Dr. Ada Lovelace"}]})
    [event] = PretalxAdapter().load(write_json(tmp_path, doc), Config())
    keys = {p.person.key for s in event.sessions for p in s.participants}
    assert keys == {"name:ada lovelace"}
    assert event.sessions[2].participants[0].person.title == "Dr."


def test_c3voc_schedule_v2_events_and_participant_roles(tmp_path):
    # The layout of voc/schedule's validator/json/examples/hub-schedule2.json (38C3): conference.days
    # without rooms, a flat events list with ISO start and end, room and track objects, participants.
    doc = {
        "schedule": {
            "version": "2024-12-26 20:23",
            "conference": {
                "acronym": "v2",
                "title": "Version 2",
                "start": "2024-12-27T09:30:00+00:00",
                "days": [{"index": 1, "date": "2024-12-27", "start": "2024-12-27T09:30:00+00:00"}],
                "rooms": [{"name": "Saal 1", "guid": "r1"}],
            },
            "events": [
                {
                    "guid": "e1",
                    "type": "podium",
                    "title": "Where next?",
                    "start": "2024-12-27T10:30:00+01:00",
                    "end": "2024-12-27T11:30:00+01:00",
                    "room": {"name": "Saal 1", "guid": "r1"},
                    "track": {"slug": "ccc"},
                    "participants": [
                        {"guid": "p1", "name": "Ada Lovelace", "role": "moderator"},
                        {"guid": "p2", "name": "Grace Hopper", "role": "speaker"},
                        {"guid": "p3", "name": "Alan Turing", "role": "speaker"},
                    ],
                },
                {
                    "guid": "e2",
                    "type": "talk",
                    "title": "Lunch",
                    "start": "2024-12-27T12:00:00+01:00",
                    "participants": [],
                },
            ],
            "persons": [{"guid": "p1", "name": "Ada Lovelace"}],
        }
    }
    path = write_json(tmp_path, doc)
    assert PretalxAdapter().sniff(path, Path(path).read_bytes()) == 90
    [event] = PretalxAdapter().load(path, Config())
    assert event.title == "Version 2"
    assert event.people_fields == ("participants", "persons")
    podium, lunch = event.sessions
    assert podium.panel is True
    assert podium.track == "ccc"
    assert [(p.person.key, p.person.name, p.role) for p in podium.participants] == [
        ("frab:p1", "Ada Lovelace", Role.MODERATOR),
        ("frab:p2", "Grace Hopper", Role.PANELIST),
        ("frab:p3", "Alan Turing", Role.PANELIST),
    ]
    assert podium.minutes == 60
    assert (lunch.participants, lunch.panel) == ((), False)
    doc["schedule"]["events"][0]["end"] = "2024-12-27T10:00:00+01:00"
    err = pretalx_error(tmp_path, doc)
    assert err.field == "schedule.events[0].end"


# --- Sessionize: wrong JSON types ----------------------------------------------------------------


def sessionize_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "sessions": [
            {"id": "1", "title": "T", "speakers": ["s1"], "startsAt": "2020-01-01T10:00:00", "categoryItems": []}
        ],
        "speakers": [{"id": "s1", "fullName": "Ada Lovelace", "sessions": [1]}],
        "rooms": [],
        "categories": [],
    }
    doc.update(changes)
    return doc


def _session(**changes: Any) -> list[dict[str, Any]]:
    return [{"id": "1", "title": "T", "speakers": ["s1"], "startsAt": "2020-01-01T10:00:00", **changes}]


def _speaker(**changes: Any) -> list[dict[str, Any]]:
    return [{"id": "s1", "fullName": "Ada Lovelace", **changes}]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"speakers": 5}, "speakers"),
        ({"sessions": "x"}, "sessions"),
        ({"rooms": 5}, "rooms"),
        ({"categories": "abc"}, "categories"),
        ({"questions": {"a": 1}}, "questions"),
        ({"speakers": _speaker(fullName=["Ada", "Lovelace"])}, "speakers[0].fullName"),
        ({"speakers": _speaker(sessions=5)}, "speakers[0].sessions"),
        ({"speakers": _speaker(sessions=[[1]])}, "speakers[0].sessions[0]"),
        ({"sessions": _session(speakers=5)}, "sessions[0].speakers"),
        ({"sessions": _session(speakers=[["s1"]])}, "sessions[0].speakers[0]"),
        ({"sessions": _session(categoryItems=7)}, "sessions[0].categoryItems"),
        ({"sessions": _session(title={"en": "T"})}, "sessions[0].title"),
        ({"sessions": _session(startsAt="2020-01-01T10:99:00")}, "sessions[0].startsAt"),
        ({"sessions": _session(startsAt=12)}, "sessions[0].startsAt"),
        ({"sessions": _session(endsAt="10000-01-01T00:00:00")}, "sessions[0].endsAt"),
        ({"sessions": _session(endsAt="2020-01-01T09:00:00")}, "sessions[0].endsAt"),
    ],
)
def test_sessionize_wrong_types_name_the_field(tmp_path, changes, field):
    with pytest.raises(AdapterError) as info:
        SessionizeAdapter().load(write_json(tmp_path, sessionize_doc(**changes), "All.json"), Config())
    assert info.value.field == field, info.value


def test_sessionize_duplicate_session_ids_stay_apart(tmp_path):
    doc = sessionize_doc()
    doc["sessions"].append({**doc["sessions"][0], "title": "Again"})
    [event] = SessionizeAdapter().load(write_json(tmp_path, doc, "All.json"), Config())
    assert [s.id for s in event.sessions] == ["1", "1#2"]
    assert event.people_fields == ("speakers",)


# --- frab / pentabarf XML --------------------------------------------------------------------------

PENTABARF = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Old</title></conference>
  <day date="2010-02-06" index="1">
    <event id="10">
      <start>10:00</start><duration>00:45</duration><room>Janson</room>
      <title>Opening</title><type>lecture</type>
      <person>Prof. Dr. Anna Schmidt, Dr.-Ing. Bernd Meier</person>
    </event>
    <event id="10">
      <start>11:00</start><duration>01:00</duration><room>Janson</room>
      <title>Podium: Where next?</title><type>podium</type>
      <person id="1">Anna Schmidt</person>
      <person id="2">Moderation: Carla Nunes</person>
      <person>Schmidt, Hans</person>
    </event>
  </day>
</schedule>
"""


def test_pentabarf_events_and_persons_without_wrappers(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(PENTABARF, encoding="utf-8")
    [event] = FrabXmlAdapter().load(str(path), Config())
    opening, podium = event.sessions
    assert [s.id for s in event.sessions] == ["10", "10#2"]  # duplicate ids: both sessions kept
    assert [(p.person.name, p.person.title, p.role) for p in opening.participants] == [
        ("Anna Schmidt", "Prof. Dr.", Role.SPEAKER),
        ("Bernd Meier", "Dr.-Ing.", Role.SPEAKER),
    ]
    assert opening.panel is False
    assert podium.panel is True
    assert [(p.person.name, p.role) for p in podium.participants] == [
        ("Anna Schmidt", Role.PANELIST),
        ("Carla Nunes", Role.MODERATOR),
        ("Schmidt, Hans", Role.PANELIST),  # "Last, First" is one person, not two
    ]
    # Anna Schmidt has no id in the first slot and id 1 in the second: one head, keyed by that id.
    assert opening.participants[0].person.key == podium.participants[0].person.key == "frab:1"
    assert opening.participants[1].person.key == "name:bernd meier"
    assert event.people_fields == ("persons",)


@pytest.mark.parametrize(
    ("element", "value"),
    [("start", "10:99"), ("duration", "inf"), ("duration", "00:75")],
)
def test_xml_impossible_times_name_field_and_line(tmp_path, element, value):
    body = PENTABARF.replace(f"<{element}>10:00</{element}>", f"<{element}>{value}</{element}>").replace(
        f"<{element}>00:45</{element}>", f"<{element}>{value}</{element}>"
    )
    path = tmp_path / "schedule.xml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(AdapterError) as info:
        FrabXmlAdapter().load(str(path), Config())
    assert info.value.field == f"schedule.day[0].event[0].{element}"
    assert info.value.line == 6


# --- linear time on adversarial text --------------------------------------------------------------

ADVERSARIAL = [
    " " * 1_000_000,
    "\n" * 1_000_000,
    "a " * 500_000,
    "Dr. " * 250_000,
    ", " * 500_000 + "x",
    "and " * 250_000,
    "a" + " " * 1_000_000 + "b",
    "a (" * 300_000,
    "moderation " * 90_000,
]


@pytest.mark.parametrize(
    "text",
    ADVERSARIAL,
    ids=["spaces", "newlines", "words", "titles", "commas", "ands", "inner-spaces", "parens", "markers"],
)
def test_free_text_patterns_are_linear(text):
    started = time.perf_counter()
    split_people(text)
    split_titles(text)
    split_role_prefix(text)
    split_affiliation(text)  # "a" + a million spaces + "b" took 40 s before spaces were collapsed
    is_panel(text, text)
    assert time.perf_counter() - started < 1.0


# --- through the command line: exit 2 and one line ------------------------------------------------


def _cli(capsys, path: str) -> tuple[int, list[str]]:
    from genderlens.cli import main

    try:
        code = main(["check", path])
    except SystemExit as exc:
        code = int(exc.code or 0)
    _, err = capsys.readouterr()
    return code, err.splitlines()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "deep.json",
            '{"schedule": {"conference": {"days": ' + "[" * 100_000 + "]" * 100_000 + "}}}",
            "nested more than",
        ),
        ("dur.json", json.dumps(frab_doc(duration="inf")), "duration"),
        ("start.json", json.dumps(frab_doc(start="10:99")), "start"),
        ("All.json", json.dumps({**sessionize_doc(), "sessions": _session(speakers=5)}), "sessions[0].speakers"),
        ("name.json", json.dumps({**sessionize_doc(), "speakers": _speaker(fullName=["A"])}), "fullName"),
        ("old.xml", PENTABARF.replace("<start>10:00</start>", "<start>10:99</start>"), "event[0].start"),
        ("bin.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n\x00\x00\r\n", "bin.ics:3:"),
    ],
)
def test_cli_exit_2_on_one_line(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, lines = _cli(capsys, str(path))
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("genderlens: error: ")
    assert words in lines[0]


def test_person_keys_rules():
    from genderlens_schedules.names import person_keys

    # Stable ids are kept; a full name under two ids is one person (keyed by name); a one-word handle
    # under two ids may be two people; an id-less slot takes the one id its name has elsewhere.
    slots = [
        ("Ada Lovelace", "frab:1"),
        ("Ada Lovelace", "frab:1"),
        ("Grace Hopper", "frab:2"),
        ("Grace  Hopper", "frab:7"),
        ("leonard", "frab:3"),
        ("Leonard", "frab:4"),
        ("Ada Lovelace", None),
        ("Alan Turing", None),
    ]
    keys = person_keys(slots)
    assert [keys[s] for s in slots] == [
        "frab:1",
        "frab:1",
        "name:grace hopper",
        "name:grace hopper",
        "frab:3",
        "frab:4",
        "frab:1",
        "name:alan turing",
    ]
    # A new id on every slot while names repeat: ids are unstable, everyone is keyed by name.
    unstable = [("Ada Lovelace", "frab:1"), ("Ada Lovelace", "frab:2"), ("leonard", "frab:3"), ("leonard", "frab:4")]
    assert set(person_keys(unstable).values()) == {"name:ada lovelace", "name:leonard"}


def test_unstable_ids_in_xml(tmp_path):
    body = PENTABARF.replace('<person id="1">Anna Schmidt</person>', '<person id="91">Carla Nunes</person>')
    body = body.replace(
        "<person>Prof. Dr. Anna Schmidt, Dr.-Ing. Bernd Meier</person>", '<person id="90">Carla Nunes</person>'
    )
    body = body.replace('<person id="2">Moderation: Carla Nunes</person>', "")
    path = tmp_path / "schedule.xml"
    path.write_text(body, encoding="utf-8")
    [event] = FrabXmlAdapter().load(str(path), Config())
    keys = [p.person.key for s in event.sessions for p in s.participants if p.person.name == "Carla Nunes"]
    assert keys == ["name:carla nunes", "name:carla nunes"]


def test_sessionize_naive_start_with_zoned_end_is_one_zone(tmp_path):
    doc = sessionize_doc(sessions=_session(startsAt="2020-01-01T10:00:00", endsAt="2020-01-01T10:45:00+02:00"))
    [event] = SessionizeAdapter().load(write_json(tmp_path, doc, "All.json"), Config())
    assert event.sessions[0].minutes == 45


# --- properties of the name helpers ----------------------------------------------------------------

_TOKENS = [*"AaBbÄé .,;&+-", "Dr.", "Prof.", " and ", " und ", "Ing.", "\n", "\t", "Anna ", "Schmidt"]
_NAME_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NAME_TEXT)
def test_split_titles_keeps_every_word(name):
    title, rest = split_titles(name)
    assert " ".join(filter(None, (title, rest))).split() == name.split()
    assert rest.strip() or not name.strip()


@settings(max_examples=300, deadline=None)
@given(_NAME_TEXT)
def test_split_people_parts_come_from_the_text(value):
    collapsed = " ".join(value.split())
    parts = split_people(value)
    assert all(part and part in collapsed for part in parts)
    if len(parts) > 1:
        assert all(len(split_titles(part)[1].split()) >= 2 for part in parts)
