"""The plugin manager and the typed wrappers through which the core calls hooks."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

import pluggy

from genderlens import hookspecs
from genderlens.errors import PluginError

if TYPE_CHECKING:
    from genderlens.adapters import Adapter
    from genderlens.config import Config
    from genderlens.metrics import Metric
    from genderlens.model import Event, GenderDecision, Person
    from genderlens.renderers import Renderer

DEFAULT_PLUGINS = (
    "genderlens.default_plugins.titles",
    "genderlens.default_plugins.csv_adapter",
    "genderlens.default_plugins.programme_metrics",
    "genderlens.default_plugins.registration_metrics",
    *(
        f"genderlens.default_plugins.renderers.{name}"
        for name in ("table", "json", "csv", "markdown", "junit", "html", "badge")
    ),
)


def make_plugin_manager(*, entrypoints: bool = True) -> pluggy.PluginManager:
    """Create a plugin manager with the built-in plugins and, optionally, installed ones.

    Plugins named in ``GENDERLENS_DISABLE_PLUGINS`` (comma-separated) are blocked.

    Args:
        entrypoints: Load plugins declared under the ``genderlens`` entry-point group.
    """
    pm = pluggy.PluginManager("genderlens")
    pm.add_hookspecs(hookspecs)
    for name in filter(None, os.environ.get("GENDERLENS_DISABLE_PLUGINS", "").split(",")):
        pm.set_blocked(name.strip())
    if entrypoints:
        pm.load_setuptools_entrypoints("genderlens")
    # Registered last so pluggy (LIFO) consults them before other plugins of the same priority.
    for module_name in DEFAULT_PLUGINS:
        if not pm.is_blocked(module_name):
            pm.register(importlib.import_module(module_name), name=module_name)
    pm.check_pending()
    return pm


def _collect(pm: pluggy.PluginManager, hook: str, kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def register(item: Any) -> None:
        name = getattr(item, "name", None)
        if not isinstance(name, str) or not name:
            msg = f"{kind} {item!r} has no name"
            raise PluginError(msg)
        if name in found:
            msg = f"two {kind}s are named {name!r}: {found[name]!r} and {item!r}"
            raise PluginError(msg)
        found[name] = item

    getattr(pm.hook, hook)(register=register)
    return found


def collect_adapters(pm: pluggy.PluginManager) -> dict[str, Adapter]:
    """Every registered adapter by name."""
    return _collect(pm, "register_adapters", "adapter")


def collect_metrics(pm: pluggy.PluginManager) -> dict[str, Metric]:
    """Every registered metric by name, in registration order."""
    return _collect(pm, "register_metrics", "metric")


def collect_renderers(pm: pluggy.PluginManager) -> dict[str, Renderer]:
    """Every registered output format by name, in alphabetical order.

    Raises:
        PluginError: A renderer is malformed, or two share a name or a file suffix.
    """
    from genderlens.renderers import check_renderer

    found: dict[str, Renderer] = _collect(pm, "register_renderers", "renderer")
    owner: dict[str, str] = {}
    for renderer in sorted(found.values(), key=lambda r: str(r.name)):
        check_renderer(renderer)
        for suffix in renderer.suffixes:
            if suffix in owner:
                msg = f"renderers {owner[suffix]!r} and {renderer.name!r} both claim the suffix {suffix!r}"
                raise PluginError(msg)
            owner[suffix] = renderer.name
    return dict(sorted(found.items()))


def call_resolve_gender(
    pm: pluggy.PluginManager, person: Person, event: Event, config: Config | None = None
) -> GenderDecision | None:
    """Ask the resolvers for ``person``'s gender; ``None`` when every resolver abstained."""
    if config is None:
        from genderlens.config import Config

        config = Config()
    result: GenderDecision | None = pm.hook.resolve_gender(person=person, event=event, config=config)
    return result


def get_plugins(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Name, version and hooks of every registered plugin, for ``genderlens plugins``."""
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    out = []
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin) or repr(plugin)
        entry: dict[str, Any] = {
            "name": name,
            "hooks": sorted(h.name for h in pm.get_hookcallers(plugin) or []),
        }
        renderers = _renderers_of(pm, plugin)
        if renderers:
            entry["renderers"] = renderers
        dist = dists.get(id(plugin))
        if dist is not None:
            entry["distribution"] = dist.project_name
            entry["version"] = dist.version
        out.append(entry)
    return sorted(out, key=lambda e: e["name"])


def _renderers_of(pm: pluggy.PluginManager, plugin: object) -> list[dict[str, Any]]:
    """The formats ``plugin`` registers, with their suffixes, for ``genderlens plugins``."""
    out: list[dict[str, Any]] = []

    def register(renderer: Renderer) -> None:
        out.append({"name": renderer.name, "suffixes": list(renderer.suffixes)})

    for impl in pm.hook.register_renderers.get_hookimpls():
        if impl.plugin is plugin:
            impl.function(register=register)
    return out
