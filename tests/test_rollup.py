"""Multi-event roll-ups (genderlens.rollup) and the JSON summary of several events."""

from __future__ import annotations

import datetime as dt
import json

from genderlens.cli import main
from genderlens.config import Config
from genderlens.model import Verdict
from genderlens.report import report_event
from genderlens.rollup import default_series, summarize, summary_data, year_of

from .test_cli import CONFIG, PROGRAMME, REGISTRATIONS


def _reports(make_event, genderlens_pm):
    config = Config()
    events = [
        # 2024: one all-male panel (0 of 3) and a balanced one (2 of 4).
        make_event("mmm", "wwmm", id="a", title="Study Group 17 meeting 2024", start=dt.datetime(2024, 3, 1)),
        # 2025: 3 women of 4, and an unknown.
        make_event("wwwm?", id="b", title="Study Group 17 meeting 2025", start=dt.datetime(2025, 3, 1)),
        make_event("wm", id="c", title="WSIS Forum 2025", start=dt.datetime(2025, 7, 1)),
    ]
    return [report_event(e, genderlens_pm, config) for e in events]


def test_totals_add_up_each_events_own_counts(make_event, genderlens_pm):
    reports = _reports(make_event, genderlens_pm)
    summary = summarize(reports)
    speakers = summary.totals.result("speakers")
    # Speakers per event: a 2 of 7 known, b 3 of 4 (+1 unknown), c 1 of 2 -> 6 women of 13 known, 1 unknown.
    assert (speakers.counts.woman, speakers.counts.man, speakers.counts.unknown) == (6, 7, 1)
    assert round(speakers.share.value, 4) == round(6 / 13, 4)
    assert speakers.share.low < speakers.share.value < speakers.share.high
    assert summary.totals.events == 3
    assert sum(summary.totals.verdicts.values()) == 3
    assert summary.totals.verdicts[Verdict.MISSES.value] == sum(r.misses for r in reports)


def test_by_year_by_series_and_panels(make_event, genderlens_pm):
    reports = _reports(make_event, genderlens_pm)
    summary = summarize(reports)
    assert [(b.key, b.events) for b in summary.by_year] == [("2024", 1), ("2025", 2)]
    assert summary.by_year[1].result("speakers").counts.woman == 4
    assert [(b.key, b.events) for b in summary.by_series] == [("Study Group 17 meeting", 2), ("WSIS Forum", 1)]
    assert [(p.event_id, p.session_title) for p in summary.all_male_panels] == [("a", "Session 0")]
    assert [line.verdict for line in summary.events] == [r.verdict for r in reports]
    assert summary.events[0].verdict is Verdict.MISSES
    custom = summarize(reports, series=lambda ev: "SG17" if ev.event_id in "ab" else None)
    assert [b.key for b in custom.by_series] == ["SG17", "WSIS Forum"]


def test_years_and_series_from_labels(make_event, genderlens_pm):
    (report,) = [report_event(make_event("w", title="21st Plenipotentiary 2022"), genderlens_pm, Config())]
    assert default_series(report) == "Plenipotentiary"
    assert year_of(report) == "2022"  # no start date: the edition label is the title
    report = report.model_copy(update={"edition": "WSIS 2026"})
    assert year_of(report) == "2026"


def test_summary_data_suppresses_small_counts(make_event, genderlens_pm):
    reports = _reports(make_event, genderlens_pm)
    data = summary_data(reports, min_cell=5)
    c = next(r for r in data["by_year"][0]["results"] if r["metric"] == "speakers")
    # 2024: 2 women, 5 men. As in the core's JSON (genderlens.privacy): 2 < 5 is hidden, and the men with it
    # (a lone hidden cell could be worked out from the total); the share rests on them, so it goes too.
    assert c["counts"]["woman"] is None
    assert c["counts"]["man"] is None
    assert c["suppressed"] is True
    assert c["share"]["value"] is None
    # The series "Study Group 17 meeting" (a + b: 5 women, 6 men) stays: both its events are hidden. Totals:
    # 6 women and 7 men minus that series' shown 5 and 6 would give back the WSIS Forum's hidden 1 and 1 (the
    # sums across events are protected like an event's own: the total, the less read row, is the partner).
    sg17 = next(r for r in data["by_series"][0]["results"] if r["metric"] == "speakers")
    assert (sg17["counts"]["woman"], sg17["counts"]["man"], sg17["counts"]["unknown"]) == (5, 6, None)
    totals = next(r for r in data["totals"]["results"] if r["metric"] == "speakers")
    assert (totals["counts"]["woman"], totals["counts"]["man"], totals["counts"]["unknown"]) == (None, None, None)
    assert totals["share"]["value"] is None


def test_cli_json_has_a_summary_for_several_events(capsys):
    assert main(["check", str(PROGRAMME), str(REGISTRATIONS), "--config", str(CONFIG), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["events"]) == 2
    summary = data["summary"]
    assert summary["totals"]["events"] == 2
    speakers = next(r for r in summary["totals"]["results"] if r["metric"] == "speakers")
    per_event = [
        r for ev in data["events"] for r in ev["results"] if r["metric"] == "speakers" and r["scope"] == "event"
    ]
    assert per_event
    assert speakers["counts"] == {k: sum(r["counts"][k] for r in per_event) for k in speakers["counts"]}


def test_cli_json_of_one_event_has_no_summary(capsys):
    assert main(["check", str(PROGRAMME), "--config", str(CONFIG), "--format", "json"]) == 0
    assert "summary" not in json.loads(capsys.readouterr().out)
