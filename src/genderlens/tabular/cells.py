"""Parsers for single cells: people lists, roles, session kinds, dates, times and durations."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Literal, TypeVar

from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular.vocabulary import IGNORE, ROLE_VALUES, SKIP_NAMES, normalise

ID_PREFIX = re.compile(r"^\s*\d+\s*:\s*")
"""An id before a name: ``"10:Konrad Meier"``."""
ROLE_PREFIX = re.compile(r"^\s{0,3}([^:]{2,30}?)\s{0,3}:\s*(.+)$", re.DOTALL)
"""A role before a name: ``"Moderation: Cy Diaz"``."""
# Every pattern over cell text is linear-time: fixed separators, bounded repeats, no nested quantifiers.
_HARD = re.compile(r"[;|\n\r\u3001\uff1b]| & | \+ ")
"""Always between people: ``;``, ``|``, line breaks, ``、``, `` & ``."""
_AND = re.compile(r" (?:and|und|et|и|and/or) ", re.IGNORECASE)
"""Between people: ``and`` in English, German, French, Russian."""
_AND_BETWEEN_NAMES = re.compile(r" (?:y|e) ")
"""``y`` and ``e`` join people (Spanish, Portuguese, Italian) but also one person's surnames (``Ortega y Gasset``)."""
_ET_AL = re.compile(
    r"(?:^|[\s,;])(?:et\.? ?al(?:ii|ia)?\.?|and others|& others|and more|u\. ?a\.|usw\.?|etc\.?)[\s.]{0,3}$",
    re.IGNORECASE,
)
"""``et al.``, ``et. al.``, ``and others``, ``u.a.`` at the end of a list: nobody in particular."""
_CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u00b7\u30fb]{1,20}$")
_NOBODY = re.compile(
    r"^(?:et\.? ?al(?:ii|ia)?\.?|and others|others|u\. ?a\.|usw\.?|etc\.?|t\.?b\.?[adc]\.?|n\.? ?n\.?"
    r"|to be (?:announced|confirmed|determined)|\?+|-+|n/?a|none|various|diverse|divers)$",
    re.IGNORECASE,
)


def is_nobody(name: str) -> bool:
    """Whether a name cell (or a part of one) names nobody: ``TBA``, ``et al.``, ``N.N.``, ``u.a.``, blank."""
    text = name.strip()
    return not text or (len(text) <= 40 and (_NOBODY.match(text) is not None or normalise(text) in SKIP_NAMES))


def _full_name(part: str) -> bool:
    """Two or more words, not all initials (``Ana Silva``, not ``Ana`` nor ``Y.``)."""
    words = part.split()
    return len(words) >= 2 and any(len(w.rstrip(".")) > 1 for w in words)


