"""Real calendars from ../shared/realdata. Expected numbers come from independent line scans or SOURCES.md."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from genderlens_ical import IcalAdapter

from genderlens.config import Config
from genderlens.model import Role

pytestmark = pytest.mark.realdata

ICS_FILES = [
    "pyconuk-2015/schedule.ics",
    "moca24-ics/schedule.ics",
    "libical/2446.ics",
    "ical-js/recur_instances.ics",
    "collective-icalendar/issue_101_icalendar_chokes_on_umlauts_in_organizer.ics",
    "collective-icalendar/issue_156_RDATE_with_PERIOD_TZID_khal.ics",
    "collective-icalendar/property_params.ics",
    "collective-icalendar/rfc_6868.ics",
    "pretalx-ics/pyconau2023-schedule.ics",
]


def load(path: Path):
    [event] = IcalAdapter().load(str(path), Config())
    return event


def unfolded_lines(path: Path) -> list[str]:
    """The content lines of ``path`` with RFC 5545 folding undone, by a plain regex (not the adapter's parser)."""
    return re.sub(r"\r?\n[ \t]", "", path.read_text(encoding="utf-8-sig")).splitlines()


def lines_in(path: Path, component: str) -> list[str]:
    """Content lines whose innermost enclosing component is ``component``."""
    stack: list[str] = []
    found = []
    for line in unfolded_lines(path):
        if line.upper().startswith("BEGIN:"):
            stack.append(line[6:].strip().upper())
        elif line.upper().startswith("END:"):
            stack.pop()
        elif stack and stack[-1] == component:
            found.append(line)
    return found


def test_every_realdata_calendar_is_found(realdata):
    # Guards the list above: a new .ics in realdata must be added to ICS_FILES.
    assert sorted(str(p.relative_to(realdata)) for p in realdata.glob("*/*.ics")) == sorted(ICS_FILES)


@pytest.mark.parametrize("name", ICS_FILES)
def test_every_calendar_parses_with_one_session_per_vevent(realdata, name):
    path = realdata / name
    event = load(path)  # all of them parse, malformed MOCA included
    begins = sum(1 for line in unfolded_lines(path) if line.strip().upper() == "BEGIN:VEVENT")
    assert len(event.sessions) == begins
    assert len({s.id for s in event.sessions}) == len(event.sessions)


def test_pyconuk_2015(realdata):
    path = realdata / "pyconuk-2015/schedule.ics"
    event = load(path)
    assert len(event.sessions) == 162  # SOURCES.md
    summaries = [line.partition(":")[2] for line in unfolded_lines(path) if line.startswith("SUMMARY")]
    by_clauses = [s for s in summaries if re.search(r"\((talk|workshop|demo|panel) by ", s)]
    two_people = [s for s in by_clauses if re.search(r" by [^)]*( & | and )", s)]
    keynote_only = [s for s in summaries if s.startswith("Keynote:") and " by " not in s]
    # The one "(panel by Discussion: ...)" clause names no one.
    expected_people = len(by_clauses) - 1 + len(two_people) + len(keynote_only)
    assert (len(by_clauses), len(two_people), len(keynote_only)) == (72, 2, 3)
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == expected_people
    roles = Counter(p.role for p in people)
    assert roles[Role.KEYNOTE] == 4  # four "Keynote:" items, one of them also "(talk by ...)"
    names = {p.person.name for p in people}
    assert {"Rachel Willmer", "Van Lindberg", "Naomi Ceder", "Fiona Burrows", "Frans Rosén"} <= names
    assert not any(":" in n for n in names if n)


def test_moca_2024_organizer_is_speaker(realdata):
    path = realdata / "moca24-ics/schedule.ics"
    event = load(path)
    assert len(event.sessions) == 88  # SOURCES.md
    organizers = [line for line in unfolded_lines(path) if line.startswith("ORGANIZER")]
    cn_parts = sum(len(re.search(r"CN=([^:]*):", line).group(1).split(",")) for line in organizers)  # type: ignore[union-attr]
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == cn_parts
    assert {p.role for p in people} == {Role.SPEAKER}
    gulp = next(s for s in event.sessions if s.title.startswith("gULP"))
    assert [p.person.name for p in gulp.participants] == ["Valerio Lupi", "Gabriele Zuddas"]
    # Every organiser shares info@olografix.org, so the address must not merge different people.
    assert len({p.person.key for p in people}) > 60
    assert all(p.person.key.startswith("name:") for p in people)


def test_rfc2446_chairs(realdata):
    path = realdata / "libical/2446.ics"
    event = load(path)
    assert len(event.sessions) == 42  # SOURCES.md
    all_chairs = [line for line in unfolded_lines(path) if "ROLE=CHAIR" in line.upper()]
    assert len(all_chairs) == 31  # SOURCES.md; some sit in VTODO and VFREEBUSY, which are not sessions
    vevent_chairs = [line for line in lines_in(path, "VEVENT") if "ROLE=CHAIR" in line.upper()]
    chairs = [p for s in event.sessions for p in s.participants if p.role is Role.CHAIR]
    assert len(chairs) == len(vevent_chairs) == 26
    everyone = {p.person.key for s in event.sessions for p in s.participants}
    assert not any("conf" in k for k in everyone)  # CUTYPE=ROOM and ROLE=NON-PARTICIPANT are skipped
    assert "email:a@example.com" in everyone  # "Mailto:A@example.com" and "A@example.COM" are one person


def test_ical_js_folded_cn_and_email_only_cn(realdata):
    event = load(realdata / "ical-js/recur_instances.ics")
    first = event.sessions[0]
    assert [(p.person.name, p.person.key) for p in first.participants] == [
        ("Sahaja Lal", "email:calmozilla1@gmail.com"),
        (None, "email:james@lightsofapollo.com"),
        (None, "email:iam.revelation@gmail.com"),
        ("James Lal", "email:jlal@mozilla.com"),
    ]
    assert first.participants[-1].role is Role.CONVENER
    # The RECURRENCE-ID overrides have only the organiser: then the organiser presents.
    assert [[p.role for p in s.participants] for s in event.sessions[1:]] == [[Role.SPEAKER], [Role.SPEAKER]]


def test_collective_icalendar_quirks(realdata):
    folder = realdata / "collective-icalendar"
    [khal] = load(folder / "issue_156_RDATE_with_PERIOD_TZID_khal.ics").sessions
    assert [(p.person.name, p.role) for p in khal.participants] == [("XYZ", Role.CHAIR)]
    [babe] = load(folder / "rfc_6868.ics").sessions
    assert babe.participants[0].person.name == 'George Herman "Babe" Ruth'
    [bare] = load(folder / "issue_101_icalendar_chokes_on_umlauts_in_organizer.ics").sessions
    assert [p.person.name for p in bare.participants] == ["acme, ädmin"]
    [bb] = load(folder / "property_params.ics").sessions
    assert [p.person.name for p in bb.participants] == ["RembrandXS", "RembrandDX", "RembrandSB"]
