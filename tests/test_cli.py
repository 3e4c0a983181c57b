from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from genderlens import __version__
from genderlens.cli import main

from .conftest import EXAMPLES

PROGRAMME = str(EXAMPLES / "wsis-forum-2026-programme.csv")
REGISTRATIONS = str(EXAMPLES / "wsis-forum-2026-registrations.csv")
CONFIG = str(EXAMPLES / "genderlens.toml")


@pytest.fixture(autouse=True)
def _only_builtin_metrics(monkeypatch):
    # Golden outputs must not depend on which metric plugins happen to be installed.
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "example")


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "junit"])
def test_golden_example(capsys, golden, fmt, monkeypatch):
    # Relative paths, as a user types them: the golden files must not depend on where the clone lives.
    monkeypatch.chdir(EXAMPLES.parent)
    rel = [str(Path(p).relative_to(EXAMPLES.parent)) for p in (PROGRAMME, REGISTRATIONS, CONFIG)]
    code, out, err = run(capsys, "check", rel[0], rel[1], "--config", rel[2], "--format", fmt)
    assert code == 0
    assert err == ""
    golden(
        f"wsis-forum-2026.{ {'table': 'txt', 'markdown': 'md', 'junit': 'xml'}.get(fmt, fmt) }",
        out.replace(__version__, "VERSION"),
    )


def test_fail_on_miss_exit_codes(capsys, tmp_path):
    assert run(capsys, "check", PROGRAMME, "--config", CONFIG, "--fail-on-miss")[0] == 1
    assert run(capsys, "check", PROGRAMME, "--config", CONFIG)[0] == 0
    balanced = tmp_path / "ok.csv"
    balanced.write_text("Session,Role,Name,Gender\nS,Panelist,A,F\nS,Panelist,B,M\nS,Panelist,C,F\nS,Panelist,D,M\n")
    assert run(capsys, "check", str(balanced), "--fail-on-miss")[0] == 0


def test_json_is_machine_readable(capsys):
    code, out, _ = run(capsys, "check", PROGRAMME, "--config", CONFIG, "--format", "json")
    assert code == 0
    data = json.loads(out)
    [event] = data["events"]
    assert event["misses"] is True
    assert data["misses"] is True
    flags = {(f["rule"], f["session_title"]) for f in event["flags"]}
    assert ("all_male_panel", "High-Level Policy Session 2: Cybersecurity and Trust") in flags
    speakers = next(r for r in event["results"] if r["metric"] == "speakers")
    # checked by hand: Chris Morgan declared "Prefer not to say"; Dr Rahul Mehta, Dr Elena Rossi, Alex Kim: nothing
    assert speakers["counts"] == {"woman": 11, "man": 12, "nonbinary": 0, "undisclosed": 1, "unknown": 3}
    assert data["settings"]["min_share"] == pytest.approx(0.3333)


def test_junit_counts_failures(capsys):
    _, out, _ = run(capsys, "check", PROGRAMME, "--config", CONFIG, "--format", "junit")
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert suite is not None
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["verdict", "Role: panelist", "session: High-Level Policy Session 2: Cybersecurity and Trust"]
    assert root.get("failures") == "3"
    assert root.get("errors") == "0"
    # Sessions with fewer than 3 people of known gender are skipped, never passed (5 of 9, see the table golden).
    skipped = [c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None]
    assert sum(name.startswith("session: ") for name in skipped) == 5


def test_bad_input_exit_2_one_line_nothing_written(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Session,Role,Name\nS,Speaker,A\nS,Dancer,B\n", encoding="utf-8")
    out_file = tmp_path / "report.json"
    code, out, err = run(capsys, "report", PROGRAMME, str(bad), "-o", str(out_file))
    assert code == 2
    assert out == ""
    assert (
        err == f"genderlens: error: {bad}:3: Role: unknown role 'Dancer' (speaker, panelist, "
        "moderator, chair, vice_chair, rapporteur, keynote, convener or a synonym; or map it: "
        '[tool.genderlens.role_codes] "Dancer" = "chair" or "ignore")\n'
    )
    assert not out_file.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_report_keeps_old_file_on_error(capsys, tmp_path):
    out_file = tmp_path / "report.md"
    out_file.write_text("previous", encoding="utf-8")
    code, _, _ = run(capsys, "report", str(tmp_path / "missing.csv"), "-o", str(out_file))
    assert code == 2
    assert out_file.read_text(encoding="utf-8") == "previous"


def test_report_writes_format_from_suffix(capsys, tmp_path):
    out_file = tmp_path / "sub" / "report.md"
    code, _, err = run(capsys, "report", PROGRAMME, "-o", str(out_file))
    assert code == 0
    assert out_file.read_text(encoding="utf-8").startswith("## Gender balance")
    assert err == f"wrote {out_file}\n"
    assert run(capsys, "report", PROGRAMME, "-o", str(tmp_path / "r.docx"))[0] == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "nope.csv"], "genderlens: error: nope.csv: no such file\n"),
        (["check", PROGRAMME, "--adapter", "fax"], "no adapter named 'fax'"),
        (["check", PROGRAMME, "--target", "150%"], "'150%' is outside 0-100%"),
        (["check", PROGRAMME, "--config", "missing.toml"], "missing.toml: cannot read"),
    ],
)
def test_usage_and_input_errors_exit_2(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("error:") == 1


def test_unknown_format_file(capsys, tmp_path):
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "check", str(f))
    assert code == 2
    assert "not a format any installed adapter reads" in err


def test_cli_overrides_beat_config(capsys):
    _, out, _ = run(capsys, "check", PROGRAMME, "--config", CONFIG, "--min-share", "1/10", "--format", "json")
    assert json.loads(out)["settings"]["min_share"] == pytest.approx(0.1)


def test_plugins_lists_builtins(capsys):
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    names = {p["name"] for p in json.loads(out)}
    assert {"genderlens.default_plugins.csv_adapter", "genderlens.default_plugins.titles"} <= names


def test_console_script_version():
    out = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"genderlens {__version__}"


@pytest.mark.parametrize(
    "argv",
    [["check", "--bogus", "x.csv"], ["nonsense"], ["report", "x.csv"], ["check", "x.csv", "--target", "2"], []],
)
def test_usage_errors_are_one_line(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("genderlens: error: ")
    assert "--help" in err


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"schedule": {"conference": {"title": "x", "days": [', ":1: invalid JSON: Expecting value (column 53)"),
        ('{"a": 1,\n "b": 2\n "c": 3}', ":3: invalid JSON: Expecting ',' delimiter (column 2)"),
    ],
)
def test_broken_json_says_where_it_breaks(tmp_path, capsys, text, where):
    path = tmp_path / "schedule.json"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"genderlens: error: {path}{where}\n"


def test_valid_json_no_adapter_claims_is_not_a_format(tmp_path, capsys):
    path = tmp_path / "other.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "not a format any installed adapter reads" in capsys.readouterr().err
