"""genderlens-indico: read Indico events, categories, registrations and saved exports into genderlens.

The names below are imported on first use, so that the plugin (:mod:`genderlens_indico.plugin`), which
every ``genderlens check`` loads, imports neither the adapter nor the parser.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genderlens_indico.adapter import IndicoAdapter, IndicoClient, IndicoOptions, ResponseCache
    from genderlens_indico.parse import parse_event, parse_export, parse_registrants, parse_timetable

__version__ = "0.1.0"
__all__ = [
    "IndicoAdapter",
    "IndicoClient",
    "IndicoOptions",
    "ResponseCache",
    "__version__",
    "parse_event",
    "parse_export",
    "parse_registrants",
    "parse_timetable",
]
_LAZY = {
    **dict.fromkeys(("IndicoAdapter", "IndicoClient", "IndicoOptions", "ResponseCache"), "genderlens_indico.adapter"),
    **dict.fromkeys(("parse_event", "parse_export", "parse_registrants", "parse_timetable"), "genderlens_indico.parse"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'genderlens_indico' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
