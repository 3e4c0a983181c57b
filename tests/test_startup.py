"""Start-up stays lazy: a ``check`` imports only what reading a CSV file and printing a table need.

Every run of ``genderlens check`` (a pre-commit hook, a CI step) pays for what it imports. Adapters,
renderers and their libraries must wait until a source or a format asks for them; these tests run the
command in a fresh interpreter and look at ``sys.modules`` when it is done. Timings are checked in
``benchmarks/bench_cold_start.py``, not here.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from genderlens.cli import main

#: Imported by other adapters, renderers and commands, never by a CSV check printed as a table.
HEAVY = (
    "icalendar",  # the ical adapter, at parse time only
    "openpyxl",  # the xlsx adapter, when it opens a workbook
    "numpy",
    "requests",  # the Indico adapter, when it fetches a URL
    "urllib.request",  # pulled in by xml.sax.saxutils (JUnit only)
    "http.client",
    "xml.sax",
    "genderlens.html_report",
    "genderlens.badge",
    "genderlens.lint",
    "genderlens.trends",
    "genderlens_names.statistics",  # the name table: only when infer_names is on
    "gzip",
    "subprocess",  # the parallel reader's workers: only for a registration list over 8 MB
    "pickle",
    # Adapter modules: their plugins register light stand-ins (genderlens.adapters.LazyAdapter).
    "genderlens_ical.adapter",
    "genderlens_indico.adapter",
    "genderlens_indico.parse",
    "genderlens_schedules.frab_json",
    "genderlens_schedules.frab_xml",
    "genderlens_schedules.sessionize",
    "genderlens_schedules.sysconf",
    "genderlens_xlsx.adapter",
)

#: Runs the CLI in process, then prints what it imported; the CLI's own output goes to stderr.
RUNNER = """
import json, sys
from genderlens.cli import main
out, sys.stdout = sys.stdout, sys.stderr
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --version and --help exit through argparse
    code = exc.code
