"""sysconf: ISC 2017 and SC17 roles, and the verified gender mapping joined to SC17 panelists."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from genderlens_schedules import SysconfAdapter
from genderlens_schedules.sysconf import split_affiliation

from genderlens import hookimpl
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Gender, GenderDecision, GenderSource, Person, Role
from genderlens.report import build_report


def load(path: Path | str) -> list[Event]:
    return SysconfAdapter().load(str(path), Config())


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("ISC.json", {Role.CHAIR: 2 + 40, Role.KEYNOTE: 7, Role.PANELIST: 30}),
        ("SC.json", {Role.CHAIR: 2 + 21, Role.KEYNOTE: 2, Role.PANELIST: 75}),
    ],
)
def test_roles_match_the_lists(realdata, name, counts):
    source = realdata / "sysconf" / name
    raw = json.loads(source.read_text(encoding="utf-8"))
    [event] = load(source)
    assert Counter(p.role for p in event.participants) == counts
    assert counts[Role.PANELIST] == len(raw["panelists"])
    assert event.sessions == ()
    assert event.edition == "2017"
    assert event.id == raw["key"]


@pytest.mark.realdata
def test_names_and_affiliations(realdata):
    [event] = load(realdata / "sysconf" / "SC.json")
    chairs = [(p.person.name, p.person.affiliation) for p in event.participants if p.role is Role.CHAIR][:2]
    assert chairs == [("Anne Benoit", "ENS Lyon"), ("Michael Heroux", "Sandia National Labs")]
    keynotes = [(p.person.name, p.person.affiliation) for p in event.participants if p.role is Role.KEYNOTE]
    assert keynotes == [("Philip Diamond", "Square Kilometre Array"), ("Rosie Bolton", "Square Kilometre Array")]
    assert not any("(" in (p.person.name or "") for p in event.participants)


def test_split_affiliation():
    assert split_affiliation("Jennifer Tour Chayes (Microsoft)") == ("Jennifer Tour Chayes", "Microsoft")
    assert split_affiliation("Jack Dongarra") == ("Jack Dongarra", None)
    assert split_affiliation("Hans Eberle (NVIDIA, USA)") == ("Hans Eberle", "NVIDIA, USA")
    assert split_affiliation("A (B (C))") == ("A (B (C))", None)


# -- the verified mapping, joined independently of genderlens' own name keys ---------------------------------


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def verified_mapping(realdata: Path) -> dict[str, str]:
    with (realdata / "sysconf" / "verified_gender_mapping.csv").open(encoding="utf-8", newline="") as fh:
        return {fold(row["name"]): row["gender"].strip() for row in csv.DictReader(fh)}


def lookup(mapping: dict[str, str], name: str) -> str | None:
    """ "First Middle Last" against "Last, First Middle": try every split, longest first name first."""
    tokens = name.split()
    for i in range(len(tokens) - 1, 0, -1):
        found = mapping.get(fold(" ".join(tokens[i:]) + ", " + " ".join(tokens[:i])))
        if found is not None:
            return found
    return None


@pytest.mark.realdata
def test_sc17_panelists_verified_share_of_women(realdata):
    mapping = verified_mapping(realdata)
    # Reference: straight from the JSON, affiliations cut with a regex of our own.
    raw = json.loads((realdata / "sysconf" / "SC.json").read_text(encoding="utf-8"))["panelists"]
    reference = {re.sub(r"\s*\([^()]*\)$", "", e).strip() for e in raw}
    [event] = load(realdata / "sysconf" / "SC.json")
    panelists = {p.person.key: p.person.name for p in event.participants if p.role is Role.PANELIST}
    assert set(panelists.values()) == reference
    assert len(panelists) == 71  # 75 entries, four people on two panels

    genders = {key: lookup(mapping, name or "") for key, name in panelists.items()}
    assert [panelists[k] for k, g in genders.items() if g not in {"F", "M"}] == []  # every panelist is verified
    counts = Counter(genders.values())
    assert counts == {"M": 58, "F": 13}
    assert counts["F"] / (counts["F"] + counts["M"]) == pytest.approx(0.1831, abs=1e-4)
    assert genders["name:michela taufer"] == "F"
    assert genders["name:satoshi matsuoka"] == "M"


class VerifiedMapping:
    """A test-only resolver: what a roster plugin could do, outside the core."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    @hookimpl
    def resolve_gender(self, person: Person) -> GenderDecision | None:
        found = lookup(self.mapping, person.name or "")
        gender = {"F": Gender.WOMAN, "M": Gender.MAN}.get(found or "")
        if gender is None:
            return None
        return GenderDecision(gender=gender, source=GenderSource.INFERRED, detail=f"verified mapping: {found}")


@pytest.mark.realdata
def test_sc17_report_through_a_resolver_plugin(realdata, genderlens_pm):
    genderlens_pm.register(VerifiedMapping(verified_mapping(realdata)), name="test-verified-mapping")
    [event] = load(realdata / "sysconf" / "SC.json")
    report = build_report([event], genderlens_pm, Config())
    [er] = report.events
    panelists = er.result("role_panelist")
    assert panelists is not None
    assert (panelists.counts.woman, panelists.counts.man, panelists.counts.unknown) == (13, 58, 0)
    assert panelists.share.value == pytest.approx(13 / 71)


def test_bad_records_name_the_field(tmp_path):
    path = tmp_path / "X.json"
    path.write_text(json.dumps({"pc_chairs": ["A B"]}), encoding="utf-8")
    with pytest.raises(AdapterError) as info:
        load(path)
    assert info.value.field == "key"
    path.write_text(json.dumps([{"key": "X_19", "panelists": "A B, C D"}]), encoding="utf-8")
    with pytest.raises(AdapterError, match="expected a list of names") as info:
        load(path)
    assert info.value.field == "[0].panelists"
    path.write_text(json.dumps({"key": "X_19", "keynote_speakers": ["A B", {"name": "C"}]}), encoding="utf-8")
    with pytest.raises(AdapterError) as info:
        load(path)
    assert info.value.field == "keynote_speakers[1]"
