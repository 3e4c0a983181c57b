"""Resolve every person's gender through the ``resolve_gender`` hook chain."""

from __future__ import annotations

import pluggy

from genderlens.model import UNRESOLVED, Event, Participant, Person
from genderlens.plugins import call_resolve_gender


def resolve_event(event: Event, pm: pluggy.PluginManager) -> Event:
    """Return a copy of ``event`` in which every person carries a :class:`~genderlens.model.GenderDecision`.

    Each distinct person is resolved once (people repeat across sessions, and aggregated registrations
    repeat the same answer), so the hook chain runs per distinct input, not per row.
    """
    cache: dict[Person, Person] = {}

    def resolved(person: Person) -> Person:
        done = cache.get(person)
        if done is None:
            decision = call_resolve_gender(pm, person, event) or UNRESOLVED
            done = cache[person] = person.model_copy(update={"decision": decision})
        return done

    def participants(items: tuple[Participant, ...]) -> tuple[Participant, ...]:
        return tuple(p.model_copy(update={"person": resolved(p.person)}) for p in items)

    return event.model_copy(
        update={
            "participants": participants(event.participants),
            "sessions": tuple(
                s.model_copy(update={"participants": participants(s.participants)}) for s in event.sessions
            ),
            "registrations": tuple(r.model_copy(update={"person": resolved(r.person)}) for r in event.registrations),
        }
    )
