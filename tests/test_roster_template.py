"""``genderlens roster template``: whom to ask, filled in and given back with ``--roster`` (CSV and XLSX)."""

from __future__ import annotations

import csv
import json
import sys

import pytest

from genderlens.cli import main
from genderlens.errors import AdapterError
from genderlens.roster import Roster

PROGRAMME = (
    "Session,Role,Name,Email,Gender\n"
    "Opening,Chair,Ana Lima,ana@example.org,Woman\n"
    "Opening,Panelist,Kim Lee,kim@example.org,\n"
    "Opening,Panelist,Bo Diaz,,\n"
    "Closing,Moderator,Bo Diaz,,\n"
    "Closing,Panelist,Sam Roe,,prefer not to say\n"
    "Closing,Panelist,Mr Carl Dahl,,\n"
)


@pytest.fixture
def programme(tmp_path):
    path = tmp_path / "programme.csv"
    path.write_text(PROGRAMME, encoding="utf-8")
    return path


def _check(programme, *args: str, capsys) -> dict:
    assert main(["check", str(programme), "--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    return {r["metric"]: r for r in data["events"][0]["results"]}["people"]


def test_template_lists_unknown_people_with_sessions_and_roles(programme, tmp_path, capsys):
    out = tmp_path / "roster.csv"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 0
    assert "2 people whose gender is unknown" in capsys.readouterr().err
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    # Ana: declared; Sam: chose not to say (never asked again); Carl: title Mr. Kim and Bo are unknown.
    assert rows == [
        ["name", "email", "sessions", "roles", "gender", "source"],
        ["Kim Lee", "kim@example.org", "Opening", "panelist", "", ""],
        ["Bo Diaz", "", "Opening; Closing", "panelist; moderator", "", ""],
    ]


def _fill_csv(path, answers: dict[str, tuple[str, str]]) -> None:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:]:
        row[4], row[5] = answers[row[0]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_csv_round_trip_counts_organiser_answers_apart(programme, tmp_path, capsys):
    out = tmp_path / "roster.csv"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 0
    before = _check(programme, capsys=capsys)
    assert before["sources"] == {"declared": 2, "title": 1, "none": 2}
    _fill_csv(out, {"Kim Lee": ("woman", "self-declared"), "Bo Diaz": ("man", "recorded by organiser")})
    after = _check(programme, "--roster", str(out), capsys=capsys)
    assert after["sources"] == {"declared": 2, "organiser": 1, "roster": 1, "title": 1}
    assert (after["counts"]["woman"], after["counts"]["man"], after["counts"]["unknown"]) == (2, 2, 0)
    # Re-check: nobody left to ask.
    again = tmp_path / "again.csv"
    assert main(["roster", "template", str(programme), "--roster", str(out), "-o", str(again)]) == 0
    # A filled roster is never replaced by accident.
    filled = out.read_text(encoding="utf-8")
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 2
    assert capsys.readouterr().err.endswith(f"{out}: exists and may hold answers; use --force to replace it\n")
    assert out.read_text(encoding="utf-8") == filled
    assert again.read_text(encoding="utf-8") == "name,email,sessions,roles,gender,source\n"
    assert main(["check", str(programme), "--roster", str(out)]) == 0
    assert "recorded by organiser 1" in capsys.readouterr().out


def test_xlsx_round_trip_with_drop_downs(programme, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "roster.xlsx"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[1]] == ["name", "email", "sessions", "roles", "gender", "source"]
    assert [c.value for c in ws[3]][:4] == ["Bo Diaz", None, "Opening; Closing", "panelist; moderator"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {
        "E2:E3": '"woman,man,non-binary,prefer not to say"',
        "F2:F3": '"self-declared,recorded by organiser"',
    }
    ws["E2"], ws["F2"] = "non-binary", "self-declared"
    ws["E3"], ws["F3"] = "woman", "recorded by organiser"
    wb.save(out)
    after = _check(programme, "--roster", str(out), capsys=capsys)
    assert after["sources"] == {"declared": 2, "organiser": 1, "roster": 1, "title": 1}
    assert (after["counts"]["woman"], after["counts"]["nonbinary"]) == (2, 1)


def test_xlsx_without_openpyxl_fails_on_one_line(programme, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = tmp_path / "roster.xlsx"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"genderlens: error: {out}: writing or reading .xlsx rosters needs openpyxl: pip install genderlens-xlsx\n"
    )
    assert not out.exists()
    assert not list(tmp_path.glob(".roster.xlsx*"))


def test_unreadable_source_value_is_located(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("name,gender,source\nKim Lee,woman,my cousin\n", encoding="utf-8")
    with pytest.raises(AdapterError, match=r"r\.csv:2: source: cannot read 'my cousin' as who answered"):
        Roster().read(path)


def test_self_declared_wins_over_the_same_answer_recorded_by_the_organiser(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "name,gender,source\nKim Lee,woman,organiser\nKim Lee,woman,self-declared\nBo Diaz,man,organiser\n"
        "Bo Diaz,woman,self-declared\n",
        encoding="utf-8",
    )
    roster = Roster()
    roster.read(path)
    kim = roster.by_name["name:kim lee"]
    assert kim is not None
    assert (kim.gender.value, kim.source.value, kim.where) == ("woman", "roster", f"{path}:3")
    assert roster.by_name["name:bo diaz"] is None  # two different answers: ambiguous


def test_broken_xlsx_roster_is_one_line_error(tmp_path, capsys):
    pytest.importorskip("openpyxl")
    bad = tmp_path / "r.xlsx"
    bad.write_bytes(b"not a zip")
    src = tmp_path / "p.csv"
    src.write_text(PROGRAMME, encoding="utf-8")
    assert main(["check", str(src), "--roster", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"genderlens: error: {bad}: not a readable .xlsx workbook")


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("table", "recorded by organiser 1, roster 1"),
        ("markdown", "recorded by organiser 1, roster 1"),
        ("html", "recorded by organiser 1, roster 1"),
        ("json", '"organiser": 1'),
        ("csv", "declared=2;organiser=1;roster=1;title=1"),
        ("junit", '<property name="gender_from.organiser" value="1"/>'),
    ],
)
def test_organiser_answers_counted_apart_in_every_format(programme, tmp_path, capsys, fmt, needle):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,gender,source\nKim Lee,woman,self-declared\nBo Diaz,man,recorded by organiser\n")
    assert main(["check", str(programme), "--roster", str(roster), "--format", fmt]) == 0
    assert needle in capsys.readouterr().out


def test_formula_like_names_survive_the_csv_round_trip(tmp_path, capsys):
    # A handle such as "@ada" is written "'@ada" so that a spreadsheet shows it as text; reading the
    # filled roster back must still match the programme's "@ada".
    src = tmp_path / "p.csv"
    src.write_text("Session,Name\nS1,@ada\nS1,=cmd\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    assert main(["roster", "template", str(src), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1:] == ["'@ada,,S1,speaker,,", "'=cmd,,S1,speaker,,"]
    _fill_csv(out, {"'@ada": ("woman", ""), "'=cmd": ("man", "organiser")})
    people = _check(src, "--roster", str(out), capsys=capsys)
    assert people["sources"] == {"organiser": 1, "roster": 1}


def test_template_of_a_missing_source_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["roster", "template", str(tmp_path / "nope.csv"), "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"genderlens: error: {tmp_path / 'nope.csv'}: no such file\n"
    assert list(tmp_path.iterdir()) == []


def test_infer_names_without_the_plugin_is_an_error(programme, capsys, monkeypatch):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "names")
    assert main(["check", str(programme), "--infer-names"]) == 2
    assert capsys.readouterr().err == (
        "genderlens: error: name inference is enabled but not installed: pip install genderlens-names\n"
    )


def test_show_names_says_where_each_unknown_person_appears(programme, capsys):
    assert main(["check", str(programme), "--show-names"]) == 0
    out = capsys.readouterr().out
    assert (
        "Gender unknown (2):\n  Kim Lee (Opening: panelist)\n  Bo Diaz (Opening: panelist; Closing: moderator)\n" in out
    )
    assert main(["check", str(programme), "--show-names", "--format", "json"]) == 0
    event = json.loads(capsys.readouterr().out)["events"][0]
    assert event["unresolved"] == ["Kim Lee", "Bo Diaz"]  # unchanged for existing readers
    assert event["unresolved_people"][1] == {
        "name": "Bo Diaz",
        "appearances": [{"session": "Opening", "role": "panelist"}, {"session": "Closing", "role": "moderator"}],
    }


def test_people_known_only_by_address_are_listed_by_address(tmp_path):
    from genderlens.model import Event, Participant, Person, Role, Session
    from genderlens.roster_template import template_csv, unknown_people

    def at(key: str, name: str | None, role: Role) -> Participant:
        return Participant(person=Person(key=key, name=name), role=role)

    sessions = (
        Session(id="1", title="Call", participants=(at("email:a@x.org", None, Role.CHAIR),)),
        Session(
            id="2",
            title="Meeting",
            participants=(at("email:a@x.org", "Big A", Role.SPEAKER), at("email:e@x.org", None, Role.SPEAKER)),
        ),
        Session(id="3", title="Other", participants=(at("row-9", None, Role.SPEAKER),)),  # nobody to ask
    )
    people = unknown_people([Event(id="e", title="E", source="s", sessions=sessions)])
    assert template_csv(people).splitlines() == [
        "name,email,sessions,roles,gender,source",
        "Big A,a@x.org,Call; Meeting,chair; speaker,,",
        ",e@x.org,Meeting,speaker,,",
    ]


def test_unwritable_output_is_one_line(programme, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "roster.csv"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"genderlens: error: {out}: cannot write: ")
    assert err.count("\n") == 1


def test_template_file_is_readable_like_any_new_file(programme, tmp_path):
    import os
    import stat

    out = tmp_path / "roster.csv"
    assert main(["roster", "template", str(programme), "-o", str(out)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_xlsx_roster_with_a_broken_sheet_is_one_line(programme, tmp_path, capsys):
    import zipfile

    pytest.importorskip("openpyxl")
    good = tmp_path / "good.xlsx"
    assert main(["roster", "template", str(programme), "-o", str(good)]) == 0
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            zout.writestr(item, data)
    capsys.readouterr()
    assert main(["check", str(programme), "--roster", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"genderlens: error: {bad}:")
    assert "not a readable .xlsx workbook" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["csv", "junit", "table", "json"])
def test_provenance_counts_are_suppressed_like_the_rest(programme, tmp_path, capsys, fmt):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,gender,source\nKim Lee,woman,self-declared\nBo Diaz,man,recorded by organiser\n")
    assert main(["check", str(programme), "--roster", str(roster), "--format", fmt, "--min-cell", "5"]) == 0
    out = capsys.readouterr().out
    assert "organiser=1" not in out
    assert 'gender_from.organiser" value="1"' not in out
    assert "recorded by organiser 1" not in out
    assert '"organiser": 1' not in out
    if fmt == "csv":
        assert "organiser=<5" in out


def test_reading_an_xlsx_roster_without_openpyxl_fails_on_one_line(programme, tmp_path, capsys, monkeypatch):
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"PK\x03\x04")  # never opened: openpyxl is missing
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["check", str(programme), "--roster", str(roster)]) == 2
    assert capsys.readouterr().err == (
        f"genderlens: error: {roster}: writing or reading .xlsx rosters needs openpyxl: pip install genderlens-xlsx\n"
    )
