from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from genderlens_indico.parse import (
    declared_answer,
    parse_event,
    parse_export,
    parse_registrants,
    split_title,
)

from genderlens.errors import AdapterError
from genderlens.model import Role


def people(session):
    return [(p.person.key, p.person.name, p.person.title, p.role) for p in session.participants]


def test_sessions_export_maps_chairs_blocks_and_loose_contributions(sample):
    [event] = parse_export(sample("export_event_sessions.manager.json"), source="s.json")
    assert (event.id, event.title) == ("4242", "Workshop on Fair Panels")
    assert event.start == dt.datetime(2026, 3, 10, 8, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert [(p.person.key, p.person.name, p.person.title, p.role) for p in event.participants] == [
        ("indico:20", "Ada Lovelace", "Ms", Role.CHAIR),
        ("indico:21", "Alan Turing", "Mr", Role.CHAIR),
    ]
    talk, block = event.sessions  # sorted by start: 09:00 contribution, 10:00 block
    assert (talk.id, talk.title, talk.minutes) == ("contribution-1", "Measuring speaker parity", 30)
    assert people(talk) == [("indico:22", "Grace Hopper", None, Role.SPEAKER)]
    assert (block.id, block.title, block.track) == ("block-5", "Panel session: Morning", "Panel session")
    assert people(block) == [
        ("indico:23", "Kim Doe", "Mx", Role.CONVENER),
        ("indico:20", "Ada Lovelace", None, Role.SPEAKER),
    ]
    assert block.participants[1].minutes == 45
    assert block.minutes == 60


def test_contributions_export_gives_one_session_per_contribution(sample):
    [event] = parse_export(sample("export_event_contributions.anonymous.json"), source="c.json")
    assert [s.title for s in event.sessions] == ["Measuring speaker parity", "Panel: 50/50 by 2030?"]
    assert event.sessions[1].track == "Panel session"
    # anonymous exports carry no e-mail, but person ids still join chairs and speakers
    assert event.sessions[1].participants[0].person.key == event.participants[0].person.key == "indico:20"


def test_events_detail_has_no_sessions(sample):
    [event] = parse_export(sample("export_event_events.anonymous.json"), source="e.json")
    assert event.sessions == ()
    assert len(event.participants) == 2


def test_primary_authors_stand_in_for_missing_speakers(sample):
    payload = sample("export_event_contributions.anonymous.json")
    contribution = payload["results"][0]["contributions"][0]
    contribution["speakers"] = []
    contribution["primaryauthors"] = [dict(contribution["coauthors"][0], person_id=99)]
    [event] = parse_export(payload, source="x.json")
    assert [p.person.key for p in event.sessions[0].participants] == ["indico:99"]


def test_person_keys_fall_back_to_email_hash_then_name():
    raw = {
        "id": "1",
        "title": "E",
        "chairs": [
            {"first_name": "A", "last_name": "B", "fullName": "B, A", "emailHash": "abc"},
            {"first_name": "Élodie", "last_name": "Dupont", "fullName": "Dupont, Élodie"},
        ],
    }
    event = parse_event(raw, source="x")
    assert [p.person.key for p in event.participants] == ["emailhash:abc", "name:elodie dupont"]


def test_lecture_chairs_are_its_speakers():
    event = parse_event(
        {"id": "7", "title": "Talk", "type": "simple_event", "chairs": [{"fullName": "Doe, Jo"}]}, source="x"
    )
    assert [(p.person.name, p.role) for p in event.participants] == [("Jo Doe", Role.SPEAKER)]


def test_speaker_in_two_talks_of_a_block_counts_once_with_summed_minutes():
    def talk(minutes, *speakers):
        return {"id": str(minutes), "title": "t", "duration": minutes, "speakers": list(speakers)}

    ada = {"person_id": 1, "fullName": "Lovelace, Ada"}
    bob = {"person_id": 2, "fullName": "Bob, Bob"}
    raw = {
        "id": "1",
        "title": "E",
        "sessions": [{"id": 3, "title": "B", "contributions": [talk(20, ada), talk(30, ada, bob)]}],
    }
    [block] = parse_event(raw, source="x").sessions
    assert [(p.person.key, p.minutes) for p in block.participants] == [("indico:1", 35), ("indico:2", 15)]


@pytest.mark.parametrize(
    ("full", "first", "last", "expected"),
    [
        ("Ms Lovelace, Ada", "Ada", "Lovelace", ("Ms", "Lovelace, Ada")),
        ("Prof. Dr Hopper, Grace", "Grace", "Hopper", ("Prof. Dr", "Hopper, Grace")),
        ("Lovelace, Ada", "Ada", "Lovelace", (None, "Lovelace, Ada")),
        ("Ms Rosa Parks", "Rosa", "Parks", ("Ms", "Rosa Parks")),
        ("Mr Koutsakis, Ilias", None, None, ("Mr", "Koutsakis, Ilias")),
        ("Mrs Miss, Mr", "Mr", "Miss", ("Mrs", "Miss, Mr")),
        ("Drake, Nick", None, None, (None, "Drake, Nick")),
    ],
)
def test_split_title(full, first, last, expected):
    assert split_title(full, first, last) == expected


def test_timetable_presenters_carry_titles(sample):
    [event] = parse_export(sample("export_timetable.anonymous.json"), source="t.json")
    assert event.id == "4242"
    talk, block = event.sessions
    assert people(talk) == [("emailhash:9468d641ed2f6e958391104d49df2f26", "Grace Hopper", "Dr", Role.SPEAKER)]
    assert [(p.person.name, p.person.title, p.role) for p in block.participants] == [
        ("Kim Doe", "Mx", Role.CONVENER),
        ("Ada Lovelace", "Ms", Role.SPEAKER),
    ]
    assert talk.start is not None
    assert talk.start.tzinfo == zoneinfo.ZoneInfo("Europe/Zurich")


def test_registrants_keep_no_names(sample):
    genders = {"4": "Woman"}
    regs = parse_registrants(sample("api_registrants.json"), source="r.json", genders=genders)
    assert [(r.person.key, r.person.title, r.person.declared_gender, r.affiliation) for r in regs] == [
        ("indico-registrant:4", "Ms", "Woman", "Example Org"),
        ("indico-registrant:5", "Mr", None, "Example Org"),
    ]
    assert all(r.person.name is None for r in regs)
    assert "Rosa" not in repr(regs)
    assert "100@example.test" not in repr(regs)


def test_registrant_title_from_full_name_prefix(sample):
    payload = sample("api_registrants.json")
    for r in payload["registrants"]:
        del r["personal_data"]["title"]
    payload["registrants"][0]["personal_data"]["country"] = "Switzerland"
    regs = parse_registrants(payload, source="r.json")
    assert [r.person.title for r in regs] == ["Ms", "Mr"]
    assert regs[0].member_state == "Switzerland"


def test_declared_answer_from_checkin_single_choice(sample):
    payload = sample("api_checkin_registration.trimmed.json")
    assert declared_answer(payload, "Gender", source="c") == "Woman"
    assert declared_answer(payload, "title", source="c") == "Ms"
    assert declared_answer(payload, "Affiliation", source="c") == "Example Org"
    assert declared_answer(payload, "Pronouns", source="c") is None


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (
            lambda e: e["contributions"][0].update(startDate={"date": "2026-13-40", "time": "x"}),
            "results[0].contributions[0].startDate",
            "not a date",
        ),
        (
            lambda e: e["contributions"][0].update(startDate={"date": "2026-03-10", "tz": "Mars/Olympus"}),
            "results[0].contributions[0].startDate",
            "unknown time zone",
        ),
        (lambda e: e.update(chairs="Ada"), "results[0].chairs", "expected a list"),
        (
            lambda e: e["contributions"][0]["speakers"].append(42),
            "results[0].contributions[0].speakers[1]",
            "expected an object",
        ),
    ],
)
def test_malformed_exports_name_the_json_path(sample, mutate, field, message):
    payload = sample("export_event_sessions.manager.json")
    mutate(payload["results"][0])
    with pytest.raises(AdapterError, match=message) as info:
        parse_export(payload, source="bad.json")
    assert info.value.field == field
    assert str(info.value).startswith(f"bad.json: {field}: ")


@pytest.mark.parametrize("payload", [[], {"foo": 1}, {"_type": "HTTPAPIResult", "results": 3}, {"registrants": []}])
def test_not_an_export(payload):
    with pytest.raises(AdapterError, match=r"not an Indico export|expected a list"):
        parse_export(payload, source="x.json")


def test_not_a_registrants_payload():
    with pytest.raises(AdapterError, match="not a registrants payload"):
        parse_registrants({"results": []}, source="x")
