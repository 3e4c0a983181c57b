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
counts only objects that survived a middle collection). Cycles among them are still found there. Not
done when something else froze objects (a server that freezes before forking): unfreezing would hand
its objects back to the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Disable :mod:`gc` collection for the block; re-enable it afterwards only if it was enabled.

    When it is re-enabled, the objects alive are moved to the oldest generation (see the module's
    docstring) unless some are frozen.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
