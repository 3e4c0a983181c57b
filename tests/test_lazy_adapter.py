"""``LazyAdapter``: the light stand-in adapter plugins register so that a check does not import them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

import pytest

from genderlens.adapters import Adapter, LazyAdapter, read_head
from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import PluginError
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import load_sources, pick_adapter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class CsvStandIn(LazyAdapter):
    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "the CSV adapter, through a stand-in"
    target: ClassVar[str] = "genderlens.default_plugins.csv_adapter:CsvAdapter"

    def sniff(self, source: str, head: bytes | None) -> int:
        return CsvAdapter().sniff(source, head)


class Misnamed(CsvStandIn):
    name: ClassVar[str] = "not_csv"


class NotAnAdapter(CsvStandIn):
    target: ClassVar[str] = "genderlens.config:Config"


def test_stand_in_makes_the_real_adapter_on_first_use_and_keeps_it():
    stand_in = CsvStandIn()
    assert stand_in._adapter is None  # nothing made at registration
    programme = str(EXAMPLES / "wsis-forum-2026-programme.csv")
    [through] = stand_in.load(programme, Config())
    assert isinstance(stand_in.adapter, CsvAdapter)
    assert stand_in.adapter is stand_in.adapter
    [direct] = CsvAdapter().load(programme, Config())
    assert through == direct


@pytest.mark.parametrize("stand_in", [Misnamed(), NotAnAdapter()])
def test_stand_in_for_the_wrong_thing_is_a_plugin_error(stand_in):
    with pytest.raises(PluginError, match="is not an adapter named"):
        stand_in.load(str(EXAMPLES / "wsis-forum-2026-programme.csv"), Config())


def test_stand_in_is_picked_and_read_like_any_adapter(genderlens_pm):
    class Plugin:
        from genderlens.hookspecs import hookimpl

        @hookimpl
        def register_adapters(self, register):
            register(CsvStandIn())

    genderlens_pm.set_blocked("genderlens.default_plugins.csv_adapter")
    genderlens_pm.register(Plugin(), name="stand-in")
    sources = [str(EXAMPLES / "wsis-forum-2026-programme.csv")]
    assert isinstance(pick_adapter(sources[0], collect_adapters(genderlens_pm)), CsvStandIn)
    [event] = load_sources(sources, genderlens_pm, Config())
    assert event.sessions


def _installed_stand_ins() -> dict[str, LazyAdapter]:
    return {n: a for n, a in collect_adapters(make_plugin_manager()).items() if isinstance(a, LazyAdapter)}


def test_installed_stand_ins_name_their_real_adapter():
    for name, stand_in in _installed_stand_ins().items():
        real = stand_in.adapter
        assert isinstance(real, Adapter)
        assert not isinstance(real, LazyAdapter)
        assert (real.name, real.description) == (name, stand_in.description)


def test_installed_stand_ins_sniff_as_their_real_adapters(realdata):
    """Each stand-in scores every real file, the examples and a few URLs as its adapter does."""
    stand_ins = _installed_stand_ins()
    if not stand_ins:
        pytest.skip("no adapter plugin with a stand-in is installed")
    files = sorted(p for p in [*realdata.rglob("*"), *EXAMPLES.iterdir()] if p.is_file())
    cases = [(str(p), read_head(str(p))) for p in files]
    urls = ["https://indico.example.org/event/12/", "https://x.org/category/3", "https://x.org/cal.ics"]
    cases += [(u, None) for u in urls]
    claimed = 0
    for stand_in in stand_ins.values():
        real = stand_in.adapter
        for source, head in cases:
            score = stand_in.sniff(source, head)
            assert score == real.sniff(source, head), (stand_in.name, source)
            claimed += score > 0
    assert claimed >= len(files) // 2  # the comparison saw real positives, not only zeros


def test_a_csv_check_imports_no_adapter_module_behind_a_stand_in():
    """The stand-ins' targets stay unimported until a source needs them (checked in a fresh process)."""
    import subprocess

    code = (
        "import sys, io; from genderlens.cli import main; sys.stdout = io.StringIO(); "
        f"main(['check', {str(EXAMPLES / 'wsis-forum-2026-programme.csv')!r}]); "
        "from genderlens.plugins import collect_adapters, make_plugin_manager; "
        "from genderlens.adapters import LazyAdapter; "
        "targets = [a.target.partition(':')[0] for a in collect_adapters(make_plugin_manager()).values() "
        "if isinstance(a, LazyAdapter)]; "
        "sys.__stdout__.write(repr(sorted(t for t in targets if t in sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "[]"
