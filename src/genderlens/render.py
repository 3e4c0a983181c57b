"""Helpers the output formats share: labels, ordering, statuses and the lines every format prints.

The formats themselves are plugins (``genderlens.default_plugins.renderers``, registered through the
``register_renderers`` hook; see :mod:`genderlens.renderers`). This module imports none of them.
"""

from __future__ import annotations

from typing import Any

from genderlens.model import OTHER_ANSWERS, EventReport, Flag, Judgement, MetricResult, Verdict
from genderlens.privacy import Suppression

#: Metric ids shown in summaries, in this order; other event-scope metrics follow.
SUMMARY_ORDER = (
    "speakers",
    "speaking_time",
    "leadership",
    "people",
    "registrations",
    "fellowships",
)
LABELS = {
    "speakers": "Speakers (head count)",
    "speaking_time": "Speaking time",
    "leadership": "Leadership roles",
    "people": "Everyone in the programme",
    "registrations": "Registrations",
    "fellowships": "Fellowships",
}


def label(metric: str) -> str:
    """Human label of a metric id."""
    if metric in LABELS:
        return LABELS[metric]
    if metric.startswith("role_"):
        return "Role: " + metric[5:].replace("_", "-")
    return metric.replace("_", " ").capitalize()


def event_results(ev: EventReport) -> list[MetricResult]:
    """Event-scope results, summary metrics first."""
    rank = {m: i for i, m in enumerate(SUMMARY_ORDER)}
    rows = [r for r in ev.results if r.scope == "event"]
    return sorted(rows, key=lambda r: (rank.get(r.metric, len(rank)), r.metric))


def session_results(ev: EventReport) -> list[MetricResult]:
    """Per-session results in programme order."""
    return [r for r in ev.results if r.scope == "session"]


def group_results(ev: EventReport, limit: int | None = None) -> dict[str, tuple[list[MetricResult], int]]:
    """Breakdown results by metric, largest groups first: metric -> (shown groups, number left out)."""
    out: dict[str, list[MetricResult]] = {}
    for r in ev.results:
        if r.scope == "group":
            out.setdefault(r.metric, []).append(r)
    shown = {}
    for metric, rows in out.items():
        rows.sort(key=lambda r: (-r.counts.total, r.group or ""))
        keep = rows if limit is None else rows[:limit]
        shown[metric] = (keep, len(rows) - len(keep))
    return shown


SOURCE_LABELS = {
    "declared": "self-declared",
    "file": "the file's gender column",
    "organiser": "recorded by organiser",
    "roster": "roster",
    "title": "title",
    "inferred": "name inference",
    "none": "nothing (unknown)",
}


def _view(ev: EventReport, sup: Suppression | int) -> Suppression:
    """``sup``, or the suppression of ``ev`` alone at ``min_cell=sup`` (for callers that pass a number)."""
    return sup if isinstance(sup, Suppression) else Suppression((ev,), sup)


def sources_line(ev: EventReport, sup: Suppression | int = 0) -> str | None:
    """``"Gender from: self-declared 20, title 12, nothing (unknown) 4."`` for the event's people.

    ``sup`` is the report's :class:`~genderlens.privacy.Suppression` (or a ``min_cell``).
    """
    sup = _view(ev, sup)
    for metric, noun in (("people", "people"), ("registrations", "registrations")):
        r = ev.result(metric)
        if r is not None and r.sources:
            shown = sup.sources(r) or {}
            parts = [
                f"{SOURCE_LABELS.get(k, k)} {shown[k] if shown.get(k) is not None else sup.marker(n)}"
                for k, n in r.sources.items()
            ]
            return f"Gender from ({noun}): " + ", ".join(parts) + "."
    return None


def unrecognised_line(ev: EventReport, sup: Suppression | int = 0) -> str | None:
    """``'Gender answers not recognised: "Varonil" ×62, "Sexe M" ×3; map them in [tool.genderlens.genders].'``

    ``sup`` is the report's :class:`~genderlens.privacy.Suppression` (or a ``min_cell``): counts below
    ``min_cell`` are shown as ``<N``. Unescaped: each format escapes the line.
    """
    if not ev.unrecognised_genders:
        return None
    sup = _view(ev, sup)
    parts = []
    for answer, n in ev.unrecognised_genders.items():
        shown = "other answers" if answer == OTHER_ANSWERS else f'"{answer}"'
        parts.append(f"{shown} ×{sup.marker(n) if 0 < n < sup.min_cell else n}")
    return "Gender answers not recognised: " + ", ".join(parts) + "; map them in [tool.genderlens.genders]."


def sources_shown(r: MetricResult, sup: Suppression) -> list[tuple[str, str]]:
    """``[("declared", "20"), ("title", "<5")...]``: a result's counts by source, as ``sup`` shows them."""
    shown = sup.sources(r) or {}
    return [(k, str(shown[k]) if shown.get(k) is not None else sup.marker(n)) for k, n in (r.sources or {}).items()]


