"""Moderators named in free text, wherever and however the text names them, in linear time."""

from __future__ import annotations

import time

import pytest

from genderlens.adapters import moderators_named

NAMES = ["Kate Stewart", "Dan Brown", "Ann Lee", "Bo Chen", "Élise Dupont"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>The discussion will be moderated by Kate Stewart.</p>", {"Kate Stewart"}),
        ("-Moderated by Dan Brown, Director of Communications, Linux Foundation Energy</p>", {"Dan Brown"}),
        ("Moderator: Ann Lee", {"Ann Lee"}),
        ("Moderation:\n  Ann Lee", {"Ann Lee"}),
        ("Moderation: Ann Lee\nPanel: Bo Chen", {"Ann Lee"}),
        ("Table ronde modérée par Élise Dupont.", {"Élise Dupont"}),
        ("Mesa redonda moderada por Ann Lee", {"Ann Lee"}),
        ("Podiumsdiskussion, moderiert von Bo Chen", {"Bo Chen"}),
        ("Moderated by Ann Lee and Bo Chen, with Dan Brown", {"Ann Lee", "Bo Chen"}),
        ("With Ann Lee (moderator) and Bo Chen", {"Ann Lee"}),
        ("Bo Chen, Moderatorin", {"Bo Chen"}),
        ("Content moderation at scale; moderator tools.", set()),
        ("Moderator: Ann Leeson", set()),  # a longer name is another person
        ("hosted by KATE STEWART", {"Kate Stewart"}),
    ],
)
def test_moderators_are_found(text, expected):
    assert moderators_named([text], NAMES) == expected


ADVERSARIAL = [
    "\n" * 1_000_000,
    " " * 1_000_000,
    ":" * 1_000_000,
    "moderated by " * 80_000,
    "Moderator: " * 100_000,
    ("\n" * 1000 + " " * 1000 + ":" * 1000 + "moderated by " * 100) * 250,
    "".join(f"moderated by Ann Lee, {i:06d} " for i in range(35_000)),
    "Ann Lee " * 130_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_a_megabyte_of_adversarial_text_is_fast(text):
    assert len(text) >= 1_000_000
    start = time.perf_counter()
    moderators_named([text], NAMES)
    assert time.perf_counter() - start < 0.9


def test_a_csv_with_huge_adversarial_cells_reads_fast(tmp_path):
    # Runs of newlines, spaces and colons in quoted cells used to make the speaker and moderator patterns
    # quadratic (a 20 KB file took 24 s).
    junk = ("\n" * 5000 + " " * 5000 + ":" * 5000 + "moderated by " * 1000) * 3
    rows = [f'S{i},"Ann Lee{chr(10) * 2000}{" " * 2000}; Bo Chen","{junk}"' for i in range(10)]
    path = tmp_path / "slow.csv"
    path.write_text("Session,Speakers,Abstract\n" + "\n".join(rows) + "\n", encoding="utf-8")
    from genderlens.config import Config
    from genderlens.default_plugins.csv_adapter import CsvAdapter

    start = time.perf_counter()
    [event] = CsvAdapter().load(str(path), Config())
    assert time.perf_counter() - start < 2
    assert [p.person.name for p in event.sessions[0].participants] == ["Ann Lee", "Bo Chen"]


def test_spreadsheet_abstracts_and_titles_name_moderators(tmp_path):
    from genderlens.config import Config
    from genderlens.default_plugins.csv_adapter import CsvAdapter
    from genderlens.model import Role

    text = (
        "Session,Role,Name,Abstract\n"
        'P1,Speaker,Ann Lee,"-Moderated by Bo Chen, Director of Things"\n'
        'P1,Speaker,Bo Chen,"-Moderated by Bo Chen, Director of Things"\n'
        '"Roundtable moderated by Cy Diaz",Speaker,Cy Diaz,\n'
        'P3,Chair,Di Eng,"Moderator: Di Eng"\n'
    )
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    [event] = CsvAdapter().load(str(path), Config())
    roles = {p.person.name: p.role for p in event.all_participants()}
    assert roles == {
        "Ann Lee": Role.SPEAKER,
        "Bo Chen": Role.MODERATOR,
        "Cy Diaz": Role.MODERATOR,
        "Di Eng": Role.CHAIR,
    }
