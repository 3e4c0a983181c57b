"""The ``html`` format: one self-contained page with charts (implemented in :mod:`genderlens.html_report`)."""

from __future__ import annotations

from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.renderers import Renderer, lazy


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="html",
            suffixes=(".html", ".htm"),
            honours_min_cell=True,
            # The page's code is large: imported when a page is asked for, not at every start.
            render=lazy("genderlens.html_report:render"),
            description="A self-contained HTML page with charts.",
        )
    )
