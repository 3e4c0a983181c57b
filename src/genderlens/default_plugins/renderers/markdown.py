"""The ``markdown`` format: GitHub-flavoured Markdown for a pull-request comment or a CI summary."""

from __future__ import annotations

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import Report, Verdict
from genderlens.privacy import suppress
from genderlens.render import (
    ASK_HINT,
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

#: Icon and wording of each verdict in Markdown: *cannot tell* gets its own, never a tick.
MD_VERDICT = {
    Verdict.MEETS: ("✅", "meets the target"),
    Verdict.MISSES: ("❌", "misses the target"),
    Verdict.CANNOT_TELL: ("❔", "cannot tell: insufficient data"),
}


def _md(text: str) -> str:
    return esc.markdown(text)


def render_markdown(report: Report, *, min_cell: int = 0) -> str:
    """GitHub-flavoured Markdown for a pull-request comment or a CI step summary."""
    out = ["## Gender balance", ""]
    sup = suppress(report, min_cell)
    for ev in report.events:
        icon, verdict = MD_VERDICT[ev.verdict]
        out += [f"### {icon} {_md(ev.event_title)} {verdict}", "", f"<sub>{_md(read_line(ev, sup))}</sub>", ""]
        if ev.reasons:
            out += [f"- ❔ {_md(reason_text(reason, ev, sup))}" for reason in ev.reasons] + [""]
        results = event_results(ev)
        if results:
            by_metric = metric_flags(ev)
            out += [
                "| Metric | Women | Men | Non-binary | Unknown | Share of women | 95% CI | Coverage | Status |",
                "|---|--:|--:|--:|--:|--:|--:|--:|:-:|",
            ]
            for r in results:
                hidden = sup.hides(r)
                counts = " | ".join(sup.counts(r))
                out.append(
                    f"| {_md(label(r.metric))} | {counts} | {'' if hidden else pct(r.share.value)} | "
                    f"{'' if hidden else ci(r)} | {'' if sup.hides_total(r) else pct(r.coverage)} | "
                    f"{status(by_metric.get(r.metric, []), r)} |"
                )
            out.append("")
        provenance = sources_line(ev, sup)
        if provenance:
            out += [f"<sub>{_md(provenance)}</sub>", ""]
        if unread := unrecognised_line(ev, sup):
            out += [_md(unread), ""]
        if ev.flags:
            out += ["**Flags**", ""]
            for f in ev.flags:
                where = f" — *{_md(f.session_title)}*" if f.session_title else ""
                mark = "❌" if f.severity == "error" else "⚠️"
                out.append(f"- {mark} `{esc.markdown_code(f.rule)}`{where}: {_md(flag_message(f, ev, sup))}")
            out.append("")
        if ev.unresolved:
            out += [f"**Gender unknown** ({len(ev.unresolved)}):", ""]
            out += [*(f"- {_md(u)}" for u in unknown_people(ev)), "", f"<sub>{ASK_HINT}</sub>", ""]
        for metric, (groups, more) in group_results(ev, limit=20).items():
            title = metric.replace("registrations_by_", "Registrations by ").replace("_", " ")
            out += [
                f"<details><summary>{esc.html(title)}</summary>",  # raw HTML block: HTML escaping
                "",
                "| Group | Women | Men | Non-binary | Unknown | Share | Coverage |",
                "|---|--:|--:|--:|--:|--:|--:|",
            ]
            for r in groups:
                hidden = sup.hides(r)
                out.append(
                    f"| {_md(r.group or '')} | {' | '.join(sup.counts(r))} | "
                    f"{'' if hidden else pct(r.share.value)} | {'' if sup.hides_total(r) else pct(r.coverage)} |"
                )
            if more:
                out.append(f"| *{more} smaller groups* | | | | | | |")
            out += ["", "</details>", ""]
        sessions = session_results(ev)
        if sessions:
            flags = session_flags(ev)
            out += [
                f"<details><summary>{len(sessions)} sessions</summary>",
                "",
                "| Session | Panel | Women | Men | Non-binary | Unknown | Share | Status |",
                "|---|:-:|--:|--:|--:|--:|--:|:-:|",
            ]
            for r in sessions:
                hidden = sup.hides(r)
                out.append(
                    f"| {_md(r.session_title or r.session_id or '')} | {'✓' if r.is_panel else ''} | "
                    f"{' | '.join(sup.counts(r))} | "
                    f"{'' if hidden else pct(r.share.value)} | {status(flags.get(r.session_id, []), r)} |"
                )
            out += ["", "</details>", ""]
    if len(report.events) > 1:
        icon, verdict = MD_VERDICT[report.verdict]
        out += [f"**Overall: {icon} {verdict}** ({len(report.events)} events)", ""]
    s = report.settings
    out.append(
        f"<sub>genderlens {report.genderlens_version} · target {pct(_f(s.get('target')))} "
        f"± {pct(_f(s.get('tolerance')))} · unknown genders are never counted as men</sub>"
    )
    return "\n".join(out) + "\n"


def _f(x: object) -> float | None:
    return float(x) if isinstance(x, int | float) else None


def render(report: Report, options: RenderOptions) -> str:
    """The ``markdown`` renderer's function: :func:`render_markdown` with ``options``."""
    return render_markdown(report, min_cell=options.min_cell)


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="markdown",
            suffixes=(".md",),
            honours_min_cell=True,
            render=render,
            description="GitHub-flavoured Markdown for a pull request or CI summary.",
        )
    )
