"""The header row resolved to a column layout: which column holds which field, and which hold role people.

Headers are compared by :func:`~genderlens.tabular.vocabulary.header_key` (case, accents, camel case and
underscores ignored), so ``SessionId``, ``session_id`` and ``Session ID`` are one header. Besides the
fields of :data:`~genderlens.tabular.vocabulary.FIELDS`, a layout has *person columns*: groups of columns
that describe one more person per row, each in a role:

* role columns: ``Moderator``, ``Chair gender``, ``Panelists``, ``Co-presenter``;
* numbered columns: ``Speaker 1``, ``Presenter2``, ``Panelist 3``, with the ``Company1``, ``Position1``
  or ``Speaker 1 Gender`` of the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from genderlens.config import Config
from genderlens.default_plugins.titles import NEUTRAL_TITLES, TITLE_LOOKUP
from genderlens.errors import AdapterError
from genderlens.model import SPEAKING_ROLES, Role
from genderlens.tabular.vocabulary import (
    AUTHOR_WORDS,
    FELLOWSHIP,
    FIELDS,
    HEADER_LOOKUP,
    MISSING,
    PERSON_PARTS,
    ROLE_SUFFIX,
    ROLE_WORDS,
    header_key,
    normalise,
)


@dataclass(frozen=True)
class Column:
    """Where a genderlens field lives in the file."""

    index: int
    header: str


@dataclass
class PersonColumns:
    """Columns describing one more person per row, in one role (``Moderator``; ``Presenter2``, ``Company2``)."""

    role: Role
    label: str
    """The header naming the person (``"Presenter2"``), for messages and anonymous keys."""
    parts: dict[str, Column] = field(default_factory=dict)
    """``"name"``, ``"gender"``, ``"title"``, ``"email"``, ``"affiliation"``, ``"country"``; and ``"position"``
    (a job title), claimed so that it is not read as anything else, but not kept: a person has no such field."""


@dataclass
class Layout:
    """The meaning of each column, resolved from the header row."""

    fields: dict[str, Column] = field(default_factory=dict)
    groups: list[PersonColumns] = field(default_factory=list)
    """Person columns beyond the row's main person, in header order."""
    session_is_id: bool = False
    """The session column holds ids (``SessionId``): the talk title, when there is one, names the session."""
    speaker_list: bool = False
    """The main name column is headed as speakers (``Speaker``, ``Presenters``): a programme, not registrations."""
    anonymous_rows: bool = False
    """No column names the people, but the gender column says whose it is (``speaker.sex``): each row is one
    anonymous person, of unknown gender where the cell is blank."""

    def get(self, row: Sequence[str], name: str) -> str | None:
        """The cleaned value of field ``name`` in ``row``, or ``None`` when absent, blank or a missing marker."""
        col = self.fields.get(name)
        if col is None or col.index >= len(row):
            return None
        value = row[col.index].strip()
        return None if not value or value.casefold() in MISSING else value

    @property
    def people_headers(self) -> tuple[str, ...]:
        """The headers of every column where people were looked for."""
        main = [self.fields[f].header for f in ("name", "first_name", "last_name", "gender") if f in self.fields]
        return (*main, *(c.header for g in self.groups for p, c in g.parts.items() if p in ("name", "gender")))


def _role_column(key: str) -> tuple[Role, str] | None:
    role = ROLE_WORDS.get(key)
    if role is not None:
        return role, "name"
    head, _, last = key.rpartition(" ")
    if head and last in ROLE_SUFFIX and head in ROLE_WORDS:
        return ROLE_WORDS[head], ROLE_SUFFIX[last]
    return None


_NUMBERED = re.compile(r"^(?P<head>[a-z][a-z ]{0,40}?) ?(?P<number>\d{1,2})(?: (?P<tail>[a-z][a-z ]{0,40}))?$")


def _numbered(key: str) -> tuple[str, Role | None, str | None] | None:
    """``"presenter 2"`` -> ``("2", SPEAKER, "name")``; ``"company 2"`` -> ``("2", None, "affiliation")``.

    The part is ``None`` for an attribute genderlens does not read (``"speaker 1 headshot"``).
    """
    m = _NUMBERED.match(key)
    if m is None:
        return None
    head, number, tail = m.group("head").strip(), m.group("number"), m.group("tail")
    role = ROLE_WORDS.get(head)
    if role is not None:
        return number, role, PERSON_PARTS.get(tail or "name")
    if tail is None and head in PERSON_PARTS:
        return number, None, PERSON_PARTS[head]
    return None


