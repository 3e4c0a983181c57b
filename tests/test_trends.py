from __future__ import annotations

import pytest

from genderlens.config import Config
from genderlens.model import Event
from genderlens.report import build_report
from genderlens.trends import edition_key, trends


def test_editions_are_ordered_by_number(make_event, genderlens_pm):
    events = [
        make_event("wmm", id="c", title="WSIS Forum 2025", edition="WSIS 2025"),
        make_event("mmm", id="a", title="WSIS Forum 2023", edition="WSIS 2023"),
        make_event("wwm", id="b", title="WSIS Forum 2024", edition="WSIS 2024"),
    ]
    report = build_report(events, genderlens_pm, Config())
    series = trends(report)["speakers"]
    assert [p.edition for p in series] == ["WSIS 2023", "WSIS 2024", "WSIS 2025"]
    assert [p.share.value for p in series] == pytest.approx([0, 2 / 3, 1 / 3])


def test_single_event_has_no_trend(make_event, genderlens_pm):
    assert trends(build_report([make_event("wm")], genderlens_pm, Config())) == {}


def test_edition_from_start_year(make_event):
    import datetime as dt

    event: Event = make_event("w", start=dt.datetime(2026, 7, 6, 9, 0))
    assert event.edition_label == "2026"


@pytest.mark.parametrize(("labels", "expected"), [(["10", "9", "11"], ["9", "10", "11"]), (["b", "a"], ["a", "b"])])
def test_edition_key(labels, expected):
    assert sorted(labels, key=edition_key) == expected
