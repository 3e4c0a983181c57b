"""Render a :class:`~genderlens.model.Report` as a terminal table, JSON, CSV, Markdown or JUnit XML.

Every renderer returns the whole document as a string, so the CLI writes nothing until it is complete.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from genderlens.model import Counts, EventReport, Flag, Judgement, MetricResult, Report, Verdict
from genderlens.rules import pct

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


def sources_line(ev: EventReport, min_cell: int = 0) -> str | None:
    """``"Gender from: self-declared 20, title 12, nothing (unknown) 4."`` for the event's people."""
    for metric, noun in (("people", "people"), ("registrations", "registrations")):
        r = ev.result(metric)
        if r is not None and r.sources:
            parts = [f"{SOURCE_LABELS.get(k, k)} {cell(n, min_cell)}" for k, n in r.sources.items()]
            return f"Gender from ({noun}): " + ", ".join(parts) + "."
    return None


def cell(n: int, min_cell: int) -> str:
    """A count, or ``<N`` when small-cell suppression hides it."""
    return f"<{min_cell}" if 0 < n < min_cell else str(n)


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


_REASON_COUNT = re.compile(r"\b\d+(?= of \d)|(?<=\bof )\d+\b(?!\.?\d*%)")


def reason_text(reason: str, min_cell: int = 0) -> str:
    """A verdict reason with counts below ``min_cell`` (``"known for 2 of 7 people"``) shown as ``<N``."""
    if min_cell <= 0:
        return reason
    return _REASON_COUNT.sub(lambda m: f"<{min_cell}" if 0 < int(m.group()) < min_cell else m.group(), reason)


def read_text(ev: EventReport, min_cell: int = 0) -> str:
    """``"9 sessions, 36 people (32 with known gender), no registrations"``, with small counts suppressed."""
    r = ev.read
    parts = [f"{r.sessions} session{'' if r.sessions == 1 else 's'}"]
    if r.people:
        noun = "person" if r.people == 1 else "people"
        parts.append(f"{cell(r.people, min_cell)} {noun} ({cell(r.people_known, min_cell)} with known gender)")
    else:
        parts.append("no people")
    if r.registrations:
        n, known = cell(r.registrations, min_cell), cell(r.registrations_known, min_cell)
        parts.append(f"{n} registration{'' if r.registrations == 1 else 's'} ({known} with known gender)")
    else:
        parts.append("no registrations")
    return ", ".join(parts)


def read_line(ev: EventReport, min_cell: int = 0) -> str:
    """``"Read from programme.csv: 9 sessions, 36 people (32 with known gender), no registrations."``."""
    return f"Read from {ev.source}: {read_text(ev, min_cell)}."


def _suppressed_share(r: MetricResult, min_cell: int) -> bool:
    return 0 < r.counts.total < min_cell


_SMALL_COUNT = re.compile(r"\b(\d+)(?= (?:wom[ae]n|m[ae]n|unknown|non-binary|people|person)\b)")
_SHARE = re.compile(r"\d+(?:\.\d+)?% women(?: \(95% CI [^)]*\))?")


def flag_message(f: Flag, ev: EventReport, min_cell: int = 0) -> str:
    """The flag's message with small-cell suppression applied, as in the count columns.

    Counts below ``min_cell`` ("all-male panel (3 men)") become ``<N``; when the flagged result itself has
    fewer than ``min_cell`` people, its share is hidden too, since it would give the counts away.
    """
    if min_cell <= 0:
        return f.message
    text = _SMALL_COUNT.sub(lambda m: f"<{min_cell}" if 0 < int(m.group(1)) < min_cell else m.group(1), f.message)
    subject = next(
        (
            r
            for r in ev.results
            if (r.session_id == f.session_id and r.scope == "session")
            or (f.session_id is None and r.scope == "event" and r.metric == f.metric)
        ),
        None,
    )
    if subject is not None and _suppressed_share(subject, min_cell):
        text = _SHARE.sub("share hidden", text)
    return text


# -- table -------------------------------------------------------------------------------------------


def _grid(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def fmt(values: list[str]) -> str:
        pairs = enumerate(zip(values, widths, strict=True))
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in pairs)

    return [fmt(headers).rstrip(), "  ".join("-" * w for w in widths), *(fmt(r).rstrip() for r in rows)]


def _count_cells(c: Counts, min_cell: int) -> list[str]:
    return [
        cell(c.woman, min_cell),
        cell(c.man, min_cell),
        cell(c.nonbinary, min_cell),
        cell(c.undisclosed + c.unknown, min_cell),
    ]


