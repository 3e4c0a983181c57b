"""Judge metric results against the configured targets: flags, a judgement per figure, and a verdict.

**What is judged.** The event-wide figures in :data:`BAND_METRICS` (band ``target ± tolerance`` and,
if set, ``min_share``); each role with a ``[roles.<role>]`` table (its band when the table names a
``target`` or ``tolerance``, its ``min_share`` or the global one, and ``at_least_one_woman``); each
session (``min_share``, and a panel with no woman).

**When there are enough known people.** An event-wide figure is judged only when at least
``min_known`` of its people have a known gender and gender is known for at least ``min_coverage`` of
them. A figure with fewer than ``min_known`` people in all is *too small*: shown, not judged, no
obstacle to a verdict (a share of one or two people says nothing about balance). One with enough
people but too few known is *too few known*: not judged, and the event's verdict is *cannot tell*.
One known chair out of three is therefore never a miss. A session is judged with at least
``min_panel_size`` people of known gender (and ``min_coverage``); a smaller one is shown as *not
judged*, never as ok.

**When a judged figure misses.** A programme is a census, not a sample: its speakers are all the
speakers, and the only thing in doubt is the gender of the people whose gender is unknown. With ``s``
the share of women among the known and ``c`` the coverage, the share over everyone lies in the
worst-case bounds ``[s·c, s·c + (1 − c)]`` (all unknown men, or all unknown women: Manski's bounds for
missing data). A judged figure

* **meets** its target when ``s`` lies inside the band (at or above the floor);
* **misses** when the whole bounds interval lies outside: a miss whatever the unknown genders are;
* is **undecided** otherwise (``s`` outside, but the unknown could bring it in): not a miss, and for an
  event-wide figure the event's verdict is *cannot tell* until those genders are known.

With every gender known the bounds collapse to ``s`` and this is the plain comparison. The rule is
deliberately asymmetric: once ``min_coverage`` is met, the share among the known is the best estimate of
the whole (it assumes the unknown resemble the known) and decides a *meet*; a *miss*, which can block a
publication or a merge, needs certainty. We do not ask
the 95% Wilson interval to lie outside the band: it measures sampling error, which a census does not
have, and the test would excuse real misses (an all-male leadership of five, 0/5, has the interval
0-43%, which touches the 40-60% band). The interval is still shown in every message, as a reminder
of how little a small figure says; ``min_known`` and ``min_panel_size`` keep such figures unjudged.

* All-male panel (error): everyone in a judged panel is a known man. No woman identified (warning):
  no woman, but some people of unknown gender, who might be women; they are never counted as men.
  Likewise for a role's ``at_least_one_woman``.

**The event's verdict** (:class:`~genderlens.model.Verdict`):

* ``misses``: any error flag. A known miss is a miss, even when other figures cannot be judged.
* ``cannot_tell``: nothing was read; gender is known for fewer than ``min_coverage`` of the people or
  of the registrations read; an event-wide figure has too few known or is undecided; or no figure at
  all could be judged.
* ``meets``: otherwise.

Sessions weigh on the verdict through their misses only. A session not judged, or undecided, is shown
as such (``not judged``, ``cannot tell``), but the people in it are counted in the event-wide speakers
figure, whose own gate decides whether the event can be judged; otherwise a panel with one more known
person could turn an event from *meets* to *cannot tell*.
"""

from __future__ import annotations

from dataclasses import dataclass

from genderlens.config import Config
from genderlens.model import Event, Flag, Judgement, MetricResult, ReadSummary, Role, Verdict

#: Event-wide metrics judged against the parity band and ``min_share``.
BAND_METRICS = ("speakers", "speaking_time", "leadership", "registrations")
_EPS = 1e-9
#: Judgements of an event-wide figure that leave the event's verdict at *cannot tell*.
BLOCKING = frozenset({Judgement.TOO_FEW_KNOWN, Judgement.UNDECIDED})


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


def bounds(r: MetricResult) -> tuple[float, float] | None:
    """The lowest and highest share of women ``r`` could have if every unknown gender were known.

    ``[s·c, s·c + 1 − c]``, with ``s`` the share among the known and ``c`` the coverage; ``None`` when
    there is no share.
    """
    s, c = r.share.value, r.coverage
    if s is None:
        return None
    if c is None:
        c = 1.0
    return s * c, min(1.0, s * c + (1 - c))


