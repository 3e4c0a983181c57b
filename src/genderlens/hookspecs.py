"""Hook specifications: the whole plugin API of genderlens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from genderlens.adapters import Adapter
    from genderlens.config import Config
    from genderlens.metrics import Metric
    from genderlens.model import Event, GenderDecision, Person
    from genderlens.renderers import Renderer

hookspec = pluggy.HookspecMarker("genderlens")
hookimpl = pluggy.HookimplMarker("genderlens")

RegisterAdapter = Callable[["Adapter"], None]
RegisterMetric = Callable[["Metric"], None]
RegisterRenderer = Callable[["Renderer"], None]


@hookspec
def register_adapters(register: RegisterAdapter) -> None:
    """Register input adapters by calling ``register(adapter)`` once per adapter.

    Args:
        register: Callback taking an :class:`genderlens.adapters.Adapter`; a second adapter with the
            same ``name`` raises :class:`genderlens.errors.PluginError`.
    """


@hookspec
def register_metrics(register: RegisterMetric) -> None:
    """Register metrics by calling ``register(metric)`` once per metric.

    Args:
        register: Callback taking a :class:`genderlens.metrics.Metric`; ids must be unique.
    """


@hookspec
def register_renderers(register: RegisterRenderer) -> None:
    """Register output formats by calling ``register(renderer)`` once per format.

    Args:
        register: Callback taking a :class:`genderlens.renderers.Renderer`; a second renderer with the
            same ``name``, or claiming a file suffix another one claims, raises
            :class:`genderlens.errors.PluginError`. A renderer must say whether it honours ``--min-cell``:
            one that does not is refused whenever ``min_cell > 0``.
    """


@hookspec(firstresult=True)
def resolve_gender(person: Person, event: Event, config: Config) -> GenderDecision | None:
    """Decide ``person``'s gender, or return ``None`` to defer to the next resolver.

    Stops at the first non-None result. The core reads the person's declared answer and the roster
    first; this hook runs only for people they leave undecided: the built-in title resolver, then any
    plugin (name inference must be installed and enabled explicitly). A resolver that is not confident
    should return ``None`` (abstain) rather than a guess.

    Args:
        person: The person as read by the adapter (``declared_gender`` and ``title`` untouched).
        event: The event the person belongs to, e.g. for its language.
        config: The run's settings (e.g. ``config.infer_names``, which an inference plugin must obey).
    """