def _looks_like_titles(values: Iterable[str]) -> bool:
    seen = [normalise(v) for v in values if v.strip()]
    if not seen:
        return True  # an empty "Title" column must not turn a registration list into a programme
    hits = sum(v in TITLE_LOOKUP or v in NEUTRAL_TITLES for v in seen)
    return hits / len(seen) >= 0.8


def _check_mapping(header: Sequence[str], keys: Sequence[str], config: Config, source: str) -> None:
    for f, h in config.columns.items():
        if f == "ignore":
            continue
        if f not in FIELDS:
            msg = f"unknown field {f!r} in [tool.genderlens.columns] (fields: {', '.join(sorted(FIELDS))}, or ignore)"
            raise AdapterError(msg, source=config.source or source)
        if header_key(str(h)) not in keys:
            msg = f"column {h!r} mapped to {f!r} is not in the header ({', '.join(h2 for h2 in header if h2)})"
            raise AdapterError(msg, source=source, line=1, field=f)


_HARMLESS_TWICE = frozenset({"description", "track", "kind", "date", "start", "end", "duration"})


def _reject_duplicates(header: Sequence[str], keys: Sequence[str], layout: Layout, source: str) -> None:
    """Two columns of one name of which only the first is read: half the people would go unseen."""
    # Descriptions, tracks and times in two columns are harmless; people, answers and sessions are not.
    used = {c.index for f, c in layout.fields.items() if f not in _HARMLESS_TWICE}
    used |= {c.index for g in layout.groups for c in g.parts.values()}
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        first = seen.setdefault(key, index)
        if first != index and first in used and index not in used:
            msg = (
                f"columns {first + 1} and {index + 1} are both named {header[index].strip()!r}; rename one, or "
                "list it in [tool.genderlens.columns] ignore"
            )
            raise AdapterError(msg, source=source, line=1, field=header[index].strip())


def resolve_layout(header: Sequence[str], sample: Sequence[Sequence[str]], config: Config, source: str) -> Layout:
    """Match the header row to fields (explicit mapping first, then aliases) and person columns.

    Raises:
        AdapterError: A mapped column is missing, or two columns share a name that genderlens reads as a
            field (two ``Gender`` columns). Two person columns of one name (two ``Speaker`` columns) are
            both read.
    """
    layout = Layout()
    keys = [header_key(h) for h in header]
    _check_mapping(header, keys, config, source)
    ignored = {header_key(h) for h in config.columns.get("ignore", [])}
    wanted = {header_key(str(h)): f for f, h in config.columns.items() if f != "ignore"}
    numbered: dict[str, PersonColumns] = {}
    attributes: dict[str, dict[str, Column]] = {}
    for index, (raw, key) in enumerate(zip(header, keys, strict=True)):
        if not key or key in ignored:
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
        number = _numbered(key)
        if number is not None:
            n, role, part = number
            if role is not None:
                group = numbered.get(n)
                if group is None:
                    group = numbered[n] = PersonColumns(role, col.header)
                    layout.groups.append(group)
                if part is not None:
                    group.parts.setdefault(part, col)
            elif part is not None:
                attributes.setdefault(n, {}).setdefault(part, col)
            continue
        target = HEADER_LOOKUP.get(key)
        role_col = _role_column(key)
        if (
            role_col is not None
            and role_col[1] == "name"
            and _looks_like_flags(r[index] for r in sample if index < len(r))
        ):
            continue  # "Presenter: y/n", "Chair: x": a flag on the row's person, not another person
        if target == "session" and "session" in layout.fields and _is_id(layout.fields["session"].header):
            layout.fields.setdefault("session_title", col)  # session_id, then session_title
            continue
        if role_col is not None and (role_col[0] is not Role.SPEAKER or target is None or target in layout.fields):
            # "Moderator", "Chair gender", "Panelists", "Co-presenter", a second "Speaker": people in
            # that role ("Speaker gender" is the main person's).
            role, part = role_col
            group = next((g for g in layout.groups if g.role is role and part not in g.parts), None)
            if group is None or (part == "name" and target == "name"):
                group = PersonColumns(role, col.header)
                layout.groups.append(group)
            group.parts[part] = col
            continue
        if target is not None and target not in layout.fields and target not in wanted.values():
            layout.fields[target] = col
            if target == "name" and role_col is not None:
                layout.speaker_list = True
    for n, parts in attributes.items():
        if n not in numbered and "name" in parts:
            # "Name1", "Gender1", "Name2"...: numbered people with no role word are speakers.
            numbered[n] = PersonColumns(Role.SPEAKER, parts["name"].header)
            layout.groups.append(numbered[n])
        if n in numbered:
            for part, col in parts.items():
                numbered[n].parts.setdefault(part, col)
    _reject_duplicates(header, keys, layout, source)
    name = layout.fields.get("name")
    if (
        name is not None
        and "name" not in wanted.values()
        and not layout.speaker_list
        and any(g.role in SPEAKING_ROLES and "name" in g.parts for g in layout.groups)
    ):
        # Speakers in their own columns (Presenter1, Presenter2; Speakers; Panelists): "Name" is the title.
        del layout.fields["name"]
        layout.fields.setdefault("talk", name)
    authors = [g for g in layout.groups if header_key(g.label) in AUTHOR_WORDS]
    if authors and (layout.speaker_list or len(authors) < sum(g.role in SPEAKING_ROLES for g in layout.groups)):
        # Speakers and authors: the speakers are the ones on stage; authors are not counted twice.
        layout.groups = [g for g in layout.groups if g not in authors]
    session = layout.fields.get("session")
    if session is not None and "talk" in layout.fields:
        layout.session_is_id = _is_id(session.header)
    _place_gender(header, layout, source)
    return layout


