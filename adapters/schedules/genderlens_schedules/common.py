"""Helpers shared by the schedule adapters: session ids, panels, roles and gender answers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from genderlens.adapters import moderators_named
from genderlens.model import Participant, Person, Role
from genderlens_schedules.names import split_titles


def unique_id(ident: str, seen: set[str]) -> str:
    """``ident``, or ``ident#2``, ``ident#3``... when it was seen already (so duplicates never merge)."""
    candidate, n = ident, 1
    while candidate in seen:
        n += 1
        candidate = f"{ident}#{n}"
    seen.add(candidate)
    return candidate


_PANEL_KIND = re.compile(
    r"panel|podium|roundtable|round[ -]table|table ronde|mesa redonda|diskussion|discussion|debate|fishbowl"
    r"|fireside",
    re.IGNORECASE,
)
_PANEL_TITLE = re.compile(
    r"^\s*(panel(?: discussion)?|podium(?:sdiskussion|sgespr[aä]ch)?|round ?table|fishbowl)\s*[:–—-]",
    re.IGNORECASE,
)


def is_panel(kind: str | None, title: str | None = None) -> bool:
    """True when the session type (or a ``Panel:`` prefix of the title) says it is a panel."""
    if kind and _PANEL_KIND.search(kind):
        return True
    return bool(title and _PANEL_TITLE.match(title))


def stated_panel(panel: bool, kind: str | None) -> bool | None:
    """:attr:`Session.panel` as the source states it: ``True`` for a panel, ``False`` when the source gives
    another type (two speakers on a ``Talk`` are not a panel), ``None`` when it gives no type at all."""
    if panel:
        return True
    return False if kind else None


_ROLE_PREFIX = re.compile(
    r"^\s*(moderation|moderator(?:in)?|moderated by|moderiert von|host(?:ed by)?|facilitator|chair(?:ed by)?)"
    r"\s*[:\-–—]?\s+",
    re.IGNORECASE,
)


def split_role_prefix(name: str) -> tuple[str, bool]:
    """Strip a ``"Moderation: "`` style prefix from a person's display name.

    Returns:
        The name without the prefix, and whether a moderator prefix was found.
    """
    m = _ROLE_PREFIX.match(name)
    if m is None:
        return name, False
    rest = name[m.end() :].strip()
    return (rest, True) if rest else (name, False)


_GENDER_WORDS = re.compile(r"\b(gender|geschlecht|genre|g[ée]nero|sexe|sex)\b", re.IGNORECASE)
_PRONOUN_WORDS = re.compile(r"pronoun|pronom|pronomen", re.IGNORECASE)


def question_text(question: Any) -> str | None:
    """The text of a pretalx/Sessionize question: a string, or an i18n dict such as ``{"en": "Gender"}``."""
    if isinstance(question, str):
        return question
    if isinstance(question, Mapping):
        for key in ("question", "title", "text"):
            if key in question:
                return question_text(question[key])
        parts = [v for v in question.values() if isinstance(v, str)]
        return " / ".join(parts) or None
    return None


def is_gender_question(question: str | None) -> bool:
    """True for an explicit gender question; a question about pronouns is not one (pronouns are not gender)."""
    if not question:
        return False
    return bool(_GENDER_WORDS.search(question)) and not _PRONOUN_WORDS.search(question)


def participants(
    people: Iterable[tuple[str, str | None, str | None]],
    *,
    panel: bool,
    moderator_texts: Iterable[str | None] = (),
) -> tuple[Participant, ...]:
    """Participants from ``(key, name, declared_gender)`` triples.

    Everyone is a speaker, or a panelist when ``panel``; a name written ``"Moderation: X"`` or named by a
    ``"Moderation: X"`` line in ``moderator_texts`` is a moderator. A key seen twice is kept once.
    Academic titles leading a name (``"Prof. Dr."``) go to :attr:`Person.title`.

    Args:
        people: Key, display name and self-declared gender answer of each person listed on the session.
        panel: Whether the session is a panel.
        moderator_texts: Free texts of the session (abstract, description) to look for moderator markers.
    """
    cleaned: list[tuple[str, str | None, str | None, str | None, bool]] = []
    for key, name, gender in people:
        marked = False
        title = None
        if name:
            name, marked = split_role_prefix(name)
            title, name = split_titles(name)
        cleaned.append((key, name, gender, title, marked))
    named = moderators_named(list(moderator_texts), [n for _, n, _, _, _ in cleaned if n])
    out: list[Participant] = []
    seen: set[str] = set()
    default = Role.PANELIST if panel else Role.SPEAKER
    for key, name, gender, title, marked in cleaned:
        if key in seen:
            continue
        seen.add(key)
        role = Role.MODERATOR if marked or (name is not None and name in named) else default
        person = Person(key=key, name=name, title=title, declared_gender=gender)
        out.append(Participant(person=person, role=role))
    return tuple(out)
