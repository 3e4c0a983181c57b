"""Recognising an Excel workbook, without importing the adapter (every ``genderlens check`` sniffs)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from genderlens.adapters import LazyAdapter


def sniff(source: str, head: bytes | None) -> int:
    """Recognise a ZIP archive holding an ``xl/`` folder, or a ZIP named ``.xlsx``/``.xlsm``."""
    if not head or not head.startswith(b"PK\x03\x04"):
        return 0
    if b"xl/" in head:
        return 90
    return 60 if Path(source).suffix.lower() in {".xlsx", ".xlsm"} else 0


class XlsxSniffer(LazyAdapter):
    """What the plugin registers: :func:`sniff`, and :class:`~genderlens_xlsx.adapter.XlsxAdapter` to load."""

    name: ClassVar[str] = "xlsx"
    description: ClassVar[str] = "Excel .xlsx workbooks (first sheet, or the configured one), mapped like CSV."
    target: ClassVar[str] = "genderlens_xlsx.adapter:XlsxAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        """See :func:`sniff`."""
        return sniff(source, head)
