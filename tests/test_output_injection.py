"""Text from input files cannot act on the output: no Markdown, HTML, mention, link, control sequence.

Each format is parsed as its reader would: Markdown by GitHub's own cmark-gfm (``cmarkgfm``), JUnit and
the badge by an XML parser, HTML by :mod:`html.parser`; the terminal table is searched for raw control
characters.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import example, given, settings
from hypothesis import strategies as st

from genderlens.cli import main
from genderlens.config import Config
from genderlens.model import Event, Participant, Person, Registration, Report, Role, Session
from genderlens.render import RENDERERS
from genderlens.report import build_report

#: A lone CR starts a new line in Markdown: the title would forge a verdict heading.
FORGED_HEADING = "Panel\r### ✅ Everything meets the target"
HOSTILE = (
    FORGED_HEADING,
    "Look <img src=x onerror=alert(1)> here",
    "Pic ![tracker](http://evil.example/p.png)",
    "Link [click me](http://evil.example/) and <http://evil.example/>",
    "Bare http://evil.example/x and www.evil.example",
    "Hi @octocat and @org/team, see #123 and owner/repo#45",
    "Cell | break | table",
    "`code` and **bold** and _em_",
    "- list item",
    "1. ordered",
    "> quote",
    "<details open><summary>x</summary>",
    "Red \x1b[31mALERT\x1b[0m back\rOVER",
    "Bidi \u202eevil\u202c and \u2066isolate\u2069",
    "Tab\there, vt\x0bff\x0cnul\x00del\x7fc1\x85\x9b",
    "Bad xml \ufffe\uffff",
)
#: Raw characters that must never reach a terminal or an XML file.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _session(i: int, title: str) -> Session:
    people = tuple(
        Participant(person=Person(key=f"{i}-{j}", name=f"{title} {j}", declared_gender="man"), role=Role.PANELIST)
        for j in range(3)
    )
    return Session(id=f"s{i}", title=title, kind="Panel", participants=people)


@pytest.fixture
def report(genderlens_pm) -> Report:
    event = Event(
        id="e",
        title=FORGED_HEADING,
        source="hostile\x1b[2J.csv",
        edition="2026",
        sessions=tuple(_session(i, t) for i, t in enumerate(HOSTILE)),
        registrations=tuple(
            Registration(person=Person(key=f"r{i}", declared_gender="woman"), member_state=t, count=6)
            for i, t in enumerate(HOSTILE)
        ),
    )
    rep = build_report([event], genderlens_pm, Config(show_names=False))
    assert any(f.rule == "all_male_panel" for f in rep.events[0].flags), "flags carry the session titles"
    return rep


# -- Markdown -----------------------------------------------------------------------------------------


def _gfm(markdown: str) -> str:
    """HTML as GitHub's cmark-gfm renders it, raw HTML kept so that any that got through shows."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def test_markdown_has_no_forged_heading(report):
    html = _gfm(RENDERERS["markdown"](report))
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert len(headings) == 2, headings  # "Gender balance" and the event's own verdict line
    assert "Everything meets the target" not in "".join(re.findall(r"<h\d>✅.*?</h\d>", html))
    assert not any(line.lstrip().startswith("###") and "Everything" in line[:30] for line in html.splitlines())


def test_markdown_has_no_image_link_or_html(report):
    html = _gfm(RENDERERS["markdown"](report))
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "em", "strong", "code",
                    "sub", "details", "summary"}, tags  # fmt: skip
    assert "<img" not in html
    assert "<a " not in html
    assert "<blockquote" not in html
    assert "<ol" not in html


