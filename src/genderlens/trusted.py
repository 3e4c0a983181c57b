"""Frozen models built from values that are already valid, without pydantic's per-call overhead.

A million-row export is reduced to ~87k :class:`~genderlens.model.RegistrationTally` objects, and
resolving it gives each a copy with its person's decision. Validating each of them (about 1.3 µs) or
copying it with ``model_copy`` (1.6 µs, mostly :mod:`copy`'s generic steps) took a third of the work
left after counting. The values here come from genderlens itself (counts of at least one, fields
already validated), so checking them again finds nothing.

The objects are those pydantic itself would build: the same ``__dict__`` (every field, in declaration
order), fields set, ``__pydantic_extra__`` and ``__pydantic_private__``; ``tests/test_trusted.py``
compares them with validated ones, so a pydantic release that changes this layout fails there, not in
a report.
"""

from __future__ import annotations

from genderlens.model import Person, RegistrationTally

_new = object.__new__
_set = object.__setattr__
_OVERALL_SET = frozenset({"person", "count", "fellowship"})
_FIELD_SET = frozenset({"person", "count", "field", "value"})


def _tally(values: dict[str, object], fields_set: set[str]) -> RegistrationTally:
    tally: RegistrationTally = _new(RegistrationTally)
    _set(tally, "__dict__", values)
    _set(tally, "__pydantic_fields_set__", fields_set)
    _set(tally, "__pydantic_extra__", None)
    _set(tally, "__pydantic_private__", None)
    return tally


def overall_tally(person: Person, count: int, fellowship: bool | None) -> RegistrationTally:
    """``RegistrationTally(person=person, count=count, fellowship=fellowship)``, unvalidated.

    Args:
        person: The answer counted.
        count: How many registrations gave it; at least 1 (the caller's counts never hold a 0).
        fellowship: Whether they hold a fellowship, ``None`` when not stated.
    """
    values = {"person": person, "count": count, "field": None, "value": None, "fellowship": fellowship}
    return _tally(values, set(_OVERALL_SET))


def field_tally(person: Person, count: int, field: str, value: str) -> RegistrationTally:
    """``RegistrationTally(person=person, count=count, field=field, value=value)``, unvalidated.

    Args:
        person: The answer counted.
        count: How many registrations gave it with this value; at least 1.
        field: One of :data:`~genderlens.model.BREAKDOWN_FIELDS`.
        value: The field's value.
    """
    values = {"person": person, "count": count, "field": field, "value": value, "fellowship": None}
    return _tally(values, set(_FIELD_SET))


def with_person(tally: RegistrationTally, person: Person) -> RegistrationTally:
    """``tally.model_copy(update={"person": person})``: the same tally, counting ``person`` (resolved).

    Only for a plain :class:`~genderlens.model.RegistrationTally` (a subclass goes through
    ``model_copy``, which knows its extra state).
    """
    if type(tally) is not RegistrationTally:
        return tally.model_copy(update={"person": person})
    values = tally.__dict__.copy()
    values["person"] = person
    fields_set = set(tally.__pydantic_fields_set__)
    fields_set.add("person")
    return _tally(values, fields_set)
