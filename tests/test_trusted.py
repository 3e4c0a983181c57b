"""Tallies built and copied without validation are the objects pydantic would build (issue 11)."""

from __future__ import annotations

import copy
import pickle
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config
from genderlens.default_plugins.registration_metrics import RegistrationBreakdown, Registrations
from genderlens.hookspecs import RegisterMetric, hookimpl
from genderlens.metrics import Metric
from genderlens.model import (
    BREAKDOWN_FIELDS,
    Event,
    Gender,
    GenderDecision,
    GenderSource,
    MetricResult,
    Person,
    RegistrationTally,
)
from genderlens.report import report_event
from genderlens.resolve import resolve_event
from genderlens.trusted import field_tally, overall_tally, with_person

ADA = Person(key="registrant:F|Ms", declared_gender="F", title="Ms", declared_source=GenderSource.FILE)
WOMAN = GenderDecision(gender=Gender.WOMAN, source=GenderSource.FILE, detail="F")


def same(built: RegistrationTally, validated: RegistrationTally) -> None:
    assert type(built) is type(validated)
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert list(built.__dict__) == list(validated.__dict__)  # repr and iteration follow this order
    assert repr(built) == repr(validated)
    assert built.model_dump_json(exclude_unset=True) == validated.model_dump_json(exclude_unset=True)
    assert hash(built) == hash(validated)
    assert pickle.loads(pickle.dumps(built)) == validated  # noqa: S301 (our own bytes)
    assert copy.deepcopy(built) == validated


@pytest.mark.parametrize("fellowship", [None, True, False])
def test_overall_tally_is_the_validated_one(fellowship):
    same(overall_tally(ADA, 3, fellowship), RegistrationTally(person=ADA, count=3, fellowship=fellowship))


def test_field_tally_is_the_validated_one():
    same(
        field_tally(ADA, 7, "region", "Africa"), RegistrationTally(person=ADA, count=7, field="region", value="Africa")
    )


@pytest.mark.parametrize(
    "tally",
    [
        RegistrationTally(person=ADA, count=2),
        RegistrationTally(person=ADA, count=2, fellowship=True),
        RegistrationTally(person=ADA, count=5, field="status", value="Pending"),
        field_tally(ADA, 4, "member_state", "Peru"),
    ],
)
def test_with_person_is_model_copy(tally):
    resolved = ADA.model_copy(update={"decision": WOMAN})
    moved = with_person(tally, resolved)
    same(moved, tally.model_copy(update={"person": resolved}))
    assert moved.person.gender is Gender.WOMAN
    assert tally.person.gender is Gender.UNKNOWN  # the original is left alone
    with pytest.raises(ValueError, match="frozen"):
        moved.count = 1  # type: ignore[misc]


def test_with_person_keeps_a_subclass():
    class Weighted(RegistrationTally):
        weight: float = 1.0

    tally = Weighted(person=ADA, count=2, weight=0.5)
    moved = with_person(tally, ADA.model_copy(update={"decision": WOMAN}))
    assert type(moved) is Weighted
    assert moved.weight == 0.5
    assert moved.person.gender is Gender.WOMAN


def test_hook_register_metrics_third_party_metric_sees_resolved_tallies(tmp_path, genderlens_pm):
    # A registration export read into tallies (built unvalidated) and resolved (copied unvalidated): a
    # plugin's metric still gets frozen RegistrationTally objects whose people carry their decision.
    seen: list[tuple[str | None, str | None, int, Gender, GenderSource]] = []

    class Probe(Metric):
        name = "probe"
        description = "Records the tallies it is given."

        def compute(self, event: Event) -> list[MetricResult]:
            for t in event.registration_tallies:
                assert type(t) is RegistrationTally
                seen.append((t.field, t.person.declared_gender, t.count, t.person.gender, t.person.decision.source))
            return []

    class Plugin:
        @hookimpl
        def register_metrics(self, register: RegisterMetric) -> None:
            register(Probe())

    genderlens_pm.register(Plugin())
    path = tmp_path / "regs.csv"
    path.write_text("Gender,Region\nF,Africa\nF,Africa\nM,Africa\nZzz,\n", encoding="utf-8")
    from genderlens.report import load_sources

    [event] = load_sources([str(path)], genderlens_pm, Config())
    report_event(event, genderlens_pm, Config())
    assert sorted(seen, key=str) == sorted(
        [
            (None, "F", 2, Gender.WOMAN, GenderSource.FILE),
            (None, "M", 1, Gender.MAN, GenderSource.FILE),
            (None, "Zzz", 1, Gender.UNKNOWN, GenderSource.NONE),
            ("region", "F", 2, Gender.WOMAN, GenderSource.FILE),
            ("region", "M", 1, Gender.MAN, GenderSource.FILE),
        ],
        key=str,
    )


ANSWERS = ["F", "M", "Woman", "Non-binary", "Prefer not to say", "Zzz", None]
TALLIES = st.lists(
    st.tuples(
        st.sampled_from(ANSWERS),
        st.sampled_from([None, *BREAKDOWN_FIELDS]),
        st.sampled_from(["a", "B", "b", ""]),
        st.integers(1, 50),
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(TALLIES)
def test_registration_counts_match_a_plain_sum(rows):
    # Tallies in any order, the same person object repeated or not: counts as if summed one by one.
    people = {a: Person(key=f"registrant:{a}", declared_gender=a) for a in ANSWERS}
    tallies = tuple(
        RegistrationTally(person=people[a] if n % 2 else Person(key="other", declared_gender=a), count=n)
        if field is None
        else RegistrationTally(person=people[a], count=n, field=field, value=value)
        for a, field, value, n in rows
    )
    from genderlens.plugins import make_plugin_manager

    resolved = resolve_event(Event(id="e", title="E", source="t", registration_tallies=tallies), make_plugin_manager())
    overall: Counter[Gender] = Counter()
    groups: dict[tuple[str, str], Counter[Gender]] = {}
    for t in resolved.registration_tallies:
        if t.field is None:
            overall[t.person.gender] += t.count
        elif t.value:
            groups.setdefault((t.field, t.value), Counter())[t.person.gender] += t.count
    results = Registrations().compute(resolved)
    if overall:
        [r] = results
        assert r.counts.model_dump() == {g.value: overall[g] for g in Gender}
    else:
        assert results == []
    by = {(r.metric.removeprefix("registrations_by_"), r.group): r for r in RegistrationBreakdown().compute(resolved)}
    assert set(by) == set(groups)
    for key, counter in groups.items():
        assert by[key].counts.model_dump() == {g.value: counter[g] for g in Gender}