def position(r: MetricResult, low: float, high: float) -> str:
    """``"inside"`` when the share lies in ``[low, high]``; ``"outside"`` when its :func:`bounds` lie
    wholly outside; ``"undecided"`` when the share is outside but the unknown could bring it in."""
    share, b = r.share.value, bounds(r)
    if share is None or b is None or low - _EPS <= share <= high + _EPS:
        return "inside"
    if b[1] < low - _EPS or b[0] > high + _EPS:
        return "outside"
    return "undecided"


def _unknown_note(r: MetricResult, below: bool) -> str:
    b = bounds(r)
    if b is None or r.coverage is None or r.coverage >= 1 - _EPS:
        return ""
    return f"; {'at most' if below else 'at least'} {pct(b[1] if below else b[0])} whatever the unknown genders"


def parity_band(event: Event, r: MetricResult, target: float, tolerance: float) -> tuple[list[Flag], bool]:
    """A flag when the share surely lies outside ``target ± tolerance``; and whether it is undecided."""
    low, high = target - tolerance, target + tolerance
    where = position(r, low, high)
    if where != "outside":
        return [], where == "undecided"
    band = f"{pct(low)}-{pct(high)}"
    note = _unknown_note(r, below=(r.share.value or 0) < low)
    message = f"{pct(r.share.value)} women{_ci(r)}, outside the {band} band{note}"
    return [_flag(event, r, "parity_band", band, message)], False


def min_share(event: Event, r: MetricResult, floor: float | None) -> tuple[list[Flag], bool]:
    """A flag when the share is surely below ``floor`` (none when ``floor`` is ``None``); and whether it
    is undecided."""
    if floor is None:
        return [], False
    where = position(r, floor, 1.0)
    if where != "outside":
        return [], where == "undecided"
    message = f"{pct(r.share.value)} women{_ci(r)}, below the minimum of {pct(floor)}{_unknown_note(r, below=True)}"
    return [_flag(event, r, "min_share", f">= {pct(floor)}", message)], False


def judgeable(r: MetricResult, minimum: int, min_coverage: float) -> Judgement:
    """Whether ``r`` has enough people, and enough of known gender, to be judged."""
    c = r.counts
    if c.total < minimum or r.coverage is None:
        return Judgement.TOO_SMALL
    if c.known < minimum or r.coverage < min_coverage - _EPS:
        return Judgement.TOO_FEW_KNOWN
    return Judgement.JUDGED


def judge_session(event: Event, r: MetricResult, config: Config) -> tuple[list[Flag], Judgement]:
    """Flags for one session (all-male panel, no woman identified, share below ``min_share``) and its
    judgement."""
    c = r.counts
    if c.known < config.min_panel_size:
        return [], Judgement.TOO_SMALL if c.total < config.min_panel_size else Judgement.TOO_FEW_KNOWN
    flags = []
    if config.at_least_one_woman and r.is_panel and c.woman == 0:
        if c.man == c.total:
            flags.append(_flag(event, r, "all_male_panel", ">= 1 woman", f"all-male panel ({c.man} men)"))
        else:
            message = f"no woman identified ({c.man} men, {c.nonbinary} non-binary, {c.total - c.known} unknown)"
            flags.append(_flag(event, r, "no_woman_identified", ">= 1 woman", message, severity="warning"))
    judgement = judgeable(r, config.min_panel_size, config.min_coverage)
    if judgement is not Judgement.JUDGED:
        return flags, judgement
    more, undecided = min_share(event, r, config.min_share)
    return flags + more, Judgement.UNDECIDED if undecided else Judgement.JUDGED


def judge_role(event: Event, r: MetricResult, role: Role, config: Config) -> tuple[list[Flag], Judgement | None]:
    """Flags for the event-wide result of one role with a ``[roles.<role>]`` table, and its judgement
    (``None`` when the table sets no share to judge)."""
    own = config.roles[role]
    rule = config.rule_for(role)
    flags = []
    has_band = (own.target is not None or own.tolerance is not None) and rule.target is not None
    judgement: Judgement | None = None
    if has_band or rule.min_share is not None:
        judgement = judgeable(r, config.min_known, config.min_coverage)
    if judgement is Judgement.JUDGED:
        undecided = False
        if has_band and rule.target is not None and rule.tolerance is not None:
            more, undecided = parity_band(event, r, rule.target, rule.tolerance)
            flags += more
        more, still = min_share(event, r, rule.min_share)
        flags += more
        if undecided or still:
            judgement = Judgement.UNDECIDED
    if own.at_least_one_woman and judgement is None:
        judgement = Judgement.JUDGED  # a head count: judged whatever the number of people
    if own.at_least_one_woman and r.counts.woman == 0:
        c, label = r.counts, role.value.replace("_", "-")
        if c.known == c.total:
            flags.append(_flag(event, r, "at_least_one_woman", ">= 1 woman", f"no woman among {c.total} {label}(s)"))
        else:
            message = f"no woman identified among {c.total} {label}(s) ({c.total - c.known} of unknown gender)"
            flags.append(_flag(event, r, "no_woman_identified", ">= 1 woman", message, severity="warning"))
    return flags, judgement


