"""The ``json`` format: the whole report, with small counts ``null`` under ``--min-cell``."""

from __future__ import annotations

import json

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import MetricResult, Report
from genderlens.privacy import Suppression, suppress
from genderlens.render import (
    reason_text,
)
from genderlens.renderers import Renderer, RenderOptions


def render_json(report: Report, *, min_cell: int = 0) -> str:
    """The full report as JSON; with ``min_cell``, small counts become ``null`` and ``suppressed`` is set."""
    # Names are listed only when asked for (--show-names): leave the key out otherwise.
    no_names = {i: {"unresolved", "unresolved_people"} for i, ev in enumerate(report.events) if not ev.unresolved}

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
        for k, v in sup.read_counts(ev).items():
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


def render(report: Report, options: RenderOptions) -> str:
    """The ``json`` renderer's function: :func:`render_json` with ``options``."""
    return render_json(report, min_cell=options.min_cell)


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="json",
            suffixes=(".json",),
            honours_min_cell=True,
            render=render,
            description="The full report as JSON.",
        )
    )
