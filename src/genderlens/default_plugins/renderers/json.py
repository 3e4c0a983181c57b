"""The ``json`` format: the whole report, with small counts ``null`` under ``--min-cell``."""

from __future__ import annotations

import json

from genderlens import escape as esc
from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.model import Report
from genderlens.privacy import suppress
from genderlens.render import (
    reason_text,
)
from genderlens.renderers import Renderer, RenderOptions


def render_json(report: Report, *, min_cell: int = 0) -> str:
    """The full report as JSON; with ``min_cell``, small counts become ``null`` and ``suppressed`` is set."""
    # Names are listed only when asked for (--show-names): leave the key out otherwise.
    no_names = {i: {"unresolved", "unresolved_people"} for i, ev in enumerate(report.events) if not ev.unresolved}

    data = report.model_dump(mode="json", exclude={"events": no_names})
    sup = suppress(report, min_cell)
    if len(report.events) > 1:  # a multi-event roll-up (see genderlens.rollup)
        from genderlens.rollup import summarize, summary_json, summary_suppression

        # The sums across events and the events' own rows are decided together, so that no shown sum
        # gives back an event's hidden count by subtraction.
        summary = summarize(report.events)
        sup = summary_suppression(report.events, summary, min_cell)
        data["summary"] = summary_json(report.events, summary, sup)
    if min_cell <= 0:
        return esc.json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    for ev, ev_data in zip(report.events, data["events"], strict=True):
        ev_data["reasons"] = [reason_text(reason, ev, sup) for reason in ev.reasons]
        read = ev_data["read"]
        for k, v in sup.read_counts(ev).items():
            if v is None:
                read[k] = None
                read["suppressed"] = True
        for r, row in zip(ev.results, ev_data["results"], strict=True):
            if sup.mask(r).suppressed:
                row.update(sup.json_row(r))
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
