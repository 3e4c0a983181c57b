from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from genderlens.cli import main
from genderlens.config import Config, LintConfig, load_config
from genderlens.lint import TERMS, build_rules, lint_files, lint_text, match_case

RULES = build_rules()


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.found, f.suggestion) for f in lint_text(text, "x.txt", build_rules(**kwargs) if kwargs else RULES)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The chairman opened the session.", [("chairman", "chair / chairperson")]),
        ("Two chairmen", [("chairmen", "chairs")]),
        ("Madam Chairman, thank you.", [("Madam Chairman", "Madam Chair")]),
        ("Mr. Chairman, thank you.", [("Mr. Chairman", "Mr Chair")]),
        ("Ladies and  gentlemen,", [("Ladies and  gentlemen", "Distinguished delegates / dear colleagues")]),
        ("a gentlemen's agreement", [("gentlemen's agreement", "unwritten agreement / agreement in good faith")]),
        ("a gentlemen’s agreement", [("gentlemen’s agreement", "unwritten agreement / agreement in good faith")]),
        ("manpower planning", [("manpower", "workforce / staff / human resources")]),
        ("man-made disasters", [("man-made", "artificial / human-made / synthetic")]),
        ("for all mankind", [("mankind", "humankind / humanity")]),
        ("500 man-hours", [("man-hours", "person-hours / work hours")]),
        ("he/she will speak", [("he/she", "they")]),
        ("he / she will speak", [("he / she", "they")]),
        ("S/he will speak", [("S/he", "They")]),
        ("his/her slides", [("his/her", "their")]),
        ("his or her slides", [("his or her", "their")]),
        ("the spokesman said", [("spokesman", "spokesperson")]),
        ("a businessman", [("businessman", "businessperson / entrepreneur")]),
        (
            "fireman, policeman, statesman",
            [
                ("fireman", "firefighter"),
                ("policeman", "police officer"),
                ("statesman", "political leader / stateswoman or statesman"),
            ],
        ),
        ("fine workmanship", [("workmanship", "quality of work / craft")]),
        ("les hommes politiques", [("hommes politiques", "responsables politiques / personnalités politiques")]),
        ("un homme d’affaires", [("homme d’affaires", "chef d'entreprise / femme ou homme d'affaires")]),
        ("los derechos del hombre", [("derechos del hombre", "derechos humanos")]),
        ("300 horas-hombre", [("horas-hombre", "horas-persona / horas de trabajo")]),
    ],
)
def test_terms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ms Chairmanova presented.",
        "Dr Foreman and Mr Fireman are speakers.",
        "The chair and the chairperson agreed.",
        "A woman made history; the human-made world.",
        "the Chairmans",  # not a word in the list
        "présidente, président, presidenta",
        "Mesdames et Messieurs, señoras y señores",
        "manifesto, germane, humankind, Manning",
        "he said; she said",
        "",
    ],
)
def test_no_false_positives(text):
    assert found(text) == []


def test_case_follows_the_text():
    assert match_case("CHAIRMAN", "chair") == "CHAIR"
    assert match_case("Chairman", "chair") == "Chair"
    assert match_case("chairman", "chair") == "chair"
    assert found("MANPOWER") == [("MANPOWER", "WORKFORCE / STAFF / HUMAN RESOURCES")]


def test_longest_match_wins_and_positions_are_one_based():
    [f] = lint_text("x\n  Madam Chairman", "a.md", RULES)
    assert (f.line, f.col, f.found, f.term) == (2, 3, "Madam Chairman", "madam chairman")
    assert str(f) == "a.md:2:3: Madam Chairman -> Madam Chair"


def test_ignore_marker_skips_a_line():
    assert found("chairman  <!-- genderlens: ignore -->") == []


def test_extra_and_ignore():
    assert found("cameraman and manpower", ignore=["MANPOWER"]) == [("cameraman", "camera operator")]
    assert found("a steward", extra={"steward": "flight attendant"}) == [("steward", "flight attendant")]
    assert found("the chairman", extra={"chairman": "chair"}) == [("chairman", "chair")]


