from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from genderlens.cli import main
from genderlens.config import Config
from genderlens.html_report import render_html
from genderlens.model import Event, Participant, Person, Registration, Report, Role, Session
from genderlens.render import RENDERERS, SUFFIXES
from genderlens.report import build_report

ROOT = Path(__file__).resolve().parents[1]
GENDERS = {"w": "woman", "m": "man", "x": "non-binary", "u": "prefer not to say", "?": None}
SESSIONS = (
    ("Opening ceremony", "Plenary", "wm", "w"),
    ("High-level policy session: bridging the digital divide", "Panel", "wmmw", "m"),
    ("Cybersecurity and trust", "Panel", "mmmm", "m"),
    ("AI for Good in health", "Workshop", "ww?m", "w"),
    ("Women in ICT leadership", "Panel", "wwwx", "w"),
    ("Multilingualism online", "Panel", "mm?", "m"),
    ("Connecting schools", "Workshop", "wm", "?"),
)
REGISTRATIONS = (
    ("Kenya", "Africa", "Government", "w", 30),
    ("Kenya", "Africa", "Government", "m", 28),
    ("Germany", "Europe", "Private sector", "m", 40),
    ("Germany", "Europe", "Private sector", "w", 22),
    ("India", "Asia & Pacific", "Academia", "w", 25),
    ("India", "Asia & Pacific", "Academia", "m", 31),
    ("Brazil", "Americas", "Civil society", "w", 18),
    ("Brazil", "Americas", "Civil society", "?", 4),
    ("Tonga", "Asia & Pacific", "Government", "m", 2),
)


def _person(key: str, spec: str, name: str) -> Person:
    return Person(key=key, name=name, declared_gender=GENDERS[spec])


def make_edition(year: int, *, women_bias: int = 0, title: str | None = None) -> Event:
    """A WSIS-Forum-like edition: sessions with moderators, and registrations by country."""
    sessions = []
    n = 0
    for i, (stitle, kind, speakers, moderator) in enumerate(SESSIONS):
        spec = speakers
        if 0 < i <= 2 * women_bias:  # later editions invite a few more women
            spec = spec.replace("m", "w", 1)
        people = []
        for ch in spec:
            n += 1
            people.append(Participant(person=_person(f"p{n}", ch, f"Speaker {year}-{n}"), role=Role.PANELIST))
        n += 1
        people.append(Participant(person=_person(f"p{n}", moderator, f"Moderator {year}-{n}"), role=Role.MODERATOR))
        sessions.append(Session(id=f"s{i}", title=stitle, kind=kind, duration_minutes=60, participants=tuple(people)))
    regs = tuple(
        Registration(
            person=Person(key=f"r{j}", declared_gender=GENDERS[g]),
            member_state=state,
            region=region,
            affiliation=aff,
            count=count + (women_bias * 3 if g == "w" else 0),
        )
        for j, (state, region, aff, g, count) in enumerate(REGISTRATIONS)
    )
    return Event(
        id=f"wsis-{year}",
        title=title or f"WSIS Forum {year}",
        source=f"wsis-forum-{year}.csv",
        edition=str(year),
        sessions=tuple(sessions),
        registrations=regs,
    )


def make_report(pm, *, years=(2026,), min_cell: int = 0, show_names: bool = False) -> Report:
    events = [make_edition(y, women_bias=i) for i, y in enumerate(years)]
    return build_report(events, pm, Config(min_cell=min_cell, show_names=show_names, min_share=1 / 3))


