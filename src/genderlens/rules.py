"""Judge metric results against the configured targets; every miss becomes a :class:`Flag`."""

from __future__ import annotations

from genderlens.config import Config
from genderlens.model import Event, Flag, MetricResult, Role

#: Event-wide metrics judged against the parity band and ``min_share``.
BAND_METRICS = ("speakers", "speaking_time", "leadership", "registrations")


def pct(x: float | None) -> str:
    """``0.4166`` -> ``"41.7%"``; ``None`` -> ``"n/a"``."""
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _ci(r: MetricResult) -> str:
    if r.share.low is None or r.share.high is None:
        return ""
    return f" (95% CI {pct(r.share.low)}-{pct(r.share.high)})"


def judge_band(
    event: Event, r: MetricResult, *, target: float, tolerance: float, min_share: float | None
) -> list[Flag]:
    """Flags for an event-wide result outside ``target ± tolerance`` or below ``min_share``."""
    share = r.share.value
    if share is None:
        return []
    flags = []
    low, high = target - tolerance, target + tolerance
    base = {"event_id": event.id, "event_title": event.title, "metric": r.metric, "observed": share}
    if not low - 1e-9 <= share <= high + 1e-9:
        flags.append(
            Flag(
                rule="parity_band",
                expected=f"{pct(low)}-{pct(high)}",
                message=f"{r.metric}: {pct(share)} women{_ci(r)}, outside the {pct(low)}-{pct(high)} band",
                **base,
            )
        )
    if min_share is not None and share < min_share - 1e-9:
        flags.append(
            Flag(
                rule="min_share",
                expected=f">= {pct(min_share)}",
                message=f"{r.metric}: {pct(share)} women{_ci(r)}, below the minimum of {pct(min_share)}",
                **base,
            )
        )
    return flags


def judge_session(event: Event, r: MetricResult, config: Config) -> list[Flag]:
    """Flags for one session: all-male panel, no identified woman, share below ``min_share``."""
    c = r.counts
    if c.known < config.min_panel_size:
        return []
    base = {
        "event_id": event.id,
        "event_title": event.title,
        "metric": r.metric,
        "session_id": r.session_id,
        "session_title": r.session_title,
        "observed": r.share.value,
    }
    flags = []
    if config.at_least_one_woman and r.is_panel and c.woman == 0:
        if c.man == c.total:
            flags.append(
                Flag(rule="all_male_panel", expected=">= 1 woman", message=f"all-male panel ({c.man} men)", **base)
            )
        else:
            flags.append(
                Flag(
                    rule="no_woman_identified",
                    expected=">= 1 woman",
                    severity="warning",
                    message=f"no woman identified ({c.man} men, {c.total - c.known} unknown, {c.nonbinary} non-binary)",
                    **base,
                )
            )
    if config.min_share is not None and r.share.value is not None and r.share.value < config.min_share - 1e-9:
        flags.append(
            Flag(
                rule="min_share",
                expected=f">= {pct(config.min_share)}",
                message=f"{pct(r.share.value)} women{_ci(r)}, below the minimum of {pct(config.min_share)}",
                **base,
            )
        )
    return flags


def judge(event: Event, results: list[MetricResult], config: Config) -> list[Flag]:
    """All flags for ``event``, in a stable order: event-wide first, then sessions in programme order."""
    flags: list[Flag] = []
    by_metric = {r.metric: r for r in results if r.scope == "event"}
    for metric in BAND_METRICS:
        r = by_metric.get(metric)
        if r is not None:
            flags += judge_band(event, r, target=config.target, tolerance=config.tolerance, min_share=config.min_share)
    for role in config.roles:
        r = by_metric.get(f"role_{role.value}")
        if r is None:
            continue
        rule = config.rule_for(role)
        target = rule.target if rule.target is not None else config.target
        tolerance = rule.tolerance if rule.tolerance is not None else config.tolerance
        flags += judge_band(event, r, target=target, tolerance=tolerance, min_share=rule.min_share)
        if rule.at_least_one_woman and r.counts.woman == 0:
            flags.append(
                Flag(
                    event_id=event.id,
                    event_title=event.title,
                    rule="at_least_one_woman",
                    metric=r.metric,
                    observed=r.share.value,
                    expected=">= 1 woman",
                    message=f"no woman among {_role_label(role)}s ({r.counts.total} people)",
                )
            )
    people = by_metric.get("people") or by_metric.get("registrations")
    if people is not None and people.coverage is not None and people.coverage < config.min_coverage:
        flags.append(
            Flag(
                event_id=event.id,
                event_title=event.title,
                rule="min_coverage",
                metric=people.metric,
                observed=people.coverage,
                expected=f">= {pct(config.min_coverage)}",
                severity="warning",
                message=f"gender known for only {pct(people.coverage)} of people",
            )
        )
    for r in results:
        if r.scope == "session":
            flags += judge_session(event, r, config)
    return flags


def _role_label(role: Role) -> str:
    return role.value.replace("_", "-")
