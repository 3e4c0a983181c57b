"""What was read from a source: sessions, people, people of known gender, registrations."""

from __future__ import annotations

from genderlens.model import Event, ReadSummary, is_active_status


def read_summary(event: Event) -> ReadSummary:
    """Count what ``event`` holds, once genders are resolved.

    People are counted once each (by ``key``) across event-level roles and sessions; registrations are
    the active ones, individual or already tallied.
    """
    people = {p.person.key: p.person.gender.is_known for p in event.all_participants()}
    registrations = known = 0
    for r in event.registrations:
        if is_active_status(r.status):
            registrations += r.count
            known += r.count if r.person.gender.is_known else 0
    for t in event.registration_tallies:
        if t.field is None:  # the overall tallies: active registrations only
            registrations += t.count
            known += t.count if t.person.gender.is_known else 0
    return ReadSummary(
        sessions=len(event.sessions),
        people=len(people),
        people_known=sum(people.values()),
        registrations=registrations,
        registrations_known=known,
        people_fields=event.people_fields,
    )
