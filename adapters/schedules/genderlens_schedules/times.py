"""Dates, times of day and durations of schedule exports, checked: an impossible value names its field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from genderlens.errors import AdapterError
from genderlens_schedules.jsonfile import text

_HMS = re.compile(r"^(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?$")
#: The longest session a duration may give: 14 days (a camp, a hackathon); longer is an error.
MAX_DURATION_MINUTES = 14 * 24 * 60


def parse_duration(value: Any, *, source: str, field: str) -> float | None:
    """Minutes from a frab duration ``"HH:MM"`` (or ``"HH:MM:SS"``); ``None`` when absent.

    Raises:
        AdapterError: Not ``HH:MM``, minutes or seconds above 59, or longer than
            :data:`MAX_DURATION_MINUTES` (``inf``, ``999:00``).
    """
    s = text(value)
    if s is None:
        return None
    m = _HMS.match(s)
    if m is None or int(m.group(2)) > 59 or int(m.group(3) or 0) > 59:
        msg = f"cannot read {s[:40]!r} as a duration (HH:MM)"
        raise AdapterError(msg, source=source, field=field)
    minutes = int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3) or 0) / 60
    if minutes > MAX_DURATION_MINUTES:
        msg = f"duration {s!r} is longer than {MAX_DURATION_MINUTES // 1440} days"
        raise AdapterError(msg, source=source, field=field)
    return minutes


def parse_datetime(value: Any, *, source: str, field: str) -> dt.datetime | None:
    """An ISO 8601 date or date-time (``2019-08-21``, ``2020-12-27T11:30:00+01:00``); ``None`` when absent."""
    s = text(value)
    if s is None:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    except ValueError:
        msg = f"cannot read {s[:40]!r} as an ISO date or date-time"
        raise AdapterError(msg, source=source, field=field) from None


def combine(day: dt.datetime | None, clock: Any, *, source: str, field: str) -> dt.datetime | None:
    """The day's date at ``clock`` (``"HH:MM"``); ``None`` when either is missing.

    Hours 24 to 47 fall on the next day (some exports write a night session that way).

    Raises:
        AdapterError: ``clock`` is not ``HH:MM`` with minutes below 60 and hours below 48 (``10:99``).
    """
    s = text(clock)
    if s is None:
        return None
    m = _HMS.match(s)
    if m is None or int(m.group(1)) > 47 or int(m.group(2)) > 59 or int(m.group(3) or 0) > 59:
        msg = f"cannot read {s[:40]!r} as a time of day (HH:MM)"
        raise AdapterError(msg, source=source, field=field)
    if day is None:
        return None
    hours = int(m.group(1))
    try:
        date = day.date() + dt.timedelta(days=hours // 24)
    except OverflowError:
        msg = f"{s!r} on {day.date()} is past the year 9999"
        raise AdapterError(msg, source=source, field=field) from None
    return dt.datetime.combine(date, dt.time(hours % 24, int(m.group(2))), tzinfo=day.tzinfo)


def end_of(start: dt.datetime | None, minutes: float | None, *, source: str, field: str) -> dt.datetime | None:
    """``start`` plus ``minutes``; ``None`` when either is missing.

    Raises:
        AdapterError: The end falls past the year 9999; ``field`` names the duration.
    """
    if start is None or minutes is None:
        return None
    try:
        return start + dt.timedelta(minutes=minutes)
    except OverflowError:
        msg = f"{start.isoformat()} plus {minutes:g} minutes is past the year 9999"
        raise AdapterError(msg, source=source, field=field) from None


def same_zone(start: dt.datetime | None, end: dt.datetime | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``start`` and ``end`` both naive or both aware: a naive one takes the other's zone.

    A session written ``2024-05-01T10:00`` to ``2024-05-01T11:00+02:00`` means the same zone twice;
    left mixed, the two could not even be compared.
    """
    if start is None or end is None or (start.tzinfo is None) == (end.tzinfo is None):
        return start, end
    if start.tzinfo is None:
        return start.replace(tzinfo=end.tzinfo), end
    return start, end.replace(tzinfo=start.tzinfo)
