"""pytest plugin for genderlens plugin authors: fresh plugin managers and small events.

Loaded automatically through the ``pytest11`` entry point once genderlens is installed.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
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


def realdata_dir() -> Path | None:
    """The folder of real public programme files: ``$GENDERLENS_REALDATA``, or ``../shared/realdata``
    above the current directory or any parent of it; ``None`` when absent."""
    if os.environ.get("GENDERLENS_REALDATA"):
        return Path(os.environ["GENDERLENS_REALDATA"])
    for base in (Path.cwd(), *Path.cwd().parents):
        candidate = base.parent / "shared" / "realdata"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture
def realdata() -> Path:
    """Real public input files; skipped when absent, except in CI (``$CI`` set), where that fails."""
    path = realdata_dir()
    if path is None or not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail("the real data folder ../shared/realdata is missing in CI (set GENDERLENS_REALDATA)")
        pytest.skip("the real data folder ../shared/realdata is absent")
    return path


def mutations(data: bytes, rng: random.Random, count: int) -> Iterator[tuple[str, bytes]]:
    """Damaged copies of a real file for fuzz tests, as ``(kind, bytes)``: re-encoded as UTF-16 and
    Latin-1, then ``count`` truncated, bit-flipped, cut or duplicated copies drawn from ``rng``."""
    text = data.decode("utf-8-sig")
    yield "utf-16", text.encode("utf-16")
    yield "latin-1", text.encode("latin-1", errors="replace")
    for i in range(count):
        kind = ("truncate", "flip", "delete", "duplicate")[i % 4]
        at = rng.randrange(len(data))
        if kind == "truncate":
            yield kind, data[:at]
        elif kind == "flip":
            out = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
            yield kind, bytes(out)
        elif kind == "delete":
            yield kind, data[:at] + data[at + rng.randint(1, 2000) :]
        else:
            span = data[at : at + rng.randint(1, 2000)]
            yield kind, data[:at] + span + data[at:]