def _no_people(event: Event, read: ReadSummary) -> Flag:
    if read.people_fields:
        looked = "looked in " + ", ".join(f"'{f}'" for f in read.people_fields)
    else:
        looked = "no field or column naming speakers, chairs or other people was found"
    message = (
        f"{read.sessions} session(s) but no people: {looked}. Map the column that names people under "
        "[tool.genderlens.columns], or read the source with another --adapter"
    )
    return Flag(
        event_id=event.id,
        event_title=event.title,
        rule="no_people",
        metric="people",
        message=message,
        expected=">= 1 person",
        severity="warning",
    )


def _why(r: MetricResult, judgement: Judgement | None, config: Config) -> str:
    if judgement is Judgement.UNDECIDED:
        b = bounds(r) or (0.0, 1.0)
        return (
            f"{r.metric}: {pct(r.share.value)} women among people of known gender misses the target, but "
            f"the unknown genders could change that (between {pct(b[0])} and {pct(b[1])} over everyone)"
        )
    c = r.counts
    return (
        f"{r.metric}: gender known for {c.known} of {c.total} people (coverage {pct(r.coverage)}); judging needs "
        f"{config.min_known} or more of known gender and {pct(config.min_coverage)} coverage"
    )


def _read_reasons(read: ReadSummary, gate: float) -> list[str]:
    if read.nothing:
        return ["nothing was read: no people and no registrations"]
    reasons = []
    for noun, n, known in (
        ("people", read.people, read.people_known),
        ("registrations", read.registrations, read.registrations_known),
    ):
        if n and known < gate * n - _EPS:
            reasons.append(f"gender known for {known} of {n} {noun} ({pct(known / n)}); at least {pct(gate)} needed")
    return reasons


@dataclass(frozen=True)
class Judged:
    """The outcome of :func:`judge`: results with their judgement, flags, verdict and its reasons."""

    results: tuple[MetricResult, ...]
    flags: tuple[Flag, ...]
    verdict: Verdict
    reasons: tuple[str, ...]


def judge(event: Event, results: list[MetricResult], config: Config, read: ReadSummary) -> Judged:
    """Judge ``event``: flags in a stable order (event-wide first, then sessions in programme order),
    a :class:`~genderlens.model.Judgement` on every judged result, and the event's verdict."""
    flags: list[Flag] = []
    judgements: dict[int, Judgement | None] = {}
    by_metric = {r.metric: r for r in results if r.scope == "event"}
    for metric in BAND_METRICS:
        r = by_metric.get(metric)
        if r is None:
            continue
        judgement = judgeable(r, config.min_known, config.min_coverage)
        if judgement is Judgement.JUDGED:
            band, undecided = parity_band(event, r, config.target, config.tolerance)
            floor, still = min_share(event, r, config.min_share)
            flags += band + floor
            if undecided or still:
                judgement = Judgement.UNDECIDED
        judgements[id(r)] = judgement
    for role in config.roles:
        r = by_metric.get(f"role_{role.value}")
        if r is not None:
            more, role_judgement = judge_role(event, r, role, config)
            flags += more
            judgements[id(r)] = role_judgement
    if read.sessions and not read.people:
        flags.append(_no_people(event, read))
    for r in results:
        if r.scope == "session":
            more, judgement = judge_session(event, r, config)
            flags += more
            judgements[id(r)] = judgement
    judged = tuple(r.model_copy(update={"judgement": judgements[id(r)]}) if id(r) in judgements else r for r in results)
    # The first reasons that apply, from the broadest: what was read, then each figure, then none judged.
    broad = _read_reasons(read, config.min_coverage)
    blocked = [r for r in judged if r.scope == "event" and r.judgement in BLOCKING]
    reasons = broad + [_why(r, r.judgement, config) for r in blocked if not broad or r.judgement is Judgement.UNDECIDED]
    if not reasons and not any(r.judgement is Judgement.JUDGED for r in judged):
        reasons.append(f"no figure had enough people of known gender to be judged (at least {config.min_known})")
    if any(f.severity == "error" for f in flags):
        verdict = Verdict.MISSES
    else:
        verdict = Verdict.CANNOT_TELL if reasons else Verdict.MEETS
    return Judged(results=judged, flags=tuple(flags), verdict=verdict, reasons=tuple(reasons))
