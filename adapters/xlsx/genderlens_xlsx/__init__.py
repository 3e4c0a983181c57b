"""genderlens adapter for Excel ``.xlsx`` workbooks, sharing the CSV adapter's column mapping."""

from __future__ import annotations

from genderlens_xlsx.adapter import XlsxAdapter, cell_text

__all__ = ["XlsxAdapter", "cell_text"]
