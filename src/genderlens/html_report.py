"""Render a :class:`~genderlens.model.Report` as one self-contained HTML page.

The page has no external resources: CSS and the SVG charts are inline, and it reads (and prints) fine
without JavaScript. Every chart has a text alternative (``<title>``/``<desc>`` and an adjacent table),
the palette is Okabe-Ito (colour-blind safe), and status is never shown by colour alone.
Counts below ``min_cell`` are suppressed exactly as in the other formats (:mod:`genderlens.privacy`), and
every text from the input goes through :func:`genderlens.escape.html`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from genderlens import escape as esc
from genderlens.model import EventReport, MetricResult, Report, Verdict
from genderlens.privacy import Suppression, suppress
from genderlens.render import (
    ASK_HINT,
    ci,
    event_results,
    flag_message,
    group_results,
    label,
    read_text,
    reason_text,
    session_flags,
    session_results,
    sources_line,
    status,
    unknown_people,
    unrecognised_line,
)
from genderlens.renderers import RenderOptions
from genderlens.rules import pct
from genderlens.trends import ordered

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, SKY, GREEN, VERMILION, PURPLE, GREY = (
    "#0072B2",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#6b6b6b",
)
#: Event-wide metrics drawn in the trend chart: (metric, colour, marker shape).
TREND_SERIES = (
    ("speakers", BLUE, "circle"),
    ("speaking_time", SKY, "diamond"),
    ("leadership", PURPLE, "square"),
    ("registrations", ORANGE, "triangle"),
)
#: Metrics shown as headline cards, in this order.
CARD_METRICS = ("speakers", "speaking_time", "leadership", "registrations", "fellowships")
#: Sessions drawn in the per-session chart; the table below it lists all of them.
MAX_SESSION_BARS = 60
#: Groups drawn per breakdown chart (largest first); the table lists all of them.
MAX_GROUP_BARS = 15

_STATUS_TEXT = {
    "MISS": "✗ miss",
    "CANNOT TELL": "? cannot tell",
    "WARN": "! warning",
    "not judged": "– not judged",
    "ok": "✓ ok",
    "": "",
}
_STATUS_CLASS = {"MISS": "miss", "CANNOT TELL": "unknown", "WARN": "warn", "not judged": "nj", "ok": "ok", "": "none"}
#: The verdict banner: CSS class, mark and wording. *Cannot tell* has its own colour, never the green of ok.
_VERDICT = {
    Verdict.MEETS: ("ok", "✓", "Meets the target"),
    Verdict.MISSES: ("miss", "✗", "Misses the target"),
    Verdict.CANNOT_TELL: ("unknown", "?", "Cannot tell: insufficient data"),
}


def ordered_events(report: Report) -> list[EventReport]:
    """Events oldest edition first (see :func:`genderlens.trends.ordered`)."""
    return ordered(report.events)


def _e(value: object) -> str:
    return esc.html(value)


def _hidden(r: MetricResult, sup: Suppression) -> bool:
    return sup.hides(r)


def _setting(report: Report, key: str, default: float) -> float:
    value = report.settings.get(key)
    return float(value) if isinstance(value, int | float) else default


def _people(r: MetricResult, sup: Suppression) -> str:
    """``"n=12 · 83% known"``: the denominator and coverage, shown next to every share."""
    if sup.hides_total(r):
        return f"n&lt;{sup.min_cell}" if r.counts.total < sup.min_cell else "n hidden"
    known = "" if r.coverage is None else f" · {pct(r.coverage)} known"
    return f"n={r.counts.total}" + known


def _share_text(r: MetricResult, sup: Suppression) -> str:
    if _hidden(r, sup):
        return "suppressed"
    return "no known gender" if r.share.value is None else pct(r.share.value)


# -- SVG charts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart."""

    label: str
    result: MetricResult
    status: str | None = None


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def bar_chart(
    bars: Sequence[Bar], *, title: str, target: float, tolerance: float, sup: Suppression, chart_id: str
) -> str:
    """Horizontal bars of the share of women with 95% Wilson whiskers over a shaded target band.

    Args:
        bars: Rows to draw, top to bottom.
        title: Accessible name of the chart.
        target: Parity target, drawn as a dashed line.
        tolerance: Half-width of the shaded band around ``target``.
        sup: Suppressed rows are drawn without a bar and marked suppressed.
        chart_id: Unique prefix for the ``<title>``/``<desc>`` ids.
    """
    width, left, plot, row_h, top = 960, 250, 330, 30, 30
    height = top + row_h * len(bars) + 10

    def x(v: float) -> float:
        return round(left + plot * v, 1)

    low, high = max(0.0, target - tolerance), min(1.0, target + tolerance)
    desc = "; ".join(
        f"{b.label}: {_share_text(b.result, sup)}"
        + ("" if _hidden(b.result, sup) or not ci(b.result) else f" (95% CI {ci(b.result)})")
        + f", {_people(b.result, sup).replace('&lt;', '<')}"
        + (f", {_STATUS_TEXT[b.status]}" if b.status else "")
        for b in bars
    )
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(desc)}</desc>',
        f'<rect class="band" x="{x(low)}" y="{top - 6}" width="{x(high) - x(low):.1f}" '
        f'height="{height - top - 4}" fill="{GREEN}" fill-opacity="0.13"/>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        out.append(
            f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{top - 6}" y2="{height - 10}" stroke="#d9d9d9" stroke-width="1"/>'
            f'<text class="tick" x="{x(tick)}" y="{top - 12}" text-anchor="middle">{int(tick * 100)}%</text>'
        )
    out.append(
        f'<line class="target" x1="{x(target)}" x2="{x(target)}" y1="{top - 6}" y2="{height - 10}" '
        f'stroke="{GREEN}" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    for i, b in enumerate(bars):
        r = b.result
        y = top + i * row_h
        mid = y + row_h / 2 - 2
        hidden = _hidden(r, sup)
        tip = _e(f"{b.label}: {_share_text(r, sup)} women, {_people(r, sup).replace('&lt;', '<')}")
        out.append(f'<g class="row"><title>{tip}</title>')
        out.append(f'<text class="lbl" x="{left - 10}" y="{mid + 4}" text-anchor="end">{_e(_clip(b.label, 32))}</text>')
        if hidden or r.share.value is None:
            out.append(
                f'<rect class="empty" x="{left}" y="{mid - 7}" width="{plot}" height="14" fill="url(#hatch)" '
                f'stroke="#bdbdbd" stroke-width="0.5"/>'
            )
        else:
            w = max(plot * r.share.value, 1.5)
            out.append(f'<rect class="bar" x="{left}" y="{mid - 7}" width="{w:.1f}" height="14" fill="{BLUE}" rx="2"/>')
            if r.share.low is not None and r.share.high is not None:
                x1, x2 = x(r.share.low), x(r.share.high)
                out.append(
                    f'<path class="ci" d="M{x1} {mid}H{x2}M{x1} {mid - 5}V{mid + 5}M{x2} {mid - 5}V{mid + 5}" '
                    f'stroke="#1a1a1a" stroke-width="1.5" fill="none"/>'
                )
        value = _share_text(r, sup)
        out.append(
            f'<text class="val" x="{left + plot + 10}" y="{mid + 4}"><tspan class="pct">{value}</tspan>'
            f'<tspan class="meta" dx="6">{_people(r, sup)}</tspan></text>'
        )
        if b.status:
            cls = _STATUS_CLASS[b.status]
            out.append(
                f'<text class="st st-{cls}" x="{width - 4}" y="{mid + 4}" text-anchor="end">'
                f"{_STATUS_TEXT[b.status]}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _marker(shape: str, cx: float, cy: float, colour: str) -> str:
    if shape == "square":
        return f'<rect class="pt" x="{cx - 4.5}" y="{cy - 4.5}" width="9" height="9" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path class="pt" d="M{cx} {cy - 6}L{cx + 5.5} {cy + 4}H{cx - 5.5}Z" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path class="pt" d="M{cx} {cy - 6}L{cx + 6} {cy}L{cx} {cy + 6}L{cx - 6} {cy}Z" fill="{colour}"/>'
    return f'<circle class="pt" cx="{cx}" cy="{cy}" r="5" fill="{colour}"/>'


def trend_chart(
    editions: Sequence[str],
    series: Sequence[tuple[str, str, str, list[MetricResult | None]]],
    *,
    target: float,
    tolerance: float,
    sup: Suppression,
) -> str:
    """Share of women per edition, one line per metric, with 95% whiskers and the target band.

    Args:
        editions: Edition labels, oldest first.
        series: ``(metric, colour, marker, results)`` with one result (or ``None``) per edition.
        target: Parity target.
        tolerance: Half-width of the target band.
        sup: Suppressed points are left out of the lines.
    """
    width, left, right, top, plot_h = 760, 56, 150, 20, 220
    height = top + plot_h + 40
    span = width - left - right
    step = span / max(len(editions) - 1, 1)

    def x(i: int) -> float:
        return round(left + (i * step if len(editions) > 1 else span / 2), 1)

    def y(v: float) -> float:
        return round(top + plot_h * (1 - v), 1)

    low, high = max(0.0, target - tolerance), min(1.0, target + tolerance)
    parts = []
    for metric, _colour, _shape, results in series:
        points = [
            f"{ed}: {_share_text(r, sup)}" if r is not None else f"{ed}: n/a"
            for ed, r in zip(editions, results, strict=True)
        ]
        parts.append(f"{label(metric)} — " + ", ".join(points))
    out = [
        f'<svg class="chart trend" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="trend-t trend-d">',
        '<title id="trend-t">Share of women across editions</title>',
        f'<desc id="trend-d">{_e("; ".join(parts))}</desc>',
        f'<rect class="band" x="{left}" y="{y(high)}" width="{span}" height="{y(low) - y(high):.1f}" '
        f'fill="{GREEN}" fill-opacity="0.13"/>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        out.append(
            f'<line x1="{left}" x2="{left + span}" y1="{y(tick)}" y2="{y(tick)}" stroke="#d9d9d9"/>'
            f'<text class="tick" x="{left - 8}" y="{y(tick) + 4}" text-anchor="end">{int(tick * 100)}%</text>'
        )
    out.append(
        f'<line class="target" x1="{left}" x2="{left + span}" y1="{y(target)}" y2="{y(target)}" '
        f'stroke="{GREEN}" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    for i, ed in enumerate(editions):
        out.append(f'<text class="tick ed" x="{x(i)}" y="{top + plot_h + 20}" text-anchor="middle">{_e(ed)}</text>')
    for k, (metric, colour, shape, results) in enumerate(series):
        pts = [
            (i, r) for i, r in enumerate(results) if r is not None and r.share.value is not None and not _hidden(r, sup)
        ]
        if len(pts) > 1:
            d = "M" + "L".join(f"{x(i)} {y(r.share.value or 0)}" for i, r in pts)
            out.append(f'<path class="line" d="{d}" stroke="{colour}" stroke-width="2.5" fill="none"/>')
        for i, r in pts:
            cx, cy = x(i) + (k - 1.5) * 3, y(r.share.value or 0)
            if r.share.low is not None and r.share.high is not None:
                out.append(
                    f'<path class="ci" d="M{cx} {y(r.share.low)}V{y(r.share.high)}" stroke="{colour}" '
                    f'stroke-width="1.5" stroke-opacity="0.7"/>'
                )
            tip = f"{label(metric)}, {editions[i]}: {pct(r.share.value)} women, {_people(r, sup)}"
            out.append(f"<g><title>{_e(tip).replace('&amp;lt;', '&lt;')}</title>{_marker(shape, cx, cy, colour)}</g>")
        ly = top + 10 + 24 * k
        lx = left + span + 24
        out.append(
            _marker(shape, lx, ly, colour)
            + f'<text class="legend" x="{lx + 12}" y="{ly + 4}">{_e(label(metric).split(" (")[0])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


# -- HTML pieces ---------------------------------------------------------------------------------------


def _status_badge(st: str) -> str:
    if not st:
        return ""
    return f'<span class="status {_STATUS_CLASS[st]}">{_STATUS_TEXT[st]}</span>'


def _counts_cells(r: MetricResult, sup: Suppression) -> str:
    return "".join(f'<td class="num">{_e(v)}</td>' for v in sup.counts(r))


def _share_cells(r: MetricResult, sup: Suppression, *, with_ci: bool = True) -> str:
    hidden = _hidden(r, sup)
    share = "" if hidden else pct(r.share.value)
    cells = f'<td class="num">{share}</td>'
    if with_ci:
        cells += f'<td class="num">{"" if hidden else ci(r)}</td>'
    return cells + f'<td class="num">{"" if sup.hides_total(r) else pct(r.coverage)}</td>'


_COUNT_HEADERS = (
    '<th scope="col" class="num">Women</th><th scope="col" class="num">Men</th>'
    '<th scope="col" class="num">Non-binary</th><th scope="col" class="num">Unknown</th>'
)


def _metric_table(ev: EventReport, results: Iterable[MetricResult], sup: Suppression) -> str:
    flags = session_flags(ev).get(None, [])
    rows = []
    for r in results:
        st = status([f for f in flags if f.metric == r.metric], r)
        rows.append(
            f'<tr><th scope="row">{_e(label(r.metric))}</th>{_counts_cells(r, sup)}'
            f"{_share_cells(r, sup)}<td>{_status_badge(st)}</td></tr>"
        )
    return (
        '<table class="data"><caption>Event-wide results</caption><thead><tr><th scope="col">Metric</th>'
        f'{_COUNT_HEADERS}<th scope="col" class="num">Share of women</th><th scope="col" class="num">95% CI</th>'
        '<th scope="col" class="num">Coverage</th><th scope="col">Status</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
        + (f'<p class="note">{_e(line)}</p>' if (line := sources_line(ev, sup)) else "")
        + (f'<p class="note">{_e(line)}</p>' if (line := unrecognised_line(ev, sup)) else "")
    )


def _cards(ev: EventReport, sup: Suppression) -> str:
    flags = session_flags(ev).get(None, [])
    cards = []
    for metric in CARD_METRICS:
        r = ev.result(metric)
        if r is None:
            continue
        st = status([f for f in flags if f.metric == metric], r)
        hidden = _hidden(r, sup)
        interval = "" if hidden or not ci(r) else f"95% CI {ci(r)}"
        cards.append(
            f'<div class="card {_STATUS_CLASS[st]}"><div class="card-label">{_e(label(metric))}</div>'
            f'<div class="card-value">{_share_text(r, sup)}</div>'
            f'<div class="card-sub">women{" · " + interval if interval else ""}</div>'
            f'<div class="card-sub">{_people(r, sup)}</div>{_status_badge(st)}</div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>' if cards else ""


def _flag_list(ev: EventReport, sup: Suppression) -> str:
    flags = ev.flags
    if not flags and ev.verdict is Verdict.CANNOT_TELL:
        return '<p class="note">No rule is broken by the figures that could be judged.</p>'
    if not flags:
        return '<p class="noflags">No rule is broken.</p>'
    items = []
    for f in flags:
        cls, mark = ("miss", "✗") if f.severity == "error" else ("warn", "!")
        where = f"<em>{_e(f.session_title)}</em>: " if f.session_title else ""
        items.append(
            f'<li class="flag {cls}"><span class="mark" aria-hidden="true">{mark}</span>'
            f'<span class="sr">{"Miss" if cls == "miss" else "Warning"}: </span>'
            f"{where}{_e(flag_message(f, ev, sup))} <code>{_e(f.rule)}</code></li>"
        )
    return f'<ul class="flags">{"".join(items)}</ul>'


def _verdict(ev: EventReport, target: float, tolerance: float, sup: Suppression) -> str:
    errors = sum(f.severity == "error" for f in ev.flags)
    warnings = len(ev.flags) - errors
    cls, mark, text = _VERDICT[ev.verdict]
    detail = f"{errors} miss{'es' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    band = f"target {pct(target)} women, accepted {pct(max(0, target - tolerance))}–{pct(min(1, target + tolerance))}"
    reasons = "".join(f"<li>{_e(reason_text(reason, ev, sup))}</li>" for reason in ev.reasons)
    heading = "Why not" if ev.verdict is Verdict.CANNOT_TELL else "Not judged"
    why = f'<div class="verdict-why">{heading}:<ul>{reasons}</ul></div>' if reasons else ""
    return (
        f'<div class="verdict {cls}" role="status"><span class="verdict-mark" aria-hidden="true">{mark}</span>'
        f'<span class="verdict-text">{text}</span><span class="verdict-detail">{detail} · {band}</span>{why}</div>'
    )


def _session_section(ev: EventReport, target: float, tolerance: float, sup: Suppression, sid: str) -> str:
    sessions = session_results(ev)
    if not sessions:
        return ""
    flags = session_flags(ev)
    bars = [
        Bar(r.session_title or r.session_id or "", r, status(flags.get(r.session_id, []), r))
        for r in sessions[:MAX_SESSION_BARS]
    ]
    more = len(sessions) - len(bars)
    note = f'<p class="note">The chart shows the first {len(bars)} of {len(sessions)} sessions.</p>' if more else ""
    rows = []
    for r in sessions:
        st = status(flags.get(r.session_id, []), r)
        rows.append(
            f'<tr><th scope="row">{_e(r.session_title or r.session_id or "")}</th>'
            f"<td>{'panel' if r.is_panel else ''}</td>{_counts_cells(r, sup)}"
            f"{_share_cells(r, sup, with_ci=False)}<td>{_status_badge(st)}</td></tr>"
        )
    table = (
        '<table class="data"><caption>Sessions (speakers, panelists and keynotes)</caption><thead><tr>'
        f'<th scope="col">Session</th><th scope="col">Type</th>{_COUNT_HEADERS}'
        '<th scope="col" class="num">Share</th><th scope="col" class="num">Coverage</th>'
        '<th scope="col">Status</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )
    chart = bar_chart(
        bars,
        title="Share of women by session",
        target=target,
        tolerance=tolerance,
        sup=sup,
        chart_id=f"{sid}-sessions",
    )
    return (
        f'<section class="block" aria-labelledby="{sid}-sh"><h3 id="{sid}-sh">By session</h3>'
        f"<figure>{chart}</figure>{note}{table}</section>"
    )


def _group_sections(ev: EventReport, target: float, tolerance: float, sup: Suppression, sid: str) -> str:
    out = []
    for metric, (shown, _more) in group_results(ev).items():
        title = metric.replace("registrations_by_", "Registrations by ").replace("_", " ")
        bars = [Bar(r.group or "", r) for r in shown[:MAX_GROUP_BARS]]
        gid = _e(f"{sid}-{metric}")
        note = (
            f'<p class="note">The chart shows the {len(bars)} largest of {len(shown)} groups; the table lists all.</p>'
            if len(shown) > len(bars)
            else ""
        )
        rows = "".join(
            f'<tr><th scope="row">{_e(r.group or "")}</th>{_counts_cells(r, sup)}{_share_cells(r, sup)}</tr>'
            for r in shown
        )
        table = (
            f"<details><summary>Table: {_e(title.lower())} ({len(shown)} groups)</summary>"
            f'<table class="data"><caption>{_e(title)}</caption><thead><tr><th scope="col">Group</th>'
            f'{_COUNT_HEADERS}<th scope="col" class="num">Share</th><th scope="col" class="num">95% CI</th>'
            f'<th scope="col" class="num">Coverage</th></tr></thead><tbody>{rows}</tbody></table></details>'
        )
        chart = bar_chart(
            bars,
            title=f"Share of women, {title.lower()}",
            target=target,
            tolerance=tolerance,
            sup=sup,
            chart_id=gid,
        )
        out.append(
            f'<section class="block" aria-labelledby="{gid}-h"><h3 id="{gid}-h">{_e(title)}</h3>'
            f"<figure>{chart}</figure>{note}{table}</section>"
        )
    return "".join(out)


def _event_section(ev: EventReport, index: int, target: float, tolerance: float, sup: Suppression) -> str:
    sid = f"ev{index}"
    results = event_results(ev)
    flags = session_flags(ev).get(None, [])
    role_bars = [Bar(label(r.metric), r, status([f for f in flags if f.metric == r.metric], r)) for r in results]
    parts = [
        f'<section class="event" id="{sid}" aria-labelledby="{sid}-h">',
        f'<h2 id="{sid}-h">{_e(ev.event_title)}</h2>',
        f'<p class="meta">Edition {_e(ev.edition)} · source <code>{_e(ev.source)}</code> · read: '
        f"{_e(read_text(ev, sup))}</p>",
        _verdict(ev, target, tolerance, sup),
        _cards(ev, sup),
        f'<section class="block" aria-labelledby="{sid}-fh"><h3 id="{sid}-fh">Flags</h3>{_flag_list(ev, sup)}'
        "</section>",
    ]
    if role_bars:
        chart = bar_chart(
            role_bars,
            title="Share of women by metric and role",
            target=target,
            tolerance=tolerance,
            sup=sup,
            chart_id=f"{sid}-roles",
        )
        parts.append(
            f'<section class="block" aria-labelledby="{sid}-rh"><h3 id="{sid}-rh">By role</h3>'
            f"<figure>{chart}</figure>{_metric_table(ev, results, sup)}</section>"
        )
    parts.append(_session_section(ev, target, tolerance, sup, sid))
    parts.append(_group_sections(ev, target, tolerance, sup, sid))
    if ev.unresolved:
        names = "".join(f"<li>{_e(n)}</li>" for n in unknown_people(ev))
        parts.append(
            f'<section class="block names" aria-labelledby="{sid}-nh"><h3 id="{sid}-nh">Gender unknown '
            f"({len(ev.unresolved)})</h3><p>Ask these people how they wish to be counted, or leave them out: "
            f'unknown is never counted as a man.</p><ul class="names">{names}</ul><p class="note">{_e(ASK_HINT)}</p>'
            "</section>"
        )
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _trend_section(events: Sequence[EventReport], target: float, tolerance: float, sup: Suppression) -> str:
    editions: list[str] = []
    by_edition: dict[str, dict[str, MetricResult]] = {}
    for ev in events:
        if ev.edition not in by_edition:
            editions.append(ev.edition)
            by_edition[ev.edition] = {}
        for r in ev.results:
            if r.scope == "event":
                by_edition[ev.edition].setdefault(r.metric, r)
    if len(editions) < 2:
        return ""
    series = [
        (metric, colour, shape, [by_edition[ed].get(metric) for ed in editions])
        for metric, colour, shape in TREND_SERIES
        if sum(metric in by_edition[ed] for ed in editions) >= 2
    ]
    if not series:
        return ""
    head = "".join(f'<th scope="col" class="num">{_e(label(m))}</th>' for m, *_ in series)
    rows = []
    for i, ed in enumerate(editions):
        cells = []
        for _m, _c, _s, results in series:
            point = results[i]
            cells.append(
                '<td class="num">–</td>'
                if point is None
                else f'<td class="num">{_share_text(point, sup)} <small>{_people(point, sup)}</small></td>'
            )
        rows.append(f'<tr><th scope="row">{_e(ed)}</th>{"".join(cells)}</tr>')
    table = (
        '<table class="data"><caption>Share of women by edition</caption><thead><tr>'
        f'<th scope="col">Edition</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    chart = trend_chart(editions, series, target=target, tolerance=tolerance, sup=sup)
    return (
        '<section class="trend-block" aria-labelledby="trend-h"><h2 id="trend-h">Trend across editions</h2>'
        f"<figure>{chart}</figure>{table}</section>"
    )


CSS = """
:root{--ink:#1b1b1b;--muted:#5c5c5c;--line:#e3e3e3;--bg:#fafafa;--blue:#0072B2;--ok:#007a57;--warn:#8a5a00;
--miss:#b34700;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
main{max-width:960px;margin:0 auto;padding:24px 20px 48px}
header.page{border-bottom:3px solid var(--blue);margin-bottom:20px;padding-bottom:12px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:0 0 4px}h3{font-size:16px;margin:0 0 10px}
.meta,.note,.sub{color:var(--muted);font-size:13px;margin:0 0 12px}
nav ul{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:6px 14px;font-size:14px}
a{color:var(--blue)}
.event,.trend-block{background:#fff;border:1px solid var(--line);border-radius:10px;padding:22px 24px;margin:0 0 24px}
.block{margin-top:22px}
.verdict{display:flex;align-items:baseline;flex-wrap:wrap;gap:6px 12px;border-radius:8px;padding:12px 16px;
margin:12px 0 16px;border-left:6px solid}
.verdict.miss{background:#fdf0e7;border-color:#D55E00}.verdict.ok{background:#e8f5ef;border-color:#009E73}
.verdict.unknown{background:#eef0f7;border-color:#5a6a9a}.verdict.unknown .verdict-mark{color:#3d4a75}
.verdict-why{flex-basis:100%;font-size:14px}.verdict-why ul{margin:2px 0 0;padding-left:20px}
.verdict-mark{font-size:22px;font-weight:700}.verdict.miss .verdict-mark{color:var(--miss)}
.verdict.ok .verdict-mark{color:var(--ok)}
.verdict-text{font-size:19px;font-weight:700}.verdict-detail{color:var(--muted);font-size:14px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card{border:1px solid var(--line);border-top:4px solid #9e9e9e;border-radius:8px;padding:10px 12px;background:#fff}
.card.ok{border-top-color:#009E73}.card.warn{border-top-color:#E69F00}.card.miss{border-top-color:#D55E00}
.card.unknown{border-top-color:#5a6a9a}
.card-label{font-size:13px;color:var(--muted);font-weight:600}
.card-value{font-size:28px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card-sub{font-size:12px;color:var(--muted)}
.card .status{margin-top:6px}
.status{display:inline-block;font-size:12px;font-weight:700;border-radius:10px;padding:0 8px;white-space:nowrap;
border:1px solid}
.status.ok{color:var(--ok);border-color:#9fd3bf;background:#effaf5}
.status.warn{color:var(--warn);border-color:#e9c46a;background:#fff8e6}
.status.miss{color:var(--miss);border-color:#f0b08a;background:#fdf0e7}
.status.unknown{color:#3d4a75;border-color:#aab3d1;background:#eef0f7}
.status.nj{color:var(--muted);border-color:#cfcfcf;background:#f4f4f4}.status.none{display:none}
ul.flags{list-style:none;padding:0;margin:0}
.flag{padding:6px 10px;border-left:4px solid;margin:0 0 6px;background:#fafafa;border-radius:0 6px 6px 0}
.flag.miss{border-color:#D55E00}.flag.warn{border-color:#E69F00}
.flag .mark{font-weight:700;margin-right:6px}.flag.miss .mark{color:var(--miss)}.flag.warn .mark{color:var(--warn)}
.flag code{font-size:12px;color:var(--muted)}
.noflags{color:var(--ok);font-weight:600}
figure{margin:0 0 8px}
svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
svg .tick{font-size:11px;fill:#5c5c5c}svg .lbl{font-size:13px;fill:#1b1b1b}
svg .pct{font-size:13px;font-weight:700;fill:#1b1b1b}svg .meta{font-size:11.5px;fill:#5c5c5c}
svg .st{font-size:12px;font-weight:700}svg .st-miss{fill:#b34700}svg .st-warn{fill:#8a5a00}svg .st-ok{fill:#007a57}
svg .st-unknown{fill:#3d4a75}svg .st-nj{fill:#5c5c5c}
svg .legend{font-size:12.5px;fill:#1b1b1b}
.legend-key{font-size:12.5px;color:var(--muted);margin:0 0 6px}
.swatch{display:inline-block;width:22px;height:10px;vertical-align:middle;margin:0 4px 0 10px;border-radius:2px}
table.data{border-collapse:collapse;width:100%;font-size:13.5px;margin:8px 0 4px;font-variant-numeric:tabular-nums}
table.data caption{text-align:left;font-weight:600;color:var(--muted);padding:0 0 4px}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
table.data thead th{border-bottom:2px solid #bdbdbd;font-size:12.5px}
table.data tbody th{font-weight:500}
.num{text-align:right!important;white-space:nowrap}
details summary{cursor:pointer;color:var(--blue);font-size:14px;margin:4px 0}
ul.names{columns:2;font-size:14px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:12.5px;border-top:1px solid var(--line);padding-top:12px}
@media (max-width:640px){main{padding:12px}.event,.trend-block{padding:14px}ul.names{columns:1}}
@media print{
body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}
nav{display:none}
.event,.trend-block{border:none;padding:0;margin:0 0 12pt;break-before:page}
.trend-block+.event,header.page+.event{break-before:auto}
figure,table.data tr,.card,.verdict,.flag{break-inside:avoid}
h2,h3{break-after:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
details summary{display:none}
a{color:inherit;text-decoration:none}
}
"""

_HATCH = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>'
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#c8c8c8" stroke-width="2"/>'
    "</pattern></defs></svg>"
)

#: Open every collapsed table before printing; the page works without it.
_SCRIPT = (
    '<script>addEventListener("beforeprint",function(){'
    'document.querySelectorAll("details").forEach(function(d){d.open=true})})</script>'
)


def render_html(report: Report, *, min_cell: int = 0) -> str:
    """Render ``report`` as a single self-contained HTML document.

    Args:
        report: The report to render; several events become one section each plus a trend chart
            ordered by :attr:`~genderlens.model.EventReport.edition`.
        min_cell: Counts below this are shown as ``<N`` and their shares are hidden, with whatever would
            reveal them (see :mod:`genderlens.privacy`).

    Returns:
        The HTML page as a string (UTF-8, no external resources).
    """
    target = _setting(report, "target", 0.5)
    tolerance = _setting(report, "tolerance", 0.10)
    events = ordered_events(report)
    sup = suppress(report, min_cell)
    if len(events) == 1:
        heading = events[0].event_title
    else:
        heading = f"{len(events)} events"
    nav = ""
    if len(events) > 1:
        links = "".join(
            f'<li><a href="#ev{i}">{_VERDICT[ev.verdict][1]} {_e(ev.event_title)} ({_e(ev.edition)})</a></li>'
            for i, ev in enumerate(events, 1)
        )
        nav = f'<nav aria-label="Events"><ul>{links}</ul></nav>'
    misses = sum(ev.verdict is Verdict.MISSES for ev in events)
    unknown = sum(ev.verdict is Verdict.CANNOT_TELL for ev in events)
    summary = f"{misses} of {len(events)} events miss the target" if len(events) > 1 else ""
    if summary and unknown:
        summary += f", {unknown} cannot tell"
    legend = (
        '<p class="legend-key" aria-hidden="true">'
        f'<span class="swatch" style="background:{BLUE}"></span>share of women'
        '<span class="swatch" style="background:linear-gradient(90deg,#1a1a1a 0 100%) center/100% 2px no-repeat">'
        "</span>95% confidence interval"
        f'<span class="swatch" style="background:{GREEN};opacity:.25"></span>target band '
        f"{pct(max(0, target - tolerance))}–{pct(min(1, target + tolerance))}"
        '<span class="swatch" style="background:repeating-linear-gradient(45deg,#f4f4f4 0 3px,#c8c8c8 3px 5px)">'
        "</span>suppressed or unknown</p>"
    )
    suppressed = (
        f" Counts below {min_cell} are shown as &lt;{min_cell} and their shares are hidden, with any count that "
        "would reveal them ([c])."
        if min_cell
        else ""
    )
    body = [
        '<header class="page">',
        "<h1>Gender balance report</h1>",
        f'<p class="sub">{_e(heading)}{" · " + summary if summary else ""} · target {pct(target)} women '
        f"± {pct(tolerance)}</p>",
        nav,
        legend,
        "</header>",
        _trend_section(events, target, tolerance, sup),
        *(_event_section(ev, i, target, tolerance, sup) for i, ev in enumerate(events, 1)),
        "<footer><p>Shares count people whose gender is known (woman, man, non-binary); unknown and undisclosed "
        "are reported as coverage and never counted as men. Intervals are 95% Wilson score intervals. "
        f"{suppressed}</p><p>genderlens {_e(report.genderlens_version)}</p></footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="genderlens">\n'
        f"<title>Gender balance — {_e(heading)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{_HATCH}\n"
        "<main>\n" + "\n".join(p for p in body if p) + f"\n</main>\n{_SCRIPT}\n</body>\n</html>\n"
    )


def render(report: Report, options: RenderOptions) -> str:
    """The ``html`` renderer's function: :func:`render_html` with ``options``."""
    return render_html(report, min_cell=options.min_cell)
