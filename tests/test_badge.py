from __future__ import annotations

import xml.etree.ElementTree as ET

from genderlens.badge import GREEN, GREY, RED, YELLOW, render_badge, text_width
from genderlens.cli import main
from genderlens.config import Config
from genderlens.model import Event, Participant, Person, Registration, Role, Session
from genderlens.report import build_report

SVG = "{http://www.w3.org/2000/svg}"
G = {"w": "woman", "m": "man"}


def event(*panels: str, edition: str = "2026", regs: str = "") -> Event:
    sessions = tuple(
        Session(
            id=f"s{i}",
            title=f"S{i}",
            kind="Panel",
            participants=tuple(
                Participant(person=Person(key=f"{i}-{j}", declared_gender=G[g]), role=Role.PANELIST)
                for j, g in enumerate(spec)
            ),
        )
        for i, spec in enumerate(panels)
    )
    registrations = tuple(Registration(person=Person(key=f"r{j}", declared_gender=G[g])) for j, g in enumerate(regs))
    return Event(
        id=edition,
        title=f"Forum {edition}",
        source="x",
        edition=edition,
        sessions=sessions,
        registrations=registrations,
    )


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def fill_of_value(svg: str) -> str:
    rects = ET.fromstring(svg).find(f"{SVG}g").findall(f"{SVG}rect")
    return rects[1].get("fill")


def test_green_when_nothing_is_flagged(genderlens_pm):
    svg = render_badge(build_report([event("wwmm", "wmwm")], genderlens_pm, Config()))
    assert texts(svg)[:2] == ["women speakers", "women speakers"]
    assert texts(svg)[-1] == "50%"
    assert fill_of_value(svg) == GREEN
    assert ET.fromstring(svg).get("aria-label") == "women speakers: 50%"


def test_yellow_when_something_else_is_flagged(genderlens_pm):
    svg = render_badge(build_report([event("wwww", "mmmm")], genderlens_pm, Config()))
    assert texts(svg)[-1] == "50%"
    assert fill_of_value(svg) == YELLOW  # the all-male panel


def test_red_when_the_shown_share_misses(genderlens_pm):
    svg = render_badge(build_report([event("wmmm", "wmmm")], genderlens_pm, Config()))
    assert texts(svg)[-1] == "25%"
    assert fill_of_value(svg) == RED


def test_grey_without_data_and_custom_label(genderlens_pm):
    # Nothing read: the verdict is cannot tell, which a badge shows as a grey "unknown", never a share.
    svg = render_badge(build_report([event()], genderlens_pm, Config()), label="women <delegates>")
    assert texts(svg)[-1] == "unknown"
    assert fill_of_value(svg) == GREY
    assert "women &lt;delegates&gt;" in svg


def test_registrations_when_no_speakers(genderlens_pm):
    svg = render_badge(build_report([event(regs="wwmmm")], genderlens_pm, Config()))
    assert texts(svg)[0] == "women registered"
    assert texts(svg)[-1] == "40%"


def test_latest_edition_is_shown(genderlens_pm):
    events = [event("wmmm", edition="2026"), event("wmwm", edition="2024")]
    assert texts(render_badge(build_report(events, genderlens_pm, Config())))[-1] == "25%"


def test_width_grows_with_text():
    assert text_width("women in leadership") > text_width("women")


def test_cli_badge_by_suffix_and_label(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("Session,Role,Name,Gender\nA,Panelist,Ana,Woman\nA,Panelist,Bo,Man\n", encoding="utf-8")
    out = tmp_path / "badge.svg"
    assert main(["report", str(src), "-o", str(out), "--badge-label", "speakers"]) == 0
    assert texts(out.read_text(encoding="utf-8"))[0] == "speakers"
    assert main(["check", str(src), "--format", "badge"]) == 0
    assert capsys.readouterr().out.startswith("<svg")