def _place_gender(header: Sequence[str], layout: Layout, source: str) -> None:
    """Give a gender column with no name column beside it to the people it describes, or refuse.

    With a name column the gender is that person's, even beside role columns (``Speaker, Moderator,
    Gender``: the speaker's). Without one, in a programme or a list of role people:

    * a gender headed by its role (``speaker.sex``, ``Presenter gender``) makes each row one anonymous
      person, unknown where the cell is blank (research data such as the sibecol tables);
    * a plain ``Gender`` beside exactly one person column (``Panelists``, ``Moderator``, ``Chair``) is that
      column's; a cell there naming several people then needs one gender each, as a name column does;
    * otherwise (no person column, or several) nobody can tell whose answer it is, and rows without one
      would go uncounted: an error naming the header and the setting.
    """
    f = layout.fields
    if layout.speaker_list and "gender" not in f:
        # "Speakers", "Speakers gender": the gender of the speakers column, not one more anonymous speaker.
        loose = [g for g in layout.groups if g.role is Role.SPEAKER and "name" not in g.parts and "gender" in g.parts]
        if len(loose) == 1 and set(loose[0].parts) <= {"gender", "title"}:
            layout.groups.remove(loose[0])
            for part, col in loose[0].parts.items():
                f.setdefault(part, col)
    gender = f.get("gender")
    if gender is None or any(n in f for n in ("name", "first_name", "last_name")):
        return
    if not ("session" in f or "talk" in f or layout.groups):
        return  # registrations: anonymous answers, counted as they are
    if _role_column(header_key(gender.header)) is not None:
        layout.anonymous_rows = True
        return
    named = [g for g in layout.groups if "name" in g.parts]
    owners = [g for g in named if "gender" not in g.parts]
    if len(owners) == 1:
        owners[0].parts["gender"] = gender
        del layout.fields["gender"]
        return
    claimed = {c.index for c in layout.fields.values()} | {c.index for g in layout.groups for c in g.parts.values()}
    if owners:
        labels = " or ".join(g.label for g in owners)
        msg = (
            f"{gender.header!r} could be the gender of {labels}: head it after its people "
            f'("{owners[-1].label} gender"), or name their column in [tool.genderlens.columns] name = "..."'
        )
    else:
        free = next((h.strip() for i, h in enumerate(header) if h.strip() and i not in claimed), "...")
        msg = (
            f"no column names the people whose gender {gender.header!r} gives, so rows without an answer would "
            f'go uncounted; name their column in [tool.genderlens.columns] name = "{free}"'
        )
    raise AdapterError(msg, source=source, line=1, field=gender.header)


def _is_id(header: str) -> bool:
    return header_key(header).endswith((" id", " code", " no", " number"))


def _looks_like_flags(values: Iterable[str]) -> bool:
    seen = [v.strip().casefold() for v in values if v.strip() and v.strip().casefold() not in MISSING]
    return bool(seen) and all(v in FELLOWSHIP for v in seen)
