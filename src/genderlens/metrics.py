"""The :class:`Metric` base class and the pure helpers metrics are built from."""

from __future__ import annotations

import abc
import math
from collections import Counter
from collections.abc import Iterable
from typing import ClassVar

from genderlens.model import Counts, Event, Gender, GenderSource, MetricResult, Person, Share

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


class Metric(abc.ABC):
    """Computes results from an event whose people already have resolved genders.

    Metrics are pure: no I/O and no hook calls. Targets are not judged here but by
    :mod:`genderlens.rules`, so a plugin cannot weaken them.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abc.abstractmethod
    def compute(self, event: Event) -> list[MetricResult]:
        """Return zero or more results (event-wide, per session, or per group)."""


def wilson(successes: int, n: int, z: float = Z95) -> Share:
    """Share ``successes / n`` with its Wilson score interval.

    The Wilson interval stays inside [0, 1] and behaves at 0 and n, unlike the normal approximation,
    which matters for the small counts of a single panel.

    Args:
        successes: e.g. the number of women.
        n: people of known gender; 0 gives an empty :class:`Share`.
        z: Normal quantile (default 95%).
    """
    if n <= 0:
        return Share()
    if not 0 <= successes <= n:
        msg = f"successes={successes} outside 0..{n}"
        raise ValueError(msg)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Clamp rounding noise: at k = 0 the lower bound is exactly 0 (and 1 at k = n), never past p.
    low = 0.0 if successes == 0 else min(p, max(0.0, centre - half))
    high = 1.0 if successes == n else max(p, min(1.0, centre + half))
    return Share(value=p, low=low, high=high)


def count_genders(genders: Iterable[Gender]) -> Counts:
    """Count genders into a :class:`Counts`."""
    c = Counter(genders)
    return Counts(
        woman=c[Gender.WOMAN],
        man=c[Gender.MAN],
        nonbinary=c[Gender.NONBINARY],
        undisclosed=c[Gender.UNDISCLOSED],
        unknown=c[Gender.UNKNOWN],
    )


def counts_result(counts: Counts, *, metric: str, **fields: object) -> MetricResult:
    """A result carrying ``counts``, the share of women with its interval, and coverage."""
    coverage = counts.known / counts.total if counts.total else None
    return MetricResult(
        metric=metric,
        counts=counts,
        share=wilson(counts.woman, counts.known),
        coverage=coverage,
        **fields,
    )


def decision_sources(people: Iterable[Person]) -> dict[str, int]:
    """How many distinct people (by ``key``) had their gender from each :class:`~genderlens.model.GenderSource`."""
    unique = {p.key: p.decision.source.value for p in people}
    counted = Counter(unique.values())
    return {s.value: counted[s.value] for s in GenderSource if counted[s.value]}


def share_of(people: Iterable[Person], *, metric: str, **fields: object) -> MetricResult:
    """Count each distinct person (by ``key``) once and return :func:`counts_result`."""
    unique = {p.key: p.gender for p in people}
    return counts_result(count_genders(unique.values()), metric=metric, **fields)
