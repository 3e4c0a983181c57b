"""The garbage collector is paused only for the block, and left as it was found."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from genderlens import gcpause
from genderlens.config import Config
from genderlens.gcpause import collection_paused
from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric
from genderlens.model import Event, MetricResult
from genderlens.plugins import make_plugin_manager
from genderlens.report import report_event


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_enabled_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_left_disabled_when_it_was() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


class _Node:
    pass


def test_what_the_block_keeps_goes_to_the_oldest_generation() -> None:
    # So that the next young collections do not walk it (issue 11: ~0.2 s per million rows).
    gc.unfreeze()  # Python 3.12.1 starts with 375 frozen tuples of its own: nothing of ours is frozen
    gc.enable()
    with collection_paused():
        kept = _Node()
        assert any(o is kept for o in gc.get_objects(generation=0))
    assert not any(o is kept for o in gc.get_objects(generation=0))
    assert any(o is kept for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    frozen = _Node()
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        assert before > 0
        with collection_paused():
            kept = _Node()
        assert gc.get_freeze_count() == before
        assert not any(o is frozen for o in gc.get_objects())  # frozen objects are not listed
        assert any(o is kept for o in gc.get_objects(generation=0))
    finally:
        gc.unfreeze()


def test_in_the_console_script_what_the_block_keeps_is_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    # genderlens.cli.run calls freeze_after_pauses(): start-up froze objects, and the process ends anyway.
    monkeypatch.setattr(gcpause, "_freeze_after", False)
    gcpause.freeze_after_pauses()
    assert gcpause._freeze_after
    gc.enable()
    frozen = _Node()
    gc.freeze()
    try:
        with collection_paused():
            kept = _Node()
        assert not any(o is kept or o is frozen for o in gc.get_objects())  # both frozen: never walked
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_cycle_made_in_the_block_is_still_collected() -> None:
    gc.enable()
    with collection_paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        ref = weakref.ref(a)
        del a, b
    assert ref() is not None  # nothing collected during the pause
    gc.collect()
    assert ref() is None


def test_enabled_again_after_an_error() -> None:
    gc.enable()
    msg = "boom"
    with pytest.raises(ValueError, match="boom"), collection_paused():
        raise ValueError(msg)
    assert gc.isenabled()


def test_report_event_pauses_and_restores() -> None:
    seen: list[bool] = []

    class Probe(Metric):
        name = "probe"
        description = "Records whether the collector runs while metrics are computed."

        def compute(self, event: Event) -> list[MetricResult]:
            seen.append(gc.isenabled())
            return []

    class Plugin:
        @hookimpl
        def register_metrics(self, register: RegisterMetric) -> None:
            register(Probe())

    pm = make_plugin_manager()
    pm.register(Plugin())
    gc.enable()
    report_event(Event(id="e", title="E", source="e.csv"), pm, Config())
    assert seen == [False]
    assert gc.isenabled()
