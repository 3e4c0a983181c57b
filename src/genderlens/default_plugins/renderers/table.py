"""The ``table`` format: a plain-text report for the terminal."""

from __future__ import annotations

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import Report, Verdict
from genderlens.privacy import suppress
from genderlens.render import (
    ASK_HINT,
    VERDICT_TEXT,
    ci,
    event_results,
    flag_message,
    group_results,
    label,
    metric_flags,
    read_line,
    reason_text,
    session_flags,
    session_results,
    sources_line,
    status,
    unknown_people,
    unrecognised_line,
)
from genderlens.renderers import Renderer, RenderOptions
from genderlens.rules import pct


def _grid(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def fmt(values: list[str]) -> str:
        pairs = enumerate(zip(values, widths, strict=True))
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in pairs)

    return [fmt(headers).rstrip(), "  ".join("-" * w for w in widths), *(fmt(r).rstrip() for r in rows)]


def render_table(report: Report, *, min_cell: int = 0) -> str:
    """Plain-text tables for a terminal or a CI log."""
    sup = suppress(report, min_cell)
    t = esc.terminal
    out: list[str] = []
    for ev in report.events:
        out.append(f"{t(ev.event_title)}  [{t(ev.source)}]")
        event_flags = metric_flags(ev)
        rows = []
        for r in event_results(ev):
            hidden = sup.hides(r)
            rows.append(
                [
                    t(label(r.metric)),
                    *sup.counts(r),
                    "" if hidden else pct(r.share.value),
                    "" if hidden else ci(r),
                    "" if sup.hides_total(r) else pct(r.coverage),
                    status(event_flags.get(r.metric, []), r),
                ]
            )
        out += ["", t(read_line(ev, sup))]
        if rows:
            out += [
                "",
                *_grid(
                    ["metric", "women", "men", "non-binary", "unknown", "share", "95% CI", "coverage", "status"],
                    rows,
                    {1, 2, 3, 4, 5, 7},
                ),
            ]
        provenance = sources_line(ev, sup)
        if provenance:
            out.append(t(provenance))
        if unread := unrecognised_line(ev, sup):
            out.append(t(unread))
        for metric, (groups, more) in group_results(ev, limit=12).items():
            grows = [
                [
                    t((r.group or "")[:40]),
                    *sup.counts(r),
                    "" if sup.hides(r) else pct(r.share.value),
                    "" if sup.hides_total(r) else pct(r.coverage),
                ]
                for r in groups
            ]
            title = t(metric.replace("registrations_by_", "by ").replace("_", " "))
            out += [
                "",
                *_grid(
                    [title, "women", "men", "non-binary", "unknown", "share", "coverage"], grows, {1, 2, 3, 4, 5, 6}
                ),
            ]
            if more:
                out.append(f"({more} smaller groups not shown; see --format csv or json)")
        sessions = session_results(ev)
        if sessions:
            by_session = session_flags(ev)
            srows = []
            for r in sessions:
                title = t((r.session_title or r.session_id or "")[:48])
                hidden = sup.hides(r)
                srows.append(
                    [
                        title,
                        "panel" if r.is_panel else "",
                        *sup.counts(r),
                        "" if hidden else pct(r.share.value),
                        status(by_session.get(r.session_id, []), r),
                    ]
                )
            out += [
                "",
                *_grid(
                    ["session", "type", "women", "men", "non-binary", "unknown", "share", "status"],
                    srows,
                    {2, 3, 4, 5, 6},
                ),
            ]
        if ev.flags:
            out += ["", "Flags:"]
            for f in ev.flags:
                where = f' session "{t(f.session_title)}":' if f.session_title else ""
                msg = t(flag_message(f, ev, sup))
                out.append(f"  {'✗' if f.severity == 'error' else '!'} [{t(f.rule)}]{where} {msg}")
        if ev.unresolved:
            out += ["", f"Gender unknown ({len(ev.unresolved)}):", *(f"  {t(u)}" for u in unknown_people(ev)), ASK_HINT]
        if ev.reasons:
            out += ["", "Cannot tell:" if ev.verdict is Verdict.CANNOT_TELL else "Not judged:"]
            out += [f"  ? {t(reason_text(reason, ev, sup))}" for reason in ev.reasons]
        errors = sum(f.severity == "error" for f in ev.flags)
        result = f"Result: {VERDICT_TEXT[ev.verdict]} ({errors} miss(es), {len(ev.flags) - errors} warning(s))"
        out += ["", result, ""]
    if len(report.events) > 1:
        out += [f"Overall: {VERDICT_TEXT[report.verdict]} ({len(report.events)} events)", ""]
    return "\n".join(out).rstrip() + "\n"


def render(report: Report, options: RenderOptions) -> str:
    """The ``table`` renderer's function: :func:`render_table` with ``options``."""
    return render_table(report, min_cell=options.min_cell)


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="table",
            suffixes=(".txt",),
            honours_min_cell=True,
            render=render,
            description="Plain-text tables for the terminal.",
        )
    )
