"""Mutated real schedule files: each load gives events or one AdapterError, never another exception, fast.

The mutations (seeded, so a failure reproduces): truncation at a random byte, random bit flips, a
random span deleted or duplicated, and the whole file re-encoded as UTF-16 or Latin-1.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from genderlens_schedules import FrabXmlAdapter, PretalxAdapter, SessionizeAdapter, SysconfAdapter

from genderlens.adapters import Adapter
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.testing import mutations

CASES = [
    ("voc-schedule/frab-camp2019.json", PretalxAdapter(), 30),
    ("voc-schedule/pretalx-rc3.json", PretalxAdapter(), 15),
    ("sessionize-sdk/All.json", SessionizeAdapter(), 30),
    ("sysconf/ISC.json", SysconfAdapter(), 30),
    ("eventfahrplan/schedule-39c3-20251206.xml", FrabXmlAdapter(), 12),
]
#: Longest one mutated file may take to load, in seconds (the real files load in well under 0.5 s).
BOUND = 3.0


@pytest.mark.realdata
@pytest.mark.parametrize(("name", "adapter", "count"), CASES, ids=[c[0] for c in CASES])
def test_mutated_real_files(realdata, tmp_path, name: str, adapter: Adapter, count: int):
    data = (realdata / name).read_bytes()
    rng = random.Random(name)  # noqa: S311 - seeded so that a failure reproduces; not security
    path: Path = tmp_path / Path(name).name
    for kind, mutated in mutations(data, rng, count):
        path.write_bytes(mutated)
        started = time.perf_counter()
        message = _message(adapter, path)
        assert time.perf_counter() - started < BOUND, kind
        assert "\n" not in message, (kind, message[:200])


def _message(adapter: Adapter, path: Path) -> str:
    """The AdapterError's message loading ``path``, or ``""`` when it gives events; other exceptions fail."""
    try:
        events = adapter.load(str(path), Config())
    except AdapterError as exc:
        return str(exc)
    assert isinstance(events, list)
    return ""


ODD_VALUES: list[object] = [None, 5, -1, 1.5e308, True, "", "x", "10:99", "inf", [], [1], {}, {"a": 1}, "9999-12-31"]


def _paths(doc: object, prefix: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc[:3]):  # the first few items of each list are enough
            yield from _paths(value, (*prefix, i))


def _replace(doc: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: _replace(doc[head], rest, value)}
    assert isinstance(doc, list)
    assert isinstance(head, int)
    return [*doc[:head], _replace(doc[head], rest, value), *doc[head + 1 :]]


STRUCTURED = [
    ("voc-schedule/frab-camp2019.json", PretalxAdapter(), 150),
    ("sessionize-sdk/All.json", SessionizeAdapter(), 150),
    ("sysconf/SC.json", SysconfAdapter(), 80),
]


@pytest.mark.realdata
@pytest.mark.parametrize(("name", "adapter", "count"), STRUCTURED, ids=[c[0] for c in STRUCTURED])
def test_values_of_the_wrong_type(realdata, tmp_path, name: str, adapter: Adapter, count: int):
    """Any value of the real file replaced by a value of another JSON type: events, or one error."""
    import json

    doc = json.loads((realdata / name).read_text(encoding="utf-8-sig"))
    paths = list(_paths(doc))
    rng = random.Random(name)  # noqa: S311 - seeded so that a failure reproduces; not security
    path = tmp_path / "mutated.json"
    for _ in range(count):
        where, value = rng.choice(paths), rng.choice(ODD_VALUES)
        path.write_text(json.dumps(_replace(doc, where, value)), encoding="utf-8")
        try:
            message = _message(adapter, path)
        except Exception as exc:  # the point: name the value and place that broke the adapter
            pytest.fail(f"{type(exc).__name__} with {value!r} at {where}: {exc}")
        assert "\n" not in message
