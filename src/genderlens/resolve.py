"""Resolve every person's gender through the ``resolve_gender`` hook chain."""

from __future__ import annotations

import pluggy

from genderlens.config import Config
from genderlens.default_plugins.self_declared import parse_declared
from genderlens.model import UNRESOLVED, Event, Participant, Person
from genderlens.plugins import call_resolve_gender
from genderlens.roster import Roster


def resolve_event(
    event: Event, pm: pluggy.PluginManager, roster: Roster | None = None, config: Config | None = None
) -> Event:
    """Return a copy of ``event`` in which every person carries a :class:`~genderlens.model.GenderDecision`.

    Each distinct person is resolved once (people repeat across sessions, and aggregated registrations
    repeat the same answer), so the hook chain runs per distinct input, not per row.

    A ``roster`` answer counts after a declared answer in the event itself and before every resolver
    plugin (titles, inference). ``config`` is passed to the resolvers (default settings when omitted).
    """
    cache: dict[Person, Person] = {}

    def resolved(person: Person) -> Person:
        done = cache.get(person)
        if done is None:
            decision = None
            if roster is not None and parse_declared(person.declared_gender) is None:
                decision = roster.decide(person)
            decision = decision or call_resolve_gender(pm, person, event, config) or UNRESOLVED
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
            "registration_tallies": tuple(
                t.model_copy(update={"person": resolved(t.person)}) for t in event.registration_tallies
            ),
        }
    )
