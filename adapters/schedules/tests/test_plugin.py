"""Registration through the entry point, content sniffing over every real file, and the CLI end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from genderlens_schedules import plugin

from genderlens.adapters import read_head
from genderlens.cli import main
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import pick_adapter

OURS = {"pretalx", "frab_xml", "sessionize", "sysconf"}
EXPECTED = {
    "voc-schedule/pretalx-rc3.json": "pretalx",
    "voc-schedule/frab-camp2019.json": "pretalx",
    "eventfahrplan/schedule-39c3-20251206.xml": "frab_xml",
    "fosdem/fosdem-2024.xml": "frab_xml",
    "sessionize-sdk/All.json": "sessionize",
    "sysconf/ISC.json": "sysconf",
    "sysconf/SC.json": "sysconf",
}


def test_entry_point_registers_the_four_adapters():
    pm = make_plugin_manager()
    assert set(collect_adapters(pm)) >= OURS
    assert pm.get_plugin("schedules") is not None


def test_hook_register_adapters_names_are_unique_snake_case(genderlens_pm):
    genderlens_pm.register(plugin, name="schedules-under-test")
    adapters = collect_adapters(genderlens_pm)
    assert set(adapters) >= OURS
    assert all(name.isidentifier() and name.islower() for name in OURS)


@pytest.mark.realdata
def test_every_real_file_goes_to_the_right_adapter(realdata):
    adapters = collect_adapters(make_plugin_manager())
    claimed = {}
    for path in sorted(realdata.glob("*/*")):
        head = read_head(str(path))
        ours = {n: adapters[n].sniff(str(path), head) for n in OURS}
        if any(ours.values()):
            claimed[path.relative_to(realdata).as_posix()] = pick_adapter(str(path), adapters).name
    assert claimed == EXPECTED


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["jacow-meow/events_44_light.json", "voc-voctosched/indico.json"])
def test_indico_exports_are_left_alone(realdata, name):
    path = realdata / name
    head = read_head(str(path))
    assert b'"speakers"' in head  # looks like a schedule to a careless sniffer
    adapters = collect_adapters(make_plugin_manager())
    assert {n: adapters[n].sniff(str(path), head) for n in OURS} == dict.fromkeys(OURS, 0)


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_checks_each_real_file(realdata, name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(realdata / name), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["events"]) == 1
    assert report["events"][0]["source"] == str(realdata / name)


def test_cli_prints_adapter_errors_on_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "schedule.json"
    bad.write_text('{"schedule": {"conference": {"days": [\n{"rooms": }]}}}', encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0
    assert f"{bad}:2: invalid JSON" in err


def test_sniff_needs_content_not_a_suffix(tmp_path: Path):
    adapters = collect_adapters(make_plugin_manager())
    for name in OURS:
        assert adapters[name].sniff(str(tmp_path / "x.json"), b'{"a": 1}') == 0
        assert adapters[name].sniff("https://example.org/schedule.json", None) == 0


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".json")))
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_real_schedule_saved_as_utf16_or_utf32_reads_the_same(realdata, name, codec, tmp_path):
    # Windows' "Save as Unicode" writes UTF-16 with a byte-order mark.
    text = (realdata / name).read_bytes().decode("utf-8-sig")
    wide = tmp_path / Path(name).name
    data = text.encode(codec)
    wide.write_bytes(data if codec != "utf-16-be" else b"\xfe\xff" + data)
    adapters = collect_adapters(make_plugin_manager())
    adapter = pick_adapter(str(wide), adapters)
    assert adapter.name == EXPECTED[name]
    config = Config()
    [theirs] = adapter.load(str(wide), config)
    [ours] = adapter.load(str(realdata / name), config)
    assert theirs.model_copy(update={"source": ours.source}) == ours


def test_a_broken_utf16_schedule_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_bytes(b"\xff\xfe" + '{"schedule": {"conference": {"days": []}}}'.encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(AdapterError) as info:
        collect_adapters(make_plugin_manager())["pretalx"].load(str(path), Config())
    assert str(info.value).startswith(f"{path}:1: not valid UTF-16 text (byte ")
