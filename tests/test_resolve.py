from __future__ import annotations

import pytest

from genderlens.answers import parse_declared
from genderlens.default_plugins.titles import parse_title, title_in_name
from genderlens.model import Event, Gender, GenderSource, Participant, Person, Role, Session
from genderlens.resolve import resolve_event


@pytest.mark.parametrize(
    ("answer", "gender"),
    [
        ("F", Gender.WOMAN),
        ("female", Gender.WOMAN),
        ("Woman", Gender.WOMAN),
        ("Femme", Gender.WOMAN),
        ("Féminin", Gender.WOMAN),
        ("Mujer", Gender.WOMAN),
        ("W", Gender.WOMAN),
        ("weiblich", Gender.WOMAN),
        ("Женщина", Gender.WOMAN),
        ("女", Gender.WOMAN),
        ("أنثى", Gender.WOMAN),
        ("Male", Gender.MAN),
        ("man", Gender.MAN),
        ("Homme", Gender.MAN),
        ("hombre", Gender.MAN),
        ("Мужчина", Gender.MAN),
        ("男", Gender.MAN),
        ("Non-binary", Gender.NONBINARY),
        ("nonbinary", Gender.NONBINARY),
        ("X", Gender.NONBINARY),
        ("genderqueer", Gender.NONBINARY),
        ("Non-binaire", Gender.NONBINARY),
        ("Prefer not to say", Gender.UNDISCLOSED),
        ("Je préfère ne pas répondre", Gender.UNDISCLOSED),
        ("Prefiero no decir", Gender.UNDISCLOSED),
        ("keine Angabe", Gender.UNDISCLOSED),
        (" f. ", Gender.WOMAN),
    ],
)
def test_declared_answers(answer, gender):
    assert parse_declared(answer) is gender


# A lone "M" is man or (Spanish) mujer: read only when its column tells (see test_genders.py).
@pytest.mark.parametrize("answer", ["", "   ", "unknown", "banana", "Dr", "Ms", "M"])
def test_declared_unrecognised_defers(answer):
    assert parse_declared(answer) is None


@pytest.mark.parametrize(
    ("title", "gender"),
    [
        ("Ms", Gender.WOMAN),
        ("Mrs.", Gender.WOMAN),
        ("Miss", Gender.WOMAN),
        ("Mme", Gender.WOMAN),
        ("Mlle", Gender.WOMAN),
        ("Sra.", Gender.WOMAN),
        ("Frau", Gender.WOMAN),
        ("H.E. Ms", Gender.WOMAN),
        ("Mr", Gender.MAN),
        ("M.", Gender.MAN),
        ("Sr", Gender.MAN),
        ("Herr", Gender.MAN),
        ("H.E. Mr", Gender.MAN),
        ("Mx", Gender.NONBINARY),
    ],
)
def test_titles(title, gender):
    found = parse_title(title)
    assert found is not None
    assert found[0] is gender


@pytest.mark.parametrize("title", ["Dr", "Prof.", "H.E.", "Dr.", "Ambassador", "", None])
def test_titles_that_tell_nothing(title):
    assert parse_title(title) is None


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Ms Rosa Parks", Gender.WOMAN),
        ("Mr Koutsakis, Ilias", Gender.MAN),
        ("Dr. Mme Marie Curie", Gender.WOMAN),
        ("Prof. Manfred Broy", None),
        ("M. Night Shyamalan", None),  # an initial, not Monsieur
        ("Ada Lovelace", None),
        ("John Smith Sr", None),
    ],
)
def test_title_leading_a_name(name, gender):
    found = title_in_name(name)
    assert (found[0] if found else None) is gender


def _event(*people: Person) -> Event:
    session = Session(id="s", title="S", participants=tuple(Participant(person=p, role=Role.SPEAKER) for p in people))
    return Event(id="e", title="E", source="t", sessions=(session,))


def test_chain_declared_beats_title(genderlens_pm):
    person = Person(key="a", name="Alex", title="Mr", declared_gender="Woman")
    [resolved] = [p.person for p in resolve_event(_event(person), genderlens_pm).sessions[0].participants]
    assert resolved.gender is Gender.WOMAN
    assert resolved.decision.source is GenderSource.DECLARED
    assert resolved.decision.detail == "Woman"


def test_chain_title_when_nothing_declared(genderlens_pm):
    person = Person(key="a", name="Alex", title="Mme", declared_gender="")
    [p] = resolve_event(_event(person), genderlens_pm).sessions[0].participants
    assert p.person.gender is Gender.WOMAN
    assert p.person.decision.source is GenderSource.TITLE


def test_chain_never_guesses_from_names(genderlens_pm):
    people = [Person(key=str(i), name=n) for i, n in enumerate(["Maria Garcia", "John Smith", "Dr. Kim"])]
    resolved = resolve_event(_event(*people), genderlens_pm).sessions[0].participants
    assert [p.person.gender for p in resolved] == [Gender.UNKNOWN] * 3
    assert {p.person.decision.source for p in resolved} == {GenderSource.NONE}


def test_resolution_runs_once_per_distinct_person(genderlens_pm):
    calls = []

    class Spy:
        from genderlens import hookimpl

        @hookimpl(tryfirst=True)
        def resolve_gender(self, person, event):
            calls.append(person.key)

    genderlens_pm.register(Spy(), name="spy")
    person = Person(key="a", title="Ms")
    event = Event(
        id="e",
        title="E",
        source="t",
        sessions=tuple(
            Session(id=str(i), title="S", participants=(Participant(person=person, role=Role.PANELIST),))
            for i in range(5)
        ),
    )
    resolved = resolve_event(event, genderlens_pm)
    assert calls == ["a"]
    assert all(s.participants[0].person.gender is Gender.WOMAN for s in resolved.sessions)
