"""Recognising an Indico URL or saved export, without importing the adapter (every ``genderlens check`` sniffs)."""

from __future__ import annotations

import re
from typing import ClassVar

from genderlens.adapters import LazyAdapter

#: ``https://host[/prefix]/event/<id>/...`` and ``.../category/<id>/`` (also ``/export/`` URLs).
EVENT_URL = r"^(?P<base>https?://.+?)/(?:export/)?event/(?P<id>\d+)(?:[/.?#]|$)"
CATEGORY_URL = r"^(?P<base>https?://.+?)/(?:export/)?categ(?:ory)?/(?P<id>\d+)(?:[/.?#]|$)"
_CONTENT = re.compile(rb'"_type"\s*:\s*"HTTPAPIResult"|"_fossil"\s*:\s*"conference')


def sniff(source: str, head: bytes | None) -> int:
    """95 for an Indico event/category URL, 100 for a JSON file that is an Indico export."""
    if head is None:  # a URL: the patterns are compiled (and cached by re) only when one is given
        return 95 if re.match(EVENT_URL, source) or re.match(CATEGORY_URL, source) else 0
    return 100 if _CONTENT.search(head) else 0


class IndicoSniffer(LazyAdapter):
    """What the plugin registers: :func:`sniff`, and :class:`~genderlens_indico.adapter.IndicoAdapter` to load."""

    name: ClassVar[str] = "indico"
    description: ClassVar[str] = "Indico events and categories over the HTTP API (URLs), or saved Indico JSON exports."
    target: ClassVar[str] = "genderlens_indico.adapter:IndicoAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff`."""
        return sniff(source, head)
