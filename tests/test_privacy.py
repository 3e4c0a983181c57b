from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from genderlens.badge import GREY, render_badge
from genderlens.cli import main
from genderlens.config import Config
from genderlens.default_plugins.renderers.csv import render_csv
from genderlens.default_plugins.renderers.json import render_json
from genderlens.model import Event, Participant, Person, Registration, Report, Role, Session
from genderlens.plugins import collect_renderers
from genderlens.render import RENDERERS, safe_cell
from genderlens.report import build_report

MIN_CELL = 5
SMALL = {str(n) for n in range(1, MIN_CELL)}
GENDERS = {"w": "woman", "m": "man", "?": None}


def _p(key: str, g: str, name: str | None = None) -> Person:
    return Person(key=key, name=name or f"Name {key}", declared_gender=GENDERS[g])


def panel(sid: str, spec: str) -> Session:
    return Session(
        id=sid,
        title=f"Panel {sid}",
        kind="Panel",
        duration_minutes=60,
        participants=tuple(Participant(person=_p(f"{sid}{i}", g), role=Role.PANELIST) for i, g in enumerate(spec)),
    )


def regs(*rows: tuple[str, str, int]) -> tuple[Registration, ...]:
    return tuple(
        Registration(person=Person(key=f"r{i}", declared_gender=GENDERS[g]), member_state=state, count=n)
        for i, (state, g, n) in enumerate(rows)
    )


@pytest.fixture
def report(genderlens_pm) -> Report:
    event = Event(
        id="e",
        title="Small forum",
        source="small.csv",
        edition="2026",
        sessions=(panel("a", "mmmm"), panel("b", "wwwmmm?"), panel("c", "wwwwwmmmmmm")),
        registrations=regs(
            ("Kenya", "w", 30), ("Kenya", "m", 28), ("Tonga", "m", 2), ("Fiji", "w", 1), ("Fiji", "?", 1)
        ),
    )
    return build_report([event], genderlens_pm, Config(min_cell=MIN_CELL))


def test_fixture_has_small_cells(report):
    # guard: the cases below only prove something if there are small counts to hide
    counts = [v for r in report.events[0].results for v in r.counts.model_dump().values()]
    assert any(0 < v < MIN_CELL for v in counts)
    assert any(f.rule == "all_male_panel" for f in report.events[0].flags)


def test_every_format_is_covered(genderlens_pm):
    # the built-in formats (RENDERERS also holds installed ones, e.g. genderlens-example's tsv)
    assert set(collect_renderers(genderlens_pm)) == {"table", "json", "csv", "markdown", "junit", "html", "badge"}


def test_json(report):
    data = json.loads(render_json(report, min_cell=MIN_CELL))
    assert data["settings"]["min_cell"] == MIN_CELL
    for r, original in zip(data["events"][0]["results"], report.events[0].results, strict=True):
        assert all(v is None or v == 0 or v >= MIN_CELL for v in r["counts"].values()), r
        assert all(v is None or v >= MIN_CELL for v in (r.get("sources") or {}).values()), r
        if 0 < original.counts.total < MIN_CELL:
            assert r["share"] == {"value": None, "low": None, "high": None}
    registrations = next(r for r in data["events"][0]["results"] if r["metric"] == "registrations")
    # the one unknown is hidden, and so is every provenance count: "declared 61" would give the total away
    assert registrations["sources"] == {"declared": None, "none": None}
    tonga = next(r for r in data["events"][0]["results"] if r["group"] == "Tonga")
    assert tonga["suppressed"] is True
    assert tonga["share"]["value"] is None


def test_csv(report):
    rows = list(csv.DictReader(io.StringIO(render_csv(report, min_cell=MIN_CELL))))
    for row in rows:
        for col in ("woman", "man", "nonbinary", "undisclosed", "unknown"):
            assert row[col] not in SMALL, (row["metric"], row["group"], col)
    tonga = next(r for r in rows if r["group"] == "Tonga")
    assert tonga["man"] == f"<{MIN_CELL}"
    assert tonga["share"] == tonga["ci_low"] == tonga["ci_high"] == ""


def _count_cells_in_grid(text: str) -> list[str]:
    """Cells of rows in the table output that look like counts."""
    return [
        tok for line in text.splitlines() for tok in re.split(r"\s{2,}", line.strip()) if re.fullmatch(r"<?\d+", tok)
    ]


def test_table(report):
    out = RENDERERS["table"](report, min_cell=MIN_CELL)
    assert not SMALL & set(_count_cells_in_grid(out))
    assert f"<{MIN_CELL}" in out
    assert "(4 men)" not in out
    assert f"all-male panel (<{MIN_CELL} men)" in out


def test_markdown(report):
    out = RENDERERS["markdown"](report, min_cell=MIN_CELL)
    cells = [c.strip() for line in out.splitlines() if line.startswith("|") for c in line.strip("|").split("|")]
    assert not SMALL & set(cells)
    assert f"<{MIN_CELL}" in cells
    assert "(4 men)" not in out


