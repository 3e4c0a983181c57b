"""Small-cell suppression that a reader cannot undo: no format may give a hidden count away.

The fixture has the cases of issue #8: France with 1 woman and 6 men (the 1 is small, the 6 and the
total would give it away), Tonga and the region Oceania with 0 women and 2 men (the 0 would say "all
men"), two chairs who are both men ("no woman among 2 chair(s)"), one person whose gender comes from a
title (a small provenance count), and a breakdown in which France is the only small group, so that the
event's registrations minus the other groups would give France's women.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config, RoleRule
from genderlens.model import Event, Participant, Person, Registration, Report, Role, Session
from genderlens.render import RENDERERS
from genderlens.report import build_report

K = 5
FIELDS = ("woman", "man", "nonbinary", "undisclosed", "unknown")
GENDERED = ("woman", "man", "nonbinary")
G = {"w": "woman", "m": "man"}
#: What a hidden cell may look like in text: "<5" (true count below 5) or "[c]" (confidential).
MARKERS = re.compile(r"<5|&lt;5|\\<5|\[c\]|\\\[c\\\]")


def _people(prefix: str, spec: str, role: Role) -> tuple[Participant, ...]:
    return tuple(
        Participant(person=Person(key=f"{prefix}{i}", name=f"P {prefix}{i}", declared_gender=G[g]), role=role)
        for i, g in enumerate(spec)
    )


def _regs(*rows: tuple[str, str, int, int]) -> tuple[Registration, ...]:
    out = []
    for state, region, women, men in rows:
        for g, n in (("woman", women), ("man", men)):
            if n:
                person = Person(key=f"{state}-{g}", declared_gender=g)
                out.append(Registration(person=person, member_state=state, region=region, count=n))
    return tuple(out)


def _event(*, with_tonga: bool = True) -> Event:
    rows = [("Kenya", "Africa", 30, 28), ("France", "Europe", 1, 6), ("Brazil", "Americas", 12, 9)]
    if with_tonga:
        rows.append(("Tonga", "Oceania", 0, 2))
    titled = Participant(person=Person(key="mme", name="Mme Durand", title="Mme"), role=Role.PANELIST)
    panel = Session(
        id="p1",
        title="Big panel",
        kind="Panel",
        participants=(*_people("p", "wwwwwwmmmmmm", Role.PANELIST), titled),
    )
    return Event(
        id="forum",
        title="Forum",
        source="forum.csv",
        edition="2026",
        participants=_people("chair", "mm", Role.CHAIR),
        sessions=(panel,),
        registrations=_regs(*rows),
    )


def _report(pm, event: Event) -> Report:
    config = Config(min_cell=K, roles={Role.CHAIR: RoleRule(at_least_one_woman=True)})
    return build_report([event], pm, config)


def _check_fixture(report: Report) -> None:
    """Guard: the tests below only prove something if the issue's cases are in the report."""
    ev = report.events[0]
    france = next(r for r in ev.results if r.group == "France")
    assert (france.counts.woman, france.counts.man) == (1, 6)
    oceania = next(r for r in ev.results if r.group == "Oceania")
    assert (oceania.counts.woman, oceania.counts.man) == (0, 2)
    assert any(f.message == "role_chair: no woman among 2 chair(s)" for f in ev.flags)
    people = ev.result("people")
    assert people is not None
    assert people.sources == {"declared": 14, "title": 1}


@pytest.fixture
def report(genderlens_pm) -> Report:
    rep = _report(genderlens_pm, _event())
    _check_fixture(rep)
    return rep


@pytest.fixture
def lone_small_group(genderlens_pm) -> Report:
    return _report(genderlens_pm, _event(with_tonga=False))


def _render(report: Report, fmt: str) -> str:
    return RENDERERS[fmt](report, min_cell=K)


def _digits_left(text: str) -> list[str]:
    """Numbers left in ``text`` once the suppression markers are taken out."""
    return re.findall(r"\d+", MARKERS.sub("", text))


