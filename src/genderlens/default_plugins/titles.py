"""Resolve gender from a title (Ms, Mr, Mx, Mme, Sra, Herr...). Dr, Prof. and H.E. tell nothing."""

from __future__ import annotations

import re

from genderlens.answers import normalise
from genderlens.hookspecs import hookimpl
from genderlens.model import Event, Gender, GenderDecision, GenderSource, Person

_TITLES: dict[Gender, tuple[str, ...]] = {
    Gender.WOMAN: (
        "ms",
        "mrs",
        "miss",
        "madam",
        "madame",
        "mme",
        "mlle",
        "mademoiselle",
        "sra",
        "srta",
        "senora",
        "senorita",
        "dona",
        "frau",
        "dame",
        "lady",
        "sig ra",
        "sig na",
        "signora",
        "signorina",
        "g zha",
        "г-жа",
        "госпожа",
        "السيدة",
        "女士",
        "mevrouw",
        "mevr",
        "pani",
    ),
    Gender.MAN: (
        "mr",
        "mister",
        "monsieur",
        "m",
        "sr",
        "senor",
        "don",
        "herr",
        "hr",
        "sir",
        "lord",
        "sig",
        "signor",
        "signore",
        "g n",
        "г-н",
        "господин",
        "السيد",
        "先生",
        "meneer",
        "dhr",
        "pan",
    ),
    Gender.NONBINARY: ("mx", "misc", "ind"),
}
#: Titles that also are names, initials or name suffixes ("M. Night", "Don Smith", "John Smith Sr"): trusted
#: in a title field but not when they lead a name (normalised).
NAMES_TOO = frozenset({"m", "sr", "don", "pan", "dame", "lady", "lord", "sig"})

#: Titles that say nothing about gender (normalised): skipped before a gendered one, never decisive.
NEUTRAL_TITLES = frozenset({"dr", "prof", "professor", "h e", "he", "amb", "ambassador", "hon", "rev", "eng", "ing"})

TITLE_LOOKUP: dict[str, Gender] = {normalise(t): g for g, titles in _TITLES.items() for t in titles}
_TOKEN = re.compile(r"[^\s,]+")


def parse_title(title: str | None) -> tuple[Gender, str] | None:
    """The gender a title field implies, scanning words so that ``"H.E. Ms"`` gives woman."""
    if not title or not title.strip():
        return None
    whole = TITLE_LOOKUP.get(normalise(title))
    if whole is not None:
        return whole, title.strip()
    for token in _TOKEN.findall(title):
        gender = TITLE_LOOKUP.get(normalise(token))
        if gender is not None:
            return gender, token
    return None


def title_in_name(name: str | None) -> tuple[Gender, str] | None:
    """The gender implied by titles leading a name (``"Ms Rosa Parks"``, ``"Dr. Mme Curie"``)."""
    if not name:
        return None
    for token in _TOKEN.findall(name)[:3]:
        key = normalise(token)
        gender = TITLE_LOOKUP.get(key)
        if gender is not None and key not in NAMES_TOO:
            return gender, token
        if key not in NEUTRAL_TITLES:
            return None
    return None


@hookimpl
def resolve_gender(person: Person, event: Event) -> GenderDecision | None:
    found = parse_title(person.title) or title_in_name(person.name)
    if found is None:
        return None
    gender, detail = found
    return GenderDecision(gender=gender, source=GenderSource.TITLE, confidence=0.95, detail=detail)
