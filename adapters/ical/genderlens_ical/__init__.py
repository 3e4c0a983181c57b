"""genderlens-ical: read iCalendar (.ics) programmes into genderlens events.

The names below are imported on first use, so that the plugin (:mod:`genderlens_ical.plugin`), which every
``genderlens check`` loads, does not import the adapter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genderlens_ical.adapter import IcalAdapter, IcalOptions, parse_calendar

__version__ = "0.1.0"
__all__ = ["IcalAdapter", "IcalOptions", "__version__", "parse_calendar"]


def __getattr__(name: str) -> Any:
    if name in ("IcalAdapter", "IcalOptions", "parse_calendar"):
        return getattr(importlib.import_module("genderlens_ical.adapter"), name)
    msg = f"module 'genderlens_ical' has no attribute {name!r}"
    raise AttributeError(msg)