def unknown_people(ev: EventReport) -> list[str]:
    """``"Ada Lovelace (Opening: panelist; Closing: moderator)"`` for each person whose gender is unknown."""
    if not ev.unresolved_people:
        return list(ev.unresolved)
    return [
        f"{u.name} (" + "; ".join(f"{a.session}: {a.role}" if a.session else a.role for a in u.appearances) + ")"
        for u in ev.unresolved_people
    ]


ASK_HINT = "To ask them: genderlens roster template SOURCE... -o roster.csv, then --roster roster.csv."


def ci(r: MetricResult) -> str:
    """``"27.0-60.1%"`` or blank."""
    if r.share.low is None or r.share.high is None:
        return ""
    return f"{100 * r.share.low:.1f}-{100 * r.share.high:.1f}%"


def metric_flags(ev: EventReport) -> dict[str, list[Flag]]:
    """Event-wide flags grouped by metric."""
    out: dict[str, list[Flag]] = {}
    for f in ev.flags:
        if f.session_id is None:
            out.setdefault(f.metric, []).append(f)
    return out


def session_flags(ev: EventReport) -> dict[str | None, list[Flag]]:
    """Flags grouped by session id (``None`` for event-wide flags)."""
    out: dict[str | None, list[Flag]] = {}
    for f in ev.flags:
        out.setdefault(f.session_id, []).append(f)
    return out


def status(flags: list[Flag], result: MetricResult | None = None) -> str:
    """The status of a figure: ``MISS``, ``CANNOT TELL``, ``WARN``, ``not judged``, ``ok``, or ``""``
    when no rule judges ``result``. Without ``result``, only ``MISS``, ``WARN`` or ``ok``.

    ``CANNOT TELL`` is an undecided figure, or an event-wide one with too few known genders (either
    keeps the event from meeting its target); ``not judged`` is a figure too small to judge.
    """
    if any(f.severity == "error" for f in flags):
        return "MISS"
    judgement = None if result is None else result.judgement
    if judgement is Judgement.UNDECIDED or (
        judgement is Judgement.TOO_FEW_KNOWN and result is not None and result.scope == "event"
    ):
        return "CANNOT TELL"
    if flags:
        return "WARN"
    if result is None or judgement is Judgement.JUDGED:
        return "ok"
    return "" if judgement is None else "not judged"


#: How each verdict reads in text formats; ``cannot_tell`` never reads as success.
VERDICT_TEXT = {
    Verdict.MEETS: "meets target",
    Verdict.MISSES: "MISSES TARGET",
    Verdict.CANNOT_TELL: "CANNOT TELL (insufficient data)",
}


def reason_text(reason: str, ev: EventReport, sup: Suppression | int = 0) -> str:
    """A verdict reason with what small-cell suppression hides taken out (see :meth:`Suppression.reason`)."""
    return _view(ev, sup).reason(reason, ev)


def read_text(ev: EventReport, sup: Suppression | int = 0) -> str:
    """``"9 sessions, 36 people (32 with known gender), no registrations"``, with small counts suppressed."""
    view = _view(ev, sup)
    r, shown = ev.read, view.read_counts(ev)

    def num(key: str) -> str:
        value = shown[key]
        return view.marker(getattr(r, key)) if value is None else str(value)

    parts = [f"{r.sessions} session{'' if r.sessions == 1 else 's'}"]
    if r.people:
        noun = "person" if r.people == 1 else "people"
        parts.append(f"{num('people')} {noun} ({num('people_known')} with known gender)")
    else:
        parts.append("no people")
    if r.registrations:
        parts.append(
            f"{num('registrations')} registration{'' if r.registrations == 1 else 's'} "
            f"({num('registrations_known')} with known gender)"
        )
    else:
        parts.append("no registrations")
    return ", ".join(parts)


def read_line(ev: EventReport, sup: Suppression | int = 0) -> str:
    """``"Read from programme.csv: 9 sessions, 36 people (32 with known gender), no registrations."``."""
    return f"Read from {ev.source}: {read_text(ev, sup)}."


def flag_message(f: Flag, ev: EventReport, sup: Suppression | int = 0) -> str:
    """The flag's message with small-cell suppression applied (see :meth:`Suppression.flag_message`).

    ``sup`` is the report's :class:`~genderlens.privacy.Suppression` (or a ``min_cell``).
    """
    return _view(ev, sup).flag_message(f, ev)


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection: a text starting with = + - @ (or tab/CR) gets a ``'``."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def __getattr__(name: str) -> Any:
    # Compatibility: ``RENDERERS`` and ``SUFFIXES`` now come from the registered renderers.
    if name in ("RENDERERS", "SUFFIXES"):
        from genderlens import renderers

        return getattr(renderers, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
