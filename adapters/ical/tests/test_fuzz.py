"""Mutated real calendars: each load gives an event or one AdapterError with a line, never a traceback.

The mutations (seeded, so a failure reproduces): truncation at a random byte, random bit flips, a
random span deleted or duplicated, and the whole file re-encoded as UTF-16 or Latin-1.
"""

from __future__ import annotations

import random
import time

import pytest
from genderlens_ical.adapter import IcalAdapter

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.testing import mutations

CASES = [
    ("pretalx-ics/pyconau2023-schedule.ics", 40),
    ("pyconuk-2015/schedule.ics", 40),
    ("moca24-ics/schedule.ics", 25),
    ("libical/2446.ics", 40),
]
#: Longest one mutated file may take to load, in seconds (the real files load in well under 0.5 s).
BOUND = 3.0


@pytest.mark.realdata
@pytest.mark.parametrize(("name", "count"), CASES, ids=[c[0] for c in CASES])
def test_mutated_real_calendars(realdata, tmp_path, name: str, count: int):
    data = (realdata / name).read_bytes()
    rng = random.Random(name)  # noqa: S311 - seeded so that a failure reproduces; not security
    path = tmp_path / "mutated.ics"
    for kind, mutated in mutations(data, rng, count):
        path.write_bytes(mutated)
        started = time.perf_counter()
        error = _error(str(path))
        assert time.perf_counter() - started < BOUND, kind
        if error is not None:
            assert "\n" not in str(error), (kind, str(error)[:200])
            assert error.line is not None or "empty file" in str(error), (kind, str(error)[:200])


def _error(path: str) -> AdapterError | None:
    """The AdapterError loading ``path`` raises, or ``None`` when it gives one event."""
    try:
        events = IcalAdapter().load(path, Config())
    except AdapterError as exc:
        return exc
    assert len(events) == 1
    return None
