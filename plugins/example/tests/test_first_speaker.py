from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from genderlens.plugins import make_plugin_manager
from genderlens.report import report_event

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "wsis-forum-2026-programme.csv"


def test_metric_counts_first_speakers(make_event, genderlens_pm):
    from genderlens_example import plugin

    genderlens_pm.register(plugin, name="example")
    event = make_event("wmm", "mww", "?w", "xm")
    from genderlens.config import Config

    result = report_event(event, genderlens_pm, Config()).result("first_speaker")
    assert result is not None
    assert (result.counts.woman, result.counts.man, result.counts.nonbinary, result.counts.unknown) == (1, 1, 1, 1)
    assert result.share.value == 1 / 3


def test_found_through_its_entry_point():
    pm = make_plugin_manager()
    assert pm.get_plugin("example") is not None
    out = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "plugins"], capture_output=True, text=True, check=True
    ).stdout
    [entry] = [p for p in json.loads(out) if p["name"] == "example"]
    assert entry["hooks"] == ["register_metrics", "register_renderers"]
    assert entry["renderers"] == [{"name": "tsv", "suffixes": [".tsv"]}]
    assert entry["distribution"] == "genderlens-example"


def test_disabled_by_environment(monkeypatch):
    monkeypatch.setenv("GENDERLENS_DISABLE_PLUGINS", "example")
    assert make_plugin_manager().get_plugin("example") is None
