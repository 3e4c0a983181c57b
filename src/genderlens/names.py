"""People's names: the titles that lead them, and the key that tells one person from another by name.

One person is written many ways in one programme: ``"Ms Ann Lee"``, ``"Ann Lee"``, ``"Lee, Ann"``,
``"Dr. Ann Lee"``, ``"ANN LEE (ITU)"``. :func:`person_key` gives all of them the key ``name:ann lee``, so
that the one-person-one-gender rule (:mod:`genderlens.resolve`) and the head counts see one person. It
never matches initials: ``"A. Lee"`` is not ``"Ann Lee"`` by name; only an e-mail address the two share
can make them one (:func:`may_be_same_person` says when the names allow it). The title stays on the
:class:`~genderlens.model.Person` (its display name and ``title``): only the key drops it.
"""

from __future__ import annotations

import re
import unicodedata

from genderlens.answers import normalise
from genderlens.default_plugins.titles import NAMES_TOO, NEUTRAL_TITLES, TITLE_LOOKUP

#: Academic and professional titles that lead a name and say nothing about gender:
#: "Prof. Dr.", "Dr.-Ing.", "Dr. rer. nat.", "Dipl.-Inf.", "PD Dr.", "Prof. em.", "Mag.", "MSc".
ACADEMIC_TITLE = re.compile(
    r"(?:(?:prof|dr|pd|dipl|mag|ing)\.?(?:-[a-zäöü]{2,6}\.?)*|(?:em|apl|jun|rer|nat|phil|med|habil|techn|oec|h\.\s?c)\."
    r"|msc|m\.sc\.|bsc|b\.sc\.|phd|ph\.d\.)(?=\s|$)\s*",
    re.IGNORECASE,
)
#: Neutral titles that are also names ("He Wei", "Eng Lim"): dropped only when written with a dot
#: ("H.E.", "Eng.") or followed by another title ("HE Ms Amina Okafor").
_NAMES_TOO_NEUTRAL = frozenset({"he", "eng"})
#: Degrees that may follow a name after a comma and are dropped like a leading title: "Ann Lee, PhD".
#: Not "MA", "BA" or "MD": also names ("Ma Jun", "Md Rahman").
_DEGREES = frozenset({"phd", "mba", "msc", "bsc", "esq"})
#: Suffixes that tell a son from his father: "John Smith, Jr." is kept as written, never turned round.
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Titles read before a name at most ("H.E. Prof. Dr. Ms" is four): the rest of a longer run stays.
_MAX_TITLES = 8
_PARENS = re.compile(r"\s*\([^)]*\)")
_SPACE = re.compile(r"\s+")
#: A word of letters, with single dots, hyphens or apostrophes between them ("Jean-Luc", "O'Neil", "A.").
#: Each group starts with exactly one mark, so a run of marks has one reading only: linear time.
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[.'’-][^\W\d_]*)*$")


def _title_word(word: str) -> str | None:
    """``word`` normalised when it is a title that may lead a name, else ``None`` (``"Mr,"`` is a surname)."""
    if word.endswith(","):
        return None
    key = normalise(word)
    if (key in TITLE_LOOKUP or key in NEUTRAL_TITLES) and key not in NAMES_TOO:
        return key
    return None


def strip_titles(name: str) -> str:
    """``name`` without the honorifics and academic titles that lead it (``"H.E. Ms Dr. Ann Lee"`` -> ``"Ann Lee"``).

    Titles that are also names (``"Don"``, ``"Pan"``, ``"M."``) stay. A name that is nothing but titles
    is kept whole.
    """
    words = name.split()
    pos = 0
    while pos < min(len(words) - 1, _MAX_TITLES):
        rest = " ".join(words[pos : pos + 2])  # one title at a time: "H. c." is the longest, two words
        m = ACADEMIC_TITLE.match(rest)
        if m is not None and m.end() > 0:
            taken = len(m.group().split())
            if pos + taken < len(words):
                pos += taken
                continue
            break
        key = _title_word(words[pos])
        if key is None:
            break
        if key in _NAMES_TOO_NEUTRAL and "." not in words[pos] and _title_word(words[pos + 1]) is None:
            break
        pos += 1
    return " ".join(words[pos:])


def _name_like(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


def _turned(text: str) -> str:
    """``"Lee, Ann"`` -> ``"Ann Lee"``, ``"Ann Lee, PhD"`` -> ``"Ann Lee"``; others (``"Bo Chen, Jr."``) unchanged.

    Only a text with exactly one comma whose two sides both look like names (one to four words of letters)
    is turned round, so ``"Lee, Ann, ITU"`` and ``"Ann Lee, 2nd floor"`` stay as they are.
    """
    last, sep, first = text.partition(",")
    if not sep or "," in first:
        return text
    last, first = last.strip(), strip_titles(first.strip())
    if not _name_like(last) or not _name_like(first):
        return text
    if all(normalise(w) in _DEGREES or ACADEMIC_TITLE.fullmatch(w) for w in first.split()):
        return last
    if any(normalise(w) in _GENERATIONS for w in first.split()):
        return text
    return f"{first} {last}"


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of ``text``: ``" Hélène  DUBOIS"`` -> ``"helene dubois"``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _SPACE.sub(" ", folded).strip()


def person_key(name: str | None, *, fallback: str) -> str:
    """A key identifying a person by name, the same for every way a programme writes that name.

    Ignores what is in parentheses after a full name (``"Ann Lee (ITU)"``, but not ``"Lukas (veti)"``),
    leading honorifics and academic titles (:data:`~genderlens.default_plugins.titles.TITLE_LOOKUP`,
    ``NEUTRAL_TITLES`` and :data:`ACADEMIC_TITLE`), and case, accents and spacing; reads ``"Last, First"``
    as ``"First Last"``.
    Initials are kept as written: ``"A. Lee"`` and ``"Ann Lee"`` get different keys.

    Args:
        name: Display name; ``None`` or blank uses ``fallback``.
        fallback: Key for people without a name (e.g. ``"row-12"``).
    """
    if not name or not name.strip():
        return fallback
    text = _SPACE.sub(" ", name).strip()
    bare = _SPACE.sub(" ", _PARENS.sub("", text)).strip()
    if len(bare.split()) >= 2:  # "Lukas (veti)" and "Lukas (mx)" may be two people: handles stay
        text = bare
    return "name:" + fold(_turned(strip_titles(text)))


def may_be_same_person(a: str, b: str) -> bool:
    """Whether two names can be one person's, told apart by something else (an e-mail address they share).

    The same key, or the same family name (last word) and first given names that agree where one is an
    initial: ``"Ms Ann Lee"`` / ``"A. Lee"`` yes; ``"Ann Lee"`` / ``"Bo Chen"`` or ``"Ann"`` / ``"Ann Lee"`` no.
    """
    ka, kb = person_key(a, fallback=""), person_key(b, fallback="")
    if ka and ka == kb:
        return True
    wa, wb = ka.removeprefix("name:").split(), kb.removeprefix("name:").split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    ga, gb = wa[0].rstrip("."), wb[0].rstrip(".")
    if not ga or not gb:
        return False
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return ga == gb
