"""Pure text heuristics that find people in calendar text: no I/O, no icalendar objects.

Three conventions are recognised, all seen in real programmes:

* Indico's ``DESCRIPTION`` starts with ``Speakers: Grace Hopper (US Navy), Alan Turing (NPL)``; Indico's
  legacy ``/export`` writes ``Speakers: Hopper, Grace (US Navy)`` ("Last, First") instead;
* PyCon UK's ``SUMMARY`` ends with ``(talk by A & B)``, ``(workshop by X)``, ``(panel by ...)``,
  ``(demo by X, Affiliation)``;
* ``SUMMARY: Keynote: Name - Title`` names a keynote speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genderlens.model import Role

#: Words after which a name is not a person but a role or an affiliation ("Van Lindberg, PSF Chair").
_NAME_STOP = re.compile(r"\s+[-–—]\s+|,|:|;|\(")
_TITLES = frozenset({"dr", "dr.", "prof", "prof.", "professor", "sir", "dame", "ms", "mr", "mrs", "mx", "miss"})
_BY_CLAUSE = re.compile(r"\((?P<kind>[A-Za-z][A-Za-z -]{0,30}?) by (?P<who>[^()]+)\)\s*$")
_KEYNOTE = re.compile(r"^\s*keynote\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
# Linear on any text: [ \t]* rather than \s* after ^ (a run of blank lines would make every ^ rescan it),
# and the names run to the end of the line ([^\n]*), stripped afterwards rather than by a lazy group.
_SPEAKERS_LINE = re.compile(
    r"^[ \t]*(?:speakers?|presenters?|speaker\(s\))[ \t]*:(?P<who>[^\n]*)", re.IGNORECASE | re.MULTILINE
)
_AND = re.compile(r"\s*(?:&|\band\b|\+)\s*")
_AFFILIATION = re.compile(r"^(?P<name>.*?)\s*\((?P<affiliation>[^()]*)\)\s*$")
#: A name is at most this many words; longer text is a title, not a person.
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class FoundPerson:
    """A person found in free text: a display name, maybe an affiliation, and a role."""

    name: str
    role: Role
    affiliation: str | None = None


_KIND_ROLES = {
    "panel": Role.PANELIST,
    "keynote": Role.KEYNOTE,
    "moderated": Role.MODERATOR,
}


def is_email(text: str) -> bool:
    """True when ``text`` is an e-mail address (with or without ``mailto:``), not a name."""
    # No regex: "a@" followed by a long run of dots and a space made the obvious pattern quadratic.
    local, at, domain = strip_mailto(text).partition("@")
    if not at or not local or "@" in domain or any(c.isspace() for c in local + domain):
        return False
    head, dot, tail = domain.rpartition(".")
    return bool(dot and head and tail)


def strip_mailto(text: str) -> str:
    """``"MAILTO:A@example.com"`` -> ``"A@example.com"``: the scheme is case-insensitive."""
    text = text.strip()
    return text[7:] if text[:7].lower() == "mailto:" else text


def clean_name(text: str) -> str | None:
    """Collapse spacing and strip quotes and punctuation around a name; ``None`` when nothing is left."""
    # Escaped newlines left in a parameter ("Fratepietro\\n") are noise, not part of the name.
    name = " ".join(re.sub(r"\\[nN]", " ", text).split()).strip(' ".,;')
    if len(name) > 1 and name[0] == name[-1] == "'":
        name = name[1:-1].strip()
    return name or None


def is_plausible_name(name: str) -> bool:
    """Reject placeholders and titles that sit where a name should be (``"Discussion: From data..."``)."""
    if ":" in name or len(name.split()) > MAX_NAME_WORDS:
        return False
    return name.casefold() not in {"tba", "tbd", "tbc", "n/a", "none", "various", "discussion"}


def last_first(name: str) -> str:
    """``"Hopper, Grace"`` -> ``"Grace Hopper"``; names without a comma are returned unchanged."""
    last, sep, first = name.partition(",")
    if not sep or not first.strip():
        return name.strip()
    return f"{first.strip()} {last.strip()}"


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split ``text`` on ``sep`` outside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _with_affiliation(chunk: str) -> tuple[str, str | None]:
    match = _AFFILIATION.match(chunk)
    if match and match.group("name").strip():
        return match.group("name"), match.group("affiliation").strip() or None
    return chunk, None


def speakers_from_description(description: str, *, last_name_first: bool = False) -> list[FoundPerson]:
    """People on a ``Speakers: ...`` line (Indico's iCalendar export).

    Args:
        description: The decoded DESCRIPTION text.
        last_name_first: Names are written "Last, First (Affiliation)", as Indico's legacy ``/export``
            iCalendar does; commas then separate a last name from a first name, not two people.

    Returns:
        The speakers in order; empty when there is no such line.
    """
    match = _SPEAKERS_LINE.search(description)
    if match is None:
        return []
    chunks = [" ".join(chunk.split()) for chunk in split_top_level(match.group("who"))]
    if last_name_first:
        # Regroup "Last", "First (Affil)" into one person: a person ends at its affiliation or after two parts.
        grouped: list[str] = []
        pending: list[str] = []
        for chunk in chunks:
            pending.append(chunk)
            if chunk.endswith(")") or len(pending) == 2:
                grouped.append(", ".join(pending))
                pending = []
        if pending:
            grouped.append(", ".join(pending))
        chunks = grouped
    found = []
    for chunk in chunks:
        raw, affiliation = _with_affiliation(chunk)
        name = clean_name(last_first(raw) if last_name_first else raw)
        if name and is_plausible_name(name):
            found.append(FoundPerson(name=name, role=Role.SPEAKER, affiliation=affiliation))
    return found


def people_from_summary(summary: str) -> tuple[list[FoundPerson], str | None]:
    """People named in a SUMMARY, and the kind of item it announces.

    ``"Title (talk by A & B)"`` gives speakers A and B and kind ``talk``; ``(panel by ...)`` gives
    panelists; ``"Keynote: Name - Title"`` gives a keynote speaker and kind ``keynote``. A by-clause
    that holds a title rather than names (``"(panel by Discussion: ...)"``) gives nobody.

    Returns:
        ``(people, kind)``; kind is ``None`` when the summary follows no known convention.
    """
    keynote = _KEYNOTE.match(summary)
    by = _BY_CLAUSE.search(summary)
    if by is not None:
        kind = by.group("kind").strip().lower()
        role = Role.KEYNOTE if keynote else _KIND_ROLES.get(kind, Role.SPEAKER)
        people = []
        for part in _AND.split(by.group("who")):
            raw, _, affiliation = part.partition(",")
            name = clean_name(raw)
            if name and is_plausible_name(name):
                people.append(FoundPerson(name=name, role=role, affiliation=clean_name(affiliation)))
        return people, "keynote" if keynote else kind
    if keynote:
        name = keynote_name(keynote.group("rest"))
        return ([FoundPerson(name=name, role=Role.KEYNOTE)] if name else []), "keynote"
    return [], None


def speakers_from_pretalx_summary(summary: str) -> tuple[str, list[FoundPerson]]:
    """The title and speakers of a pretalx iCalendar SUMMARY, ``"Title - Speaker A, Speaker B"``.

    Titles may contain " - " themselves (``"Zero or Hero? - Assessing ... - Amanda J Hogan"``), so the
    speakers are what follows the last " - ". A summary without " - " is a title alone (a break, or a
    talk without speakers). Parts that cannot be names (too many words, a colon) give nobody.

    Returns:
        The title without the speakers, and the speakers in order.
    """
    if summary.endswith(" -"):  # pretalx writes "Title - " for an item without speakers
        return summary[:-2].strip() or summary, []
    title, sep, who = summary.rpartition(" - ")
    if not sep or not title.strip():
        return summary, []
    names = [clean_name(part) for part in who.split(",")]
    if not names or any(n is None or not is_plausible_name(n) for n in names):
        return summary, []
    return title.strip(), [FoundPerson(name=n, role=Role.SPEAKER) for n in names if n]


_ANGLE_ADDRESS = re.compile(r"<[^<>]*>")


def clean_cn(text: str) -> str | None:
    """A CN parameter as a display name, or ``None`` when it holds only an address.

    ``"mailto:a@example.org"`` and ``"a@example.org"`` are no name; ``"Jane Doe <jane@example.org>"`` is
    Jane Doe; quotes and escaped newlines are dropped.
    """
    name = clean_name(_ANGLE_ADDRESS.sub(" ", text))
    if name is None:
        return None
    name = clean_name(strip_mailto(name))
    if name is None or is_email(name) or name.casefold() in {"mailto", "mailto:"}:
        return None
    return name


def keynote_name(rest: str) -> str | None:
    """The speaker at the start of ``"Keynote: ..."``.

    The name ends at a dash, comma, colon or parenthesis (``"Naomi Ceder - Confessions..."``,
    ``"Van Lindberg, PSF Chair"``). When nothing delimits it (``"Dr Simon Sheridan Landing on a
    comet"``), the name is taken to be an optional title plus two words.
    """
    head = _NAME_STOP.split(rest, maxsplit=1)[0]
    words = head.split()
    if not words:
        return None
    if len(words) > 3:
        titled = 1 if words[0].casefold() in _TITLES else 0
        words = words[: titled + 2]
    name = clean_name(" ".join(words))
    return name if name and is_plausible_name(name) else None
