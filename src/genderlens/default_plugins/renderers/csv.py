"""The ``csv`` format: one row per result, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import Report
from genderlens.privacy import suppress
from genderlens.render import (
    read_text,
    reason_text,
    safe_cell,
    session_flags,
    sources_shown,
    status,
)
from genderlens.renderers import Renderer, RenderOptions

CSV_COLUMNS = (
    "event_id",
    "event_title",
    "edition",
    "metric",
    "scope",
    "session_id",
    "session_title",
    "group",
    "woman",
    "man",
    "nonbinary",
    "undisclosed",
    "unknown",
    "share",
    "ci_low",
    "ci_high",
    "coverage",
    "status",
    "flags",
    "verdict",
    "read",
    "gender_from",
)


def render_csv(report: Report, *, min_cell: int = 0) -> str:
    """One row per result (event, session or group), with status and the rules it misses."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    sup = suppress(report, min_cell)
    for ev in report.events:
        flags = session_flags(ev)
        # One row per event first: its verdict, why, and what was read (so an empty source has a row too).
        w.writerow(
            [
                safe_cell(esc.one_line(v))
                for v in (
                    ev.event_id,
                    ev.event_title,
                    ev.edition,
                    "verdict",
                    "event",
                    *([""] * 12),
                    ev.verdict.value,
                    "; ".join(reason_text(reason, ev, sup) for reason in ev.reasons),
                    ev.verdict.value,
                    read_text(ev, sup),
                    "",
                )
            ]
        )
        for r in ev.results:
            related = (
                flags.get(r.session_id, [])
                if r.scope == "session"
                else [f for f in flags.get(None, []) if f.metric == r.metric]
            )
            hidden = sup.hides(r)

            def num(x: float | None, hidden: bool = hidden) -> str:
                return "" if x is None or hidden else f"{x:.4f}"

            w.writerow(
                [
                    safe_cell(esc.one_line(str(v)) if isinstance(v, str) else v)
                    for v in (
                        ev.event_id,
                        ev.event_title,
                        ev.edition,
                        r.metric,
                        r.scope,
                        r.session_id,
                        r.session_title,
                        r.group,
                        *(sup.count(r, k) for k in ("woman", "man", "nonbinary", "undisclosed", "unknown")),
                        num(r.share.value),
                        num(r.share.low),
                        num(r.share.high),
                        num(r.coverage, sup.hides_total(r)),
                        status(related, r) if r.scope != "group" else "",
                        ";".join(sorted({f.rule for f in related})),
                        ev.verdict.value,
                        "",
                        ";".join(f"{k}={n}" for k, n in sources_shown(r, sup)),
                    )
                ]
            )
    return buf.getvalue()


def render(report: Report, options: RenderOptions) -> str:
    """The ``csv`` renderer's function: :func:`render_csv` with ``options``."""
    return render_csv(report, min_cell=options.min_cell)


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="csv",
            suffixes=(".csv",),
            honours_min_cell=True,
            render=render,
            description="One row per result (event, session or group).",
        )
    )