out.write(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported(*argv: str) -> tuple[int, set[str]]:
    """Exit code and imported modules of ``genderlens ARGV`` run in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", RUNNER, *argv], capture_output=True, text=True, check=False)
    assert proc.stdout, proc.stderr
    result = json.loads(proc.stdout)
    return result["code"], set(result["modules"])


@pytest.fixture
def small_csv(tmp_path: Path) -> str:
    path = tmp_path / "small.csv"
    path.write_text(
        "Session,Role,Name,Gender\nOpening,Chair,Ana Silva,F\nOpening,Speaker,Bo Li,M\nOpening,Speaker,Cy Ng,F\n",
        encoding="utf-8",
    )
    return str(path)


def test_check_of_a_csv_imports_no_other_adapter_or_renderer(small_csv):
    code, modules = imported("check", small_csv)
    assert code == 0
    # The run really went through plugins, models and the CSV reader...
    assert {"pydantic", "genderlens.model", "genderlens.render", "genderlens.default_plugins.csv_adapter"} <= modules
    if importlib.util.find_spec("genderlens_ical") is not None:  # installed plugins were loaded all the same
        assert {"genderlens_ical.plugin", "genderlens_ical.sniff"} <= modules
    # ...without loading what it did not use.
    assert sorted(m for m in HEAVY if m in modules) == []


def test_check_of_the_bundled_example_imports_nothing_heavy():
    # A registration list too: its reader asks whether the list is large enough to be read in parallel.
    examples = Path(__file__).resolve().parents[1] / "examples"
    files = [str(examples / n) for n in ("wsis-forum-2026-programme.csv", "wsis-forum-2026-registrations.csv")]
    code, modules = imported("check", *files, "--config", str(examples / "genderlens.toml"))
    assert code in (0, 1)
    assert "genderlens.tabular.registrations" in modules
    assert sorted(m for m in HEAVY if m in modules) == []


def test_junit_imports_its_escaper_and_still_not_html(small_csv):
    code, modules = imported("check", small_csv, "--format", "junit")
    assert code == 0
    assert "xml.sax.saxutils" in modules
    assert "genderlens.html_report" not in modules
    assert "icalendar" not in modules


@pytest.mark.skipif(importlib.util.find_spec("genderlens_ical") is None, reason="genderlens-ical is not installed")
def test_reading_a_calendar_imports_icalendar(tmp_path):
    ics = tmp_path / "p.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART:20260707T090000Z\r\nSUMMARY:Panel\r\nATTENDEE;CN=Ana Silva:mailto:a@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    code, modules = imported("check", str(ics))
    assert code == 0
    assert "icalendar" in modules


def test_version_imports_neither_pydantic_nor_plugins():
    code, modules = imported("--version")
    assert code == 0
    assert "genderlens.cli" in modules
    assert not {"pydantic", "genderlens.model", "genderlens.plugins", "genderlens_ical.plugin"} & modules


def test_main_leaves_the_garbage_collector_as_it_found_it(small_csv, capsys):
    assert gc.isenabled()
    assert main(["check", small_csv]) == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["check", small_csv]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


def test_console_entry_point_exits_with_mains_code(small_csv):
    """``run`` (the installed ``genderlens`` script) exits with the code :func:`main` returns."""
    ok = subprocess.run([sys.executable, "-m", "genderlens.cli", "check", small_csv], capture_output=True, check=False)
    assert ok.returncode == 0
    assert b"Result:" in ok.stdout
    # The bundled example misses its targets (an all-male panel).
    example = Path(__file__).resolve().parents[1] / "examples" / "wsis-forum-2026-programme.csv"
    missed = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "check", str(example), "--fail-on-miss"], capture_output=True
    )
    assert missed.returncode == 1
    assert b"MISSES TARGET" in missed.stdout
    bad = subprocess.run([sys.executable, "-m", "genderlens.cli", "check", small_csv + ".nope"], capture_output=True)
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("genderlens: error: ")


@pytest.mark.parametrize("repeat", [1, 2])
def test_remembered_date_and_time_parses_give_the_same_answers(repeat):
    """Parses of short cells are remembered (``strptime`` is slow); answers must not change on a repeat."""
    import datetime as dt

    from genderlens.tabular.cells import parse_date, parse_time, parse_when

    for _ in range(repeat):
        assert parse_date("2026-07-07") == dt.date(2026, 7, 7)
        assert parse_date("07/07/2026") == dt.date(2026, 7, 7)
        assert parse_date("7 July 2026") == dt.date(2026, 7, 7)
        assert parse_date("09:30") is None
        assert parse_time("2:00 p.m.") == dt.time(14, 0)
        assert parse_time("0:00 a.m.") == dt.time(0, 0)
        assert parse_time("2026-07-07") is None
        # Longer than the remembered length: parsed each time, same rules (spaces collapse).
        assert parse_time("2:00" + " " * 100 + "pm") == dt.time(14, 0)
        assert parse_date("2026-07-07" + " " * 100) is None
        day = dt.date(2026, 7, 7)
        where = {"source": "p.csv", "line": 2, "header": "Start"}
        assert parse_when("09:30", day, **where) == dt.datetime(2026, 7, 7, 9, 30)
        assert parse_when("07/07/2026 9:30 AM", None, **where) == dt.datetime(2026, 7, 7, 9, 30)
        assert parse_when("2026-07-07T09:30", None, **where) == dt.datetime(2026, 7, 7, 9, 30)
        assert parse_when("8 July 2026", day, **where) == dt.datetime(2026, 7, 8)


def test_badge_imports_its_module_but_not_the_html_report(small_csv):
    code, modules = imported("check", small_csv, "--format", "badge")
    assert code == 0
    assert "genderlens.badge" in modules
    assert "genderlens.html_report" not in modules


def test_listing_plugins_registers_every_format_without_importing_them():
    code, modules = imported("plugins")
    assert code == 0
    assert "genderlens.default_plugins.renderers.html" in modules  # registered...
    assert not {"genderlens.html_report", "genderlens.badge", "xml.sax"} & modules  # ...not imported


def test_lint_loads_no_plugin(tmp_path):
    text = tmp_path / "agenda.md"
    text.write_text("Opening by the chairperson\n", encoding="utf-8")
    code, modules = imported("lint", str(text))
    assert code == 0
    assert "genderlens.plugins" not in modules


@pytest.mark.parametrize("process_ends", [False, True])
def test_start_up_objects_are_frozen_only_in_the_console_script(monkeypatch, process_ends):
    """``run`` freezes what start-up made (no later collection walks it); ``main`` in tests does not."""
    from genderlens import cli

    monkeypatch.setattr(cli, "_process_ends", process_ends)
    gc.unfreeze()
    try:
        with cli._starting():
            assert not gc.isenabled()
            made = [object() for _ in range(10)]
        assert gc.isenabled()
        assert (gc.get_freeze_count() > 0) is process_ends
    finally:
        gc.unfreeze()
    assert made
