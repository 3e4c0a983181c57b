"""The programme builder: rows of a programme grouped into sessions, each row adding its people."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from genderlens.adapters import moderators_named, person_key
from genderlens.errors import AdapterError
from genderlens.model import SPEAKING_ROLES, GenderSource, Participant, Person, Role, Session
from genderlens.tabular.cells import (
    ID_PREFIX,
    ROLE_PREFIX,
    RoleReader,
    is_nobody,
    parse_date,
    parse_duration,
    parse_when,
    split_people,
    title_kind,
)
from genderlens.tabular.layout import Column, Layout
from genderlens.tabular.vocabulary import ROLE_VALUES, normalise


@dataclass
class SessionBuild:
    """A session while its rows are read."""

    id: str
    title: str
    kind: str | None = None
    track: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    minutes_sum: float = 0.0
    minutes_max: float | None = None
    talk_ids: set[str] = field(default_factory=set)
    talks: bool = False
    """Rows are talks inside the session (their minutes add up) rather than one row per person."""
    participants: list[Participant] = field(default_factory=list)
    known: set[tuple[str, Role]] = field(default_factory=set)
    """(person key, role) of :attr:`participants`, kept as they are added (a set per row would be quadratic)."""


@dataclass
class EventBuild:
    """An event while its rows are read."""

    id: str
    sessions: dict[str, SessionBuild] = field(default_factory=dict)
    participants: list[Participant] = field(default_factory=list)
    registrations: dict[tuple[str | None, ...], int] = field(default_factory=dict)


class ProgrammeBuilder:
    """Groups programme rows into sessions of people (or event-level roles when there is no session)."""

    def __init__(
        self,
        source: str,
        layout: Layout,
        events: dict[str, EventBuild],
        *,
        name_commas: Literal["split", "affiliation"] = "split",
        roles: RoleReader | None = None,
    ) -> None:
        """Build into ``events`` (shared with the reader) from rows laid out as ``layout``."""
        self.source = source
        self.layout = layout
        self.events = events
        self.name_commas: Literal["split", "affiliation"] = name_commas
        self.roles = roles or RoleReader({})

    def event(self, name: str | None) -> EventBuild:
        """The event called ``name`` (``None``: the file's own), created on first use."""
        key = name or ""
        ev = self.events.get(key)
        if ev is None:
            ev = self.events[key] = EventBuild(id=key)
        return ev

    def add_row(self, line: int, row: Sequence[str], programme: bool) -> None:
        """Add one row's people: to its session when ``programme``, else to the event."""
        layout = self.layout
        if not any(c.strip() for c in row):
            return
        ev = self.event(layout.get(row, "event"))
        people = self._row_people(line, row)
        if not programme:
            ev.participants.extend(people)
            return
        session_name = layout.get(row, "session")
        talk = layout.get(row, "talk")
        key = session_name or talk or f"row {line}"
        s = ev.sessions.get(key)
        if s is None:
            title = layout.get(row, "session_title") or (talk if layout.session_is_id and talk else None)
            title = title or session_name or talk or key
            s = ev.sessions[key] = SessionBuild(id=key, title=title)
        s.kind = s.kind or layout.get(row, "kind") or title_kind(talk or session_name)
        s.track = s.track or layout.get(row, "track")
        start, end, minutes = self._timing(line, row)
        if start is not None:
            s.start = start if s.start is None else min(s.start, start)
        if end is not None:
            s.end = end if s.end is None else max(s.end, end)
        grouped = session_name is not None and talk is not None
        if grouped:
            s.talk_ids.add(talk)  # type: ignore[arg-type]
        if minutes is not None and grouped:
            # A talk inside a session: its minutes belong to its own speakers.
            speaking = [p for p in people if p.role in SPEAKING_ROLES]
            if speaking:
                each = minutes / len(speaking)
                people = [p.model_copy(update={"minutes": each}) if p.role in SPEAKING_ROLES else p for p in people]
            s.talks = True
        if minutes is not None:
            s.minutes_sum += minutes
            s.minutes_max = minutes if s.minutes_max is None else max(s.minutes_max, minutes)
        description = layout.get(row, "description")
        if people:
            # "The discussion will be moderated by X" in the abstract (or "... moderated by X" in a title):
            # X, listed as a speaker, is the moderator. A role the file states (a chair) is kept.
            named = moderators_named(
                [description, talk, session_name], [p.person.name for p in people if p.person.name]
            )
            people = [
                p.model_copy(update={"role": Role.MODERATOR})
                if p.person.name in named and p.role in SPEAKING_ROLES
                else p
                for p in people
            ]
        for p in people:
            if (p.person.key, p.role) not in s.known or p.minutes:
                s.participants.append(p)
                s.known.add((p.person.key, p.role))

    def _timing(self, line: int, row: Sequence[str]) -> tuple[dt.datetime | None, dt.datetime | None, float | None]:
        layout = self.layout
        day = None
        date_value = layout.get(row, "date")
        if date_value is not None:
            day = parse_date(date_value)
            if day is None:
                try:
                    day = dt.datetime.fromisoformat(date_value).date()
                except ValueError:
                    msg = f"cannot read {date_value!r} as a date (e.g. 2026-07-07 or 07/07/2026)"
                    raise AdapterError(msg, source=self.source, line=line, field=layout.fields["date"].header) from None
        start = end = None
        minutes = None
        for name in ("start", "end"):
            value = layout.get(row, name)
            if value is not None:
                when = parse_when(value, day, source=self.source, line=line, header=layout.fields[name].header)
                if name == "start":
                    start = when
                else:
                    end = when
        if start is not None and end is not None and end < start:
            end += dt.timedelta(days=1) if end.date() == start.date() and date_value else dt.timedelta()
            if end < start:
                msg = f"ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})"
                raise AdapterError(msg, source=self.source, line=line, field=layout.fields["end"].header)
        value = layout.get(row, "duration")
        if value is not None:
            minutes = parse_duration(value, source=self.source, line=line, header=layout.fields["duration"].header)
        elif start is not None and end is not None:
            minutes = (end - start).total_seconds() / 60
        if start is not None and end is None and minutes is not None:
            end = start + dt.timedelta(minutes=minutes)
        return start, end, minutes

    def _row_people(self, line: int, row: Sequence[str]) -> list[Participant]:
        layout = self.layout
        f = layout.fields
        people: list[Participant] = []
        role_value = layout.get(row, "role")
        if role_value is None and "role" in f:
            raw = _cell(row, f["role"].index)  # "NA" is no role, unless the settings give it a meaning
            role_value = raw if raw is not None and self.roles.has_code(raw) else None
        default_role = Role.SPEAKER
        if role_value:
            coded = self.roles.parse(role_value, source=self.source, line=line, header=f["role"].header)
            if coded is None:
                return []  # a role the settings ignore (an absentee): the row names nobody to count
            default_role = coded
        name = layout.get(row, "name")
        if name is None and ("first_name" in f or "last_name" in f):
            name = " ".join(x for x in (layout.get(row, "first_name"), layout.get(row, "last_name")) if x) or None
        main = {
            "name": name,
            "gender": layout.get(row, "gender"),
            "title": layout.get(row, "title"),
            "email": layout.get(row, "email"),
            "affiliation": layout.get(row, "affiliation"),
            "country": layout.get(row, "member_state"),
        }
        if main["name"] or main["gender"] or main["title"] or layout.anonymous_rows:
            people += self._people(line, main, default_role, f.get("gender"), f"row {line}")
        for group in layout.groups:
            values = {part: _cell(row, c.index) for part, c in group.parts.items()}
            if values.get("name") or values.get("gender") or values.get("title"):
                session = layout.get(row, "session") or layout.get(row, "talk") or f"row {line}"
                anon = f"{session}: {group.label if group.role is Role.SPEAKER else group.role.value}"
                people += self._people(line, values, group.role, group.parts.get("gender"), anon)
        return people

    def _people(
        self, line: int, values: dict[str, str | None], role: Role, gender_col: Column | None, anon: str
    ) -> list[Participant]:
        raw_name = values.get("name")
        names: list[str | None] = []
        roles: list[Role] = []
        affiliations: list[str | None] = []
        if raw_name:
            for part, affiliation in split_people(raw_name, commas=self.name_commas):
                part_role = role
                m = ROLE_PREFIX.match(part)
                if m and normalise(m.group(1)) in ROLE_VALUES:
                    part_role, part = ROLE_VALUES[normalise(m.group(1))], m.group(2).strip()
                part = ID_PREFIX.sub("", part).strip()
                if is_nobody(part):
                    continue
                names.append(part)
                roles.append(part_role)
                affiliations.append(affiliation)
            if not names:
                return []
        else:
            names, roles, affiliations = [None], [role], [None]
        genders: list[str | None] = [values.get("gender")] * len(names)
        gender_cell = values.get("gender")
        if gender_cell and len(names) > 1:
            split = [g.strip() for g in re.split(r"[;,|/、，]", gender_cell)]
            if len(split) != len(names):
                msg = f"{len(split)} gender value(s) for {len(names)} people ({raw_name!r}); give one per person"
                raise AdapterError(msg, source=self.source, line=line, field=gender_col.header if gender_col else None)
            genders = list(split)
        out = []
        people = zip(names, roles, genders, affiliations, strict=True)
        for i, (name, part_role, gender, own_affiliation) in enumerate(people):
            email = values.get("email")
            if email and len(names) == 1:
                key = f"email:{email.casefold()}"
            else:
                # Anonymous people (no name) are told apart by their answer: a session whose chair.sex
                # changes between rows had two chairs.
                key = person_key(name, fallback=f"{anon}#{i}:{gender or ''}")
            person = Person(
                key=key,
                name=name,
                title=values.get("title"),
                declared_gender=gender,
                declared_source=GenderSource.FILE,
                affiliation=values.get("affiliation") or own_affiliation,
                country=values.get("country"),
            )
            out.append(Participant(person=person, role=part_role))
        return out


def _cell(row: Sequence[str], index: int) -> str | None:
    # "NA" is kept: in a "Chair gender" column it still says there was a chair, of unknown gender.
    return (row[index].strip() or None) if index < len(row) else None


def session_minutes(s: SessionBuild) -> float | None:
    """Minutes to record on the session when its span does not give them."""
    if s.start is not None and s.end is not None:
        return None  # the span gives it
    return s.minutes_sum if s.talks else s.minutes_max


def build_sessions(ev: EventBuild) -> list[Session]:
    """The finished sessions of ``ev``."""
    return [
        Session(
            id=s.id,
            title=s.title,
            kind=s.kind,
            track=s.track,
            start=s.start,
            end=s.end,
            duration_minutes=session_minutes(s),
            panel=False if len(s.talk_ids) > 1 else None,
            participants=tuple(s.participants),
        )
        for s in ev.sessions.values()
    ]
