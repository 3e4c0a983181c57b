"""Turn rows of a spreadsheet (CSV, TSV, XLSX) into events.

A header row is matched to genderlens fields by built-in aliases in English, French, Spanish and
German, or by an explicit ``[tool.genderlens.columns]`` mapping. Then:

* a file with a session (or talk title) column is a **programme**: rows are grouped into sessions, and
  each row adds its people, in the role its ``role`` column names (speaker by default) and in the roles
  of role columns such as ``Moderator`` or ``Chair gender``;
* a file with only a ``role`` column lists event-level roles (a meeting's chairs and vice-chairs);
* anything else is a **registration** list, aggregated while it is read so that a million rows need
  little memory. Registrant names are never kept.

Every value that cannot be read raises :class:`~genderlens.errors.AdapterError` with file, line and
column.

Modules: :mod:`.vocabulary` (column aliases and role words, as data), :mod:`.cells` (cell parsers),
:mod:`.layout` (header -> columns), :mod:`.programme` (sessions and their people),
:mod:`.registrations` (the registration tally; :mod:`.rowcount` counts rows, :mod:`.parallel` on every core)
and :mod:`.reader` (:class:`TableReader`, which ties them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports on first use
    from genderlens.tabular.cells import (
        parse_date,
        parse_duration,
        parse_role,
        parse_time,
        parse_when,
        split_people,
        title_kind,
    )
    from genderlens.tabular.layout import Column, Layout, resolve_layout
    from genderlens.tabular.reader import TableReader
    from genderlens.tabular.vocabulary import HEADER_LOOKUP, MISSING, normalise

# Lazy, so that a worker process of :mod:`.parallel` imports only the light modules it needs.
_LAZY = {
    **dict.fromkeys(
        ("parse_date", "parse_duration", "parse_role", "parse_time", "parse_when", "split_people", "title_kind"),
        "genderlens.tabular.cells",
    ),
    **dict.fromkeys(("Column", "Layout", "resolve_layout"), "genderlens.tabular.layout"),
    "TableReader": "genderlens.tabular.reader",
    **dict.fromkeys(("HEADER_LOOKUP", "MISSING", "normalise"), "genderlens.tabular.vocabulary"),
}

__all__ = [
    "HEADER_LOOKUP",
    "MISSING",
    "Column",
    "Layout",
    "TableReader",
    "normalise",
    "parse_date",
    "parse_duration",
    "parse_role",
    "parse_time",
    "parse_when",
    "resolve_layout",
    "split_people",
    "title_kind",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'genderlens.tabular' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
