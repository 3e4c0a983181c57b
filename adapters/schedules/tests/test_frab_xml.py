"""frab schedule.xml: the real 39C3 file against an independent ElementTree count, traps, and refused DTDs."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from genderlens_schedules import FrabXmlAdapter

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role

C3 = "eventfahrplan/schedule-39c3-20251206.xml"


def load(path: Path | str) -> list:
    return FrabXmlAdapter().load(str(path), Config())


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "schedule.xml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.realdata
def test_39c3_matches_independent_count(realdata):
    source = realdata / C3
    root = ET.parse(source).getroot()
    raw = [e for day in root.findall("day") for room in day.findall("room") for e in room.findall("event")]
    [event] = load(source)

    assert len(event.sessions) == len(raw) == 215
    assert [s.id for s in event.sessions] == [e.get("guid") for e in raw]
    assert [s.title for s in event.sessions] == [e.findtext("title") for e in raw]
    assert Counter(s.kind for s in event.sessions) == Counter(e.findtext("type") for e in raw)
    assert Counter(s.kind for s in event.sessions)["Talk"] == 154
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == sum(len(e.findall("persons/person")) for e in raw) == 301
    assert len({p.person.key for p in people}) == 263
    assert Counter(len(s.participants) for s in event.sessions) == {1: 139, 2: 51, 3: 20, 0: 5}
    assert (event.id, event.title) == ("39c3", "39th Chaos Communications Congress")


@pytest.mark.realdata
def test_39c3_link_titles_are_not_event_titles(realdata):
    [event] = load(realdata / C3)
    s = next(s for s in event.sessions if s.id == "a2dd3dc7-ecae-50b3-82d9-266ad02f7a40")
    # <links><link><title>Zügli</title> sits inside this <event>: a descendant search would return it.
    assert s.title == "All my Deutschlandtickets gone: Fraud at an industrial scale"
    assert "Zügli" not in {x.title for x in event.sessions}
    assert s.kind == "Talk"
    assert s.track == "Security"
    assert s.start == dt.datetime(2025, 12, 27, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert s.minutes == 60
    assert [(p.person.key, p.person.name, p.role) for p in s.participants] == [
        ("frab:7fa522b7-3b42-5b1c-8f62-eb9a7c3c5dab", "Q Misell", Role.SPEAKER),
        ("frab:20b0b20d-d206-5bef-988a-1f46d006beca", "maya / 551724", Role.SPEAKER),
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE schedule [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<schedule><conference><title>&lol3;</title></conference><day date="2024-01-01"/></schedule>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE schedule SYSTEM "http://example.invalid/schedule.dtd">
<schedule><conference><title>x</title></conference></schedule>
"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL], ids=["entities", "external-dtd"])
def test_doctype_and_entities_are_refused(tmp_path, body):
    with pytest.raises(AdapterError, match="refusing XML with a <!DOCTYPE>") as info:
        load(write(tmp_path, body))
    assert info.value.line == 2


def test_malformed_xml_reports_the_line(tmp_path):
    path = write(tmp_path, "<schedule>\n<conference>\n<title>x</title>\n</schedule>\n")
    with pytest.raises(AdapterError, match="invalid XML: mismatched tag") as info:
        load(path)
    assert info.value.line == 4


SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><acronym>demo</acronym><title>Demo</title><start>2024-05-01</start></conference>
  <day date="2024-05-01" index="1">
    <room name="Main">
      <event id="11" guid="g-11">
        <start>14:00</start>
        <duration>00:45</duration>
        <title>Panel: Who funds open source?</title>
        <type>Talk</type>
        <persons>
          <person id="1">Moderation: Grace Hopper</person>
          <person id="2">Alan Turing</person>
          <person code="XYZ">Ada Lovelace</person>
          <person>Nameless Org</person>
        </persons>
        <links><link href="https://example.org"><title>Slides</title></link></links>
      </event>
      <event id="12">
        <title>Talk</title>
        <type>Podiumsdiskussion</type>
        <persons><person id="3">Rosa Parks</person></persons>
      </event>
    </room>
  </day>
</schedule>
"""


def test_small_schedule_roles_keys_and_times(tmp_path):
    [event] = load(write(tmp_path, SMALL))
    panel, podium = event.sessions
    assert panel.title == "Panel: Who funds open source?"
    assert panel.panel is True
    assert panel.start == dt.datetime(2024, 5, 1, 14, 0)
    assert panel.minutes == 45
    assert [(p.person.key, p.person.name, p.role) for p in panel.participants] == [
        ("frab:1", "Grace Hopper", Role.MODERATOR),
        ("frab:2", "Alan Turing", Role.PANELIST),
        ("pretalx:XYZ", "Ada Lovelace", Role.PANELIST),
        ("name:nameless org", "Nameless Org", Role.PANELIST),
    ]
    assert podium.panel is True
    assert podium.participants[0].role is Role.PANELIST
    assert podium.id == "12"


