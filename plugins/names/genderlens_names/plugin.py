"""The ``resolve_gender`` hook: runs last, and only when name inference is enabled in the settings."""

from __future__ import annotations

from functools import cache

from genderlens import hookimpl
from genderlens.config import Config
from genderlens.model import Event, GenderDecision, Person
from genderlens_names.infer import NameInference
from genderlens_names.statistics import TsvStatistics


@cache
def default_inference() -> NameInference:
    """The shipped rule over the shipped table (the table is read on the first lookup)."""
    return NameInference(TsvStatistics())


@hookimpl(trylast=True)
def resolve_gender(person: Person, event: Event, config: Config) -> GenderDecision | None:
    if not config.infer_names:
        return None
    return default_inference().decide(person.name)
