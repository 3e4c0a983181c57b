"""The ``tsv`` format: one tab-separated line per event-wide figure, for a quick look in a spreadsheet.

A template for a renderer: it honours ``--min-cell`` through ``options.suppression(report)`` and passes
every text that comes from the input through :mod:`genderlens.escape` (one line, controls shown) and
:func:`genderlens.render.safe_cell` (no spreadsheet formula).
"""

from __future__ import annotations

from genderlens import escape
from genderlens.model import Report
from genderlens.render import event_results, safe_cell
from genderlens.renderers import RenderOptions

COLUMNS = ("event", "metric", "women", "men", "nonbinary", "unknown", "share_of_women", "verdict")


def _cell(value: object) -> str:
    # A tab inside a field would split it: one_line shows it (and every control) as an escape.
    return safe_cell(escape.one_line(str(value)))


def render(report: Report, options: RenderOptions) -> str:
    """A header, then a line per event-wide result; hidden counts and shares read as the core shows them."""
    sup = options.suppression(report)
    lines = ["\t".join(COLUMNS)]
    for ev in report.events:
        for r in event_results(ev):
            share = "" if sup.hides(r) or r.share.value is None else f"{r.share.value:.4f}"
            cells = [ev.event_title, r.metric, *sup.counts(r), share, ev.verdict.value]
            lines.append("\t".join(_cell(c) for c in cells))
    return "\n".join(lines) + "\n"
