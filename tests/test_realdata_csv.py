"""Real public CSV/TSV files from ../shared/realdata (see SOURCES.md there), checked against independent counts."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.report import build_report


def load(path, config: Config | None = None):
    return CsvAdapter().load(str(path), config or Config())


def result(report, metric, event=0):
    r = report.events[event].result(metric)
    assert r is not None
    return r


def test_sibecol_speakers_and_chairs_match_the_raw_columns(realdata, genderlens_pm):
    path = realdata / "sibecol" / "Data_Block2.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    speaker_w = sum(r["speaker.sex"] == "W" for r in rows)
    speaker_m = sum(r["speaker.sex"] == "M" for r in rows)
    # chairs are anonymous: within a session, a change of chair.sex is another chair
    chairs = {(r["session"], r["chair.sex"]): r["chair.sex"] for r in rows}
    report = build_report(load(path), genderlens_pm, Config())
    speakers = result(report, "speakers")
    assert (speakers.counts.woman, speakers.counts.man) == (speaker_w, speaker_m)
    assert (speaker_w, speaker_m) == (100, 118)  # checked by hand with awk
    chair = result(report, "role_chair")
    assert chair.counts.woman == sum(v == "W" for v in chairs.values())
    assert chair.counts.man == sum(v == "M" for v in chairs.values())
    assert chair.counts.unknown == sum(v not in {"W", "M"} for v in chairs.values())
    assert len(report.events[0].results) > 0


def test_sibecol_block1_per_session_share(realdata, genderlens_pm):
    path = realdata / "sibecol" / "Data_Block1.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_session: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_session[r["session"]].append(r["presenter.sex"])
    report = build_report(load(path), genderlens_pm, Config())
    sessions = {r.session_id: r for r in report.events[0].results if r.scope == "session"}
    assert set(sessions) == set(by_session)
    for sid, sexes in by_session.items():
        w, m = sexes.count("W"), sexes.count("M")
        assert (sessions[sid].counts.woman, sessions[sid].counts.man) == (w, m)
        assert sessions[sid].share.value == pytest.approx(w / (w + m))
        assert sessions[sid].is_panel is False  # a session of talks, not a panel


def test_sysconf_verified_mapping_counts(realdata, genderlens_pm):
    path = realdata / "sysconf" / "verified_gender_mapping.csv"
    with path.open(encoding="utf-8") as fh:
        genders = [r["gender"] for r in csv.DictReader(fh)]
    report = build_report(load(path), genderlens_pm, Config())
    regs = result(report, "registrations")
    assert (regs.counts.woman, regs.counts.man, regs.counts.unknown) == (
        genders.count("F"),
        genders.count("M"),
        sum(g not in {"F", "M"} for g in genders),
    )


def test_afsp_panels_with_column_mapping(realdata, genderlens_pm):
    """AFSP congress panels: people (i) per panel (j) per year, gender f/m; manels counted independently."""
    path = realdata / "congres-afsp" / "edges.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    panels: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        panels[r["j"]][r["i"]] = r["gender"]
    manels = sum(1 for people in panels.values() if len(people) >= 3 and set(people.values()) == {"m"})
    config = Config(columns={"name": "i", "session": "j", "event": "year"})
    events = load(path, config)
    assert sorted(e.title for e in events) == sorted({r["year"] for r in rows})
    report = build_report(events, genderlens_pm, config)
    flagged = sum(f.rule == "all_male_panel" for e in report.events for f in e.flags)
    assert flagged == manels
    assert manels > 0
    for ev in report.events:
        people = {r["i"]: r["gender"] for r in rows if r["year"] == ev.event_title}
        got = ev.result("people")
        assert got is not None
        assert (got.counts.woman, got.counts.man) == (
            sum(g == "f" for g in people.values()),
            sum(g == "m" for g in people.values()),
        )


def test_afsp_participants_without_mapping_is_rejected_clearly(realdata):
    with pytest.raises(AdapterError) as info:
        load(realdata / "congres-afsp" / "participants.tsv")
    assert info.value.line == 1
    assert "no column names a person, gender or session" in str(info.value)
    assert "[tool.genderlens.columns]" in str(info.value)


def test_31c3_multi_person_cells(realdata):
    [event] = load(realdata / "voc-schedule" / "sendezentrum_31C3.csv")
    people = {p.person.name for s in event.sessions for p in s.participants}
    assert {"Tim Pritlove", "John-Paul Bader", "Ruotger Deecke", "Clemens Schrimpe", "Denis Ahrens"} <= people
    assert {"Martin Fischer", "Martin Haase", "Constanze Kurz"} <= people
    assert "tbd" not in {n.lower() for n in people if n}


def test_gpn11_id_prefixed_speakers(realdata):
    [event] = load(realdata / "voc-voctosched" / "gpn11.csv")
    by_title = {s.title: [p.person.name for p in s.participants] for s in event.sessions}
    assert any(names == ["Konrad Meier", "Dennis Wehrle"] for names in by_title.values())
    assert all(not (n or "").split(":")[0].isdigit() for names in by_title.values() for n in names)
    # names alone never give a gender: every speaker is unknown, none counted as a man
    assert all(s.minutes is not None for s in event.sessions)
