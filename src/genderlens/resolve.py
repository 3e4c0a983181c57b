"""Resolve every person's gender: declared answer, roster, then the ``resolve_gender`` hook chain.

One person, one gender: the records of one :attr:`~genderlens.model.Person.key` across the event's
programme (every session and role) are resolved together. A title or an answer found on any record
applies to all of them; records that give different genders at the same level (two different answers,
or ``Ms`` in one session and ``Mr`` in another) leave the person ``unknown``, with
:attr:`~genderlens.model.GenderDecision.conflicting` naming the genders, and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pluggy

from genderlens.answers import AnswerReader
from genderlens.config import Config
from genderlens.model import UNRESOLVED, Event, Gender, GenderDecision, GenderSource, Participant, Person
from genderlens.plugins import call_resolve_gender
from genderlens.roster import Roster
from genderlens.trusted import with_person

#: ``gender_collected`` setting -> the source reported for a file's gender column.
COLLECTED = {
    "self-declared": GenderSource.DECLARED,
    "organiser": GenderSource.ORGANISER,
    "inferred": GenderSource.INFERRED,
}


def declared_answers(event: Event) -> Iterator[str | None]:
    """Every declared answer in ``event``: programme people, registrations and tallies."""
    for p in event.all_participants():
        yield p.person.declared_gender
    for r in event.registrations:
        yield r.person.declared_gender
    for t in event.registration_tallies:
        yield t.person.declared_gender


def _combine(decisions: Iterable[tuple[int, GenderDecision]]) -> GenderDecision:
    """One decision from several records' ``(stage, decision)``: the earliest stage that knows wins."""
    known = [(stage, d) for stage, d in decisions if d.gender is not Gender.UNKNOWN]
    if not known:
        return UNRESOLVED
    first = min(stage for stage, _ in known)
    best = [d for stage, d in known if stage == first]
    genders = {d.gender for d in best}
    if len(genders) == 1:
        return best[0]
    return GenderDecision(
        gender=Gender.UNKNOWN,
        source=GenderSource.NONE,
        confidence=0.0,
        detail="records of this person give different genders",
        conflicting=tuple(g for g in Gender if g in genders),
    )


def resolve_event(
    event: Event,
    pm: pluggy.PluginManager,
    roster: Roster | None = None,
    config: Config | None = None,
    *,
    reader: AnswerReader | None = None,
) -> Event:
    """Return a copy of ``event`` in which every person carries a :class:`~genderlens.model.GenderDecision`.

    Each distinct record is resolved once (people repeat across sessions, and aggregated registrations
    repeat the same answer), so the hook chain runs per distinct input, not per row. Then the records
    of one programme person (by key) get one decision (see the module docstring).

    Args:
        event: The event as read by an adapter.
        pm: Plugin manager with the ``resolve_gender`` resolvers (titles, opt-in plugins).
        roster: Answers kept apart from the programme; they count after a readable declared answer in
            the event itself and before every resolver plugin.
        config: Settings: ``genders`` (answers mapped), ``gender_collected`` (how a file's gender column
            was filled in), and whatever the resolvers read; default settings when omitted.
        reader: How declared answers are read; by default, the built-in vocabulary, the ``genders``
            setting and the event's own one-letter codes.
    """
    config = config or Config()
    if reader is None:
        reader = AnswerReader.for_answers(declared_answers(event), config.genders)
    file_source = COLLECTED.get(config.gender_collected or "", GenderSource.FILE)
    staged: dict[Person, tuple[int, GenderDecision]] = {}

    def decide(person: Person) -> tuple[int, GenderDecision]:
        done = staged.get(person)
        if done is None:
            gender = reader.read(person.declared_gender)
            if gender is not None:
                source = file_source if person.declared_source is GenderSource.FILE else person.declared_source
                done = (0, GenderDecision(gender=gender, source=source, detail=person.declared_gender))
            elif roster is not None and (found := roster.decide(person)) is not None:
                done = (1, found)
            else:
                found = call_resolve_gender(pm, person, event, config)
                done = (2, found) if found is not None else (3, UNRESOLVED)
            staged[person] = done
        return done

    by_key: dict[str, list[tuple[int, GenderDecision]]] = {}
    for p in event.all_participants():
        by_key.setdefault(p.person.key, []).append(decide(p.person))
    combined = {key: _combine(decisions) for key, decisions in by_key.items()}
    # By identity first: tallies share their person, and hashing a frozen model costs more than the copy.
    copies: dict[int, tuple[Person, Person]] = {}

    def resolved(person: Person, decision: GenderDecision | None = None) -> Person:
        done = copies.get(id(person))
        if done is None:
            chosen = decision if decision is not None else decide(person)[1]
            done = copies[id(person)] = (person, person.model_copy(update={"decision": chosen}))
        return done[1]

    def participants(items: tuple[Participant, ...]) -> tuple[Participant, ...]:
        return tuple(p.model_copy(update={"person": resolved(p.person, combined[p.person.key])}) for p in items)

    return event.model_copy(
        update={
            "participants": participants(event.participants),
            "sessions": tuple(
                s.model_copy(update={"participants": participants(s.participants)}) for s in event.sessions
            ),
            "registrations": tuple(r.model_copy(update={"person": resolved(r.person)}) for r in event.registrations),
            "registration_tallies": tuple(with_person(t, resolved(t.person)) for t in event.registration_tallies),
        }
    )
