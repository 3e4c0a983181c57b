"""pretalx's iCalendar export, other components, e-mail junk in names, and hostile files (issue #7, #8)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from genderlens_ical.adapter import IcalAdapter
from genderlens_ical.parse import (
    clean_cn,
    is_email,
    people_from_summary,
    speakers_from_description,
    speakers_from_pretalx_summary,
)

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role

PYCONAU = "pretalx-ics/pyconau2023-schedule.ics"


def load(path: str | Path):
    [event] = IcalAdapter().load(str(path), Config())
    return event


def _hand_count(path: Path) -> tuple[int, list[str]]:
    """An independent reading: unfold lines by hand, take each SUMMARY after its last " - "."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")
    summaries = [line.partition(":")[2] for line in text.split("\n") if line.startswith("SUMMARY")]
    slots = []
    for summary in summaries:
        who = summary.replace("\\,", ",").rpartition(" - ")[2]
        slots += [name.strip() for name in who.split(",") if name.strip()]
    return len(summaries), slots


@pytest.mark.realdata
def test_pyconau_2023_pretalx_golden(realdata):
    """PyCon AU 2023 from pretalx: speakers only in ``SUMMARY:Title - A\\, B``.

    By hand (_hand_count above, and `grep -c BEGIN:VEVENT`): 94 events, 114 speaker slots, 87 distinct
    names. "About 115 / 88" counted "PyCon Fair - " (a summary ending in a bare dash) as one nameless slot.
    """
    source = realdata / PYCONAU
    events, slots = _hand_count(source)
    assert (events, len(slots), len(set(slots))) == (94, 114, 87)

    event = load(source)
    assert len(event.sessions) == 94
    found = [p.person.name for s in event.sessions for p in s.participants]
    assert len(found) == 114
    assert sorted(found) == sorted(slots)
    assert len({p.person.key for s in event.sessions for p in s.participants}) == 87
    assert {p.role for s in event.sessions for p in s.participants} == {Role.SPEAKER}
    assert "SUMMARY" in event.people_fields
    by_title = {s.title: [p.person.name for p in s.participants] for s in event.sessions}
    # A title with " - " of its own: the speakers follow the last one.
    assert by_title["Zero or Hero? - Assessing Pygame Zero in the classroom"] == ["Amanda J Hogan"]
    assert by_title["Thar Be Dragons - Ethical, Legal, and Policy Challenges when Measuring Open Source"] == [
        "amanda casari"
    ]
    assert len(by_title["Specialist Tracks Combined Opening Address"]) == 5
    assert by_title["PyCon Fair"] == []  # "SUMMARY:PyCon Fair - ": an item without speakers


def test_pretalx_rule_needs_the_pretalx_prodid(write_ics):
    lines = ["BEGIN:VEVENT", "UID:1", "SUMMARY:Rust - Safe Systems", "DTSTART:20240101T100000Z", "END:VEVENT"]
    other = load(write_ics("BEGIN:VCALENDAR", "PRODID:-//Example//EN", *lines, "END:VCALENDAR"))
    assert other.sessions[0].participants == ()
    pretalx = load(write_ics("BEGIN:VCALENDAR", "PRODID:-//pretalx//pretalx.com//", *lines, "END:VCALENDAR"))
    assert [p.person.name for p in pretalx.sessions[0].participants] == ["Safe Systems"]
    assert pretalx.sessions[0].title == "Rust"


def test_pretalx_summary_that_is_no_list_of_names():
    assert speakers_from_pretalx_summary("Lunch") == ("Lunch", [])
    assert speakers_from_pretalx_summary(" - Ada") == (" - Ada", [])
    title, people = speakers_from_pretalx_summary("Intro - Panel: a discussion of many many things here")
    assert (title, people) == ("Intro - Panel: a discussion of many many things here", [])


def test_other_components_are_ignored(write_ics):
    event = load(
        write_ics(
            "BEGIN:VCALENDAR",
            "BEGIN:VTODO",
            "UID:t",
            "SUMMARY:Todo",
            "END:VTODO",
            "BEGIN:VJOURNAL",
            "UID:j",
            "END:VJOURNAL",
            "BEGIN:VFREEBUSY",
            "UID:f",
            "FREEBUSY:19980314T233000Z/19980315T003000Z",
            "END:VFREEBUSY",
            "BEGIN:VEVENT",
            "UID:e",
            "SUMMARY:Talk",
            "DTSTART:20240101T100000Z",
            "END:VEVENT",
            "END:VCALENDAR",
        )
    )
    assert [s.id for s in event.sessions] == ["e"]