def test_every_builtin_term_matches_itself():
    for term, suggestion in TERMS:
        hits = lint_text(term, "t", RULES)
        assert [h.suggestion.lower() for h in hits] == [suggestion.lower()], term


def test_ics_only_summary_and_description(tmp_path):
    ics = tmp_path / "agenda.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:chairman@example.org\r\nSUMMARY:Chairman's welcome\r\n"
        b"DESCRIPTION;LANGUAGE=en:Intro\\nmanpower and \r\n mankind\r\nLOCATION:Chairman room\r\n"
        b"ORGANIZER;CN=Chairman:mailto:x@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    hits = lint_files([str(ics)])
    assert [(f.line, f.col, f.found) for f in hits] == [(4, 9, "Chairman"), (5, 32, "manpower"), (6, 2, "mankind")]


def test_csv_cells(tmp_path):
    path = tmp_path / "programme.csv"
    path.write_text('Session,Role\n"Panel, chaired by the Chairman",Chairman\n', encoding="utf-8")
    hits = lint_files([str(path)])
    assert [(f.line, f.col) for f in hits] == [(2, 24), (2, 34)]


def test_cp1252_and_utf16(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes("Président chairman".encode("cp1252"))
    b = tmp_path / "b.txt"
    b.write_bytes("Présidente chairman".encode("utf-16"))
    assert [f.col for f in lint_files([str(a), str(b)])] == [11, 12]


def test_config_section(tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(
        '[tool.genderlens.lint]\nextra = {cameraperson = "ok", "steward" = "flight attendant"}\nignore = ["manpower"]\n',
        encoding="utf-8",
    )
    lint = load_config(cfg).lint
    assert lint == LintConfig(extra={"cameraperson": "ok", "steward": "flight attendant"}, ignore=("manpower",))
    assert Config().lint == LintConfig()


def test_config_rejects_unknown_keys(tmp_path):
    cfg = tmp_path / "genderlens.toml"
    cfg.write_text("[lint]\nwords = []\n", encoding="utf-8")
    assert main(["lint", "--config", str(cfg), str(cfg)]) == 2


@pytest.fixture
def agenda(tmp_path):
    path = tmp_path / "agenda.md"
    path.write_text("# Day 1\n\nWelcome by the Chairman.\nManpower session.\n", encoding="utf-8")
    return path


def test_cli_text(agenda, capsys):
    assert main(["lint", str(agenda)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{agenda}:3:16: Chairman -> Chair / chairperson",
        f"{agenda}:4:1: Manpower -> Workforce / staff / human resources",
    ]


def test_cli_fail_on_match(agenda, tmp_path):
    assert main(["lint", "--fail-on-match", str(agenda)]) == 1
    clean = tmp_path / "clean.txt"
    clean.write_text("The chair opened the session.\n", encoding="utf-8")
    assert main(["lint", "--fail-on-match", str(clean)]) == 0


def test_cli_json(agenda, capsys):
    assert main(["lint", "-f", "json", str(agenda)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 1
    assert data["findings"][0] == {
        "path": str(agenda),
        "line": 3,
        "col": 16,
        "found": "Chairman",
        "term": "chairman",
        "suggestion": "Chair / chairperson",
    }


def test_cli_junit(agenda, tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text("ok\n", encoding="utf-8")
    assert main(["lint", "-f", "junit", str(agenda), str(clean)]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    assert root.get("tests") == "2"
    assert root.get("failures") == "1"
    assert len(root.findall(".//failure")) == 2


def test_cli_markdown(agenda, capsys):
    assert main(["lint", "-f", "markdown", str(agenda)]) == 0
    out = capsys.readouterr().out
    assert "| Where | Found | Suggestion |" in out
    assert "Chairman" in out


def test_cli_unreadable_file_exits_2(tmp_path, capsys, agenda):
    assert main(["lint", str(agenda), str(tmp_path / "missing.md")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "missing.md: cannot read" in captured.err


def test_cli_binary_file_exits_2(tmp_path, capsys):
    xlsx = tmp_path / "programme.xlsx"
    xlsx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)))
    assert main(["lint", str(xlsx)]) == 2
    assert "not a text file" in capsys.readouterr().err
