"""Every file in ../shared/realdata is read by the right adapter, or rejected with a one-line error."""

from __future__ import annotations

import pytest

from genderlens.adapters import read_head
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.plugins import collect_adapters, make_plugin_manager
from genderlens.report import load_sources, pick_adapter

#: file -> adapter that must read it, or None when it must be rejected.
EXPECTED = {
    "collective-icalendar/issue_101_icalendar_chokes_on_umlauts_in_organizer.ics": "ical",
    "collective-icalendar/issue_156_RDATE_with_PERIOD_TZID_khal.ics": "ical",
    "collective-icalendar/property_params.ics": "ical",
    "collective-icalendar/rfc_6868.ics": "ical",
    "congres-afsp/edges.tsv": "csv",
    # Role codes (o, p, c, d, a, e) and headers i, j: read with settings in test_realdata_tabular.py.
    "congres-afsp/participants.tsv": None,
    "couchbase-connect/agenda.xlsx": "xlsx",
    "epsa2020/epsa2020-participants.tsv": "csv",
    # One-letter role codes (c, p): read with [tool.genderlens.role_codes] in test_realdata_tabular.py.
    "epsa2020/epsa2020-program.tsv": None,
    "fosdem/fosdem-2024.xml": "frab_xml",
    "eventfahrplan/schedule-39c3-20251206.xml": "frab_xml",
    "ical-js/recur_instances.ics": "ical",
    "jacow-meow/events_44_light.json": "indico",
    "libical/2446.ics": "ical",
    "moca24-ics/schedule.ics": "ical",
    "pretalx-ics/pyconau2023-schedule.ics": "ical",
    "pyconuk-2015/schedule.ics": "ical",
    "sessionize-sdk/All.json": "sessionize",
    "sibecol/Data_Block1.csv": "csv",
    "sibecol/Data_Block2.csv": "csv",
    "sysconf/ISC.json": "sysconf",
    "sysconf/SC.json": "sysconf",
    "sysconf/verified_gender_mapping.csv": "csv",
    "voc-schedule/camp99.csv": "csv",
    "voc-schedule/frab-camp2019.json": "pretalx",
    "voc-schedule/pretalx-rc3.json": "pretalx",
    "voc-schedule/schedule-example.xlsx": "xlsx",
    "voc-schedule/sendezentrum_31C3.csv": "csv",
    "voc-voctosched/gpn11.csv": "csv",
    "voc-voctosched/indico.json": "indico",
}


def test_the_list_covers_every_file(realdata):
    found = {str(p.relative_to(realdata)) for p in realdata.rglob("*") if p.is_file() and p.name != "SOURCES.md"}
    assert found == set(EXPECTED)


@pytest.mark.parametrize(("name", "adapter"), sorted(EXPECTED.items()))
def test_read_or_rejected(realdata, name, adapter):
    pm = make_plugin_manager()
    path = str(realdata / name)
    adapters = collect_adapters(pm)
    if adapter is None:
        with pytest.raises(AdapterError) as info:
            load_sources([path], pm, Config())
        message = str(info.value)
        assert message.startswith(path)
        assert "\n" not in message
        return
    assert adapter in adapters, f"adapter {adapter!r} is not installed"
    assert pick_adapter(path, adapters).name == adapter
    assert read_head(path)
    events = load_sources([path], pm, Config())
    assert events
    people = sum(
        len(e.participants)
        + sum(len(s.participants) for s in e.sessions)
        + len(e.registrations)
        + len(e.registration_tallies)
        for e in events
    )
    sessions = sum(len(e.sessions) for e in events)
    assert people + sessions > 0