class Doc(HTMLParser):
    """Collects tags with their attributes, the text of every element and the ids."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.by_class_text: dict[str, list[str]] = {}
        self.decl: list[str] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag not in {"meta", "br", "img", "input", "link", "rect", "line", "path", "circle"}:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, a in self.stack:
            for cls in a.get("class", "").split():
                self.by_class_text.setdefault(cls, []).append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag
            and all(v in a.get(k.rstrip("_"), "").split() or a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def class_text(self, cls: str) -> str:
        return "".join(self.by_class_text.get(cls, []))


@pytest.fixture
def one(genderlens_pm) -> Report:
    return make_report(genderlens_pm)


def test_is_a_complete_self_contained_document(one):
    html = render_html(one)
    doc = Doc(html)
    assert doc.decl == ["DOCTYPE html"]
    assert doc.find("html")[0]["lang"] == "en"
    assert html.split("<body>")[0].count("<title>") == 1
    assert doc.find("meta", charset="utf-8")
    assert not doc.find("link")
    assert all("src" not in a for _, a in doc.tags), "no external scripts or images"
    assert all(not a.get("href", "#").startswith(("http", "//")) for _, a in doc.tags)
    for needle in ("@import", "url(http", "url(//", "fonts.googleapis", "<iframe"):
        assert needle not in html


def test_verdict_and_flags(one):
    doc = Doc(render_html(one))
    [verdict] = doc.find("div", class_="verdict")
    assert verdict["role"] == "status"
    assert "miss" in verdict["class"]
    assert doc.class_text("verdict-text") == "Misses the target"
    assert "all-male panel" in doc.class_text("flags")
    assert "Cybersecurity and trust" in doc.class_text("flags")


def test_meets_target_verdict(genderlens_pm):
    event = Event(
        id="e",
        title="Balanced",
        source="x.csv",
        sessions=(
            Session(
                id="s",
                title="Panel",
                participants=tuple(
                    Participant(person=_person(f"p{i}", g, f"P{i}"), role=Role.PANELIST) for i, g in enumerate("wmwm")
                ),
            ),
        ),
    )
    doc = Doc(render_html(build_report([event], genderlens_pm, Config())))
    assert "ok" in doc.find("div", class_="verdict")[0]["class"]
    assert doc.class_text("verdict-text") == "Meets the target"
    assert "No rule is broken" in doc.class_text("noflags")


def test_role_chart_has_a_bar_per_result_with_whiskers_and_target_band(one):
    doc = Doc(render_html(one))
    ev = one.events[0]
    event_scope = [r for r in ev.results if r.scope == "event"]
    sessions = [r for r in ev.results if r.scope == "session"]
    groups = [r for r in ev.results if r.scope == "group"]
    charts = doc.find("svg", class_="chart")
    # role chart + session chart + one per breakdown (member state, region, affiliation)
    assert len(charts) == 2 + len({r.metric for r in groups})
    assert len(doc.find("rect", class_="bar")) == len(event_scope) + len(sessions) + len(groups)
    # speaking time has no interval; every other drawn share has a whisker
    assert len(doc.find("path", class_="ci")) == len(event_scope) - 1 + len(sessions) + len(groups)
    assert len(doc.find("rect", class_="band")) == len(charts)
    assert len(doc.find("line", class_="target")) == len(charts)


def test_charts_are_accessible(one):
    doc = Doc(render_html(one))
    ids = [a["id"] for _, a in doc.tags if "id" in a]
    assert len(ids) == len(set(ids)), "ids are unique"
    for svg in doc.find("svg", class_="chart"):
        assert svg["role"] == "img"
        for ref in svg["aria-labelledby"].split():
            assert ref in ids
    # every chart has a data table fallback
    assert len(doc.find("table")) >= len(doc.find("svg", class_="chart"))
    assert all(a.get("scope") in {"col", "row"} for t, a in doc.tags if t == "th")


def test_coverage_and_unknown_are_shown(one):
    html = render_html(one)
    doc = Doc(html)
    assert "known" in doc.class_text("meta")  # next to every bar
    headers = [t for t in doc.text if t in {"Unknown", "Coverage"}]
    assert headers.count("Unknown") >= 3
    assert headers.count("Coverage") >= 3
    assert "never counted as men" in html


def test_session_table_lists_parity_status(one):
    doc = Doc(render_html(one))
    statuses = doc.class_text("status")
    assert "✗ miss" in statuses
    assert "✓ ok" in statuses


def test_breakdowns_by_region_member_state_affiliation(one):
    html = render_html(one)
    for title in ("Registrations by member state", "Registrations by region", "Registrations by affiliation"):
        assert f">{title}</h3>" in html


def test_trend_is_ordered_by_edition(genderlens_pm):
    report = make_report(genderlens_pm, years=(2026, 2024, 2025))
    doc = Doc(render_html(report))
    assert doc.find("svg", class_="trend")
    editions = list(doc.class_text("ed"))
    assert "".join(editions) == "202420252026"
    headings = [t for t in doc.text if t.startswith("WSIS Forum 20")]
    assert headings[:3] == ["WSIS Forum 2024", "WSIS Forum 2025", "WSIS Forum 2026"]


def test_no_trend_for_a_single_edition(one):
    assert 'class="chart trend"' not in render_html(one)


def test_text_is_escaped(genderlens_pm):
    event = make_edition(2026, title='<script>alert("x")</script> & co')
    html = render_html(build_report([event], genderlens_pm, Config()))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html


def test_names_only_when_asked(genderlens_pm):
    hidden = render_html(make_report(genderlens_pm))
    shown = render_html(make_report(genderlens_pm, show_names=True))
    assert "Gender unknown" not in hidden
    assert "Speaker 2026-" not in hidden
    assert "Gender unknown" in shown
    assert "Moderator 2026-" in shown


def test_print_css_and_colour_blind_palette(one):
    html = render_html(one)
    assert "@media print" in html
    assert "#0072B2" in html
    assert "#D55E00" in html


def test_registered_as_format_and_suffix():
    assert RENDERERS["html"] is not None
    assert SUFFIXES[".html"] == "html"


def test_cli_writes_html(tmp_path, capsys):
    src = tmp_path / "programme.csv"
    src.write_text("Session,Role,Name,Gender\nPanel A,Panelist,Ana,Woman\nPanel A,Panelist,Bo,Man\n", encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    assert main(["report", str(src), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["check", str(src), "--format", "html"]) == 0
    assert "<svg" in capsys.readouterr().out


# -- headless Chromium ---------------------------------------------------------------------------------


def chromium() -> str:
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if exe:
        return exe
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: run .ci/ensure-chromium.sh")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def run_chromium(exe: str, tmp_path: Path, *args: str) -> str:
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.chromium
def test_chromium_renders_the_report(genderlens_pm, tmp_path):
    exe = chromium()
    report = make_report(genderlens_pm, years=(2024, 2025, 2026))
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    dom = Doc(run_chromium(exe, tmp_path, "--dump-dom", page.as_uri()))
    verdicts = dom.by_class_text["verdict-text"]
    assert verdicts == ["Misses the target" if ev.misses else "Meets the target" for ev in report.events]
    drawn = sum(1 for ev in report.events for r in ev.results if r.share.value is not None)
    assert len(dom.find("rect", class_="bar")) == drawn
    assert len(dom.find("svg", class_="trend")) == 1

    shot = tmp_path / "report.png"
    run_chromium(exe, tmp_path, "--window-size=1200,2400", f"--screenshot={shot}", page.as_uri())
    assert png_size(shot) == (1200, 2400)
    assert shot.stat().st_size > 50_000, "a blank page compresses to almost nothing"
    if os.environ.get("GENDERLENS_UPDATE_DOCS"):
        shutil.copyfile(shot, ROOT / "docs" / "report.png")


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="ensure-chromium"):
        chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        chromium()
