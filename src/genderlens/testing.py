"""pytest plugin for genderlens plugin authors: fresh plugin managers and small events.

Loaded automatically through the ``pytest11`` entry point once genderlens is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy
import pytest

from genderlens.model import Event, Participant, Person, Role, Session
from genderlens.plugins import make_plugin_manager


@pytest.fixture
def genderlens_pm() -> pluggy.PluginManager:
    """A plugin manager with the built-in plugins only (no entry points), fresh for each test."""
    return make_plugin_manager(entrypoints=False)


def make_person(spec: str, index: int = 0) -> Person:
    """A person from a short spec: ``"w"``, ``"m"``, ``"x"`` (non-binary), ``"?"`` (unknown), ``"Ms"``."""
    declared = {"w": "woman", "m": "man", "x": "non-binary", "u": "prefer not to say"}.get(spec)
    title = None if declared or spec == "?" else spec
    return Person(key=f"p{index}-{spec}", name=None, declared_gender=declared, title=title)


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """Build an event from sessions given as strings of person specs, e.g. ``make_event("wwm", "mmm")``."""

    def factory(*sessions: str, role: Role = Role.PANELIST, minutes: float = 60, **kwargs: Any) -> Event:
        built = []
        counter = 0
        for i, spec in enumerate(sessions):
            participants = []
            for ch in spec:
                participants.append(Participant(person=make_person(ch, counter), role=role))
                counter += 1
            built.append(
                Session(id=f"s{i}", title=f"Session {i}", duration_minutes=minutes, participants=tuple(participants))
            )
        return Event(
            id=kwargs.pop("id", "e1"),
            title=kwargs.pop("title", "Test event"),
            source="test",
            sessions=tuple(built),
            **kwargs,
        )

    return factory
