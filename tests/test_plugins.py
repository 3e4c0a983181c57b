from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from genderlens import hookimpl, hookspecs
from genderlens.adapters import Adapter
from genderlens.config import Config
from genderlens.errors import GenderlensError, PluginError
from genderlens.metrics import Metric, share_of
from genderlens.model import Event, Gender, GenderDecision, GenderSource, Person, Session
from genderlens.plugins import (
    DEFAULT_PLUGINS,
    collect_adapters,
    collect_metrics,
    collect_renderers,
    get_plugins,
    make_plugin_manager,
)
from genderlens.renderers import Renderer, RenderOptions, render
from genderlens.report import build_report, load_sources, report_event

from .conftest import ROOT

HOOKS = sorted(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "genderlens_spec"))


def test_hookspecs_are_the_documented_ones():
    assert HOOKS == ["register_adapters", "register_metrics", "register_renderers", "resolve_gender"]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {hook}\(", docs, re.MULTILINE), f"docs/plugins.md lacks a '## {hook}(...)' section"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    source = Path(__file__).read_text(encoding="utf-8")
    assert f"def test_hook_{hook}_" in source


class StubAdapter(Adapter):
    name = "stub"

    def sniff(self, source, head):
        return 100 if source.endswith(".stub") else 0

    def load(self, source, config):
        person = Person(key="a", declared_gender="F")
        from genderlens.model import Participant, Role

        session = Session(id="1", title="One", participants=(Participant(person=person, role=Role.SPEAKER),))
        return [Event(id="stub", title="Stub", source=source, sessions=(session,))]


def test_hook_register_adapters_sniffing_picks_plugin(genderlens_pm, tmp_path):
    class Plugin:
        @hookimpl
        def register_adapters(self, register):
            register(StubAdapter())

    genderlens_pm.register(Plugin(), name="stub-plugin")
    assert "stub" in collect_adapters(genderlens_pm)
    f = tmp_path / "x.stub"
    f.write_text("anything")
    [event] = load_sources([str(f)], genderlens_pm, Config())
    assert event.title == "Stub"


def test_hook_register_adapters_name_clash_is_an_error(genderlens_pm):
    class Clash:
        @hookimpl
        def register_adapters(self, register):
            class Csv(StubAdapter):
                name = "csv"

            register(Csv())

    genderlens_pm.register(Clash(), name="clash")
    with pytest.raises(PluginError, match="two adapters are named 'csv'"):
        collect_adapters(genderlens_pm)


def test_hook_register_metrics_adds_results(genderlens_pm, make_event):
    class Everyone(Metric):
        name = "everyone_twice"

        def compute(self, event):
            people = [p.person for s in event.sessions for p in s.participants]
            return [share_of(people + people, metric=self.name)]

    class Plugin:
        @hookimpl
        def register_metrics(self, register):
            register(Everyone())

    genderlens_pm.register(Plugin(), name="everyone")
    assert "everyone_twice" in collect_metrics(genderlens_pm)
    result = report_event(make_event("wm"), genderlens_pm, Config()).result("everyone_twice")
    assert result is not None
    assert result.counts.total == 2  # people are counted once each, by key


def _renderer(name="shout", suffixes=(".shout",), *, honours_min_cell=True):
    def shout(report, options):
        return f"{len(report.events)} events, min_cell={options.min_cell}, label={options.label}\n"

    return Renderer(name=name, suffixes=suffixes, honours_min_cell=honours_min_cell, render=shout)


def _register(pm, *renderers, name="renderer-plugin"):
    class Plugin:
        @hookimpl
        def register_renderers(self, register):
            for r in renderers:
                register(r)

    pm.register(Plugin(), name=name)


def test_hook_register_renderers_adds_a_format_with_its_options(genderlens_pm, make_event):
    _register(genderlens_pm, _renderer())
    renderers = collect_renderers(genderlens_pm)
    assert list(renderers) == ["badge", "csv", "html", "json", "junit", "markdown", "shout", "table"]
    report = build_report([make_event("wm")], genderlens_pm, Config())
    options = RenderOptions(min_cell=3, label="hi")
    assert render(renderers["shout"], report, options) == "1 events, min_cell=3, label=hi\n"
    [entry] = [p for p in get_plugins(genderlens_pm) if p["name"] == "renderer-plugin"]
    assert entry["renderers"] == [{"name": "shout", "suffixes": [".shout"]}]


def test_hook_register_renderers_refuses_suppression_bypass(genderlens_pm, make_event):
    _register(genderlens_pm, _renderer(honours_min_cell=False))
    shout = collect_renderers(genderlens_pm)["shout"]
    report = build_report([make_event("wm")], genderlens_pm, Config())
    assert render(shout, report).startswith("1 events")  # nothing to suppress: allowed
    with pytest.raises(GenderlensError, match="'shout' does not honour --min-cell"):
        render(shout, report, RenderOptions(min_cell=1))


@pytest.mark.parametrize(
    ("renderers", "error"),
    [
        ((_renderer(name="csv", suffixes=()),), "two renderers are named 'csv'"),
        ((_renderer(suffixes=(".csv",)),), "renderers 'csv' and 'shout' both claim the suffix '.csv'"),
        ((_renderer(suffixes=("shout",)),), "suffix 'shout' must be lower-case and start with a dot"),
        ((_renderer(suffixes=(".SHOUT",)),), "suffix '.SHOUT' must be lower-case"),
        ((_renderer(name="Shout"),), "renderer name 'Shout' must be a lower-case identifier"),
        ((SimpleNamespace(name="shout", render=print),), "is not a genderlens.renderers.Renderer"),
    ],
)
def test_hook_register_renderers_malformed_or_clashing_is_an_error(genderlens_pm, renderers, error):
    _register(genderlens_pm, *renderers)
    with pytest.raises(PluginError, match=re.escape(error)):
        collect_renderers(genderlens_pm)


def test_hook_register_renderers_result_must_be_text(genderlens_pm, make_event):
    bad = Renderer(name="bytes", honours_min_cell=True, render=lambda report, options: b"x")
    report = build_report([make_event("wm")], genderlens_pm, Config())
    with pytest.raises(PluginError, match="returned bytes, not str"):
        render(bad, report)


def test_hook_resolve_gender_plugin_runs_after_declared_and_titles(genderlens_pm, make_event):
    seen = []

    class Inference:
        @hookimpl(trylast=True)
        def resolve_gender(self, person, event):
            seen.append(person.key)
            return GenderDecision(gender=Gender.NONBINARY, source=GenderSource.INFERRED, confidence=0.9)

    genderlens_pm.register(Inference(), name="inference")
    event = make_event("wm?")
    result = report_event(event, genderlens_pm, Config()).result("speakers")
    assert result is not None
    # only the person with neither a declared answer nor a title reached the inference plugin
    assert seen == ["p2-?"]
    assert (result.counts.woman, result.counts.man, result.counts.nonbinary) == (1, 1, 1)


def test_hook_resolve_gender_abstaining_plugin_leaves_unknown(genderlens_pm, make_event):
    class Abstain:
        @hookimpl
        def resolve_gender(self, person, event):
            return None

    genderlens_pm.register(Abstain(), name="abstain")
    result = report_event(make_event("??"), genderlens_pm, Config()).result("speakers")
    assert result is not None
    assert result.counts.unknown == 2


def test_misspelt_hookimpl_fails_at_start(monkeypatch):
    class Typo:
        @hookimpl
        def register_metric(self, register):  # missing "s"
            pass

    pm = make_plugin_manager(entrypoints=False)
    from pluggy import PluginValidationError

    pm.register(Typo(), name="typo")
    with pytest.raises(PluginValidationError):
        pm.check_pending()


def test_builtins_can_be_disabled(monkeypatch):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "genderlens.default_plugins.titles")
    pm = make_plugin_manager(entrypoints=False)
    names = {pm.get_name(p) for p in pm.get_plugins()}
    assert names == set(DEFAULT_PLUGINS) - {"genderlens.default_plugins.titles"}


def test_public_api_is_complete_and_lazy():
    import subprocess
    import sys

    import genderlens

    assert set(genderlens.__all__) == set(genderlens._LAZY) | {
        "RegisterAdapter",
        "RegisterMetric",
        "RegisterRenderer",
        "__version__",
        "hookimpl",
    }
    for name in genderlens.__all__:
        assert getattr(genderlens, name) is not None
    # `import genderlens` must not import pydantic (CLI cold start)
    code = "import sys, genderlens; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