# -- JSON: parse it and attack it as a reader would -----------------------------------------------------


def _recoverable(data: dict) -> list[str]:
    """Hidden cells that the published figures determine, by the attacks issue #8 names."""
    found = []
    ev = data["events"][0]
    rows = ev["results"]
    for r in rows:
        hidden = [f for f in FIELDS if r["counts"][f] is None]
        where = f"{r['metric']}/{r['group'] or r['session_id'] or ''}"
        if not hidden:
            continue
        # the share of women with the men and non-binary counts gives the women, and so on
        if set(hidden) & set(GENDERED) and r["share"]["value"] is not None:
            found.append(f"{where}: share shown")
        if r["coverage"] is not None:
            found.append(f"{where}: coverage shown")
        if len(hidden) == 1 and any(v is not None and v > 0 for v in (r.get("sources") or {}).values()):
            found.append(f"{where}: lone hidden cell, provenance gives the total")
        # a hidden zero beside a shown count: "all men"
        if any(r["counts"][f] == 0 for f in FIELDS):
            found.append(f"{where}: a zero shown beside a hidden cell")
    # a total and the rows that add up to it, with one hidden term: subtraction gives it away
    event = {r["metric"]: r for r in rows if r["scope"] == "event"}
    sums = [("people", [event["speakers"], event["leadership"]]), ("leadership", [event["role_chair"]])]
    for metric in {r["metric"] for r in rows if r["scope"] == "group"}:
        sums.append(("registrations", [r for r in rows if r["metric"] == metric]))
    for total, parts in sums:
        for f in FIELDS:
            hidden = [r for r in [event[total], *parts] if r["counts"][f] is None]
            if len(hidden) == 1:
                who = hidden[0]["group"] or hidden[0]["metric"]
                found.append(f"{total} = {'+'.join(p['group'] or p['metric'] for p in parts)}: {who}.{f}")
    return found


@pytest.mark.parametrize("fixture", ["report", "lone_small_group"])
def test_json_hidden_cells_cannot_be_worked_out(request, fixture):
    data = json.loads(_render(request.getfixturevalue(fixture), "json"))
    assert _recoverable(data) == []


def test_json_france(report):
    data = json.loads(_render(report, "json"))
    france = next(r for r in data["events"][0]["results"] if r["group"] == "France")
    assert france["counts"]["woman"] is None
    assert france["counts"]["man"] is None, "6 men and a share of 14.3% give the 1 woman away"
    assert france["share"] == {"value": None, "low": None, "high": None}
    assert france["coverage"] is None
    assert france["suppressed"] is True


def test_json_zero_women_is_not_shown_beside_two_men(report):
    data = json.loads(_render(report, "json"))
    for group in ("Tonga", "Oceania"):
        row = next(r for r in data["events"][0]["results"] if r["group"] == group)
        assert set(row["counts"].values()) == {None}, group


def test_json_flags_and_provenance(report):
    data = json.loads(_render(report, "json"))
    ev = data["events"][0]
    chair = next(f for f in ev["flags"] if f["rule"] == "at_least_one_woman")
    assert chair["message"] == "role_chair: no woman among <5 chair(s)"
    people = next(r for r in ev["results"] if r["metric"] == "people")
    assert people["sources"] == {"declared": None, "title": None}, "declared 14 + title ? = people total"


# -- CSV ------------------------------------------------------------------------------------------------


def test_csv(report):
    rows = list(csv.DictReader(io.StringIO(_render(report, "csv"))))
    for group in ("France", "Tonga", "Oceania"):
        row = next(r for r in rows if r["group"] == group)
        shown = [row[c] for c in (*FIELDS, "share", "ci_low", "ci_high", "coverage")]
        assert _digits_left(" ".join(shown)) == [], (group, shown)
    chairs = next(r for r in rows if r["metric"] == "role_chair")
    assert _digits_left(" ".join(chairs[c] for c in (*FIELDS, "share", "coverage"))) == []


