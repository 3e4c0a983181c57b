"""Render a :class:`~genderlens.model.Report` as a terminal table, JSON, CSV, Markdown or JUnit XML.

Every renderer returns the whole document as a string, so the CLI writes nothing until it is complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from genderlens import escape as esc
from genderlens.model import OTHER_ANSWERS, EventReport, Flag, Judgement, MetricResult, Report, Verdict
from genderlens.privacy import Suppression, suppress
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


def _read_counts(ev: EventReport, sup: Suppression | int) -> dict[str, int | None]:
    return _view(ev, sup).read_counts(ev)


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


# -- table -------------------------------------------------------------------------------------------


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


# -- JSON ---------------------------------------------------------------------------------------------


def render_json(report: Report, *, min_cell: int = 0) -> str:
    """The full report as JSON; with ``min_cell``, small counts become ``null`` and ``suppressed`` is set."""
    # Names are listed only when asked for (--show-names): leave the key out otherwise.
    no_names = {i: {"unresolved", "unresolved_people"} for i, ev in enumerate(report.events) if not ev.unresolved}
    import json

    data = report.model_dump(mode="json", exclude={"events": no_names})
    if len(report.events) > 1:  # a multi-event roll-up (see genderlens.rollup)
        from genderlens.rollup import summary_data

        data["summary"] = summary_data(report.events, min_cell=min_cell)
    if min_cell <= 0:
        return esc.json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    sup = suppress(report, min_cell)
    for ev, ev_data in zip(report.events, data["events"], strict=True):
        ev_data["reasons"] = [reason_text(reason, ev, sup) for reason in ev.reasons]
        read = ev_data["read"]
        for k, v in _read_counts(ev, sup).items():
            if v is None:
                read[k] = None
                read["suppressed"] = True
        for r, row in zip(ev.results, ev_data["results"], strict=True):
            if sup.mask(r).suppressed:
                _suppress_json_row(row, r, sup)
        for f, flag in zip(ev.flags, ev_data["flags"], strict=True):
            flag["message"] = sup.flag_message(f, ev)
            subject = sup.subject(f, ev)
            if subject is None or sup.hides_total(subject):
                flag["observed"] = None
        unread = ev_data["unrecognised_genders"]
        for k, v in unread.items():
            if 0 < v < min_cell:
                unread[k] = None
    data["settings"]["min_cell"] = min_cell
    return esc.json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _suppress_json_row(row: dict[str, object], r: MetricResult, sup: Suppression) -> None:
    """Hide in a dumped result what ``sup`` hides: counts become ``null`` and ``suppressed`` is set."""
    row["suppressed"] = True
    row["counts"] = {k: sup.value(r, k) for k in r.counts.model_dump()}
    if r.sources is not None:
        row["sources"] = sup.sources(r)
    if sup.hides_total(r):
        row["coverage"] = None
    if sup.hides(r):
        row["share"] = {"value": None, "low": None, "high": None}
        if r.minutes is not None:
            row["minutes"] = None


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
    "gender_from",
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


# -- Markdown -----------------------------------------------------------------------------------------


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


# -- JUnit --------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """XML text content, without the characters XML 1.0 forbids (see :func:`genderlens.escape.xml`)."""
    from xml.sax import saxutils  # here: importing it loads urllib.request, and only JUnit needs it

    return saxutils.escape(esc.xml(text))


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, without the characters XML 1.0 forbids."""
    from xml.sax import saxutils

    return saxutils.quoteattr(esc.xml(text))


def _junit_sources(ev: EventReport, sup: Suppression) -> str:
    """``<properties>`` with how many genders came from each source (``gender_from.declared`` = 20...)."""
    for metric in ("people", "registrations"):
        r = ev.result(metric)
        if r is not None and r.sources:
            props = "".join(
                f"      <property name={quoteattr('gender_from.' + k)} value={quoteattr(n)}/>\n"
                for k, n in sources_shown(r, sup)
            )
            return f"    <properties>\n{props}    </properties>\n"
    return ""


def render_junit(report: Report, *, min_cell: int = 0) -> str:
    """JUnit XML: a test suite per event, with a ``verdict`` case and a case per metric or session.

    Misses are failures; *cannot tell* (the event's verdict, or an undecided figure) is an error, so a CI
    test report never shows it as passed; a figure not judged is skipped, with the reason.
    """
    suites = []
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    sup = suppress(report, min_cell)
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
        read = escape(read_line(ev, sup))
        if ev.verdict is Verdict.MISSES:
            msg = f"misses the target ({sum(f.severity == 'error' for f in ev.flags)} miss(es))"
            body = f"<failure type={quoteattr('misses')} message={quoteattr(msg)}>{escape(msg)}</failure>"
            tally["failures"] += 1
        elif ev.verdict is Verdict.CANNOT_TELL:
            msg = "cannot tell: insufficient data; " + "; ".join(reason_text(r, ev, sup) for r in ev.reasons)
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
            msgs = {id(f): flag_message(f, ev, sup) for f in fl}
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
        unread = unrecognised_line(ev, sup)
        out = [*cases, f"    <system-out>{escape(unread)}</system-out>"] if unread else cases
        suites.append(
            f'  <testsuite name={quoteattr(ev.event_title)} tests="{tally["tests"]}" failures="{tally["failures"]}" '
            f'errors="{tally["errors"]}" skipped="{tally["skipped"]}">\n'
            + _junit_sources(ev, sup)
            + "\n".join(out)
            + "\n  </testsuite>"
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
