"""Recognising each schedule format, without importing the adapters (every ``genderlens check`` sniffs).

Each adapter's ``sniff`` is the function here, and the plugin registers the stand-ins below, which import
their adapter's module on the first file they read.
"""

from __future__ import annotations

from typing import ClassVar

from genderlens.adapters import LazyAdapter

#: Markers of an Indico HTTP-API export, which another adapter reads.
INDICO_MARKERS = (b'"_fossil"', b'"HTTPAPIResult"')


def is_indico(head: bytes) -> bool:
    """True when ``head`` looks like an Indico export (left to the Indico adapter)."""
    return any(marker in head for marker in INDICO_MARKERS)


def looks_like_json(head: bytes | None) -> bool:
    """True when ``head`` starts, after a byte-order mark and blanks, with ``{`` or ``[``."""
    if not head:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def sniff_pretalx(source: str, head: bytes | None) -> int:
    """Recognise the ``schedule`` / ``conference`` / ``days`` keys in the first bytes."""
    if not looks_like_json(head) or head is None or is_indico(head):
        return 0
    framed = b'"schedule"' in head and (b'"conference"' in head or b'"events"' in head)
    if framed and (b'"days"' in head or b'"rooms"' in head or b'"events"' in head):
        return 90
    return 0


def sniff_frab_xml(source: str, head: bytes | None) -> int:
    """Recognise a ``<schedule>`` document with a ``<conference>`` in the first bytes."""
    if not head:
        return 0
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"<") and b"<schedule" in head and b"<conference" in head:
        return 90
    return 0


def sniff_sessionize(source: str, head: bytes | None) -> int:
    """Recognise the ``sessions`` and ``speakers`` lists and Sessionize's own keys."""
    if not looks_like_json(head) or head is None or is_indico(head):
        return 0
    if b'"sessions"' in head and b'"speakers"' in head:
        own = (b'"isServiceSession"', b'"startsAt"', b'"categoryItems"', b'"questionAnswers"', b'"fullName"')
        return 90 if any(k in head for k in own) else 30
    return 0


def sniff_sysconf(source: str, head: bytes | None) -> int:
    """Recognise sysconf's role lists in the first bytes."""
    if not looks_like_json(head) or head is None or is_indico(head):
        return 0
    hits = sum(k in head for k in (b'"pc_chairs"', b'"pc_members"', b'"keynote_speakers"', b'"session_chairs"'))
    return 90 if hits >= 2 else 0


class PretalxSniffer(LazyAdapter):
    """:func:`sniff_pretalx`, and :class:`~genderlens_schedules.frab_json.PretalxAdapter` to load."""

    name: ClassVar[str] = "pretalx"
    description: ClassVar[str] = "pretalx / frab schedule.json exports (c3voc schedule format)."
    target: ClassVar[str] = "genderlens_schedules.frab_json:PretalxAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff_pretalx`."""
        return sniff_pretalx(source, head)


class FrabXmlSniffer(LazyAdapter):
    """:func:`sniff_frab_xml`, and :class:`~genderlens_schedules.frab_xml.FrabXmlAdapter` to load."""

    name: ClassVar[str] = "frab_xml"
    description: ClassVar[str] = "frab / pretalx schedule.xml exports (DTDs and entities refused)."
    target: ClassVar[str] = "genderlens_schedules.frab_xml:FrabXmlAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff_frab_xml`."""
        return sniff_frab_xml(source, head)


class SessionizeSniffer(LazyAdapter):
    """:func:`sniff_sessionize`, and :class:`~genderlens_schedules.sessionize.SessionizeAdapter` to load."""

    name: ClassVar[str] = "sessionize"
    description: ClassVar[str] = "Sessionize 'All' JSON exports (sessions, speakers, rooms, categories)."
    target: ClassVar[str] = "genderlens_schedules.sessionize:SessionizeAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff_sessionize`."""
        return sniff_sessionize(source, head)


class SysconfSniffer(LazyAdapter):
    """:func:`sniff_sysconf`, and :class:`~genderlens_schedules.sysconf.SysconfAdapter` to load."""

    name: ClassVar[str] = "sysconf"
    description: ClassVar[str] = "sysconf dataset conference JSON (pc_chairs, keynote_speakers, panelists...)."
    target: ClassVar[str] = "genderlens_schedules.sysconf:SysconfAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff_sysconf`."""
        return sniff_sysconf(source, head)