def test_csv_lone_small_group_has_a_partner(lone_small_group):
    rows = list(csv.DictReader(io.StringIO(_render(lone_small_group, "csv"))))
    groups = [r for r in rows if r["metric"] == "registrations_by_member_state"]
    hidden = [r["group"] for r in groups if not r["woman"].isdigit()]
    assert "France" in hidden
    assert len(hidden) >= 2, "with France alone hidden, 43 - 30 - 12 = 1 woman"


# -- text formats: the rows and messages about suppressed cells hold no number but the markers ----------


def _lines_about(text: str, *needles: str) -> list[str]:
    return [line for line in text.splitlines() if any(n in line for n in needles)]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_text_rows(report, fmt):
    out = _render(report, fmt)
    lines = _lines_about(out, "France", "Tonga", "Oceania", "Role: chair", "no woman among")
    assert len(lines) >= 5, lines
    for line in lines:
        assert _digits_left(line) == [], line


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_provenance_line(report, fmt):
    out = _render(report, fmt)
    (line,) = _lines_about(out, "Gender from")
    line = re.sub(r".*(Gender from[^<]*).*", r"\1", line)
    assert _digits_left(line) == [], line
    assert "title" in line


def test_junit(report):
    root = ET.fromstring(_render(report, "junit"))
    messages = [f.get("message") or "" for f in root.iter("failure")]
    chair = [m for m in messages if "no woman among" in m]
    assert chair == ["role_chair: no woman among <5 chair(s)"]


