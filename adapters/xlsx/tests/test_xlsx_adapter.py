"""XLSX adapter: the real German programme, generated workbooks, the CSV equivalence, and error paths."""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from genderlens_xlsx import XlsxAdapter, cell_text
from genderlens_xlsx.adapter import merge_subcolumns

from genderlens.adapters import read_head
from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import pick_adapter

EXAMPLE = "voc-schedule/schedule-example.xlsx"


def load(path: Path | str, config: Config | None = None) -> list:
    return XlsxAdapter().load(str(path), config or Config())


def workbook(path: Path, *sheets: tuple[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def raw_rows(path: Path) -> list[tuple[Any, ...]]:
    """The example sheet read independently: values of rows 3-15 (the programme under a two-row header)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=3, max_row=40, max_col=14, values_only=True))
        wb.close()
    return [r for r in rows if any(v is not None for v in r)]


# -- the real file ---------------------------------------------------------------------------------------------


@pytest.mark.realdata
def test_example_sessions_and_speaker_columns(realdata):
    source = realdata / EXAMPLE
    raw = raw_rows(source)
    [event] = load(source)

    assert len(event.sessions) == len(raw) == 13
    assert [s.title for s in event.sessions] == [r[4] for r in raw]
    # Columns J-N ("Vortragende" over 1..5) are one multi-person column: every named cell is someone.
    for s, r in zip(event.sessions, raw, strict=True):
        names = [p.person.name for p in s.participants]
        for cell in r[9:14]:
            if cell:
                assert cell.split(",")[0].strip() in names
    [podium] = [s for s in event.sessions if s.title.startswith("Podiumsdiskussion")]
    assert [p.person.name for p in podium.participants] == [
        "Dr. Elke Löffler",
        "Dr. Daniela Rothenhöfer",
        "Dr. Matthias Stürmer",
        "Manfred Klein",
    ]
    assert podium.is_panel
    [two] = [s for s in event.sessions if s.title.startswith("Wie „Frag den Staat“")]
    assert [p.person.name for p in two.participants] == ["Maximilian Richt", "Stefan Kaufmann"]
    [police] = [s for s in event.sessions if s.title.startswith("Behördenkommunikation")]
    assert [p.person.name for p in police.participants] == ["Polizeioberrat Marcus da Gloria Martins"]
    assert event.id == "schedule-example.xlsx"


@pytest.mark.realdata
def test_example_times_with_a_column_mapping(realdata):
    # "Uhrzeit" and "Ort" are not core aliases (yet): mapped here, as a user would in genderlens.toml.
    [event] = load(realdata / EXAMPLE, Config(columns={"start": "Uhrzeit", "track": "Ort"}))
    keynote = next(s for s in event.sessions if s.title == "Keynote: CitizenPoweredCity")
    assert keynote.start == dt.datetime(2016, 10, 27, 9, 40)
    assert keynote.track == "Altes Rathaus"
    assert {s.track for s in event.sessions} == {"Altes Rathaus", "Ratstrinkstube"}
    assert event.start == dt.datetime(2016, 10, 27, 9, 0)


@pytest.mark.realdata
def test_example_job_description_after_comma_is_not_a_person(realdata):
    [event] = load(realdata / EXAMPLE)
    keynote = next(s for s in event.sessions if s.title == "Keynote: CitizenPoweredCity")
    assert [p.person.name for p in keynote.participants] == ["Dr. Elke Löffler"]


@pytest.mark.realdata
def test_example_podium_has_a_moderator(realdata):
    [event] = load(realdata / EXAMPLE)
    [podium] = [s for s in event.sessions if s.title.startswith("Podiumsdiskussion")]
    roles = {p.person.name: p.role for p in podium.participants}
    assert roles["Manfred Klein"] is Role.MODERATOR
    assert podium.kind == "Podiumsdiskussion"


@pytest.mark.realdata
def test_example_is_picked_by_content(realdata):
    path = str(realdata / EXAMPLE)
    adapters = collect_adapters(make_plugin_manager())
    assert adapters["xlsx"].sniff(path, read_head(path)) == 90
    assert pick_adapter(path, adapters).name == "xlsx"
    for other in sorted(realdata.glob("*/*.csv")):
        assert adapters["xlsx"].sniff(str(other), read_head(str(other))) == 0


# -- generated workbooks ---------------------------------------------------------------------------------------

PROGRAMME = [
    ["Summer School 2024"],
    [],
    ["Session", "Talk title", "Speaker", "Gender", "Moderator", "Date", "Start", "Duration", "Room"],
    ["Opening", "Welcome", "Ada Lovelace", "F", "Grace Hopper", dt.datetime(2024, 7, 1), dt.time(9, 0), 30, "A"],
    ["Panel: Funding", None, "Alan Turing; Bo Chen", "M; M", None, dt.datetime(2024, 7, 1), dt.time(10, 0), 60.0, "B"],
    ["Closing", "Thanks", "Cy Diaz", "non-binary", None, dt.datetime(2024, 7, 1), dt.time(16, 30), 15, 101],
]


def test_generated_programme(tmp_path):
    [event] = load(workbook(tmp_path / "p.xlsx", ("Programme", PROGRAMME)))
    opening, panel, closing = event.sessions
    assert [(p.person.name, p.person.declared_gender, p.role) for p in opening.participants] == [
        ("Ada Lovelace", "F", Role.SPEAKER),
        ("Grace Hopper", None, Role.MODERATOR),
    ]
    assert opening.start == dt.datetime(2024, 7, 1, 9, 0)
    assert [(p.person.name, p.person.declared_gender) for p in panel.participants] == [
        ("Alan Turing", "M"),
        ("Bo Chen", "M"),
    ]
    assert panel.minutes == 60
    assert closing.track == "101"  # a number cell, without ".0"
    assert closing.participants[0].person.declared_gender == "non-binary"


def test_same_result_as_the_csv_export(tmp_path):
    xlsx = workbook(tmp_path / "p.xlsx", ("Programme", PROGRAMME))
    with (tmp_path / "p.csv").open("w", encoding="utf-8", newline="") as fh:
        # What Excel's "Save as CSV" writes for the same cells (title rows dropped).
        writer = csv.writer(fh)
        for row in PROGRAMME[2:]:
            writer.writerow([cell_text(v) for v in row])
    [from_xlsx] = load(xlsx)
    [from_csv] = CsvAdapter().load(str(tmp_path / "p.csv"), Config())
    assert from_xlsx.sessions == from_csv.sessions


def test_sheet_option_by_name_and_number(tmp_path):
    people = [["Name", "Gender", "Role"], ["Ann Lee", "woman", "chair"], ["Bo Chen", "man", "vice-chair"]]
    path = workbook(tmp_path / "two.xlsx", ("Notes", [["nothing here"]]), ("Bureau", people))
    for sheet in ("Bureau", 2):
        [event] = load(path, Config(adapter={"xlsx": {"sheet": sheet}}))
        assert [(p.person.name, p.role) for p in event.participants] == [
            ("Ann Lee", Role.CHAIR),
            ("Bo Chen", Role.VICE_CHAIR),
        ]
    with pytest.raises(AdapterError, match=r"no sheet 'Agenda' \(sheets: Notes, Bureau\)") as info:
        load(path, Config(adapter={"xlsx": {"sheet": "Agenda"}}))
    assert info.value.field == "sheet"
    with pytest.raises(AdapterError, match="no header row"):
        load(path)  # the first sheet has a single cell


def test_registrations_are_aggregated(tmp_path):
    rows = [["Gender", "Country", "Fellowship"]] + [["F", "Kenya", "yes"]] * 3 + [["M", "Peru", "no"]]
    [event] = load(workbook(tmp_path / "reg.xlsx", ("Registrations", rows)))
    tallies = event.registration_tallies
    assert sorted((t.person.declared_gender, t.fellowship, t.count) for t in tallies if t.field is None) == [
        ("F", True, 3),
        ("M", False, 1),
    ]
    assert sorted((t.value, t.count) for t in tallies if t.field == "member_state") == [("Kenya", 3), ("Peru", 1)]


def test_errors_carry_the_sheet_row(tmp_path):
    rows = [["Programme"], [], ["Session", "Speaker", "Date"], ["S1", "Ann Lee", "2024-07-01"], ["S2", "Bo", "soon"]]
    with pytest.raises(AdapterError, match="cannot read 'soon' as a date") as info:
        load(workbook(tmp_path / "bad.xlsx", ("S", rows)))
    assert (info.value.line, info.value.field) == (5, "Date")


def test_unreadable_workbooks(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Name,Gender\nAnn,F\n", encoding="utf-8")
    with pytest.raises(AdapterError, match=r"not a readable \.xlsx workbook"):
        load(fake)
    with pytest.raises(AdapterError, match="cannot read"):
        load(tmp_path / "missing.xlsx")
    empty = workbook(tmp_path / "empty.xlsx", ("Empty", []))
    with pytest.raises(AdapterError, match="the sheet is empty"):
        load(empty)


def test_sniff(tmp_path):
    adapter = XlsxAdapter()
    path = workbook(tmp_path / "book.bin", ("S", [["a", "b"]]))
    assert adapter.sniff(str(path), read_head(str(path))) == 90  # by content, whatever the name
    assert adapter.sniff("programme.xlsx", b"PK\x03\x04 something else") == 60
    assert adapter.sniff("archive.zip", b"PK\x03\x04 something else") == 0
    assert adapter.sniff("programme.xlsx", None) == 0
    assert adapter.sniff("programme.csv", b"Name,Gender\n") == 0


# -- pure helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (1001, "1001"),
        (1001.0, "1001"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (dt.datetime(2016, 10, 27), "2016-10-27"),
        (dt.datetime(2016, 10, 27, 9, 40), "2016-10-27 09:40"),
        (dt.datetime(2016, 10, 27, 9, 40, 5), "2016-10-27 09:40:05"),
        (dt.date(2016, 10, 27), "2016-10-27"),
        (dt.time(9, 0), "09:00"),
        (dt.timedelta(hours=1, minutes=30), "90"),
        ("Ann Lee", "Ann Lee"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_merge_subcolumns():
    header = ["Ort", "Datum", "", "Uhrzeit", "Titel", "", "", "", "", "1", "2", "3"]
    above = ["<Veranstaltungsname>", "", "", "", "", "", "", "", "", "Vortragende"]
    merged, sources = merge_subcolumns(header, above)
    assert merged == ["Ort", "Datum", "", "Uhrzeit", "Titel", "", "", "", "", "Vortragende"]
    assert sources[-1] == [9, 10, 11]
    assert merge_subcolumns(["Name", "1", "2"], None) == (["Name", "1", "2"], [[0], [1], [2]])


def test_cells_are_capped(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Session", "Name", "Abstract"])
    wb.active.append(["S", "Ann Lee", "x" * 30_000])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    with pytest.raises(AdapterError) as info:
        XlsxAdapter().load(str(path), Config(max_cell_kb=20))
    assert str(info.value) == (
        f"{path}:2: C: a cell longer than 20 KiB; if it is real, raise [tool.genderlens] max_cell_kb"
    )
    [event] = XlsxAdapter().load(str(path), Config())
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee"]