def test_junit(report):
    out = RENDERERS["junit"](report, min_cell=MIN_CELL)
    messages = [f.get("message") for f in ET.fromstring(out).iter("failure")]
    assert f"all-male panel (<{MIN_CELL} men)" in messages
    assert "(4 men)" not in out


def test_flag_share_is_hidden_when_its_subject_is_small(genderlens_pm):
    event = Event(id="e", title="t", source="s", sessions=(panel("a", "wmmm"),))
    rep = build_report([event], genderlens_pm, Config(min_share=0.5, min_cell=MIN_CELL))
    out = RENDERERS["table"](rep, min_cell=MIN_CELL)
    assert "25.0%" not in out
    assert "share hidden" in out


class _Cells(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.num: list[str] = []
        self.desc: list[str] = []
        self.bars = 0
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "num" in (a.get("class") or ""):
            self._in = "num"
        elif tag == "desc":
            self._in = "desc"
        elif tag == "rect" and a.get("class") == "bar":
            self.bars += 1

    def handle_endtag(self, tag):
        if tag in {"td", "desc"}:
            self._in = None

    def handle_data(self, data):
        if self._in == "num":
            self.num.append(data.strip())
        elif self._in == "desc":
            self.desc.append(data)


def test_html(report):
    full = _Cells(RENDERERS["html"](report))
    small = _Cells(RENDERERS["html"](report, min_cell=MIN_CELL))
    assert SMALL & set(full.num), "without suppression the small counts are there"
    assert not SMALL & set(small.num)
    assert f"<{MIN_CELL}" in small.num
    assert any(f"Tonga: suppressed, n<{MIN_CELL}" in d for d in small.desc)
    assert small.bars < full.bars, "suppressed shares are not drawn"
    html = RENDERERS["html"](report, min_cell=MIN_CELL)
    assert "(4 men)" not in html
    assert f"Counts below {MIN_CELL} are shown as" in html


def test_badge(genderlens_pm, report):
    event = Event(id="e", title="t", source="s", sessions=(panel("a", "wmm"),))
    small = build_report([event], genderlens_pm, Config())
    svg = render_badge(small, min_cell=MIN_CELL)
    assert f"n&lt;{MIN_CELL}" in svg
    assert GREY in svg
    assert "33%" not in svg
    assert "33%" in render_badge(small)
    # a large enough metric is shown
    assert "%" in RENDERERS["badge"](report, min_cell=MIN_CELL)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_no_names_by_default(report, fmt):
    assert "Name " not in RENDERERS[fmt](report, min_cell=MIN_CELL)


# -- --show-names --------------------------------------------------------------------------------------


@pytest.fixture
def named(genderlens_pm) -> Report:
    session = Session(
        id="s",
        title="Panel",
        participants=(
            Participant(person=_p("1", "w", "Ana Lima"), role=Role.PANELIST),
            Participant(person=_p("2", "?", "Kim Lee"), role=Role.PANELIST),
            Participant(person=_p("2", "?", "Kim Lee"), role=Role.MODERATOR),
            Participant(person=Person(key="4", name="Sam Roe", declared_gender="prefer not to say"), role=Role.CHAIR),
        ),
    )
    event = Event(id="e", title="t", source="s", sessions=(session,))
    return build_report([event], genderlens_pm, Config(show_names=True))


def test_unresolved_lists_unknown_people_once(named):
    # Sam Roe chose not to say: nobody should ask again
    assert named.events[0].unresolved == ("Kim Lee",)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_names_rendered_when_asked(named, fmt):
    assert "Kim Lee" in RENDERERS[fmt](named)


def test_json_has_no_unresolved_key_without_names(report):
    assert "unresolved" not in json.loads(render_json(report))["events"][0]
    assert "unresolved" not in json.loads(render_json(report, min_cell=MIN_CELL))["events"][0]


def test_cli_show_names(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("Session,Role,Name,Gender\nP,Panelist,Ana Lima,Woman\nP,Panelist,Kim Lee,\n", encoding="utf-8")
    assert main(["check", str(src)]) == 0
    assert "Kim Lee" not in capsys.readouterr().out
    assert main(["check", str(src), "--show-names"]) == 0
    out = capsys.readouterr().out
    assert "Gender unknown (1):\n  Kim Lee (P: panelist)\n" in out
    assert "genderlens roster template" in out


# -- CSV formula injection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-1", "-1"),
        ("+1.5", "+1.5"),
        ("-0.25", "-0.25"),
        ("-1e3", "-1e3"),
        ("Panel - AI", "Panel - AI"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_output_neutralises_formulas(genderlens_pm):
    session = Session(
        id="=1+1",
        title="@evil",
        participants=(Participant(person=_p("1", "w"), role=Role.PANELIST),),
    )
    event = Event(id="-id", title='=HYPERLINK("http://x")', source="s", sessions=(session,))
    rows = list(csv.reader(io.StringIO(render_csv(build_report([event], genderlens_pm, Config())))))
    cells = [c for row in rows[1:] for c in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'@evil" in cells
    assert "'=1+1" in cells
    assert "'-id" in cells
    assert not [c for c in cells if c[:1] in {"=", "+", "@", "\t", "\r"}]