class _Text(HTMLParser):
    """The text of an HTML page, with the element each piece is in."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[str] = []
        self.titles: list[str] = []
        self._row: list[str] | None = None
        self._title: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in {"title", "desc"}:
            self._title = []

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(" ".join(self._row))
            self._row = None
        elif tag in {"title", "desc"} and self._title is not None:
            self.titles.append("".join(self._title))
            self._title = None

    def handle_data(self, data):
        if self._row is not None:
            self._row.append(data)
        if self._title is not None:
            self._title.append(data)


def test_html(report):
    out = _render(report, "html")
    page = _Text(out)
    rows = [r for r in page.rows if re.match(r"\s*(France|Tonga|Oceania|Role: chair)\b", r)]
    assert len(rows) >= 4, page.rows
    for row in rows:
        assert _digits_left(row) == [], row
    # SVG tooltips and descriptions: "France: suppressed women, n hidden"
    svg = [t for t in page.titles for part in t.split(";") if re.search(r"France|Tonga|Oceania|Role: chair", part)]
    assert svg
    for t in svg:
        for part in t.split(";"):
            if re.search(r"France|Tonga|Oceania|Role: chair", part):
                assert _digits_left(part) == [], part
    assert "n=7" not in out
    assert "no woman among 2" not in out


def test_badge_hides_a_share_that_gives_one_woman_away(genderlens_pm):
    # 1 woman and 6 men: 7 people, above min_cell, but "14%" says there is exactly one woman
    event = Event(
        id="e",
        title="t",
        source="s",
        sessions=(Session(id="s", title="S", participants=_people("x", "wmmmmmm", Role.SPEAKER)),),
    )
    svg = RENDERERS["badge"](build_report([event], genderlens_pm, Config()), min_cell=K)
    texts = [t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "14%" not in texts
    assert all(_digits_left(t) == [] for t in texts[2:]), texts


@pytest.mark.parametrize("fmt", ["csv", "html", "json", "markdown", "table"])
def test_no_format_prints_the_one_woman_share(report, fmt):
    # France's share of women (1 of 7) in any of its spellings
    out = _render(report, fmt)
    assert not re.search(r"14\.3%|0\.142[89]|\b14%", out), fmt


# -- property: random breakdowns --------------------------------------------------------------------------

_group = st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 3))


@settings(max_examples=150, deadline=None)
@given(st.lists(_group, min_size=1, max_size=8))
def test_random_breakdowns_give_nothing_away(groups):
    from genderlens.plugins import make_plugin_manager

    regs = []
    for i, (women, men, unknown) in enumerate(groups):
        for g, n in (("woman", women), ("man", men), (None, unknown)):
            if n:
                person = Person(key=f"{i}-{g}", declared_gender=g)
                regs.append(Registration(person=person, member_state=f"S{i}", count=n))
    if not regs:
        return
    event = Event(id="e", title="t", source="s", registrations=tuple(regs))
    report = build_report([event], make_plugin_manager(entrypoints=False), Config(min_cell=K))
    data = json.loads(_render(report, "json"))
    rows = data["events"][0]["results"]
    truth = {(r.metric, r.group): r.counts.model_dump() for r in report.events[0].results}
    for r in rows:
        shown = {f: v for f, v in r["counts"].items() if v is not None}
        assert all(v == 0 or v >= K for v in shown.values()), r
        hidden = [truth[r["metric"], r["group"]][f] for f in FIELDS if r["counts"][f] is None]
        if any(truth[r["metric"], r["group"]][f] for f in GENDERED if r["counts"][f] is None):
            # a lone hidden non-zero count would be the row total minus the shown ones
            nonzero = [v for v in hidden if v]
            assert len(nonzero) >= 2 or all(v == 0 for v in shown.values()), r
            assert 0 not in r["counts"].values(), "a zero beside hidden genders"
    # registrations = the sum of the member states: never exactly one hidden term in a column
    margin = next(r for r in rows if r["metric"] == "registrations")
    states = [r for r in rows if r["metric"] == "registrations_by_member_state"]
    for f in FIELDS:
        assert sum(r["counts"][f] is None for r in [margin, *states]) != 1, f


# -- what was read, and why a verdict cannot be given ------------------------------------------------------


def _unknown_few(pm, women_men: str, unknown: int) -> Report:
    people = _people("k", women_men, Role.PANELIST) + tuple(
        Participant(person=Person(key=f"u{i}", name=f"U {i}"), role=Role.PANELIST) for i in range(unknown)
    )
    event = Event(id="e", title="T", source="s.csv", sessions=(Session(id="a", title="A", participants=people),))
    return build_report([event], pm, Config(min_cell=K))


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "junit", "html", "json"])
def test_read_line_does_not_give_the_few_unknown_away(genderlens_pm, fmt):
    # 22 people, 20 of known gender: both numbers are large, their difference (2 unknown) is not
    rep = _unknown_few(genderlens_pm, "wm" * 10, 2)
    assert (rep.events[0].read.people, rep.events[0].read.people_known) == (22, 20)
    out = _render(rep, fmt)
    assert not re.search(r"\b22 people|\b20 with known gender", out), fmt
    if fmt == "json":
        read = json.loads(out)["events"][0]["read"]
        assert (read["people"], read["people_known"]) == (None, None)


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "junit", "html", "json"])
def test_reasons_hide_the_percentage_of_a_small_count(genderlens_pm, fmt):
    # 2 of 7 known: "<5 of 7 people (28.6%)" would give the 2 back
    rep = _unknown_few(genderlens_pm, "wm", 5)
    assert any("2 of 7" in r for r in rep.events[0].reasons), rep.events[0].reasons
    out = _render(rep, fmt)
    assert "28.6" not in out, fmt
    assert "known for 2 of" not in out, fmt


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "junit", "html", "json"])
def test_read_line_does_not_give_the_chairs_away(report, fmt):
    # 15 people of whom 13 speak: the read line would say there are 2 chairs, all of known gender (men)
    assert (report.events[0].read.people, report.events[0].read.people_known) == (15, 15)
    out = _render(report, fmt)
    assert not re.search(r"\b15 people|\b15 with known gender", out), fmt
    if fmt == "json":
        read = json.loads(out)["events"][0]["read"]
        assert (read["people"], read["people_known"]) == (None, None)