def test_attendee_names_lose_email_junk(write_ics):
    event = load(
        write_ics(
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "UID:e",
            "DTSTART:20240101T100000Z",
            'ATTENDEE;CN="Jane Doe <jane@example.org>":mailto:jane@example.org',
            "ATTENDEE;CN=mailto:bob@example.org:mailto:bob@example.org",
            'ATTENDEE;CN="MAILTO:carol@example.org":mailto:carol@example.org',
            'ORGANIZER;CN="<org@example.org>":mailto:org@example.org',
            "END:VEVENT",
            "END:VCALENDAR",
        )
    )
    people = [(p.person.key, p.person.name) for p in event.sessions[0].participants]
    assert people == [
        ("email:jane@example.org", "Jane Doe"),
        ("email:bob@example.org", None),
        ("email:carol@example.org", None),
        ("email:org@example.org", None),
    ]


@pytest.mark.parametrize(
    ("cn", "name"),
    [
        ("Jane Doe <jane@example.org>", "Jane Doe"),
        ("<jane@example.org>", None),
        ("mailto:jane@example.org", None),
        ("jane@example.org", None),
        ('"Jane Doe"', "Jane Doe"),
        ("Stem@it", "Stem@it"),  # an organisation's name, not an address
    ],
)
def test_clean_cn(cn, name):
    assert clean_cn(cn) == name


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"hello world\nthis is garbage\n", 1, "not iCalendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n\x00\x01\x02binary\r\n", 4, "binary"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:cut her", 2, "BEGIN:VEVENT is never closed"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20241399T999999\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            3,
            "datetime",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:99991231T235900Z\r\nDURATION:P30D\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            4,
            "past the year 9999",
        ),
        (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n", 2, "closes BEGIN:VCALENDAR"),
        (b"\x81\x8d\x8f\x90\x9d", 1, "not UTF-8"),
    ],
    ids=["garbage", "binary", "truncated", "bad-date", "past-9999", "bad-nesting", "undecodable"],
)
def test_bad_files_name_the_line(tmp_path, content, line, words):
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    with pytest.raises(AdapterError, match=re.escape(words)) as info:
        load(path)
    assert info.value.line == line


ADVERSARIAL = {
    "newlines": "\n" * 1_000_000,
    "spaces": " " * 1_000_000,
    "speakers-spaces": "Speakers:" + " " * 1_000_000 + "x",
    "speakers-lines": ("Speakers:  \n" * 90_000),
    "parens": "(" * 500_000 + "a by " + "b" * 400_000,
    "by-clauses": "(talk by x)" * 90_000 + " y",
    "email-dots": "a@" + "." * 1_000_000 + " x",
    "dashes": " - " * 330_000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_free_text_regexes_are_linear(text):
    started = time.perf_counter()
    speakers_from_description(text)
    speakers_from_description(text, last_name_first=True)
    people_from_summary(" ".join(text.split()))  # the adapter collapses SUMMARY spacing first
    people_from_summary(text)
    speakers_from_pretalx_summary(text)
    is_email(text)
    clean_cn(text)
    assert time.perf_counter() - started < 1.0


def test_moderator_named_in_the_description(write_ics):
    event = load(
        write_ics(
            "BEGIN:VCALENDAR",
            "PRODID:-//pretalx//pretalx.com//",
            "BEGIN:VEVENT",
            "UID:e",
            "DTSTART:20240101T100000Z",
            "SUMMARY:Panel: open data - Ada Lovelace\\, Grace Hopper",
            "DESCRIPTION:Three views.\\nModeration: Grace Hopper",
            "CATEGORIES:Panel",
            "END:VEVENT",
            "END:VCALENDAR",
        )
    )
    [session] = event.sessions
    assert session.panel is True
    assert [(p.person.name, p.role) for p in session.participants] == [
        ("Ada Lovelace", Role.SPEAKER),
        ("Grace Hopper", Role.MODERATOR),
    ]


def test_unreadable_attendee_line_is_an_error_not_a_lost_person(write_ics):
    path = write_ics(
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:1",
        "DTSTART:20240101T100000Z",
        'ATTENDEE;CN="Ada Lovelace:mailto:ada@example.org',
        "END:VEVENT",
        "END:VCALENDAR",
    )
    with pytest.raises(AdapterError, match="cannot read this ATTENDEE line") as info:
        load(path)
    assert (info.value.line, info.value.field) == (5, "ATTENDEE")


def test_floating_start_with_a_zoned_end_is_one_zone(write_ics):
    event = load(
        write_ics(
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "UID:1",
            "DTSTART:20240101T100000",
            "DTEND:20240101T113000Z",
            "END:VEVENT",
            "END:VCALENDAR",
        )
    )
    assert event.sessions[0].minutes == 90
