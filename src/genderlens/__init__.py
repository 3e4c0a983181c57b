"""genderlens: measure gender balance in event programmes and registrations.

The public API is re-exported here lazily, so that ``genderlens --version`` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports on first use
    from genderlens.adapters import Adapter, person_key
    from genderlens.config import Config, load_config
    from genderlens.errors import AdapterError, ConfigError, GenderlensError, PluginError
    from genderlens.hookspecs import RegisterAdapter, RegisterMetric, RegisterRenderer, hookimpl
    from genderlens.metrics import Metric, count_genders, counts_result, share_of
    from genderlens.model import (
        Counts,
        Event,
        EventReport,
        Flag,
        Gender,
        GenderDecision,
        GenderSource,
        Judgement,
        MetricResult,
        Participant,
        Person,
        ReadSummary,
        Registration,
        Report,
        Role,
        Session,
        Share,
        Verdict,
    )
    from genderlens.plugins import make_plugin_manager
    from genderlens.renderers import Renderer, RenderOptions
    from genderlens.report import build_report, load_sources

__version__ = "0.1.0"

_LAZY = {
    # Even the hook marker: a parallel reader's worker imports this package, and pluggy is ~8 ms of its start.
    **dict.fromkeys(("RegisterAdapter", "RegisterMetric", "RegisterRenderer", "hookimpl"), "genderlens.hookspecs"),
    "Adapter": "genderlens.adapters",
    "person_key": "genderlens.adapters",
    "Metric": "genderlens.metrics",
    "count_genders": "genderlens.metrics",
    "counts_result": "genderlens.metrics",
    "share_of": "genderlens.metrics",
    "Config": "genderlens.config",
    "load_config": "genderlens.config",
    "GenderlensError": "genderlens.errors",
    "AdapterError": "genderlens.errors",
    "ConfigError": "genderlens.errors",
    "PluginError": "genderlens.errors",
    "make_plugin_manager": "genderlens.plugins",
    "Renderer": "genderlens.renderers",
    "RenderOptions": "genderlens.renderers",
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
            "Judgement",
            "MetricResult",
            "Participant",
            "Person",
            "ReadSummary",
            "Registration",
            "Report",
            "Role",
            "Session",
            "Share",
            "Verdict",
        ),
        "genderlens.model",
    ),
}

__all__ = [
    "Adapter",
    "AdapterError",
    "Config",
    "ConfigError",
    "Counts",
    "Event",
    "EventReport",
    "Flag",
    "Gender",
    "GenderDecision",
    "GenderSource",
    "GenderlensError",
    "Judgement",
    "Metric",
    "MetricResult",
    "Participant",
    "Person",
    "PluginError",
    "ReadSummary",
    "RegisterAdapter",
    "RegisterMetric",
    "RegisterRenderer",
    "Registration",
    "RenderOptions",
    "Renderer",
    "Report",
    "Role",
    "Session",
    "Share",
    "Verdict",
    "__version__",
    "build_report",
    "count_genders",
    "counts_result",
    "hookimpl",
    "load_config",
    "load_sources",
    "make_plugin_manager",
    "person_key",
    "share_of",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'genderlens' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
