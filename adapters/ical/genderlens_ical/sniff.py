"""Recognising an iCalendar file, without importing the adapter (every ``genderlens check`` sniffs)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from genderlens.adapters import LazyAdapter

SUFFIXES = frozenset({".ics", ".ical", ".ifb", ".icalendar"})


def sniff(source: str, head: bytes | None) -> int:
    """100 when the content starts with ``BEGIN:VCALENDAR``/``BEGIN:VEVENT``, 60 for a bare suffix."""
    if head is None:
        return 0
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if start.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT")):
        return 100
    return 60 if Path(source).suffix.lower() in SUFFIXES else 0


class IcalSniffer(LazyAdapter):
    """What the plugin registers: :func:`sniff`, and :class:`~genderlens_ical.adapter.IcalAdapter` to load."""

    name: ClassVar[str] = "ical"
    description: ClassVar[str] = "iCalendar (.ics) programmes: VEVENTs with attendees, organisers and speaker lines."
    target: ClassVar[str] = "genderlens_ical.adapter:IcalAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff`."""
        return sniff(source, head)
