"""genderlens adapter for Excel ``.xlsx`` workbooks, sharing the CSV adapter's column mapping.

The names below are imported on first use, so that the plugin (:mod:`genderlens_xlsx.plugin`), which every
``genderlens check`` loads, does not import the adapter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genderlens_xlsx.adapter import XlsxAdapter, cell_text

__all__ = ["XlsxAdapter", "cell_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("genderlens_xlsx.adapter"), name)
    msg = f"module 'genderlens_xlsx' has no attribute {name!r}"
    raise AttributeError(msg)