def test_markdown_keeps_table_rows_whole(report):
    html = _gfm(RENDERERS["markdown"](report))
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    # event-wide results, registrations by member state, sessions: one row per group or session
    assert [len(re.findall(r"<tr>", t)) for t in tables][1:] == [1 + len(HOSTILE), 1 + len(HOSTILE)]
    for table in tables:
        widths = {len(re.findall(r"<t[dh]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(widths) == 1, widths
    assert "<td>Cell | break | table</td>" in html


def test_markdown_does_not_mention_reference_or_link(report):
    md = RENDERERS["markdown"](report)
    text = re.sub(r"<[^>]+>", "", _gfm(md))
    # GitHub links these after rendering: a zero-width joiner after @ and # stops it
    assert not re.search(r"@\w", text), "mentions would notify people"
    assert not re.search(r"#\d", text), "issue references would cross-link"
    assert not re.search(r"https?://|www\.", text), "bare URLs are autolinked"
    assert "@\u200doctocat" in text
    for word in ("Everything meets the target", "octocat", "click me", "evil", "code", "ALERT"):
        assert word in text


# -- JUnit and badge: XML that parses -----------------------------------------------------------------


def test_junit_parses_and_keeps_no_forbidden_character(report):
    out = RENDERERS["junit"](report)
    root = ET.fromstring(out.encode("utf-8"))
    names = [c.get("name") or "" for c in root.iter("testcase")]
    assert any("\\x0b" in n for n in names), "the vertical tab is shown, not dropped silently"
    assert not RAW_CONTROLS.search(out)


def test_junit_with_lone_surrogate(genderlens_pm):
    event = Event(id="e", title="Bad \ud800 title", source="s", sessions=(_session(0, "x\udfffy"),))
    out = RENDERERS["junit"](build_report([event], genderlens_pm, Config()))
    root = ET.fromstring(out.encode("utf-8"))
    assert root.find("testsuite").get("name") == "Bad \\ud800 title"


def test_badge_label_with_control_characters_parses(tmp_path):
    svg = RENDERERS["badge"](Report(genderlens_version="0"), label="women\x0b speakers\x01 <b>\u202e")
    root = ET.fromstring(svg.encode("utf-8"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "women  speakers\\x01 <b>\\u202e" in texts, "VT is a line break: a space"
    # and from the command line
    src = tmp_path / "p.csv"
    src.write_text("Session,Role,Name,Gender\nP,Panelist,Ana,Woman\n", encoding="utf-8")
    out = tmp_path / "b.svg"
    assert main(["report", str(src), "-o", str(out), "--badge-label", "a\x0bb"]) == 0
    ET.fromstring(out.read_bytes())


# -- terminal, CSV, HTML, JSON: no raw control character ----------------------------------------------


def test_table_shows_controls_instead_of_obeying_them(report):
    out = RENDERERS["table"](report)
    assert not RAW_CONTROLS.search(out)
    assert "\r" not in out
    assert "\\x1b[31mALERT" in out
    assert "\\u202eevil" in out
    assert "Tab\\x09here" in out, "a tab would break the table's columns"


def test_table_shows_names_with_controls(genderlens_pm):
    session = Session(
        id="s",
        title="t",
        participants=(Participant(person=Person(key="1", name="Eve\x1b]0;pwned\x07"), role=Role.SPEAKER),),
    )
    rep = build_report(
        [Event(id="e", title="t", source="s", sessions=(session,))], genderlens_pm, Config(show_names=True)
    )
    out = RENDERERS["table"](rep)
    assert "Eve\\x1b]0;pwned\\x07" in out
    assert not RAW_CONTROLS.search(out)


def test_csv_has_no_raw_controls_and_keeps_formula_guard(report):
    out = RENDERERS["csv"](report)
    assert not RAW_CONTROLS.search(out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) > len(HOSTILE)
    assert all("\r" not in v and "\n" not in v for row in rows for v in row.values())


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def test_html_has_no_injected_tags_or_controls(report):
    out = RENDERERS["html"](report)
    assert not RAW_CONTROLS.search(out)
    page = _Tags(out)
    assert "img" not in page.tags
    assert page.tags.count("script") == 1  # the page's own print helper
    assert not [a for a, _ in page.attrs if a.startswith("on")]


def test_every_format_can_be_written_as_utf8(genderlens_pm):
    event = Event(id="e", title="Bad \ud800 title", source="s", sessions=(_session(0, "x\udfffy"),))
    rep = build_report([event], genderlens_pm, Config())
    for render in RENDERERS.values():
        render(rep).encode("utf-8")  # a lone surrogate would raise UnicodeEncodeError
    data = json.loads(RENDERERS["json"](rep))
    assert data["events"][0]["event_title"] == "Bad \ud800 title", "JSON keeps the text, as an escape"


# -- property: whatever the text, the neutralisers leave nothing active ----------------------------------

_MARKUP = "\\`*_[]()<>#|~!$&@:/.=+-{}\"' \t\r\n\x0b\x0c\x1b\x00\x85\u2028\u202e\u2066\ud800\ufffeaw1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_MARKUP), max_size=40) | st.text(max_size=40))
@example("    1")  # an indented code block once the text starts a line
@example("  \x85\x851")  # NEL becomes a blank: the same
def test_neutralisers_leave_nothing_active(text):
    from genderlens import escape

    html = _gfm(escape.markdown(text))
    # one paragraph of text (or nothing): no heading, list, quote, code, emphasis, link, image or HTML
    assert set(re.findall(r"<([a-z0-9]+)", html)) <= {"p"}, (text, html)
    assert not re.search(r"@\w|#\d|https?://|www\.", re.sub(r"<[^>]+>", "", html))
    for neutral in (escape.terminal(text), escape.one_line(text), escape.xml(text), escape.html(text)):
        assert not RAW_CONTROLS.search(neutral.replace("\t", "").replace("\n", "").replace("\r", ""))
        neutral.encode("utf-8")
    assert not RAW_CONTROLS.search(escape.terminal(text))
    assert "\n" not in escape.one_line(text)
    assert "\r" not in escape.one_line(text)
    ET.fromstring(f"<a b={quoteattr(escape.xml(text))}>{xml_escape(escape.xml(text))}</a>".encode())


# -- lint: file names and words from the agenda --------------------------------------------------------


def test_lint_outputs_neutralise_file_names(tmp_path, capsys):
    agenda = tmp_path / "agenda|x `y` @octocat\x1b[31m\x0b.txt"
    agenda.write_text("The Chairman opens the meeting.\n", encoding="utf-8")
    assert main(["lint", str(agenda), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Chairman" in text
    assert not RAW_CONTROLS.search(text)
    assert main(["lint", str(agenda), "--format", "junit"]) == 0
    ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert main(["lint", str(agenda), "--format", "markdown"]) == 0
    html = _gfm(capsys.readouterr().out)
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    assert len(rows) == 2
    assert {len(re.findall(r"<t[dh]", r)) for r in rows} == {3}, rows
    assert "<code>" in rows[1]
    assert "octocat" in rows[1]
