"""genderlens: measure gender balance in event programmes and registrations.

The public API is re-exported here lazily, so that ``genderlens --version`` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import Any

from genderlens.hookspecs import RegisterAdapter, RegisterMetric, hookimpl

__version__ = "0.1.0"

_LAZY = {
    "Adapter": "genderlens.adapters",
    "Metric": "genderlens.metrics",
    "Config": "genderlens.config",
    "load_config": "genderlens.config",
    "GenderlensError": "genderlens.errors",
    "AdapterError": "genderlens.errors",
    "ConfigError": "genderlens.errors",
    "PluginError": "genderlens.errors",
    "make_plugin_manager": "genderlens.plugins",
    "build_report": "genderlens.report",
    "load_sources": "genderlens.report",
    **dict.fromkeys(
        (
            "Counts",
            "Event",
            "EventReport",
            "Flag",
            "Gender",
            "GenderDecision",
            "GenderSource",
            "MetricResult",
            "Participant",
            "Person",
            "Registration",
            "Report",
            "Role",
            "Session",
            "Share",
        ),
        "genderlens.model",
    ),
}

__all__ = ["RegisterAdapter", "RegisterMetric", "__version__", "hookimpl", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'genderlens' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
