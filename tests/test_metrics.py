from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.metrics import count_genders, share_of, wilson
from genderlens.model import Counts, Event, Gender, Participant, Person, Role, Session
from genderlens.plugins import collect_metrics, make_plugin_manager
from genderlens.resolve import resolve_event


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Reference values: Wilson score interval, z = 1.96 (Newcombe 1998, Table I; R binom::binom.wilson)
        (1, 2, 0.0945, 0.9055),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
    ],
)
def test_wilson_reference_values(k, n, low, high):
    s = wilson(k, n)
    assert s.value == pytest.approx(k / n)
    assert s.low == pytest.approx(low, abs=6e-4)
    assert s.high == pytest.approx(high, abs=6e-4)


def test_wilson_empty_and_invalid():
    assert wilson(0, 0).value is None
    with pytest.raises(ValueError, match="outside"):
        wilson(3, 2)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_wilson_contains_estimate(k, n):
    k = min(k, n)
    s = wilson(k, n)
    assert 0 <= s.low <= s.value <= s.high <= 1


GENDERS = st.sampled_from(["woman", "man", "non-binary", "prefer not to say", None, "Ms", "Mr", "Dr"])


def _event(specs: list[list[str | None]], minutes: list[int]) -> Event:
    sessions = []
    n = 0
    for i, (spec, mins) in enumerate(zip(specs, minutes, strict=False)):
        people = []
        for value in spec:
            n += 1
            declared = value if value not in {"Ms", "Mr", "Dr"} else None
            title = value if value in {"Ms", "Mr", "Dr"} else None
            people.append(
                Participant(person=Person(key=f"p{n}", declared_gender=declared, title=title), role=Role.PANELIST)
            )
        sessions.append(Session(id=f"s{i}", title=f"S{i}", duration_minutes=mins, participants=tuple(people)))
    return Event(id="e", title="E", source="t", sessions=tuple(sessions))


def _all_results(event, pm):
    resolved = resolve_event(event, pm)
    return [r for m in collect_metrics(pm).values() for r in m.compute(resolved)]


programmes = st.lists(st.lists(GENDERS, min_size=1, max_size=6), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(programmes, st.lists(st.integers(min_value=0, max_value=240), min_size=8, max_size=8))
def test_invariants(specs, minutes):
    pm = make_plugin_manager(entrypoints=False)
    results = _all_results(_event(specs, minutes), pm)
    total_people = sum(len(s) for s in specs)
    for r in results:
        if r.share.value is not None:
            assert 0 <= r.share.value <= 1
        if r.metric in {"people", "speakers"}:
            # every person counted once, in exactly one bucket
            assert r.counts.total == total_people
        c = r.counts
        if r.metric != "speaking_time":
            # unknown and undisclosed never enter the denominator, so never count as men
            expected = c.woman / c.known if c.known else None
            assert r.share.value == (pytest.approx(expected) if expected is not None else None)


@settings(max_examples=40, deadline=None)
@given(programmes, st.randoms())
def test_order_independence(specs, rnd):
    pm = make_plugin_manager(entrypoints=False)
    minutes = [60] * len(specs)
    before = _all_results(_event(specs, minutes), pm)
    shuffled = [list(s) for s in specs]
    for s in shuffled:
        rnd.shuffle(s)
    after = _all_results(_event(shuffled, minutes), pm)
    key = lambda rs: sorted((r.metric, r.session_id or "", r.counts.model_dump_json()) for r in rs)  # noqa: E731
    assert key(before) == key(after)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["woman", "man", None]), min_size=1, max_size=30))
def test_swapping_women_and_men_mirrors_the_share(spec):
    pm = make_plugin_manager(entrypoints=False)
    swap = {"woman": "man", "man": "woman", None: None}
    [a] = [r for r in _all_results(_event([spec], [60]), pm) if r.metric == "speakers"]
    [b] = [r for r in _all_results(_event([[swap[g] for g in spec]], [60]), pm) if r.metric == "speakers"]
    if a.share.value is None:
        assert b.share.value is None
    else:
        assert b.share.value == pytest.approx(1 - a.share.value)
        assert b.share.low == pytest.approx(1 - a.share.high)


