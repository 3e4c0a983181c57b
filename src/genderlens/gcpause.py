"""Pause the cyclic garbage collector while many acyclic objects are built.

A million-row export becomes ~87k frozen tallies when it is read, and as many resolved copies when it is
reported on. Each collection on the way walks the young objects, and each full one everything built so
far: about a second per million rows (a quarter of the command's wall time), for nothing, since
these objects make no reference cycles (they are freed by reference counting). Collection resumes, if
it was on, when the block ends, so cycles made meanwhile are still found later.

What the block built and kept is then put straight into the oldest generation (:func:`gc.freeze`, then
:func:`gc.unfreeze`, which moves every frozen object there: neither walks them). Left in the youngest,
the ~260k objects of a million-row export's tallies were walked by the first young collection after
the block, again by the next middle one and again by the next full one (~50 + 90 + 90 ms); in the
oldest generation they wait for the next full collection, which their arrival does not hasten (it
counts only objects that survived a middle collection). Cycles among them are still found there.

Unfreezing would hand back to the collector objects that something else froze (a server that freezes
before forking), so when some are frozen the objects are left where they are, unless the process ends
with the command (the console script, see :func:`freeze_after_pauses`): they are then frozen too.
(CPython 3.12.1 starts with a few hundred frozen tuples of its own, so there, outside the console
script, the objects are left where they are: slower, never wrong.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_after = False


def freeze_after_pauses() -> None:
    """From now on, freeze (:func:`gc.freeze`) what a pause built and kept, when the pause ends.

    Only for a process that ends with its command (the console script): frozen objects are still freed
    by reference counting, but a cycle among them would never be collected.
    """
    global _freeze_after  # one process, one command
    _freeze_after = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """Disable :mod:`gc` collection for the block; re-enable it afterwards only if it was enabled.

    When it is re-enabled, the objects alive are moved to the oldest generation, or frozen after
    :func:`freeze_after_pauses` (see the module's docstring).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            _age()
            gc.enable()


def _age() -> None:
    if _freeze_after:
        gc.freeze()
    elif gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
