"""Output formats: the :class:`Renderer` descriptor plugins register, its options, and :func:`render`.

A renderer is registered through the ``register_renderers`` hook (see ``docs/plugins.md``). It names a
format (``--format NAME``), the file suffixes ``genderlens report -o FILE`` recognises, and whether it
honours ``--min-cell``. The core refuses to use a renderer that does not honour it whenever
``min_cell > 0``, so that small-cell suppression cannot be bypassed by picking another format.

This module stays light (no pydantic, no renderer implementation): the CLI imports it before it knows
which format it will use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from genderlens.errors import GenderlensError, PluginError

if TYPE_CHECKING:
    from genderlens.model import Report
    from genderlens.privacy import Suppression


@dataclass(frozen=True, kw_only=True)
class RenderOptions:
    """What a renderer is asked to honour. New options get a default, so no renderer breaks.

    Attributes:
        min_cell: Counts below this must not be shown (``--min-cell``); 0 shows everything.
        label: Left-hand text of a badge (``--badge-label``), or ``None`` for the renderer's default.
    """

    min_cell: int = 0
    label: str | None = None

    def suppression(self, report: Report) -> Suppression:
        """The small-cell :class:`~genderlens.privacy.Suppression` of ``report`` at :attr:`min_cell`.

        Ask it, for each figure, what may be shown (``hides``, ``counts``, ``marker``...).
        """
        from genderlens.privacy import suppress

        return suppress(report, self.min_cell)


#: A renderer's function: the whole document as a string (the CLI writes nothing until it has it).
RenderFunction = Callable[["Report", RenderOptions], str]


@dataclass(frozen=True, kw_only=True)
class Renderer:
    """An output format, as registered by a plugin.

    Attributes:
        name: The ``--format`` value: a stable lower-case id (``"csv"``).
        suffixes: File suffixes for ``report -o FILE``, lower-case with the dot (``(".csv",)``).
        honours_min_cell: Whether :attr:`render` applies ``options.min_cell``. A renderer that says no is
            refused whenever ``min_cell > 0``.
        render: ``render(report, options) -> str``. Keep the plugin module light: import the
            implementation inside this function (see :func:`lazy`).
        description: One line for ``genderlens plugins``.
    """

    name: str
    suffixes: tuple[str, ...] = ()
    honours_min_cell: bool
    render: RenderFunction
    description: str = ""


def lazy(target: str) -> RenderFunction:
    """A render function that imports ``"module:function"`` on its first call, not at registration."""
    module_name, _, attr = target.partition(":")

    def render_lazily(report: Report, options: RenderOptions) -> str:
        function: RenderFunction = getattr(importlib.import_module(module_name), attr)
        return function(report, options)

    render_lazily.__qualname__ = render_lazily.__name__ = attr
    return render_lazily


def check_renderer(renderer: object) -> Renderer:
    """``renderer`` if it is a well-formed :class:`Renderer`.

    Raises:
        PluginError: It is not a ``Renderer``, or its name or suffixes are malformed.
    """
    if not isinstance(renderer, Renderer):
        msg = f"renderer {renderer!r} is not a genderlens.renderers.Renderer"
        raise PluginError(msg)
    if not renderer.name or not renderer.name.isidentifier() or renderer.name != renderer.name.lower():
        msg = f"renderer name {renderer.name!r} must be a lower-case identifier"
        raise PluginError(msg)
    for suffix in renderer.suffixes:
        if not (suffix.startswith(".") and len(suffix) > 1 and suffix == suffix.lower() and "/" not in suffix):
            msg = f"renderer {renderer.name!r}: suffix {suffix!r} must be lower-case and start with a dot"
            raise PluginError(msg)
    if not isinstance(renderer.honours_min_cell, bool) or not callable(renderer.render):
        msg = f"renderer {renderer.name!r}: honours_min_cell must be a bool and render a function"
        raise PluginError(msg)
    return renderer


def check_min_cell(renderer: Renderer, min_cell: int) -> None:
    """Refuse ``renderer`` when counts must be suppressed and it does not say it suppresses them.

    Raises:
        GenderlensError: ``min_cell > 0`` and ``renderer.honours_min_cell`` is false.
    """
    if min_cell > 0 and not renderer.honours_min_cell:
        msg = (
            f"format {renderer.name!r} does not honour --min-cell, so it cannot be used with min_cell = {min_cell}; "
            "choose another format or set min_cell to 0"
        )
        raise GenderlensError(msg)


def render(renderer: Renderer, report: Report, options: RenderOptions | None = None) -> str:
    """``report`` rendered by ``renderer``, after checking the ``--min-cell`` contract.

    Raises:
        GenderlensError: The renderer does not honour ``options.min_cell`` (see :func:`check_min_cell`).
        PluginError: The renderer returned something other than a string.
    """
    options = options or RenderOptions()
    check_min_cell(renderer, options.min_cell)
    text = renderer.render(report, options)
    if not isinstance(text, str):
        msg = f"renderer {renderer.name!r} returned {type(text).__name__}, not str"
        raise PluginError(msg)
    return text


def suffix_map(renderers: Mapping[str, Renderer]) -> dict[str, str]:
    """File suffix -> format name, for ``genderlens report -o FILE``."""
    return {suffix: r.name for r in renderers.values() for suffix in r.suffixes}


def format_of(path: str, renderers: Mapping[str, Renderer]) -> str | None:
    """The format whose suffix ``path`` ends with, or ``None``."""
    return suffix_map(renderers).get(PurePath(path).suffix.lower())


class _Installed(Mapping[str, Callable[..., str]]):
    """``RENDERERS``: format name -> ``function(report, *, min_cell=0, label=None) -> str``.

    The compatibility view of the formats of the installed plugins, built from a plugin manager on first
    use (and kept for the life of the process).
    """

    def __init__(self) -> None:
        self._renderers: dict[str, Renderer] | None = None

    def renderers(self) -> dict[str, Renderer]:
        if self._renderers is None:
            from genderlens.plugins import collect_renderers, make_plugin_manager

            self._renderers = collect_renderers(make_plugin_manager())
        return self._renderers

    def __getitem__(self, name: str) -> Callable[..., str]:
        renderer = self.renderers()[name]

        def call(report: Report, *, min_cell: int = 0, label: str | None = None) -> str:
            return render(renderer, report, RenderOptions(min_cell=min_cell, label=label))

        return call

    def __iter__(self) -> Iterator[str]:
        return iter(self.renderers())

    def __len__(self) -> int:
        return len(self.renderers())


#: Every installed format by name, as ``function(report, *, min_cell=0, label=None) -> str``.
RENDERERS = _Installed()


def __getattr__(name: str) -> Any:
    if name == "SUFFIXES":
        return suffix_map(RENDERERS.renderers())
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
