"""Parsers for single cells: people lists, roles, session kinds, dates, times and durations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular.vocabulary import ROLE_VALUES, normalise

ID_PREFIX = re.compile(r"^\s*\d+\s*:\s*")
"""An id before a name: ``"10:Konrad Meier"``."""
ROLE_PREFIX = re.compile(r"^\s*([^:]{2,30}?)\s*:\s*(.+)$", re.DOTALL)
"""A role before a name: ``"Moderation: Cy Diaz"``."""
_MULTI_HARD = re.compile(r"\s*(?:;|\||\n| & | und | et | y )\s*")


def split_people(cell: str, *, commas: Literal["split", "affiliation"] = "split") -> list[tuple[str, str | None]]:
    """Split a cell that may hold several people into ``(name, affiliation)`` pairs.

    ``;``, ``|``, line breaks and ``&`` always separate people. With ``commas="split"`` a comma separates
    people only when every part has a space (``"Ann Lee, Bo Chen"``), so ``"Lovelace, Ada"`` stays one
    person. With ``commas="affiliation"``, for sheets with one person per cell, what follows the first
    comma is the person's affiliation or function (``"Dr. Elke Löffler, Geschäftsführerin ..."``).
    """
    out: list[tuple[str, str | None]] = []
    for part in (p for p in _MULTI_HARD.split(cell) if p.strip()):
        bits = [c.strip() for c in part.split(",") if c.strip()]
        if commas == "affiliation" and len(bits) > 1:
            out.append((bits[0], ", ".join(bits[1:])))
        elif len(bits) > 1 and all(" " in c for c in bits):
            out.extend((b, None) for b in bits)
        else:
            out.append((part.strip(), None))
    return out


_TITLE_KIND = re.compile(
    r"^\s*(keynote|panel|podiumsdiskussion|podium|round ?table|table ronde|mesa redonda|workshop|atelier|taller)\s*:",
    re.IGNORECASE,
)


def title_kind(title: str | None) -> str | None:
    """A session kind stated as a title prefix: ``"Podiumsdiskussion: ..."`` -> ``"Podiumsdiskussion"``."""
    m = _TITLE_KIND.match(title or "")
    return m.group(1) if m else None


def parse_role(value: str, *, source: str, line: int, header: str) -> Role:
    """A ``role`` cell as a :class:`Role`."""
    role = ROLE_VALUES.get(normalise(value))
    if role is None:
        known = ", ".join(r.value for r in Role)
        msg = f"unknown role {value!r} (expected one of: {known}, or a synonym)"
        raise AdapterError(msg, source=source, line=line, field=header)
    return role


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I %p", "%H.%M", "%Hh%M", "%HH%M")
_AMPM = re.compile(r"\b([ap])\.?\s*m\.?$", re.IGNORECASE)


def parse_date(value: str) -> dt.date | None:
    """A calendar date in ISO or day-first notation, or ``None`` when it is not one."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


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
        d, t = parse_date(head), parse_time(tail) if tail else None
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
