"""Real Indico exports from ../shared/realdata. Expected numbers come from SOURCES.md or a raw JSON walk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from genderlens_indico import IndicoAdapter

from genderlens.adapters import read_head
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Role

pytestmark = pytest.mark.realdata

JSON_FILES = ["jacow-meow/events_44_light.json", "voc-voctosched/indico.json"]


def load(path: Path):
    [event] = IndicoAdapter().load(str(path), Config())
    return event


@pytest.mark.parametrize("name", JSON_FILES)
def test_real_exports_are_sniffed_and_parse(realdata, name):
    path = realdata / name
    assert IndicoAdapter().sniff(str(path), read_head(str(path))) == 100
    event = load(path)
    assert event.sessions
    assert all(p.person.key.startswith("indico:") for s in event.sessions for p in s.participants)


def test_fel2022_sessions_export(realdata):
    path = realdata / "jacow-meow/events_44_light.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    event = load(path)
    assert (event.id, event.title) == ("44", "FEL2022")
    # SOURCES.md: 21 session slots, 256 contributions with 291 speakers; every contribution is in a slot.
    assert len(raw["sessions"]) == len(event.sessions) == 21
    assert sum(len(c["speakers"]) for s in raw["sessions"] for c in s["contributions"]) == 291
    speakers = [p for s in event.sessions for p in s.participants if p.role is Role.SPEAKER]
    conveners = [p for s in event.sessions for p in s.participants if p.role is Role.CONVENER]
    # Someone giving two talks in one slot is one speaker of that slot: 291 speaker links -> 261 (slot, person).
    assert len(speakers) == 261
    assert len(conveners) == 15  # one per non-poster slot that has one
    assert len({p.person.key for p in speakers}) == 215
    assert [(p.person.name, p.role) for p in event.participants] == [
        ("Luca Giannessi", Role.CHAIR),
        ("Michele Svandrlik", Role.CHAIR),
    ]
    posters = [s for s in event.sessions if s.kind == "Poster"]
    assert len(posters) == 5
    assert not any(p.role is Role.CONVENER for s in posters for p in s.participants)
    # Contributions carry durations (minutes), shared among their speakers.
    assert all(p.minutes is not None for p in speakers)


def test_xdc2021_primary_authors_stand_in_for_speakers(realdata):
    event = load(realdata / "voc-voctosched/indico.json")
    assert event.title.startswith("X.Org Developer Conference")
    assert len(event.sessions) == 37  # SOURCES.md: 37 contributions, each its own session
    people = [p for s in event.sessions for p in s.participants]
    assert len(people) == 41  # SOURCES.md: 41 primaryauthors, no speakers
    assert {p.role for p in people} == {Role.SPEAKER}
    assert sum(1 for s in event.sessions if not s.participants) == 5
    names = {p.person.name for p in people}
    assert any("Schürmann" in (n or "") for n in names)
    assert len(event.participants) == 4
    assert all(s.minutes is not None for s in event.sessions)


def test_other_real_json_files_are_not_taken_for_indico(realdata):
    others = [p for p in realdata.glob("*/*.json") if str(p.relative_to(realdata)) not in JSON_FILES]
    assert len(others) >= 4  # sessionize, pretalx, frab, sysconf
    for path in others:
        assert IndicoAdapter().sniff(str(path), read_head(str(path))) == 0, path
        with pytest.raises(AdapterError, match="not an Indico export"):
            IndicoAdapter().load(str(path), Config())


@pytest.mark.parametrize("name", JSON_FILES)
def test_real_exports_saved_as_utf16_read_the_same(realdata, name, tmp_path):
    wide = tmp_path / Path(name).name
    wide.write_bytes((realdata / name).read_bytes().decode("utf-8-sig").encode("utf-16"))
    assert IndicoAdapter().sniff(str(wide), read_head(str(wide))) == 100
    assert load(wide).model_copy(update={"source": str(realdata / name)}) == load(realdata / name)
