"""The ``resolve_gender`` hook: runs last, and only when name inference is enabled in the settings.

The decision rule and the name table are imported and read on the first enabled call, so the plugin
costs nothing in a run that does not enable it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from genderlens.hookspecs import hookimpl

if TYPE_CHECKING:
    from genderlens.config import Config
    from genderlens.model import Event, GenderDecision, Person
    from genderlens_names.infer import NameInference


@cache
def default_inference() -> NameInference:
    """The shipped rule over the shipped table (the table is read on the first lookup)."""
    from genderlens_names.infer import NameInference
    from genderlens_names.statistics import TsvStatistics

    return NameInference(TsvStatistics())


@hookimpl(trylast=True)
def resolve_gender(person: Person, event: Event, config: Config) -> GenderDecision | None:
    if not config.infer_names:
        return None
    return default_inference().decide(person.name)
