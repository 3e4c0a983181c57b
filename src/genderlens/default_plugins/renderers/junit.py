"""The ``junit`` format: JUnit XML, so that CI shows misses as failed tests."""

from __future__ import annotations

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import EventReport, Flag, Judgement, MetricResult, Report, Verdict
from genderlens.privacy import Suppression, suppress
from genderlens.render import (
    event_results,
    flag_message,
    label,
    read_line,
    reason_text,
    session_flags,
    session_results,
    sources_shown,
    status,
    unrecognised_line,
)
from genderlens.renderers import Renderer, RenderOptions


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


def render(report: Report, options: RenderOptions) -> str:
    """The ``junit`` renderer's function: :func:`render_junit` with ``options``."""
    return render_junit(report, min_cell=options.min_cell)


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="junit",
            suffixes=(".xml",),
            honours_min_cell=True,
            render=render,
            description="JUnit XML: a test suite per event.",
        )
    )
