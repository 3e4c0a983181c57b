"""Find the given name in a full name, or say why there is none to use.

Programmes spell names every way: ``"Ada Lovelace"``, ``"Lovelace, Ada"``, ``"LOVELACE Ada"``,
``"Dr. Ada Lovelace (Analytical Engines Ltd)"``, ``"A. Lovelace"``, ``"@ada"``, ``"ITU Secretariat"``.
:func:`given_name` returns the normalised given name only when the order is clear and the name looks like
a person's; otherwise it returns a reason to abstain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from genderlens.default_plugins.titles import NAMES_TOO, NEUTRAL_TITLES, TITLE_LOOKUP


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


_PARENS = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\]|\"[^\"]*\"|“[^”]*”)")
#: Latin letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"})
_WORD = re.compile(r"^[a-z][a-z'-]*$")
_HANDLE = re.compile(r"[@_#/\\0-9]|https?:|\.(?:com|org|net)\b")
#: Words that mark an organisation, a placeholder or a group rather than a person (normalised).
ORGANISATION_WORDS = words(
    """
    university universidad universite universitat college institute institut school academy ministry
    ministere ministerio department office secretariat committee commission council board bureau agency
    authority administration government embassy mission delegation association foundation fondation
    society union federation network alliance coalition consortium partnership initiative programme
    program project centre center lab laboratory group team panel staff members member forum
    company corporation corp inc ltd llc gmbh plc limited organisation organization
    bank fund trust unit division service services nations itu unesco wsis unicef undp
    tbc tbd tba confirmed announced speaker speakers moderator chair panelist panelists various
    guest guests anonymous unknown none
    """
)


@dataclass(frozen=True)
class Parsed:
    """A given name and the surname-like words next to it, or the reason there is none."""

    given: str | None
    others: tuple[str, ...] = ()
    reason: str | None = None


def fold(text: str) -> str:
    """Case-fold and strip accents: ``"Zoë"`` -> ``"zoe"``, ``"Paweł"`` -> ``"pawel"``."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)


def _is_title(word: str) -> bool:
    key = fold(word).strip(".").replace(".", " ").strip()
    return (key in TITLE_LOOKUP or key in NEUTRAL_TITLES) and key not in NAMES_TOO


def given_name(name: str | None) -> Parsed:
    """The normalised given name in ``name`` and the other words, or a reason to abstain.

    Abstains on: no name; handles, e-mail addresses and names with digits; organisation words; a single
    word; more than five words; an initial where the given name should be; an all-capitals name whose order
    (family name first or last) cannot be told; words outside the Latin alphabet.
    """
    if not name or not name.strip():
        return Parsed(None, reason="no name")
    text = _PARENS.sub("", name).strip()  # affiliations, pronouns, quoted nicknames
    if _HANDLE.search(text.casefold()):
        return Parsed(None, reason="handle or address")
    if "," in text:
        last, _, first = text.partition(",")
        if "," in first:
            return Parsed(None, reason="several commas")
        given_words, other_words = first.split(), last.split()
    else:
        words = text.split()
        while words and _is_title(words[0]):
            words = words[1:]
        # Capitals mark a family name only from three letters on: "JR Smith" has initials.
        upper = [w.isupper() and len(w.replace(".", "").strip("-'")) > 2 for w in words]
        if len(words) >= 2 and all(upper):
            return Parsed(None, reason="order unclear (all capitals)")
        if len(words) >= 2 and upper[0] and not any(upper[1:]):
            # "LOVELACE Ada": family name in capitals first.
            cut = next(i for i, u in enumerate(upper) if not u)
            given_words, other_words = words[cut:], words[:cut]
        else:
            given_words, other_words = words[:1], words[1:]
    while given_words and _is_title(given_words[0]):
        given_words = given_words[1:]
    everything = [fold(w).strip(".") for w in (*given_words, *other_words)]
    if any(w in ORGANISATION_WORDS for w in everything) or "&" in text or " and " in f" {fold(text)} ":
        return Parsed(None, reason="organisation or group")
    if not given_words or not other_words:
        return Parsed(None, reason="single word")
    if len(given_words) + len(other_words) > 5:
        return Parsed(None, reason="too many words")
    given = fold(given_words[0])
    if len(given.strip(".")) <= 1 or "." in given or (len(given) <= 2 and given_words[0].isupper()):
        return Parsed(None, reason="initial")
    if not _WORD.match(given):
        return Parsed(None, reason="not a Latin-alphabet name")
    others = tuple(fold(w).strip(".") for w in other_words + given_words[1:])
    return Parsed(given, others=others)
