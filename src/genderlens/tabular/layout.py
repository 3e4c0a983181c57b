"""The header row resolved to a column layout: which column holds which field, and which hold role people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from genderlens.config import Config
from genderlens.default_plugins.titles import NEUTRAL_TITLES, TITLE_LOOKUP
from genderlens.errors import AdapterError
from genderlens.model import Role
from genderlens.tabular.vocabulary import FIELDS, HEADER_LOOKUP, MISSING, ROLE_SUFFIX, ROLE_WORDS, normalise


@dataclass(frozen=True)
class Column:
    """Where a genderlens field lives in the file."""

    index: int
    header: str


@dataclass
class Layout:
    """The meaning of each column, resolved from the header row."""

    fields: dict[str, Column] = field(default_factory=dict)
    roles: dict[Role, dict[str, Column]] = field(default_factory=dict)
    """Role columns: role -> {"name"|"gender"|"title": column}."""

    def get(self, row: Sequence[str], name: str) -> str | None:
        col = self.fields.get(name)
        if col is None or col.index >= len(row):
            return None
        value = row[col.index].strip()
        return None if not value or value.casefold() in MISSING else value


def _role_column(key: str) -> tuple[Role, str] | None:
    role = ROLE_WORDS.get(key)
    if role is not None:
        return role, "name"
    head, _, last = key.rpartition(" ")
    if head and last in ROLE_SUFFIX and head in ROLE_WORDS:
        return ROLE_WORDS[head], ROLE_SUFFIX[last]
    return None


def _looks_like_titles(values: Iterable[str]) -> bool:
    seen = [normalise(v) for v in values if v.strip()]
    if not seen:
        return True  # an empty "Title" column must not turn a registration list into a programme
    hits = sum(v in TITLE_LOOKUP or v in NEUTRAL_TITLES for v in seen)
    return hits / len(seen) >= 0.8


def resolve_layout(header: Sequence[str], sample: Sequence[Sequence[str]], config: Config, source: str) -> Layout:
    """Match the header row to fields (explicit mapping first, then aliases)."""
    layout = Layout()
    keys = [normalise(h) for h in header]
    wanted = {normalise(h): f for f, h in config.columns.items()}
    for f, h in config.columns.items():
        if f not in FIELDS:
            msg = f"unknown field {f!r} in [tool.genderlens.columns] (fields: {', '.join(sorted(FIELDS))})"
            raise AdapterError(msg, source=config.source or source)
        if normalise(h) not in keys:
            msg = f"column {h!r} mapped to {f!r} is not in the header ({', '.join(h2 for h2 in header if h2)})"
            raise AdapterError(msg, source=source, line=1, field=f)
    for index, (raw, key) in enumerate(zip(header, keys, strict=True)):
        if not key:
            continue
        col = Column(index, raw.strip())
        if key in wanted:
            layout.fields.setdefault(wanted[key], col)
            continue
        if key == "title":
            # "Title" is a person's title (Mr/Ms) in registration exports, a talk title in programmes.
            values = [r[index] for r in sample if index < len(r)]
            layout.fields.setdefault("title" if _looks_like_titles(values) else "talk", col)
            continue
        target = HEADER_LOOKUP.get(key)
        role_col = _role_column(key)
        if role_col is not None and role_col[0] is not Role.SPEAKER:
            # "Moderator", "Chair gender", "Panelists": people in that role ("Speaker gender" is the main one).
            role, part = role_col
            layout.roles.setdefault(role, {}).setdefault(part, col)
            continue
        if target is not None and target not in layout.fields and target not in wanted.values():
            layout.fields[target] = col
    return layout