def _split_words(part: str) -> list[str]:
    """Split ``part`` on a spelt-out "and" (``Ann Lee and Bo Chen``, ``张三和李四``)."""
    pieces = [p.strip() for p in _AND.split(part) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        bits = [b.strip() for b in _AND_BETWEEN_NAMES.split(piece)]
        if len(bits) > 1 and all(_full_name(b) for b in bits):
            out.extend(bits)
        elif "\u548c" in piece and _CJK_NAME.match(piece):
            # 和 ("and") joins Chinese names; each side must still be a name of two or more characters.
            halves = piece.split("\u548c")
            out.extend(halves if all(len(h) >= 2 for h in halves) else [piece])
        else:
            out.append(piece)
    return out


def split_people(cell: str, *, commas: Literal["split", "affiliation"] = "split") -> list[tuple[str, str | None]]:
    """Split a cell that may hold several people into ``(name, affiliation)`` pairs.

    ``;``, ``|``, line breaks, ``、`` and ``&`` always separate people, and so do ``and``, ``und``,
    ``et`` and ``и`` between spaces; ``y`` and ``e`` separate people only when both sides are full names
    (``José Ortega y Gasset`` is one person), and ``和`` only between Chinese names. A trailing ``et
    al.`` or ``and others`` names nobody. With ``commas="split"`` a comma separates people only when
    every part has a space (``"Ann Lee, Bo Chen"``) or every part is a CJK name (``"张三,李四"``), so
    ``"Lovelace, Ada"`` stays one person. With ``commas="affiliation"``, for sheets with one person per
    cell, what follows the first comma is the person's affiliation or function (``"Dr. Elke Löffler,
    Geschäftsführerin ..."``).
    """
    text = cell.replace("\uff0c", ",")
    m = _ET_AL.search(text)
    if m is not None:
        text = text[: m.start()]
    out: list[tuple[str, str | None]] = []
    for part in (p.strip() for p in _HARD.split(text)):
        if not part:
            continue
        if commas == "affiliation":
            name, _, affiliation = part.partition(",")
            names = _split_words(name.strip()) if name.strip() else []
            out.extend((n, affiliation.strip() or None) for n in names)
            continue
        for piece in _split_words(part):
            bits = [c.strip() for c in piece.split(",") if c.strip()]
            if len(bits) > 1 and (all(" " in c for c in bits) or all(_CJK_NAME.match(c) for c in bits)):
                out.extend((b, None) for b in bits)
            else:
                out.append((piece.strip(" ,"), None))
    return [(n, a) for n, a in out if n]


_TITLE_KIND = re.compile(
    r"^\s*(keynote|panel|podiumsdiskussion|podium|round ?table|table ronde|mesa redonda|workshop|atelier|taller)\s*:",
    re.IGNORECASE,
)


def title_kind(title: str | None) -> str | None:
    """A session kind stated as a title prefix: ``"Podiumsdiskussion: ..."`` -> ``"Podiumsdiskussion"``."""
    m = _TITLE_KIND.match(title or "")
    return m.group(1) if m else None


def parse_role(value: str, *, source: str, line: int, header: str) -> Role:
    """A ``role`` cell as a :class:`Role` (built-in words only; see :class:`RoleReader` for codes)."""
    role = RoleReader({}).parse(value, source=source, line=line, header=header)
    assert role is not None  # noqa: S101 (no codes, so nothing is ignored)
    return role


class RoleReader:
    """Reads ``role`` cells: the settings' role codes first, then the built-in role words.

    A code maps to a role or a synonym (``c = "chair"``, ``d = "discussant"``, which counts as a
    panelist) or to ``"ignore"``, which leaves the row out (``a = "ignore"`` for absentees).
    """

    def __init__(self, codes: dict[str, str], *, settings: str | None = None) -> None:
        """Check ``codes`` (from ``[tool.genderlens.role_codes]`` in ``settings``).

        Raises:
            AdapterError: A code maps to something that is neither a role nor ``"ignore"``.
        """
        self.codes: dict[str, Role | None] = {}
        for code, meaning in codes.items():
            key = normalise(meaning)
            if key == IGNORE:
                self.codes[normalise(code)] = None
                continue
            role = ROLE_VALUES.get(key) or next((r for r in Role if r.value == meaning), None)
            if role is None:
                known = ", ".join(r.value for r in Role)
                msg = f"role_codes.{code}: unknown role {meaning!r} (expected one of: {known}, a synonym, or ignore)"
                raise AdapterError(msg, source=settings or "settings")
            self.codes[normalise(code)] = role

    def has_code(self, value: str) -> bool:
        """Whether the settings give ``value`` a meaning."""
        return normalise(value) in self.codes

    def parse(self, value: str, *, source: str, line: int, header: str) -> Role | None:
        """The role ``value`` names, or ``None`` for a code the settings ignore.

        Raises:
            AdapterError: An unknown value, naming file, line and column, and the setting to map it.
        """
        key = normalise(value)
        if key in self.codes:
            return self.codes[key]
        role = ROLE_VALUES.get(key) or next((r for r in Role if r.value == key.replace(" ", "_")), None)
        if role is None:
            known = ", ".join(r.value for r in Role)
            code = value.strip()[:30]
            msg = (
                f"unknown role {code!r} ({known} or a synonym; or map it: "
                f'[tool.genderlens.role_codes] {json.dumps(code)} = "chair" or "ignore")'
            )
            raise AdapterError(msg, source=source, line=line, field=header)
        return role


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I %p", "%H.%M", "%Hh%M", "%HH%M")
_AMPM = re.compile(r"\b([ap])\.?\s{0,3}m\.?$", re.IGNORECASE)
_T = TypeVar("_T")


def _per_value(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    """Remember what ``parse`` made of the last 1,024 short cells (dates and times repeat down a column).

    ``strptime`` keeps only six compiled formats, so trying ours one by one recompiles a pattern on
    nearly every call (~50 us each). Cells longer than 64 characters are parsed each time, so that a
    hostile file cannot fill the cache with large strings.
    """
    remembered = functools.lru_cache(maxsize=1024)(parse)

    @functools.wraps(parse)
    def wrapper(value: str) -> _T:
        return remembered(value) if len(value) <= 64 else parse(value)

    return wrapper


@_per_value
def parse_date(value: str) -> dt.date | None:
    """A calendar date in ISO or day-first notation, or ``None`` when it is not one."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@_per_value
def parse_time(value: str) -> dt.time | None:
    """A clock time (``14:30``, ``2:00 p.m.``), or ``None``."""
    text = _AMPM.sub(lambda m: f" {m.group(1).upper()}M", value.strip())
    text = re.sub(r"\s+", " ", text)
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    if text.endswith(" AM") and text.startswith(("0:", "00:")):
        return parse_time(text[:-3])  # "0:00 a.m.": midnight written with a 24-hour clock
    return None


def parse_when(value: str, day: dt.date | None, *, source: str, line: int, header: str) -> dt.datetime:
    """A start or end: a full date-time, or a time on ``day``."""
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    for sep in ("T", " "):
        head, _, tail = text.partition(sep)
        if not tail:
            continue
        d, t = parse_date(head), parse_time(tail)
        if d is not None and t is not None:
            return dt.datetime.combine(d, t)
    t = parse_time(text)
    if t is not None:
        return dt.datetime.combine(day or dt.date(1970, 1, 1), t)
    d = parse_date(text)
    if d is not None:
        return dt.datetime.combine(d, dt.time())
    msg = f"cannot read {value!r} as a date or time (e.g. 2026-07-07 09:30, or 09:30 with a date column)"
    raise AdapterError(msg, source=source, line=line, field=header)


_HMS = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
_ISO_DURATION = re.compile(r"^P?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?$", re.IGNORECASE)


def parse_duration(value: str, *, source: str, line: int, header: str) -> float:
    """Minutes from ``90``, ``1:30``, ``01:30:00`` or ``PT1H30M``."""
    text = value.strip().replace(",", ".")
    try:
        minutes = float(text)
    except ValueError:
        m = _HMS.match(text)
        if m:
            return int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3) or 0) / 60
        m = _ISO_DURATION.match(text)
        if m and (m.group(1) or m.group(2)):
            return float(m.group(1) or 0) * 60 + float(m.group(2) or 0)
    else:
        if minutes >= 0:
            return minutes
    msg = f"cannot read {value!r} as a duration (minutes, H:MM or PT1H30M)"
    raise AdapterError(msg, source=source, line=line, field=header)
