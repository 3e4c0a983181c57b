from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from genderlens_ical import IcalAdapter

from genderlens.adapters import LazyAdapter
from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError
from genderlens.model import Role
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import load_sources, pick_adapter

DATA = Path(__file__).resolve().parent / "data"
START = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
END = ["END:VCALENDAR"]


def vevent(*props: str, uid: str = "u1") -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTART:20250101T100000Z",
        "DTEND:20250101T110000Z",
        "SUMMARY:Item",
        *props,
        "END:VEVENT",
    ]


def load(path: str, **options: object):
    config = Config(adapter={"ical": dict(options)}) if options else Config()
    [event] = IcalAdapter().load(path, config)
    return event


def people(session):
    return [(p.person.key, p.person.name, p.role) for p in session.participants]


def test_plugin_is_registered_through_its_entry_point():
    registered = collect_adapters(make_plugin_manager())["ical"]
    # A light stand-in (the adapter module is imported when a calendar is read) for the real adapter.
    assert isinstance(registered, LazyAdapter)
    assert isinstance(registered.adapter, IcalAdapter)
    assert registered.description == IcalAdapter.description


def test_sniff():
    adapter = IcalAdapter()
    assert adapter.sniff("x.txt", b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n") == 100
    assert adapter.sniff("x.dat", b"begin:vevent\n") == 100
    assert adapter.sniff("x.ics", b"garbage") == 60
    assert adapter.sniff("x.csv", b"a,b\n1,2\n") == 0
    assert adapter.sniff("https://example.org/cal.ics", None) == 0


def test_pick_adapter_prefers_ical_over_csv_for_ics(write_ics):
    path = write_ics(*START, *vevent(), *END)
    adapters = collect_adapters(make_plugin_manager())
    assert pick_adapter(path, adapters).name == "ical"


def test_attendee_roles_and_skips(write_ics):
    path = write_ics(
        *START,
        *vevent(
            "ATTENDEE;ROLE=CHAIR;CN=Ada Lovelace:mailto:ada@example.org",
            "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Alan Turing:mailto:alan@example.org",
            "ATTENDEE;ROLE=OPT-PARTICIPANT;CN=Grace Hopper:mailto:grace@example.org",
            "ATTENDEE;ROLE=NON-PARTICIPANT;CN=Observer:mailto:obs@example.org",
            "ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room@example.org",
            "ATTENDEE;CUTYPE=GROUP;CN=Team:mailto:team@example.org",
            "ATTENDEE;PARTSTAT=DECLINED;CN=No Show:mailto:no@example.org",
        ),
        *END,
    )
    [session] = load(path).sessions
    assert people(session) == [
        ("email:ada@example.org", "Ada Lovelace", Role.CHAIR),
        ("email:alan@example.org", "Alan Turing", Role.SPEAKER),
        ("email:grace@example.org", "Grace Hopper", Role.SPEAKER),
    ]


def test_attendee_role_option(write_ics):
    path = write_ics(
        *START,
        *vevent("ATTENDEE;ROLE=CHAIR;CN=Ada:mailto:a@x.org", "ATTENDEE;CN=Bob:mailto:b@x.org"),
        *END,
    )
    [session] = load(path, attendee_role="ignore").sessions
    assert [p.role for p in session.participants] == [Role.CHAIR]
    [session] = load(path, attendee_role="panelist").sessions
    assert [p.role for p in session.participants] == [Role.CHAIR, Role.PANELIST]


@pytest.mark.parametrize("options", [{"attendee_role": "audience"}, {"organiser": "speaker"}])
def test_bad_options_raise_config_error(write_ics, options):
    path = write_ics(*START, *vevent(), *END)
    with pytest.raises(ConfigError, match=r"adapter\.ical"):
        load(path, **options)


def test_cn_quirks(write_ics):
    path = write_ics(
        *START,
        *vevent(
            "ATTENDEE;CN=George Herman ^'Babe^' Ruth:mailto:babe@example.com",
            'ATTENDEE;CN="Doe, Jane":mailto:jane@example.com',
            "ATTENDEE;CN=someone@example.com:mailto:someone@example.com",
            "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Sahaja",
            "  Lal:mailto:sahaja@example.com",
            "ATTENDEE:MAILTO:Upper@Example.COM",
        ),
        *END,
    )
    [session] = load(path).sessions
    assert people(session) == [
        ("email:babe@example.com", 'George Herman "Babe" Ruth', Role.SPEAKER),
        ("email:jane@example.com", "Doe, Jane", Role.SPEAKER),
        ("email:someone@example.com", None, Role.SPEAKER),
        ("email:sahaja@example.com", "Sahaja Lal", Role.SPEAKER),
        ("email:upper@example.com", None, Role.SPEAKER),
    ]


def test_unquoted_cn_with_commas_is_several_people_keyed_by_name(write_ics):
    # MOCA: one shared address for every speaker, several speakers in one unquoted CN.
    path = write_ics(
        *START,
        *vevent("ORGANIZER;CN=Valerio Lupi, Gabriele Zuddas:MAILTO:info@example.org", uid="a"),
        *vevent("ORGANIZER;CN=Luca Rossi:MAILTO:info@example.org", uid="a"),
        *END,
    )
    first, second = load(path).sessions
    assert people(first) == [
        ("name:valerio lupi", "Valerio Lupi", Role.SPEAKER),
        ("name:gabriele zuddas", "Gabriele Zuddas", Role.SPEAKER),
    ]
    assert people(second) == [("name:luca rossi", "Luca Rossi", Role.SPEAKER)]
    assert (first.id, second.id) == ("a", "a#2")  # duplicate UIDs get unique session ids


def test_organizer_auto_rules(write_ics):
    path = write_ics(
        *START,
        *vevent("ORGANIZER;CN=Solo Speaker:mailto:solo@x.org", uid="alone"),
        *vevent("ORGANIZER;CN=Boss:mailto:boss@x.org", "ATTENDEE;CN=Bob:mailto:bob@x.org", uid="meeting"),
        *vevent(
            "ORGANIZER;CN=Boss:mailto:boss@x.org",
            "ATTENDEE;ROLE=CHAIR;CN=Boss:mailto:boss@x.org",
            uid="also-attendee",
        ),
        *vevent("ORGANIZER;CN=Host:mailto:host@x.org", "DESCRIPTION:Speakers: Ann Lee (ACME)", uid="indico"),
        *END,
    )
    alone, meeting, also, indico = load(path).sessions
    assert people(alone) == [("email:solo@x.org", "Solo Speaker", Role.SPEAKER)]
    assert people(meeting) == [("email:bob@x.org", "Bob", Role.SPEAKER), ("email:boss@x.org", "Boss", Role.CONVENER)]
    assert people(also) == [("email:boss@x.org", "Boss", Role.CHAIR)]
    assert people(indico) == [("name:ann lee", "Ann Lee", Role.SPEAKER)]
    assert indico.participants[0].person.affiliation == "ACME"
    sessions = load(path, organizer_role="ignore").sessions
    assert [len(s.participants) for s in sessions] == [0, 1, 1, 1]


def test_bare_vevent_and_several_calendars(write_ics):
    bare = write_ics(*vevent('ORGANIZER;CN="acme, ädmin":mailto:adm@x.de'), name="bare.ics")
    [session] = load(bare).sessions
    assert people(session) == [("email:adm@x.de", "acme, ädmin", Role.SPEAKER)]
    many = write_ics(*START, *vevent(uid="a"), *END, *START, *vevent(uid="b"), *vevent(uid="c"), *END, name="m.ics")
    event = load(many)
    assert [s.id for s in event.sessions] == ["a", "b", "c"]
    assert event.id == "m"


def test_durations(write_ics):
    path = write_ics(
        *START,
        "X-WR-CALNAME:My Conf",
        "BEGIN:VEVENT",
        "UID:d",
        "DTSTART:20250101T100000Z",
        "DURATION:PT1H30M",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:allday",
        "DTSTART;VALUE=DATE:20250102",
        "DTEND;VALUE=DATE:20250103",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:tz",
        "DTSTART;TZID=Europe/Rome:20250104T090000",
        "DTEND;TZID=Europe/Rome:20250104T094500",
        "END:VEVENT",
        *END,
    )
    event = load(path)
    d, allday, tz = event.sessions
    assert d.minutes == 90
    assert d.end == dt.datetime(2025, 1, 1, 11, 30, tzinfo=dt.UTC)
    assert allday.minutes == 24 * 60
    assert tz.minutes == 45
    assert tz.start is not None
    assert tz.start.utcoffset() == dt.timedelta(hours=1)
    assert event.title == "My Conf"
    assert event.start == d.start
    assert event.end == tz.end


def test_bad_dtstart_names_line_and_field(write_ics):
    path = write_ics(*START, "BEGIN:VEVENT", "UID:x", "SUMMARY:Broken", "DTSTART:tomorrow", "END:VEVENT", *END)
    with pytest.raises(AdapterError) as info:
        load(path)
    assert (info.value.line, info.value.field) == (7, "DTSTART")
    assert str(info.value).startswith(f"{path}:7: DTSTART: ")


def test_negative_duration_is_an_error(write_ics):
    path = write_ics(*START, "BEGIN:VEVENT", "UID:x", "DTSTART:20250101T100000Z", "DURATION:-PT1H", "END:VEVENT", *END)
    with pytest.raises(AdapterError, match="duration") as info:
        load(path)
    assert info.value.line == 7


def test_mismatched_end_names_line(write_ics):
    path = write_ics(*START, "BEGIN:VEVENT", "UID:x", "END:VTODO", *END)
    with pytest.raises(AdapterError, match=r"END:VTODO closes BEGIN:VEVENT at line 4") as info:
        load(path)
    assert info.value.line == 6


def test_truncated_file(write_ics):
    path = write_ics(*START, "BEGIN:VEVENT", "UID:x", "DTSTART:20250101T100000Z")
    with pytest.raises(AdapterError, match="never closed") as info:
        load(path)
    assert info.value.line == 4


def test_not_icalendar(tmp_path):
    path = tmp_path / "notes.ics"
    path.write_text("hello world\n")
    with pytest.raises(AdapterError, match="not iCalendar") as info:
        load(str(path))
    assert info.value.line == 1


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.ics"
    empty.write_text("\n")
    with pytest.raises(AdapterError, match="empty file"):
        load(str(empty))
    with pytest.raises(AdapterError, match="cannot read"):
        load(str(tmp_path / "missing.ics"))


def test_indico_event_ics_speakers_line():
    event = load(str(DATA / "event.detail_contributions.ics"))
    assert [[(p.person.name, p.person.affiliation) for p in s.participants] for s in event.sessions] == [
        [("Grace Hopper", "US Navy"), ("Alan Turing", "NPL")],
        [("Ada Lovelace", "University of London")],
    ]
    assert [s.minutes for s in event.sessions] == [30, 45]


def test_indico_legacy_ics_last_name_first():
    event = load(str(DATA / "export_event_contributions.legacy.ics"))
    assert [[p.person.name for p in s.participants] for s in event.sessions] == [["Grace Hopper"], ["Ada Lovelace"]]


def test_end_to_end_through_load_sources(write_ics):
    path = write_ics(*START, *vevent("ATTENDEE;ROLE=CHAIR;CN=Ms Ada Lovelace:mailto:a@x.org"), *END)
    [event] = load_sources([path], make_plugin_manager(), Config())
    assert event.sessions[0].participants[0].role is Role.CHAIR


def test_one_address_is_one_person_however_the_name_is_written(write_ics):
    path = write_ics(
        *START,
        *vevent("ATTENDEE;ROLE=CHAIR;CN=Ms Ann Lee:mailto:a@x.org", uid="a"),
        *vevent("ATTENDEE;CN=A. Lee:mailto:A@x.org", uid="b"),
        *vevent('ATTENDEE;CN="Lee, Ann":mailto:a@x.org', uid="c"),
        # One address under two different people (a secretariat writing for both): keyed by name.
        *vevent("ATTENDEE;CN=Bo Chen:mailto:office@x.org", "ATTENDEE;CN=Cy Diaz:mailto:office@x.org", uid="d"),
        # Names alone never join initials to a given name.
        *vevent("ATTENDEE;CN=A. Kim:mailto:ak@x.org", "ATTENDEE;CN=Ann Kim:mailto:ann@x.org", uid="e"),
        *END,
    )
    a, b, c, d, e = load(path).sessions
    assert {p.person.key for s in (a, b, c) for p in s.participants} == {"email:a@x.org"}
    assert [k for k, _, _ in people(d)] == ["name:bo chen", "name:cy diaz"]
    assert [k for k, _, _ in people(e)] == ["email:ak@x.org", "email:ann@x.org"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_a_calendar_saved_as_utf16_or_utf32_reads_as_in_utf8(tmp_path, codec):
    text = "\r\n".join([*START, *vevent("ATTENDEE;CN=Zoë Ndiaye;ROLE=CHAIR:mailto:z@x"), *END])
    utf8, wide = tmp_path / "utf8.ics", tmp_path / "wide.ics"
    utf8.write_text(text, encoding="utf-8")
    wide.write_bytes(text.encode(codec))
    expected = load(str(utf8))
    event = load(str(wide))
    assert event.model_copy(update={"id": expected.id, "title": expected.title, "source": expected.source}) == expected
    assert [p.person.name for p in event.sessions[0].participants] == ["Zoë Ndiaye"]
