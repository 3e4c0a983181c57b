"""The ``badge`` format: a shields-style SVG badge (implemented in :mod:`genderlens.badge`)."""

from __future__ import annotations

from genderlens.hookspecs import RegisterRenderer, hookimpl
from genderlens.renderers import Renderer, lazy


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    register(
        Renderer(
            name="badge",
            suffixes=(".svg",),
            honours_min_cell=True,
            render=lazy("genderlens.badge:render"),
            description="A shields-style SVG badge for a README (--badge-label sets its text).",
        )
    )
