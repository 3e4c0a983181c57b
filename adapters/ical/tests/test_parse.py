from __future__ import annotations

import pytest
from genderlens_ical.parse import (
    FoundPerson,
    keynote_name,
    last_first,
    people_from_summary,
    speakers_from_description,
    split_top_level,
)

from genderlens.model import Role


def test_speakers_line_indico_format():
    text = "Speakers: Grace Hopper (US Navy), Alan Turing (NPL), Kim Doe\n\nHow balanced are our panels?"
    assert speakers_from_description(text) == [
        FoundPerson("Grace Hopper", Role.SPEAKER, "US Navy"),
        FoundPerson("Alan Turing", Role.SPEAKER, "NPL"),
        FoundPerson("Kim Doe", Role.SPEAKER, None),
    ]


def test_speakers_line_affiliation_with_comma_stays_one_person():
    found = speakers_from_description("Speakers: Ada Lovelace (University of London, UK)")
    assert found == [FoundPerson("Ada Lovelace", Role.SPEAKER, "University of London, UK")]


def test_speakers_line_legacy_last_first():
    text = "Speakers: Hopper, Grace (US Navy), Turing, Alan, Doe, Kim (CERN)\nabstract"
    names = [p.name for p in speakers_from_description(text, last_name_first=True)]
    assert names == ["Grace Hopper", "Alan Turing", "Kim Doe"]


def test_no_speakers_line():
    assert speakers_from_description("Just an abstract.\nWith two lines.") == []


def test_speakers_line_not_at_start_of_a_line_is_ignored():
    assert speakers_from_description("We thank our Speakers: all of them") == []


@pytest.mark.parametrize(
    ("summary", "names", "role", "kind"),
    [
        ("Python's Infamous GIL (talk by Larry Hastings)", ["Larry Hastings"], Role.SPEAKER, "talk"),
        ("Games (talk by Safe Hammad & Fiona Burrows)", ["Safe Hammad", "Fiona Burrows"], Role.SPEAKER, "talk"),
        ("Nukes (talk by Babak Khataee and Dan Milburn)", ["Babak Khataee", "Dan Milburn"], Role.SPEAKER, "talk"),
        ("Security (workshop by Peter Inglesby)", ["Peter Inglesby"], Role.SPEAKER, "workshop"),
        ("Future of X (panel by Ann A & Bob B & Cy C)", ["Ann A", "Bob B", "Cy C"], Role.PANELIST, "panel"),
        ("Keynote: Daniele Procida Power (talk by Daniele Procida)", ["Daniele Procida"], Role.KEYNOTE, "keynote"),
        ("Keynote: Naomi Ceder - Confessions of a True Impostor", ["Naomi Ceder"], Role.KEYNOTE, "keynote"),
        ("Keynote: Van Lindberg, PSF Chair", ["Van Lindberg"], Role.KEYNOTE, "keynote"),
        (
            "Keynote: Dr Simon Sheridan Landing on a comet: From planning",
            ["Dr Simon Sheridan"],
            Role.KEYNOTE,
            "keynote",
        ),
        ("Discussion (panel by Discussion: From data to dissemination: publications)", [], Role.PANELIST, "panel"),
        ("Lunch", [], None, None),
        ("Workshop Room Setup)", [], None, None),
    ],
)
def test_people_from_summary(summary, names, role, kind):
    people, found_kind = people_from_summary(summary)
    assert [p.name for p in people] == names
    assert all(p.role is role for p in people)
    assert found_kind == kind


def test_by_clause_affiliation_after_comma():
    people, _ = people_from_summary("Research (talk by Sarah Mount, University of Wolverhampton)")
    assert people == [FoundPerson("Sarah Mount", Role.SPEAKER, "University of Wolverhampton")]


def test_keynote_placeholder_gives_nobody():
    assert keynote_name("TBA") is None


def test_last_first_and_split():
    assert last_first("Hopper, Grace") == "Grace Hopper"
    assert last_first("Grace Hopper") == "Grace Hopper"
    assert split_top_level("A (x, y), B, C (z)") == ["A (x, y)", "B", "C (z)"]