def test_event_without_title_is_located(tmp_path):
    body = SMALL.replace("<title>Talk</title>", "")
    with pytest.raises(AdapterError) as info:
        load(write(tmp_path, body))
    assert info.value.field == "schedule.day[0].room[0].event[1].title"
    assert info.value.line == 19


def test_bad_duration_is_located(tmp_path):
    body = SMALL.replace("<duration>00:45</duration>", "<duration>three quarters</duration>")
    with pytest.raises(AdapterError, match="as a duration") as info:
        load(write(tmp_path, body))
    assert (info.value.line, info.value.field) == (8, "schedule.day[0].room[0].event[0].duration")


def test_not_a_schedule(tmp_path):
    with pytest.raises(AdapterError, match="expected a <schedule> document"):
        load(write(tmp_path, "<calendar/>"))
    with pytest.raises(AdapterError) as info:
        load(write(tmp_path, "<schedule><day/></schedule>"))
    assert info.value.field == "schedule.conference"


@pytest.mark.realdata
def test_fosdem_2024_golden(realdata):
    """FOSDEM 2024 against an independent ElementTree count of the same file.

    By hand (ElementTree, `grep -c '<event '`, `grep -c '<person '`): 674 events, 826 <person> slots, 738
    person ids, 2 events with nobody. Six names carry two ids each (pentabarf duplicate person records,
    e.g. "Antoni Ivanov" as 1653 and 3099), so 738 ids are 732 people; two events list one of those
    people twice (under both ids), so 826 listed slots are 824 participants.
    """
    source = realdata / "fosdem" / "fosdem-2024.xml"
    root = ET.parse(source).getroot()
    raw = list(root.iter("event"))
    persons = list(root.iter("person"))
    names = {" ".join((p.text or "").split()).casefold() for p in persons}
    per_event = [{" ".join((p.text or "").split()).casefold() for p in e.iter("person")} for e in raw]
    assert (len(raw), len(persons), len({p.get("id") for p in persons})) == (674, 826, 738)
    assert (len(names), sum(len(n) for n in per_event)) == (732, 824)

    [event] = load(source)
    assert len(event.sessions) == 674
    assert [s.title for s in event.sessions] == [e.findtext("title") for e in raw]
    assert sum(len(s.participants) for s in event.sessions) == 824
    assert len({p.person.key for s in event.sessions for p in s.participants}) == 732
    assert sum(not s.participants for s in event.sessions) == 2
    assert event.people_fields == ("persons",)
    # `grep -in 'moderated by'` finds three abstracts, each naming a person listed on its event.
    moderators = [(s.title, p.person.name) for s in event.sessions for p in s.participants if p.role is Role.MODERATOR]
    assert moderators == [
        (
            "Unveiling the Open Renewable Energy Systems (ORES) Initiative",
            "Dan Brown",
        ),  # "-Moderated by Dan Brown, Director of..."
        ("Panel discussion: Software Naming", "Kate Stewart"),  # "The discussion will be moderated by Kate Stewart."
        ("Panel discussion: Best practices managing SBOMs in the supply chain", "Adolfo García Veytia"),
    ]
    [ivanov] = {p.person.key for s in event.sessions for p in s.participants if p.person.name == "Antoni Ivanov"}
    assert ivanov == "name:antoni ivanov"
    # Only a panel type or a "Panel ...:" title makes a panel; FOSDEM types every devroom item "devroom".
    panels = sorted(s.title for s in event.sessions if s.is_panel)
    assert panels == sorted(e.findtext("title") for e in raw if e.findtext("title", "").lower().startswith("panel"))
    assert not any(
        s.is_panel for s in event.sessions if s.title == "Unveiling the Open Renewable Energy Systems (ORES) Initiative"
    )


@pytest.mark.realdata
def test_39c3_golden_heads_and_fields(realdata):
    # By hand: 215 events, 301 <person> slots, 263 guids; 262 distinct names, because two different
    # guids are both called "Leonard" (a one-word handle, so the two are kept apart).
    source = realdata / C3
    root = ET.parse(source).getroot()
    persons = list(root.iter("person"))
    assert (len(persons), len({p.get("guid") for p in persons})) == (301, 263)
    [event] = load(source)
    assert sum(len(s.participants) for s in event.sessions) == 301
    assert len({p.person.key for s in event.sessions for p in s.participants}) == 263
    assert sum(not s.participants for s in event.sessions) == 5
    assert event.people_fields == ("persons",)
    assert not any(s.panel for s in event.sessions)  # no item is typed or titled as a panel
