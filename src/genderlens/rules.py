"""Judge metric results against the configured targets; every miss becomes a :class:`Flag`.

* Event-wide metrics (:data:`BAND_METRICS`) must lie in the parity band ``target ± tolerance`` and, if
  set, at or above ``min_share``.
* A role with a ``[roles.<role>]`` table is judged on what that table sets: the band when it names a
  ``target`` or ``tolerance``, its ``min_share`` (or the global one), and ``at_least_one_woman``.
* A session with at least ``min_panel_size`` people of known gender is judged on ``min_share``, and a
  panel with no woman is flagged: ``all_male_panel`` when everyone is a known man, otherwise a
  ``no_woman_identified`` warning (unknown people might be women: they are never counted as men).
* Coverage below ``min_coverage`` is a warning.

Shares are point estimates; the Wilson interval is shown in each message so a reader can see how much
a small panel says.
"""

from __future__ import annotations

from genderlens.config import Config
from genderlens.model import Event, Flag, MetricResult, Role

#: Event-wide metrics judged against the parity band and ``min_share``.
BAND_METRICS = ("speakers", "speaking_time", "leadership", "registrations")
_EPS = 1e-9


def pct(x: float | None) -> str:
    """``0.4166`` -> ``"41.7%"``; ``None`` -> ``"n/a"``."""
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _ci(r: MetricResult) -> str:
    if r.share.low is None or r.share.high is None:
        return ""
    return f" (95% CI {pct(r.share.low)}-{pct(r.share.high)})"


def _flag(event: Event, r: MetricResult, rule: str, expected: str, message: str, severity: str = "error") -> Flag:
    prefix = "" if r.scope == "session" else f"{r.metric}: "
    return Flag(
        event_id=event.id,
        event_title=event.title,
        rule=rule,
        metric=r.metric,
        session_id=r.session_id,
        session_title=r.session_title,
        observed=r.share.value,
        expected=expected,
        message=prefix + message,
        severity=severity,
    )


def parity_band(event: Event, r: MetricResult, target: float, tolerance: float) -> list[Flag]:
    """A flag when the share lies outside ``target ± tolerance`` (too few women, or too many)."""
    share = r.share.value
    low, high = target - tolerance, target + tolerance
    if share is None or low - _EPS <= share <= high + _EPS:
        return []
    band = f"{pct(low)}-{pct(high)}"
    return [_flag(event, r, "parity_band", band, f"{pct(share)} women{_ci(r)}, outside the {band} band")]


def min_share(event: Event, r: MetricResult, floor: float | None) -> list[Flag]:
    """A flag when the share is below ``floor`` (no flag when ``floor`` is ``None``)."""
    share = r.share.value
    if floor is None or share is None or share >= floor - _EPS:
        return []
    return [
        _flag(
            event, r, "min_share", f">= {pct(floor)}", f"{pct(share)} women{_ci(r)}, below the minimum of {pct(floor)}"
        )
    ]


def judge_session(event: Event, r: MetricResult, config: Config) -> list[Flag]:
    """Flags for one session: all-male panel, no woman identified, share below ``min_share``."""
    c = r.counts
    if c.known < config.min_panel_size:
        return []
    flags = []
    if config.at_least_one_woman and r.is_panel and c.woman == 0:
        if c.man == c.total:
            flags.append(_flag(event, r, "all_male_panel", ">= 1 woman", f"all-male panel ({c.man} men)"))
        else:
            message = f"no woman identified ({c.man} men, {c.nonbinary} non-binary, {c.total - c.known} unknown)"
            flags.append(_flag(event, r, "no_woman_identified", ">= 1 woman", message, severity="warning"))
    return flags + min_share(event, r, config.min_share)


def judge_role(event: Event, r: MetricResult, role: Role, config: Config) -> list[Flag]:
    """Flags for the event-wide result of one role with a ``[roles.<role>]`` table."""
    own = config.roles[role]
    rule = config.rule_for(role)
    flags = []
    if (own.target is not None or own.tolerance is not None) and rule.target is not None and rule.tolerance is not None:
        flags += parity_band(event, r, rule.target, rule.tolerance)
    flags += min_share(event, r, rule.min_share)
    if own.at_least_one_woman and r.counts.woman == 0:
        label = role.value.replace("_", "-")
        flags.append(_flag(event, r, "at_least_one_woman", ">= 1 woman", f"no woman among {r.counts.total} {label}(s)"))
    return flags


def judge(event: Event, results: list[MetricResult], config: Config) -> list[Flag]:
    """All flags for ``event``, in a stable order: event-wide first, then sessions in programme order."""
    flags: list[Flag] = []
    by_metric = {r.metric: r for r in results if r.scope == "event"}
    for metric in BAND_METRICS:
        r = by_metric.get(metric)
        if r is not None:
            flags += parity_band(event, r, config.target, config.tolerance)
            flags += min_share(event, r, config.min_share)
    for role in config.roles:
        r = by_metric.get(f"role_{role.value}")
        if r is not None:
            flags += judge_role(event, r, role, config)
    for metric in ("people", "registrations"):
        r = by_metric.get(metric)
        if r is not None and r.coverage is not None and r.coverage < config.min_coverage - _EPS:
            message = f"gender known for only {pct(r.coverage)} of people"
            flag = _flag(event, r, "min_coverage", f">= {pct(config.min_coverage)}", message, severity="warning")
            flags.append(flag.model_copy(update={"observed": r.coverage}))
    for r in results:
        if r.scope == "session":
            flags += judge_session(event, r, config)
    return flags
