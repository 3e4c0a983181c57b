"""A shields.io-style flat SVG badge, e.g. ``women speakers | 42%``, for a README or a project page.

Colour follows the rules: green when nothing is flagged, yellow when the shown metric is fine but the
event has other flags, red when the shown metric itself misses a target, grey when there is no share
to show (no known gender, or hidden by small-cell suppression) or too few people to judge it, and grey
``unknown`` when the verdict is *cannot tell*: never green on insufficient data.
"""

from __future__ import annotations

from genderlens.escape import html as escape
from genderlens.model import EventReport, Judgement, MetricResult, Report, Verdict
from genderlens.privacy import Suppression
from genderlens.renderers import RenderOptions
from genderlens.rules import BLOCKING
from genderlens.trends import ordered

#: Metrics a badge can show, in order of preference, with their default label.
BADGE_METRICS = (
    ("speakers", "women speakers"),
    ("registrations", "women registered"),
    ("leadership", "women in leadership"),
    ("people", "women"),
)
GREEN, YELLOW, RED, GREY = "#2e7d32", "#dfb317", "#c62828", "#6b6b6b"
_LABEL_BG = "#555"

# Approximate advance widths of Verdana 11px (what shields.io measures with), in pixels.
_NARROW = set("fijlrt.,:;'!|()[] ")
_WIDE = set("mwMW%@")


def text_width(text: str) -> float:
    """Approximate rendered width of ``text`` in Verdana 11px."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 3.9
        elif ch in _WIDE:
            width += 10.5
        elif ch.isupper() or ch.isdigit():
            width += 7.5
        else:
            width += 6.6
    return width


def pick(ev: EventReport, metric: str | None = None) -> tuple[MetricResult | None, str]:
    """The result a badge shows for ``ev`` (``metric``, or the first of :data:`BADGE_METRICS`) and its label."""
    candidates = [(m, lbl) for m, lbl in BADGE_METRICS if metric in (None, m)] or [(metric or "", f"women ({metric})")]
    for m, lbl in candidates:
        r = ev.result(m)
        if r is not None:
            return r, lbl
    return None, candidates[0][1]


def badge_state(ev: EventReport, result: MetricResult | None, *, min_cell: int = 0) -> tuple[str, str]:
    """The badge's right-hand text and colour."""
    if ev.verdict is Verdict.CANNOT_TELL or (result is not None and result.judgement in BLOCKING):
        return "unknown", GREY
    if result is None or result.share.value is None:
        return "n/a", GREY
    if Suppression((ev,), min_cell).hides(result):
        return (f"n<{min_cell}" if result.counts.total < min_cell else "suppressed"), GREY
    text = f"{round(100 * result.share.value)}%"
    if result.judgement is Judgement.TOO_SMALL:
        return text, GREY
    own = [f for f in ev.flags if f.session_id is None and f.metric == result.metric]
    if any(f.severity == "error" for f in own):
        return text, RED
    return text, (YELLOW if ev.flags else GREEN)


def render_badge(report: Report, *, min_cell: int = 0, label: str | None = None, metric: str | None = None) -> str:
    """Render a flat badge for the latest edition in ``report``.

    Args:
        report: The report; with several events, the one with the latest edition is shown.
        min_cell: When the shown metric counts fewer people than this, the share is not shown.
        label: Left-hand text (default from the metric, e.g. ``"women speakers"``).
        metric: Metric id to show (default: speakers, else registrations, leadership, people).

    Returns:
        The SVG document as a string.
    """
    events = ordered(report.events)
    result, default_label = pick(events[-1], metric) if events else (None, "women speakers")
    value, colour = badge_state(events[-1], result, min_cell=min_cell) if events else ("n/a", GREY)
    left = label or default_label
    lw, vw = round(text_width(left) + 10), round(text_width(value) + 10)
    width = lw + vw
    fg = "#1b1b1b" if colour == YELLOW else "#fff"
    shadow = "#fff" if colour == YELLOW else "#010101"
    title = escape(f"{left}: {value}")
    lt, vt = escape(left), escape(value)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="{_LABEL_BG}"/>'
        f'<rect x="{lw}" width="{vw}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{lw / 2}" y="15" fill="#010101" fill-opacity=".3">{lt}</text>'
        f'<text x="{lw / 2}" y="14" fill="#fff">{lt}</text>'
        f'<text x="{lw + vw / 2}" y="15" fill="{shadow}" fill-opacity=".3">{vt}</text>'
        f'<text x="{lw + vw / 2}" y="14" fill="{fg}">{vt}</text></g></svg>\n'
    )


def render(report: Report, options: RenderOptions) -> str:
    """The ``badge`` renderer's function: :func:`render_badge` with ``options`` (``label`` included)."""
    return render_badge(report, min_cell=options.min_cell, label=options.label)
