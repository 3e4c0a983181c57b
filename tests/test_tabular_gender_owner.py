"""Whose gender a programme's gender column gives: the name column's, the one person column's, or an error.

Every count below is read off the few rows written in the test itself.
"""

from __future__ import annotations

import json

import pytest

from genderlens.cli import main
from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular import resolve_layout


@pytest.fixture(autouse=True)
def _only_builtin_metrics(monkeypatch):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "example")


def load(tmp_path, text: str, config: Config | None = None):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return CsvAdapter().load(str(path), config or Config())


def people(events):
    return [
        (s.id, p.person.name, p.role, p.person.declared_gender)
        for e in events
        for s in e.sessions
        for p in s.participants
    ]


def check(tmp_path, capsys, text: str, *extra: str):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    code = main(["check", str(path), "--fail-on-miss", *extra])
    out, err = capsys.readouterr()
    return code, out, err


# Defect 1: 4 rows with a gender, 10 without; all 14 are people.
UNNAMED = "Séance,{who},Genre\nS0,P0,M\nS1,P1,F\nS2,P2,M\nS3,P3,F\n" + "".join(f"S1,Other {i},\n" for i in range(1, 11))


def test_gender_with_no_name_column_is_refused_not_half_read(tmp_path, capsys):
    code, out, err = check(tmp_path, capsys, UNNAMED.format(who="Wer"))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"genderlens: error: {tmp_path / 'in.csv'}:1: Genre: ")
    assert '[tool.genderlens.columns] name = "Wer"' in lines[0]


def test_naming_the_column_in_settings_counts_everyone(tmp_path):
    events = load(tmp_path, UNNAMED.format(who="Wer"), Config(columns={"name": "Wer"}))
    found = people(events)
    assert len(found) == 14  # 4 rows with a gender + 10 "Other i" rows
    assert sum(g is not None for *_, g in found) == 4


def test_a_recognised_speaker_header_counts_the_people_without_an_answer(tmp_path, capsys):
    code, out, err = check(tmp_path, capsys, UNNAMED.format(who="Intervenant·e"), "--format", "json")
    assert err == ""
    assert code == 1  # cannot tell: 10 of 14 unknown
    report = json.loads(out)
    speakers = next(r for r in report["events"][0]["results"] if r["scope"] == "event" and r["metric"] == "speakers")
    assert report["verdict"] == "cannot_tell"
    counts = speakers["counts"]
    assert (counts["woman"], counts["man"], counts["unknown"]) == (2, 2, 10)


@pytest.mark.parametrize(
    "header",
    [
        "Intervenant·e",
        "Intervenant(e)",
        "Intervenante",
        "Orateur/Oratrice",
        "Oratrice",
        "Ponente/a",
        "Ponentes",
        "Referent*in",
        "Referent/in",
        "Referentin",
        "Nombre y apellidos",
        "Nom et prénom",
        "Prénom Nom",
        "Name des Referenten",
        "Presenter(s)",
        "Speaker(s)",
        "Выступающий",
        "Докладчик",
    ],
)
def test_common_people_headers_name_the_people(header):
    layout = resolve_layout(["Session", header, "Gender"], [["S1", "Ann Lee", "F"]], Config(), "x")
    assert layout.fields["name"].header == header
    assert layout.fields["gender"].header == "Gender"
    assert not layout.groups


def test_a_gender_headed_by_its_role_makes_each_row_an_anonymous_person(tmp_path):
    # Research tables (sibecol's speaker.sex) have no names: each row is a talk, blank is unknown.
    events = load(tmp_path, "Session,Speaker sex\nS1,M\nS1,\nS2,F\nS2,NA\n")
    found = people(events)
    assert [(s, r, g) for s, _, r, g in found] == [
        ("S1", Role.SPEAKER, "M"),
        ("S1", Role.SPEAKER, None),
        ("S2", Role.SPEAKER, "F"),
        ("S2", Role.SPEAKER, None),
    ]


# Defect 2: the gender of the one person column.
PANEL = "Session,{role},Gender\nS1,Al A,M\nS1,Bo B,M\nS1,Cy C,M\nS2,Di D,F\nS2,Ed E,M\nS2,Fa F,F\n"


@pytest.mark.parametrize(
    ("column", "role"), [("Panelists", Role.PANELIST), ("Moderator", Role.MODERATOR), ("Chair", Role.CHAIR)]
)
def test_gender_belongs_to_the_only_person_column(tmp_path, column, role):
    found = people(load(tmp_path, PANEL.format(role=column)))
    assert found == [
        ("S1", "Al A", role, "M"),
        ("S1", "Bo B", role, "M"),
        ("S1", "Cy C", role, "M"),
        ("S2", "Di D", role, "F"),
        ("S2", "Ed E", role, "M"),
        ("S2", "Fa F", role, "F"),
    ]


def test_an_all_male_panel_in_a_panelists_column_misses(tmp_path, capsys):
    code, out, err = check(tmp_path, capsys, PANEL.format(role="Panelists"))
    assert err == ""
    assert code == 1
    assert "6 people (6 with known gender)" in out  # 6 rows, one panelist each
    assert 'session "S1": all-male panel (3 men)' in out
    assert "MISSES TARGET" in out


def test_several_people_in_the_cell_need_one_gender_each(tmp_path):
    with pytest.raises(AdapterError) as exc:
        load(tmp_path, "Session,Moderator,Gender\nS1,Al A,M\nS2,Bo B & Cy C,M\n")
    assert (exc.value.line, exc.value.field) == (3, "Gender")
    assert "1 gender value(s) for 2 people" in str(exc.value)
    found = people(load(tmp_path, 'Session,Moderator,Gender\nS2,Bo B & Cy C,"M, F"\n'))
    assert found == [("S2", "Bo B", Role.MODERATOR, "M"), ("S2", "Cy C", Role.MODERATOR, "F")]


def test_gender_beside_several_person_columns_and_no_name_column_is_refused(tmp_path):
    with pytest.raises(AdapterError) as exc:
        load(tmp_path, "Session,Chair,Panelists,Gender\nS1,Al A,Bo B,M\n")
    assert (exc.value.line, exc.value.field) == (1, "Gender")
    assert "Chair or Panelists" in str(exc.value)


def test_with_a_name_column_the_gender_is_the_speakers(tmp_path):
    # Documented rule: beside a name (speaker) column, a plain Gender is that person's; others are unknown.
    found = people(load(tmp_path, "Session,Speaker,Moderator,Gender\nS1,Ann Lee,Bo Chen,F\n"))
    assert found == [("S1", "Ann Lee", Role.SPEAKER, "F"), ("S1", "Bo Chen", Role.MODERATOR, None)]


def test_a_speakers_gender_column_is_the_speakers_not_another_person(tmp_path):
    found = people(load(tmp_path, "Session,Speakers,Speakers gender\nS1,Al A,M\nS1,Bo B,F\n"))
    assert found == [("S1", "Al A", Role.SPEAKER, "M"), ("S1", "Bo B", Role.SPEAKER, "F")]


def test_registrations_without_a_name_column_are_still_counted(tmp_path):
    # No session and no person column: anonymous registrations, 3 rows (one unanswered).
    (event,) = load(tmp_path, "Country,Gender\nFR,F\nDE,\nIT,M\n")
    assert not event.sessions
    assert not event.participants
    assert sum(t.count for t in event.registration_tallies if t.field is None) == 3
