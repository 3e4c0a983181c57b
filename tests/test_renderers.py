"""The output formats are plugins: each loads alone, none imports another, and the core imports no cycle."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from genderlens.cli import main
from genderlens.plugins import DEFAULT_PLUGINS, collect_renderers, make_plugin_manager
from genderlens.render import RENDERERS as COMPAT_RENDERERS
from genderlens.render import SUFFIXES as COMPAT_SUFFIXES
from genderlens.renderers import RENDERERS, SUFFIXES, Renderer, lazy

from .conftest import EXAMPLES, ROOT

SRC = ROOT / "src"
BUILTIN = ("badge", "csv", "html", "json", "junit", "markdown", "table")
RENDERER_MODULES = [m for m in DEFAULT_PLUGINS if ".renderers." in m]


def test_every_builtin_format_is_a_default_plugin_of_its_own():
    assert sorted(m.rsplit(".", 1)[1] for m in RENDERER_MODULES) == sorted(BUILTIN)
    renderers = collect_renderers(make_plugin_manager(entrypoints=False))
    assert list(renderers) == list(BUILTIN)
    assert all(r.honours_min_cell for r in renderers.values())
    assert {s: r.name for r in renderers.values() for s in r.suffixes} == {
        ".txt": "table",
        ".json": "json",
        ".csv": "csv",
        ".md": "markdown",
        ".xml": "junit",
        ".html": "html",
        ".htm": "html",
        ".svg": "badge",
    }


def test_compatibility_mappings_are_built_from_the_plugins():
    assert set(BUILTIN) <= set(RENDERERS)
    assert COMPAT_RENDERERS is RENDERERS
    assert COMPAT_SUFFIXES == SUFFIXES
    assert SUFFIXES[".md"] == "markdown"


@pytest.mark.parametrize("module", RENDERER_MODULES)
def test_each_renderer_module_imports_alone(module):
    # A fresh interpreter: nothing else of genderlens imported first, so an import cycle would fail here.
    code = (
        f"import sys, {module} as m\n"
        "assert hasattr(m, 'register_renderers')\n"
        "print(' '.join(sorted(k for k in sys.modules if k.startswith('genderlens.default_plugins.renderers.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == [module]  # it loads no other format


@pytest.mark.parametrize("module", ["genderlens.html_report", "genderlens.badge", "genderlens.render"])
def test_implementation_modules_import_alone(module):
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def _module_imports(path, package):
    """Absolute names of the genderlens modules ``path`` imports at module level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports are for type checkers only
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else ".".join([*package.split(".")[: 1 - node.level], node.module])
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {name for name in found if name.split(".")[0] == "genderlens"}


def import_graph():
    """Module -> the genderlens modules it imports at module level, for every module under src/genderlens."""
    modules = {}
    for path in (SRC / "genderlens").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = name if parts[-1] == "__init__" else name.rpartition(".")[0]
        modules[name] = (path, package)
    return {name: _module_imports(path, pkg) & set(modules) - {name} for name, (path, pkg) in modules.items()}


def find_cycle(graph):
    """One import cycle as a list of modules, or ``None``."""
    state = {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt, [*stack, nxt])):
                return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node, [node])):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "genderlens.render" in graph["genderlens.html_report"]  # the graph really holds imports
    assert find_cycle(graph) is None
    # The helpers module knows no format, and no format knows another.
    assert not any(m.startswith("genderlens.default_plugins") for m in graph["genderlens.render"])
    assert "genderlens.html_report" not in graph["genderlens.badge"]


def test_lazy_imports_its_module_on_first_call_only(make_event, genderlens_pm):
    from genderlens.config import Config
    from genderlens.renderers import RenderOptions, render
    from genderlens.report import build_report

    code = "import sys; from genderlens.renderers import lazy; lazy('genderlens.html_report:render'); print('genderlens.html_report' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    page = Renderer(name="page", honours_min_cell=True, render=lazy("genderlens.html_report:render"))
    report = build_report([make_event("wm")], genderlens_pm, Config())
    assert render(page, report, RenderOptions()).startswith("<!DOCTYPE html>")


def test_an_unknown_format_lists_the_installed_ones(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "--format", "pdf"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith("genderlens: error: argument --format/-f: invalid choice: 'pdf' (choose from 'badge', 'csv'")


def test_help_lists_the_formats(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "output format: badge, csv, html, json, junit, markdown, table" in " ".join(capsys.readouterr().out.split())


def test_a_disabled_format_is_gone(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "genderlens.default_plugins.renderers.markdown")
    assert main(["report", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "-o", str(tmp_path / "r.md")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("genderlens: error: cannot tell the format of ")
    assert "(known suffixes: .csv, .htm, .html, .json, .svg, " in err
    assert ".md" not in err.split("known suffixes")[1]  # disabled with its format
    assert not (tmp_path / "r.md").exists()


def test_cli_refuses_a_format_that_ignores_min_cell_before_reading(monkeypatch, capsys, tmp_path):
    from genderlens import hookimpl, plugins

    read = []

    class Leaky:
        @hookimpl
        def register_renderers(self, register):
            register(Renderer(name="leaky", suffixes=(".leak",), honours_min_cell=False, render=lambda r, o: "all\n"))

    make = plugins.make_plugin_manager

    def with_leaky(**kwargs):
        pm = make(**kwargs)
        pm.register(Leaky(), name="leaky")
        return pm

    monkeypatch.setattr(plugins, "make_plugin_manager", with_leaky)
    monkeypatch.setattr("genderlens.report.load_sources", lambda *a, **k: read.append(a) or [])
    out = tmp_path / "r.leak"
    assert main(["report", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "-o", str(out), "--min-cell", "5"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "genderlens: error: format 'leaky' does not honour --min-cell, so it cannot be used with min_cell = 5; "
        "choose another format or set min_cell to 0\n"
    )
    assert not out.exists()
    assert read == []
    # Without suppression it is allowed.
    assert main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv"), "--format", "leaky"]) == 0
    assert capsys.readouterr().out == "all\n"


def test_the_default_format_disabled_is_an_error_not_a_crash(monkeypatch, capsys):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "genderlens.default_plugins.renderers.table")
    assert main(["check", str(EXAMPLES / "wsis-forum-2026-programme.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("genderlens: error: format 'table' is not installed (installed: badge, csv, html, json,")
    assert err.count("\n") == 1
