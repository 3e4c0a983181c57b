"""The ``tsv`` format, used through the CLI as any third-party format would be: no change to the core."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from genderlens.cli import main

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "wsis-forum-2026-programme.csv"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def test_check_format_tsv(capsys):
    assert main(["check", str(EXAMPLE), "--format", "tsv"]) == 0
    speakers = next(r for r in rows(capsys.readouterr().out) if r["metric"] == "speakers")
    # Same figures as the built-in JSON of the same file (a second, independent renderer).
    assert main(["check", str(EXAMPLE), "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    [result] = [r for r in data["events"][0]["results"] if r["metric"] == "speakers" and r["scope"] == "event"]
    assert (int(speakers["women"]), int(speakers["men"])) == (result["counts"]["woman"], result["counts"]["man"])
    assert float(speakers["share_of_women"]) == pytest.approx(result["share"]["value"], abs=1e-4)


def test_report_picks_tsv_from_the_suffix(tmp_path, capsys):
    out = tmp_path / "report.tsv"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("event\tmetric\twomen\tmen\t")


def test_min_cell_is_honoured(capsys):
    assert main(["check", str(EXAMPLE), "--format", "tsv", "--min-cell", "5"]) == 0
    leadership = next(r for r in rows(capsys.readouterr().out) if r["metric"] == "leadership")
    # 4 women, 4 men, 1 non-binary leaders: every cell is below 5, so no count and no share is shown.
    assert [leadership[k] for k in ("women", "men", "nonbinary", "share_of_women")] == ["<5", "<5", "<5", ""]


def test_titles_are_escaped(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text('Event,Session,Role,Name,Gender\n"=HYPERLINK(1)\tx",Opening,Speaker,Ana Silva,F\n', encoding="utf-8")
    assert main(["check", str(src), "--format", "tsv"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.split("\t")[0] == "'=HYPERLINK(1)\\x09x"


def test_help_and_errors_list_it():
    out = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "check", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "tsv" in out
    proc = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "check", str(EXAMPLE), "-f", "xyz"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "'tsv'" in proc.stderr.splitlines()[-1]
