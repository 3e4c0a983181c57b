"""Small counts hidden in one event stay hidden in the JSON roll-up of several events (``summary``).

Every number the JSON shows is read back and every sum the roll-up publishes is checked: a shown total
(across events, years, series) must not have exactly one hidden term, or the hidden count comes back by
subtraction (the partner rule of genderlens.privacy, applied across events).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from genderlens.cli import main

# A: 3 women and 10 men; B: 12 women and 10 men. At --min-cell 5 A's 3 is hidden; the totals used to show
# 15 women next to B's 12.
A_ROWS = [f"a{i},F,FR" for i in range(3)] + [f"am{i},M,FR" for i in range(10)]
B_ROWS = [f"b{i},F,FR" for i in range(12)] + [f"bm{i},M,FR" for i in range(10)]


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        _write(tmp_path / "A.csv", "Name,Gender,Country", A_ROWS),
        _write(tmp_path / "B.csv", "Name,Gender,Country", B_ROWS),
    )


def _check_json(args: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str) -> dict[str, Any]:
    if how == "check":
        main(["check", *args, "-f", "json"])
        return json.loads(capsys.readouterr().out)
    out = tmp_path / "x.json"
    main(["report", *args, "-o", str(out)])
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


def _event_rows(data: dict[str, Any], index: int) -> dict[str, dict[str, Any]]:
    """The event-scope rows of ``events[index]`` by metric."""
    return {r["metric"]: r for r in data["events"][index]["results"] if r["scope"] == "event"}


def _leaks(data: dict[str, Any]) -> list[str]:
    """Every published sum across events with exactly one hidden term in a count column (or a shown count
    below min_cell, or a shown provenance count below min_cell)."""
    min_cell = data["settings"]["min_cell"]
    problems = []
    summary = data["summary"]
    lines = summary["events"]
    rows_of = [_event_rows(data, i) for i in range(len(data["events"]))]

    def cell(row: dict[str, Any] | None, key: str) -> int | None:
        return None if row is None else row["counts"][key]

    buckets = [("totals", summary["totals"], list(range(len(lines))))]
    for name, key in (("by_year", "year"), ("by_series", "series")):
        for b in summary[name]:
            members = [i for i, line in enumerate(lines) if (line.get(key) or "unknown") == b["key"]]
            buckets.append((f"{name}:{b['key']}", b, members))
    for label, b, members in buckets:
        for total in b["results"]:
            parts = [rows_of[i].get(total["metric"]) for i in members]
            for key, value in total["counts"].items():
                hidden = [p for p in parts if p is not None and cell(p, key) is None]
                if value is not None and len(hidden) == 1:
                    problems.append(f"{label} {total['metric']} {key}={value} with one hidden event")
    for ev in data["events"]:
        for r in ev["results"]:
            for k, v in r["counts"].items():
                if v is not None and 0 < v < min_cell:
                    problems.append(f"{ev['event_id']} {r['metric']} shows {k}={v}")
    for line in lines:
        for name in ("speakers", "leadership", "people", "registrations"):
            r = line.get(name)
            if r is None:
                continue
            for k, v in {**r["counts"], **r.get("sources", {})}.items():
                if v is not None and 0 < v < min_cell:
                    problems.append(f"summary {line['event_id']} {name} shows {k}={v}")
            if None in r["counts"].values() and any(v is not None for v in r.get("sources", {}).values()):
                # The provenance counts add up to the row's total, which a hidden cell hides.
                problems.append(f"summary {line['event_id']} {name} shows sources {r['sources']}")
    return problems


@pytest.mark.parametrize("how", ["check", "report"])
def test_min_cell_hides_a_small_count_in_every_sum(how, two_files, capsys, tmp_path):
    a, b = two_files
    data = _check_json([str(a), str(b), "--min-cell", "5"], capsys, tmp_path, how)
    titles = [ev["event_title"] for ev in data["events"]]
    i = titles.index(next(t for t in titles if "A" in t))
    a_rows = _event_rows(data, i)
    assert a_rows["registrations"]["counts"]["woman"] is None  # A's 3 women: hidden in A's own row
    line = data["summary"]["events"][i]
    assert line["registrations"]["counts"]["woman"] is None
    assert _leaks(data) == []
    # By hand: the women shown anywhere in the summary are never A's 3, nor a shown total minus shown parts.
    totals = next(r for r in data["summary"]["totals"]["results"] if r["metric"] == "registrations")
    b_women = _event_rows(data, 1 - i)["registrations"]["counts"]["woman"]
    assert totals["counts"]["woman"] is None or b_women is None


@pytest.mark.parametrize("how", ["check", "report"])
def test_without_min_cell_nothing_is_hidden(how, two_files, capsys, tmp_path):
    a, b = two_files
    data = _check_json([str(a), str(b)], capsys, tmp_path, how)
    text = json.dumps(data)
    assert '"suppressed"' not in text
    totals = next(r for r in data["summary"]["totals"]["results"] if r["metric"] == "registrations")
    assert (totals["counts"]["woman"], totals["counts"]["man"]) == (15, 20)  # 3 + 12, 10 + 10 (the rows above)


def test_all_male_panel_message_in_the_summary_hides_its_counts(tmp_path, capsys):
    # A session of 4 men (an all-male panel, 4 < 5) and a larger balanced one; a second event to roll up.
    rows = [f"m{i},M,Panel" for i in range(4)] + [f"w{i},F,Plenary" for i in range(6)]
    rows += [f"n{i},M,Plenary" for i in range(6)]
    a = _write(tmp_path / "A.csv", "Name,Gender,Session", rows)
    b = _write(
        tmp_path / "B.csv", "Name,Gender,Session", [f"x{i},F,S" for i in range(6)] + [f"y{i},M,S" for i in range(6)]
    )
    for args in ([], ["--min-cell", "5"]):
        data = _check_json([str(a), str(b), *args], capsys, tmp_path, "check")
        (panel,) = data["summary"]["all_male_panels"]
        (flag,) = [f for ev in data["events"] for f in ev["flags"] if f["rule"] == "all_male_panel"]
        assert panel["message"] == flag["message"]
        if args:
            assert "4" not in panel["message"]
        else:
            assert "4" in panel["message"]
