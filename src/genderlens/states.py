"""Which registration states count as attending: one definition for the model, the metrics and the
parallel reader's workers (standard library only, so that a worker does not import pydantic).
"""

from __future__ import annotations

#: Registration states that do not count as attending (Indico's withdrawn/rejected, and the like).
INACTIVE_STATES = frozenset({"withdrawn", "rejected", "cancelled", "canceled", "deleted", "declined"})


def is_active_status(status: str | None) -> bool:
    """False for withdrawn, rejected or cancelled registrations."""
    return (status or "").strip().casefold() not in INACTIVE_STATES