def test_unknowns_are_not_men(make_event, genderlens_pm):
    # two women, one man, three people with nothing to go on: 2/3, not 2/6
    event = make_event("wwm???")
    [r] = [r for r in _all_results(event, genderlens_pm) if r.metric == "speakers"]
    assert (r.counts.woman, r.counts.man, r.counts.unknown) == (2, 1, 3)
    assert r.share.value == pytest.approx(2 / 3)
    assert r.coverage == pytest.approx(0.5)


def test_speaking_time_weights_by_duration(make_event, genderlens_pm):
    event = make_event("w", "m", "m")
    sessions = list(event.sessions)
    sessions[0] = sessions[0].model_copy(update={"duration_minutes": 120})
    event = event.model_copy(update={"sessions": tuple(sessions)})
    [r] = [r for r in _all_results(event, genderlens_pm) if r.metric == "speaking_time"]
    # 120 minutes of women's time against 60 + 60 of men's, while the head count is 1 of 3
    assert r.share.value == pytest.approx(0.5)
    assert r.minutes == {"woman": 120.0, "man": 120.0, "nonbinary": 0.0, "undisclosed": 0.0, "unknown": 0.0}


def test_speaking_time_uses_talk_minutes_inside_sessions(genderlens_pm):
    w = Person(key="w", declared_gender="F")
    m = Person(key="m", declared_gender="M")
    session = Session(
        id="s",
        title="S",
        duration_minutes=90,
        participants=(
            Participant(person=w, role=Role.SPEAKER, minutes=10),
            Participant(person=m, role=Role.SPEAKER, minutes=30),
        ),
    )
    event = Event(id="e", title="E", source="t", sessions=(session,))
    [r] = [r for r in _all_results(event, genderlens_pm) if r.metric == "speaking_time"]
    assert r.share.value == pytest.approx(0.25)


def test_moderators_are_counted_apart_from_panel_parity(genderlens_pm):
    people = [Participant(person=Person(key=f"m{i}", declared_gender="M"), role=Role.PANELIST) for i in range(3)]
    people.append(Participant(person=Person(key="w", declared_gender="F"), role=Role.MODERATOR))
    event = Event(id="e", title="E", source="t", sessions=(Session(id="s", title="S", participants=tuple(people)),))
    results = _all_results(event, genderlens_pm)
    [session] = [r for r in results if r.scope == "session"]
    assert (session.counts.woman, session.counts.man) == (0, 3)
    [mods] = [r for r in results if r.metric == "role_moderator"]
    assert mods.counts.woman == 1
    [lead] = [r for r in results if r.metric == "leadership"]
    assert lead.share.value == 1.0


def test_count_genders_and_share_of_dedupe_by_key():
    p = Person(key="same", declared_gender="F")
    assert share_of([p, p, p], metric="x").counts == Counts(woman=0, unknown=1)  # unresolved person
    assert count_genders([Gender.WOMAN, Gender.MAN, Gender.UNKNOWN]).known == 2
    assert math.isclose(share_of([], metric="x").counts.total, 0)


def test_people_and_registrations_say_where_genders_came_from(genderlens_pm):
    from genderlens.model import Registration

    people = [
        Person(key="a", declared_gender="F"),
        Person(key="b", title="Mr"),
        Person(key="c", title="Ms"),
        Person(key="d", name="Kim"),
    ]
    session = Session(id="s", title="S", participants=tuple(Participant(person=p, role=Role.SPEAKER) for p in people))
    regs = (
        Registration(person=Person(key="r1", declared_gender="M"), count=40),
        Registration(person=Person(key="r2", title="Mme"), count=7),
        Registration(person=Person(key="r3"), count=3),
    )
    event = Event(id="e", title="E", source="t", sessions=(session,), registrations=regs)
    results = {r.metric: r for r in _all_results(event, genderlens_pm) if r.scope == "event"}
    assert results["people"].sources == {"declared": 1, "title": 2, "none": 1}
    assert list(results["people"].sources) == ["declared", "title", "none"]  # in GenderSource order
    assert results["registrations"].sources == {"declared": 40, "title": 7, "none": 3}