def render_table(report: Report, *, min_cell: int = 0) -> str:
    """Plain-text tables for a terminal or a CI log."""
    out: list[str] = []
    for ev in report.events:
        out.append(f"{ev.event_title}  [{ev.source}]")
        event_flags = metric_flags(ev)
        rows = []
        for r in event_results(ev):
            hidden = _suppressed_share(r, min_cell)
            rows.append(
                [
                    label(r.metric),
                    *_count_cells(r.counts, min_cell),
                    "" if hidden else pct(r.share.value),
                    "" if hidden else ci(r),
                    pct(r.coverage),
                    status(event_flags.get(r.metric, []), r),
                ]
            )
        out += ["", read_line(ev, min_cell)]
        if rows:
            out += [
                "",
                *_grid(
                    ["metric", "women", "men", "non-binary", "unknown", "share", "95% CI", "coverage", "status"],
                    rows,
                    {1, 2, 3, 4, 5, 7},
                ),
            ]
        provenance = sources_line(ev, min_cell)
        if provenance:
            out.append(provenance)
        for metric, (groups, more) in group_results(ev, limit=12).items():
            grows = [
                [
                    (r.group or "")[:40],
                    *_count_cells(r.counts, min_cell),
                    "" if _suppressed_share(r, min_cell) else pct(r.share.value),
                    pct(r.coverage),
                ]
                for r in groups
            ]
            title = metric.replace("registrations_by_", "by ").replace("_", " ")
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
                title = (r.session_title or r.session_id or "")[:48]
                hidden = _suppressed_share(r, min_cell)
                srows.append(
                    [
                        title,
                        "panel" if r.is_panel else "",
                        *_count_cells(r.counts, min_cell),
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
                where = f' session "{f.session_title}":' if f.session_title else ""
                msg = flag_message(f, ev, min_cell)
                out.append(f"  {'✗' if f.severity == 'error' else '!'} [{f.rule}]{where} {msg}")
        if ev.unresolved:
            out += ["", f"Gender unknown ({len(ev.unresolved)}): " + ", ".join(ev.unresolved)]
        if ev.reasons:
            out += ["", "Cannot tell:" if ev.verdict is Verdict.CANNOT_TELL else "Not judged:"]
            out += [f"  ? {reason_text(reason, min_cell)}" for reason in ev.reasons]
        errors = sum(f.severity == "error" for f in ev.flags)
        result = f"Result: {VERDICT_TEXT[ev.verdict]} ({errors} miss(es), {len(ev.flags) - errors} warning(s))"
        out += ["", result, ""]
    if len(report.events) > 1:
        out += [f"Overall: {VERDICT_TEXT[report.verdict]} ({len(report.events)} events)", ""]
    return "\n".join(out).rstrip() + "\n"


# -- JSON ---------------------------------------------------------------------------------------------


def render_json(report: Report, *, min_cell: int = 0) -> str:
    """The full report as JSON; with ``min_cell``, small counts become ``null`` and ``suppressed`` is set."""
    # Names are listed only when asked for (--show-names): leave the key out otherwise.
    no_names = {i: {"unresolved"} for i, ev in enumerate(report.events) if not ev.unresolved}
    if min_cell <= 0 and len(report.events) < 2:
        return report.model_dump_json(indent=2, exclude={"events": no_names}) + "\n"
    import json

    data = report.model_dump(mode="json", exclude={"events": no_names})
    if len(report.events) > 1:  # a multi-event roll-up (see genderlens.rollup)
        from genderlens.rollup import summary_data

        data["summary"] = summary_data(report.events, min_cell=min_cell)
    if min_cell <= 0:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    for ev in data["events"]:
        ev["reasons"] = [reason_text(reason, min_cell) for reason in ev["reasons"]]
        read = ev["read"]
        for k in ("people", "people_known", "registrations", "registrations_known"):
            if 0 < read[k] < min_cell:
                read[k] = None
                read["suppressed"] = True
        for r in ev["results"]:
            counts = r["counts"]
            total = sum(counts.values())
            for k, v in counts.items():
                if 0 < v < min_cell:
                    counts[k] = None
                    r["suppressed"] = True
            for k, v in (r.get("sources") or {}).items():
                if 0 < v < min_cell:
                    r["sources"][k] = None
                    r["suppressed"] = True
            if 0 < total < min_cell:
                r["share"] = {"value": None, "low": None, "high": None}
                r["suppressed"] = True
    data["settings"]["min_cell"] = min_cell
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- CSV ----------------------------------------------------------------------------------------------

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
)


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


def render_csv(report: Report, *, min_cell: int = 0) -> str:
    """One row per result (event, session or group), with status and the rules it misses."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for ev in report.events:
        flags = session_flags(ev)
        # One row per event first: its verdict, why, and what was read (so an empty source has a row too).
        w.writerow(
            [
                safe_cell(v)
                for v in (
                    ev.event_id,
                    ev.event_title,
                    ev.edition,
                    "verdict",
                    "event",
                    *([""] * 12),
                    ev.verdict.value,
                    "; ".join(reason_text(reason, min_cell) for reason in ev.reasons),
                    ev.verdict.value,
                    read_text(ev, min_cell),
                )
            ]
        )
        for r in ev.results:
            related = (
                flags.get(r.session_id, [])
                if r.scope == "session"
                else [f for f in flags.get(None, []) if f.metric == r.metric]
            )
            hidden = _suppressed_share(r, min_cell)
            c = r.counts

            def num(x: float | None, hidden: bool = hidden) -> str:
                return "" if x is None or hidden else f"{x:.4f}"

            w.writerow(
                [
                    safe_cell(v)
                    for v in (
                        ev.event_id,
                        ev.event_title,
                        ev.edition,
                        r.metric,
                        r.scope,
                        r.session_id,
                        r.session_title,
                        r.group,
                        cell(c.woman, min_cell),
                        cell(c.man, min_cell),
                        cell(c.nonbinary, min_cell),
                        cell(c.undisclosed, min_cell),
                        cell(c.unknown, min_cell),
                        num(r.share.value),
                        num(r.share.low),
                        num(r.share.high),
                        num(r.coverage),
                        status(related, r) if r.scope != "group" else "",
                        ";".join(sorted({f.rule for f in related})),
                        ev.verdict.value,
                        "",
                    )
                ]
            )
    return buf.getvalue()


# -- Markdown -----------------------------------------------------------------------------------------


#: Icon and wording of each verdict in Markdown: *cannot tell* gets its own, never a tick.
MD_VERDICT = {
    Verdict.MEETS: ("✅", "meets the target"),
    Verdict.MISSES: ("❌", "misses the target"),
    Verdict.CANNOT_TELL: ("❔", "cannot tell: insufficient data"),
}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, *, min_cell: int = 0) -> str:
    """GitHub-flavoured Markdown for a pull-request comment or a CI step summary."""
    out = ["## Gender balance", ""]
    for ev in report.events:
        icon, verdict = MD_VERDICT[ev.verdict]
        out += [f"### {icon} {_md(ev.event_title)} {verdict}", "", f"<sub>{_md(read_line(ev, min_cell))}</sub>", ""]
        if ev.reasons:
            out += [f"- ❔ {_md(reason_text(reason, min_cell))}" for reason in ev.reasons] + [""]
        results = event_results(ev)
        if results:
            by_metric = metric_flags(ev)
            out += [
                "| Metric | Women | Men | Non-binary | Unknown | Share of women | 95% CI | Coverage | Status |",
                "|---|--:|--:|--:|--:|--:|--:|--:|:-:|",
            ]
            for r in results:
                hidden = _suppressed_share(r, min_cell)
                counts = " | ".join(_count_cells(r.counts, min_cell))
                out.append(
                    f"| {label(r.metric)} | {counts} | {'' if hidden else pct(r.share.value)} | "
                    f"{'' if hidden else ci(r)} | {pct(r.coverage)} | {status(by_metric.get(r.metric, []), r)} |"
                )
            out.append("")
        provenance = sources_line(ev, min_cell)
        if provenance:
            out += [f"<sub>{provenance}</sub>", ""]
        if ev.flags:
            out += ["**Flags**", ""]
            for f in ev.flags:
                where = f" — *{_md(f.session_title)}*" if f.session_title else ""
                mark = "❌" if f.severity == "error" else "⚠️"
                out.append(f"- {mark} `{f.rule}`{where}: {_md(flag_message(f, ev, min_cell))}")
            out.append("")
        if ev.unresolved:
            out += [f"**Gender unknown** ({len(ev.unresolved)}): " + ", ".join(_md(n) for n in ev.unresolved), ""]
        for metric, (groups, more) in group_results(ev, limit=20).items():
            title = metric.replace("registrations_by_", "Registrations by ").replace("_", " ")
            out += [
                f"<details><summary>{title}</summary>",
                "",
                "| Group | Women | Men | Non-binary | Unknown | Share | Coverage |",
                "|---|--:|--:|--:|--:|--:|--:|",
            ]
            for r in groups:
                hidden = _suppressed_share(r, min_cell)
                out.append(
                    f"| {_md(r.group or '')} | {' | '.join(_count_cells(r.counts, min_cell))} | "
                    f"{'' if hidden else pct(r.share.value)} | {pct(r.coverage)} |"
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
                hidden = _suppressed_share(r, min_cell)
                out.append(
                    f"| {_md(r.session_title or r.session_id or '')} | {'✓' if r.is_panel else ''} | "
                    f"{' | '.join(_count_cells(r.counts, min_cell))} | "
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


# -- JUnit --------------------------------------------------------------------------------------------


def render_junit(report: Report, *, min_cell: int = 0) -> str:
    """JUnit XML: a test suite per event, with a ``verdict`` case and a case per metric or session.

    Misses are failures; *cannot tell* (the event's verdict, or an undecided figure) is an error, so a CI
    test report never shows it as passed; a figure not judged is skipped, with the reason.
    """
    suites = []
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for ev in report.events:
        flags = session_flags(ev)
        cases = []
        tally = dict.fromkeys(total, 0)
        subjects: list[tuple[str, list[Flag], MetricResult]] = []
        for r in event_results(ev):
            subjects.append((label(r.metric), [f for f in flags.get(None, []) if f.metric == r.metric], r))
        for r in session_results(ev):
            subjects.append((f"session: {r.session_title or r.session_id}", flags.get(r.session_id, []), r))
        classname = quoteattr(ev.event_title)
        read = escape(read_line(ev, min_cell))
        if ev.verdict is Verdict.MISSES:
            msg = f"misses the target ({sum(f.severity == 'error' for f in ev.flags)} miss(es))"
            body = f"<failure type={quoteattr('misses')} message={quoteattr(msg)}>{escape(msg)}</failure>"
            tally["failures"] += 1
        elif ev.verdict is Verdict.CANNOT_TELL:
            msg = "cannot tell: insufficient data; " + "; ".join(reason_text(r, min_cell) for r in ev.reasons)
            body = f"<error type={quoteattr('cannot_tell')} message={quoteattr(msg)}>{escape(msg)}</error>"
            tally["errors"] += 1
        else:
            body = ""
        cases.append(
            f'    <testcase classname={classname} name="verdict">{body}<system-out>{read}</system-out></testcase>'
        )
        for name, fl, r in subjects:
            errors = [f for f in fl if f.severity == "error"]
            warnings = [f for f in fl if f.severity != "error"]
            msgs = {id(f): flag_message(f, ev, min_cell) for f in fl}
            body = "".join(
                f"<failure type={quoteattr(f.rule)} message={quoteattr(msgs[id(f)])}>{escape(msgs[id(f)])}</failure>"
                for f in errors
            )
            st = status(fl, r)
            if st == "CANNOT TELL":
                why = _JUNIT_WHY.get(r.judgement, "cannot tell")
                body += f"<error type={quoteattr('cannot_tell')} message={quoteattr(why)}>{escape(why)}</error>"
                tally["errors"] += 1
            elif st in ("not judged", ""):
                why = _JUNIT_WHY.get(r.judgement, "not judged by any rule")
                body += f"<skipped message={quoteattr(why)}/>"
                tally["skipped"] += 1
            if warnings:
                body += (
                    "<system-out>" + escape("\n".join(f"[{f.rule}] {msgs[id(f)]}" for f in warnings)) + "</system-out>"
                )
            tally["failures"] += bool(errors)
            cases.append(f"    <testcase classname={classname} name={quoteattr(name)}>{body}</testcase>")
        tally["tests"] = len(cases)
        for k, v in tally.items():
            total[k] += v
        suites.append(
            f'  <testsuite name={quoteattr(ev.event_title)} tests="{tally["tests"]}" failures="{tally["failures"]}" '
            f'errors="{tally["errors"]}" skipped="{tally["skipped"]}">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="genderlens" tests="{total["tests"]}" failures="{total["failures"]}" '
        f'errors="{total["errors"]}" skipped="{total["skipped"]}">\n' + "\n".join(suites) + "\n</testsuites>\n"
    )


_JUNIT_WHY: dict[Judgement | None, str] = {
    Judgement.TOO_SMALL: "not judged: too few people",
    Judgement.TOO_FEW_KNOWN: "not judged: too few people of known gender",
    Judgement.UNDECIDED: "cannot tell: the people of unknown gender could change the result",
}


def render_html(report: Report, *, min_cell: int = 0) -> str:
    """A self-contained HTML page with charts (see :mod:`genderlens.html_report`)."""
    from genderlens.html_report import render_html

    return render_html(report, min_cell=min_cell)


def render_badge(report: Report, *, min_cell: int = 0, label: str | None = None) -> str:
    """A shields-style SVG badge (see :mod:`genderlens.badge`)."""
    from genderlens.badge import render_badge

    return render_badge(report, min_cell=min_cell, label=label)


RENDERERS: dict[str, Callable[..., str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
    "junit": render_junit,
    "html": render_html,
    "badge": render_badge,
}
#: File suffix -> format, for ``genderlens report -o FILE``.
SUFFIXES = {
    ".txt": "table",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".xml": "junit",
    ".html": "html",
    ".htm": "html",
    ".svg": "badge",
}
