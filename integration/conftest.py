"""Shared sample files for the integration tests: a small programme in each format a hook matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//genderlens//integration test//EN\r
BEGIN:VEVENT\r
UID:opening@example.org\r
DTSTART:20260707T090000Z\r
DTEND:20260707T100000Z\r
SUMMARY:Opening panel\r
ATTENDEE;CN=Ms Ann Lee;ROLE=CHAIR:mailto:ann@example.org\r
ATTENDEE;CN=Mr Bo Chen;ROLE=REQ-PARTICIPANT:mailto:bo@example.org\r
ATTENDEE;CN=Mrs Cy Diaz;ROLE=REQ-PARTICIPANT:mailto:cy@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""


def schedule_json() -> str:
    """A minimal frab/pretalx ``schedule.json``."""
    talk = {
        "guid": "1",
        "id": 1,
        "title": "Open data for parity",
        "type": "Talk",
        "date": "2026-07-07T11:00:00+02:00",
        "start": "11:00",
        "duration": "00:30",
        "room": "Room A",
        "persons": [{"id": 1, "public_name": "Dee Eve"}],
    }
    day = {"index": 1, "date": "2026-07-07", "rooms": {"Room A": [talk]}}
    conference = {"title": "Hook test", "acronym": "hook", "days": [day]}
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


@pytest.fixture
def sample_files(tmp_path: Path) -> dict[str, Path]:
    """``programme.csv``, ``programme.ics``, ``schedule.json`` and ``programme.xlsx`` in ``tmp_path``."""
    import openpyxl

    files = {
        "csv": tmp_path / "programme.csv",
        "ics": tmp_path / "programme.ics",
        "json": tmp_path / "schedule.json",
        "xlsx": tmp_path / "programme.xlsx",
    }
    files["csv"].write_bytes((ROOT / "examples" / "wsis-forum-2026-programme.csv").read_bytes())
    files["ics"].write_bytes(ICS.encode())
    files["json"].write_text(schedule_json(), encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Session", "Speaker", "Role"])
    sheet.append(["Panel on skills", "Ms Fay Gill", "panelist"])
    sheet.append(["Panel on skills", "Mr Gus Hill", "panelist"])
    book.save(files["xlsx"])
    return files
