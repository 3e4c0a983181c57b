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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Literal

from genderlens.adapters import moderators_named, person_key
from genderlens.config import Config
from genderlens.default_plugins.self_declared import MISSING
from genderlens.default_plugins.self_declared import normalise as _normalise
from genderlens.default_plugins.titles import NEUTRAL_TITLES, TITLE_LOOKUP
from genderlens.errors import AdapterError
from genderlens.model import SPEAKING_ROLES, Event, GenderSource, Participant, Person, Role, Session
from genderlens.tally import Tallier

_FIELDS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "fullname",
        "person",
        "speaker",
        "speakers",
        "speaker name",
        "speaker names",
        "presenter",
        "presenters",
        "participant",
        "participants",
        "teilnehmer",
        "teilnehmende",
        "vortragende",
        "referent",
        "referenten",
        "redner",
        "nom",
        "nom complet",
        "intervenant",
        "intervenants",
        "orateur",
        "nombre",
        "nombre completo",
        "ponente",
        "ponentes",
        "orador",
        "oradores",
        "people",
        "persons",
    ),
    "first_name": ("first name", "firstname", "given name", "forename", "prenom", "vorname", "nombre de pila"),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "nom de famille",
        "nachname",
        "apellido",
        "apellidos",
    ),
    "title": ("salutation", "honorific", "personal title", "civilite", "anrede", "tratamiento", "titulo personal"),
    "gender": (
        "gender",
        "sex",
        "genre",
        "sexe",
        "genero",
        "sexo",
        "geschlecht",
        "gender identity",
        "speaker gender",
        "speaker sex",
        "presenter gender",
        "presenter sex",
        "speaker title",
    ),
    "email": ("email", "e mail", "email address", "mail", "courriel", "correo", "correo electronico"),
    "role": ("role", "roles", "function", "fonction", "funcion", "rolle", "capacity", "participation role"),
    "affiliation": (
        "affiliation",
        "organisation",
        "organization",
        "institution",
        "company",
        "delegation",
        "sector member",
        "entity",
        "organisme",
        "organismo",
        "organizacion",
        "organisation name",
        "organization name",
    ),
    "member_state": (
        "member state",
        "country",
        "nationality",
        "pays",
        "pais",
        "land",
        "etat membre",
        "estado miembro",
        "country of residence",
        "delegation country",
    ),
    "region": ("region", "itu region", "un region", "regional group"),
    "status": ("status", "registration state", "registration status", "statut", "estado de registro"),
    "participation": (
        "participation",
        "participation type",
        "attendance",
        "registration type",
        "ticket",
        "registration category",
        "mode of participation",
    ),
    "fellowship": ("fellowship", "fellow", "fellowship holder", "bourse", "beca", "stipendium"),
    "session": (
        "session",
        "session title",
        "session name",
        "session id",
        "session code",
        "panel",
        "workshop",
        "seance",
        "sesion",
        "sitzung",
        "podcast",
        "slot",
    ),
    "talk": (
        "talk",
        "talk title",
        "titel",
        "title of talk",
        "contribution",
        "presentation",
        "programme item",
        "program item",
        "agenda item",
        "item",
        "talk id",
        "contribution id",
        "paper id",
        "abstract id",
        "presentation id",
    ),
    "kind": ("type", "kind", "session type", "format", "talk type", "event type"),
    "track": ("track", "theme", "stream", "action line", "room", "salle", "sala", "raum", "ort", "saal"),
    "description": ("description", "abstract", "summary", "notes", "beschreibung", "resume", "descripcion", "resumen"),
    "event": ("event", "conference", "meeting", "edition", "year", "event title", "annee", "ano", "jahr"),
    "date": ("date", "day date", "datum", "fecha"),
    "start": (
        "start",
        "start time",
        "time start",
        "begin",
        "from",
        "starts",
        "heure de debut",
        "debut",
        "hora de inicio",
        "beginn",
        "time",
        "date time",
        "start date",
        "start datetime",
        "uhrzeit",
        "zeit",
        "anfang",
    ),
    "end": (
        "end",
        "end time",
        "time end",
        "to",
        "ends",
        "finish",
        "fin",
        "heure de fin",
        "hora de fin",
        "ende",
        "end date",
        "end datetime",
    ),
    "duration": ("duration", "length", "minutes", "duree", "duracion", "dauer", "duration minutes"),
}

#: Header words naming a role column: "Moderator", "Chair gender", "Panelists"...
_ROLE_WORDS: dict[str, Role] = {
    "speaker": Role.SPEAKER,
    "speakers": Role.SPEAKER,
    "panelist": Role.PANELIST,
    "panelists": Role.PANELIST,
    "panellist": Role.PANELIST,
    "panellists": Role.PANELIST,
    "panelistes": Role.PANELIST,
    "panelistas": Role.PANELIST,
    "discussant": Role.PANELIST,
    "discussants": Role.PANELIST,
    "moderator": Role.MODERATOR,
    "moderators": Role.MODERATOR,
    "moderation": Role.MODERATOR,
    "moderateur": Role.MODERATOR,
    "moderatrice": Role.MODERATOR,
    "moderador": Role.MODERATOR,
    "moderadora": Role.MODERATOR,
    "facilitator": Role.MODERATOR,
    "facilitators": Role.MODERATOR,
    "host": Role.MODERATOR,
    "chair": Role.CHAIR,
    "chairs": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "chairman": Role.CHAIR,
    "chairwoman": Role.CHAIR,
    "co chair": Role.CHAIR,
    "co chairs": Role.CHAIR,
    "session chair": Role.CHAIR,
    "session chairs": Role.CHAIR,
    "president": Role.CHAIR,
    "presidente": Role.CHAIR,
    "presidenta": Role.CHAIR,
    "presidence": Role.CHAIR,
    "vorsitz": Role.CHAIR,
    "vorsitzende": Role.CHAIR,
    "chaired by": Role.CHAIR,
    "vice chair": Role.VICE_CHAIR,
    "vice chairs": Role.VICE_CHAIR,
    "vice chairman": Role.VICE_CHAIR,
    "vice president": Role.VICE_CHAIR,
    "vice presidente": Role.VICE_CHAIR,
    "vicepresidente": Role.VICE_CHAIR,
    "rapporteur": Role.RAPPORTEUR,
    "rapporteurs": Role.RAPPORTEUR,
    "relator": Role.RAPPORTEUR,
    "relatora": Role.RAPPORTEUR,
    "berichterstatter": Role.RAPPORTEUR,
    "keynote": Role.KEYNOTE,
    "keynotes": Role.KEYNOTE,
    "keynote speaker": Role.KEYNOTE,
    "keynote speakers": Role.KEYNOTE,
    "convener": Role.CONVENER,
    "conveners": Role.CONVENER,
    "convenor": Role.CONVENER,
    "convenors": Role.CONVENER,
    "organiser": Role.CONVENER,
    "organizer": Role.CONVENER,
    "organisers": Role.CONVENER,
    "organizers": Role.CONVENER,
}
#: Values of a ``role`` column, beyond the role words above.
_ROLE_VALUES: dict[str, Role] = {
    **_ROLE_WORDS,
    "presenter": Role.SPEAKER,
    "presenters": Role.SPEAKER,
    "author": Role.SPEAKER,
    "talk": Role.SPEAKER,
    "intervenant": Role.SPEAKER,
    "intervenante": Role.SPEAKER,
    "orateur": Role.SPEAKER,
    "oratrice": Role.SPEAKER,
    "ponente": Role.SPEAKER,
    "orador": Role.SPEAKER,
    "oradora": Role.SPEAKER,
    "referent": Role.SPEAKER,
    "referentin": Role.SPEAKER,
    "redner": Role.SPEAKER,
    "rednerin": Role.SPEAKER,
    "lecturer": Role.SPEAKER,
    "panel": Role.PANELIST,
    "panel member": Role.PANELIST,
    "expert": Role.PANELIST,
    "keynote address": Role.KEYNOTE,
    "opening remarks": Role.KEYNOTE,
    "co moderator": Role.MODERATOR,
}
_ROLE_SUFFIX = {
    "gender": "gender",
    "sex": "gender",
    "genre": "gender",
    "sexe": "gender",
    "genero": "gender",
    "title": "title",
    "name": "name",
    "names": "name",
    "nom": "name",
    "nombre": "name",
}
_FELLOWSHIP = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "x": True,
    "oui": True,
    "si": True,
    "ja": True,
    "fellow": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "non": False,
    "nein": False,
    "": None,
}
_SKIP_NAMES = frozenset({"", "tbd", "tba", "tbc", "n a", "na", "none", "various", "diverse", "divers", "nn", "n n"})
_ID_PREFIX = re.compile(r"^\s*\d+\s*:\s*")
_ROLE_PREFIX = re.compile(r"^\s*([^:]{2,30}?)\s*:\s*(.+)$", re.DOTALL)
_MULTI_HARD = re.compile(r"\s*(?:;|\||\n| & | und | et | y )\s*")


def normalise(text: str) -> str:
    """Header and role-value key: case-, accent- and punctuation-insensitive (``"Vice-Chair"`` -> ``"vice chair"``)."""
    return _normalise(text.replace("-", " "))


def _lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise(a): f for f, names in aliases.items() for a in names}


HEADER_LOOKUP = _lookup(_FIELDS)


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
    role = _ROLE_WORDS.get(key)
    if role is not None:
        return role, "name"
    head, _, last = key.rpartition(" ")
    if head and last in _ROLE_SUFFIX and head in _ROLE_WORDS:
        return _ROLE_WORDS[head], _ROLE_SUFFIX[last]
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
        if f not in _FIELDS:
            msg = f"unknown field {f!r} in [tool.genderlens.columns] (fields: {', '.join(sorted(_FIELDS))})"
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


def split_people(cell: str, *, commas: Literal["split", "affiliation"] = "split") -> list[tuple[str, str | None]]:
    """Split a cell that may hold several people into ``(name, affiliation)`` pairs.

    ``;``, ``|``, line breaks and ``&`` always separate people. With ``commas="split"`` a comma separates
    people only when every part has a space (``"Ann Lee, Bo Chen"``), so ``"Lovelace, Ada"`` stays one
    person. With ``commas="affiliation"``, for sheets with one person per cell, what follows the first
    comma is the person's affiliation or function (``"Dr. Elke Löffler, Geschäftsführerin ..."``).
    """
    out: list[tuple[str, str | None]] = []
    for part in (p for p in _MULTI_HARD.split(cell) if p.strip()):
        bits = [c.strip() for c in part.split(",") if c.strip()]
        if commas == "affiliation" and len(bits) > 1:
            out.append((bits[0], ", ".join(bits[1:])))
        elif len(bits) > 1 and all(" " in c for c in bits):
            out.extend((b, None) for b in bits)
        else:
            out.append((part.strip(), None))
    return out


_TITLE_KIND = re.compile(
    r"^\s*(keynote|panel|podiumsdiskussion|podium|round ?table|table ronde|mesa redonda|workshop|atelier|taller)\s*:",
    re.IGNORECASE,
)


def title_kind(title: str | None) -> str | None:
    """A session kind stated as a title prefix: ``"Podiumsdiskussion: ..."`` -> ``"Podiumsdiskussion"``."""
    m = _TITLE_KIND.match(title or "")
    return m.group(1) if m else None


def parse_role(value: str, *, source: str, line: int, header: str) -> Role:
    """A ``role`` cell as a :class:`Role`."""
    role = _ROLE_VALUES.get(normalise(value))
    if role is None:
        known = ", ".join(r.value for r in Role)
        msg = f"unknown role {value!r} (expected one of: {known}, or a synonym)"
        raise AdapterError(msg, source=source, line=line, field=header)
    return role


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I %p", "%H.%M", "%Hh%M", "%HH%M")
_AMPM = re.compile(r"\b([ap])\.?\s*m\.?$", re.IGNORECASE)


def parse_date(value: str) -> dt.date | None:
    """A calendar date in ISO or day-first notation, or ``None`` when it is not one."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_time(value: str) -> dt.time | None:
    """A clock time (``14:30``, ``2:00 p.m.``), or ``None``."""
    text = _AMPM.sub(lambda m: f" {m.group(1).upper()}M", value.strip())
    text = re.sub(r"\s+", " ", text)
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    if text.endswith(" AM") and text.startswith(("0:", "00:")):
        return parse_time(text[:-3])  # "0:00 a.m.": midnight written with a 24-hour clock
    return None


def parse_when(value: str, day: dt.date | None, *, source: str, line: int, header: str) -> dt.datetime:
    """A start or end: a full date-time, or a time on ``day``."""
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    for sep in ("T", " "):
        head, _, tail = text.partition(sep)
        d, t = parse_date(head), parse_time(tail) if tail else None
        if d is not None and t is not None:
            return dt.datetime.combine(d, t)
    t = parse_time(text)
    if t is not None:
        return dt.datetime.combine(day or dt.date(1970, 1, 1), t)
    d = parse_date(text)
    if d is not None:
        return dt.datetime.combine(d, dt.time())
    msg = f"cannot read {value!r} as a date or time (e.g. 2026-07-07 09:30, or 09:30 with a date column)"
    raise AdapterError(msg, source=source, line=line, field=header)


_HMS = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
_ISO_DURATION = re.compile(r"^P?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?$", re.IGNORECASE)


def parse_duration(value: str, *, source: str, line: int, header: str) -> float:
    """Minutes from ``90``, ``1:30``, ``01:30:00`` or ``PT1H30M``."""
    text = value.strip().replace(",", ".")
    try:
        minutes = float(text)
    except ValueError:
        m = _HMS.match(text)
        if m:
            return int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3) or 0) / 60
        m = _ISO_DURATION.match(text)
        if m and (m.group(1) or m.group(2)):
            return float(m.group(1) or 0) * 60 + float(m.group(2) or 0)
    else:
        if minutes >= 0:
            return minutes
    msg = f"cannot read {value!r} as a duration (minutes, H:MM or PT1H30M)"
    raise AdapterError(msg, source=source, line=line, field=header)


@dataclass
class _SessionBuild:
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


@dataclass
class _EventBuild:
    id: str
    sessions: dict[str, _SessionBuild] = field(default_factory=dict)
    participants: list[Participant] = field(default_factory=list)
    registrations: dict[tuple[str | None, ...], int] = field(default_factory=dict)


class TableReader:
    """Reads rows into events; feed it the header, then ``(line_number, row)`` pairs."""

    def __init__(self, source: str, config: Config, *, name_commas: Literal["split", "affiliation"] = "split") -> None:
        """Prepare to read ``source`` with ``config``'s column mapping.

        Args:
            source: File name for messages and the event title.
            config: Column mapping and settings.
            name_commas: How a comma in a name cell is read (see :func:`split_people`).
        """
        self.source = source
        self.config = config
        self.name_commas: Literal["split", "affiliation"] = name_commas
        self.events: dict[str, _EventBuild] = {}
        self.layout: Layout | None = None

    def read(
        self, header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], *, sample_size: int = 50
    ) -> list[Event]:
        """Read every row and return the events found, in file order."""
        iterator = iter(rows)
        sample: list[tuple[int, Sequence[str]]] = []
        for item in iterator:
            sample.append(item)
            if len(sample) >= sample_size:
                break
        self.layout = layout = resolve_layout(header, [r for _, r in sample], self.config, self.source)
        f = layout.fields
        programme = "session" in f or "talk" in f
        if (
            not programme
            and not layout.roles
            and "name" not in f
            and "gender" not in f
            and "title" not in f
            and "first_name" not in f
        ):
            msg = (
                "no column names a person, gender or session; map columns in [tool.genderlens.columns] "
                f"(header: {', '.join(h for h in header if h.strip())})"
            )
            raise AdapterError(msg, source=self.source, line=1)
        if programme or (layout.roles or "role" in f):
            for line, row in sample:
                self._programme_row(line, row, programme)
            for line, row in iterator:
                self._programme_row(line, row, programme)
        else:
            self._registrations([*sample], iterator)
        return self._events()

    # -- programmes ---------------------------------------------------------------------------------
    def _programme_row(self, line: int, row: Sequence[str], programme: bool) -> None:
        layout = self.layout
        assert layout is not None  # noqa: S101
        if not any(c.strip() for c in row):
            return
        ev = self._event(layout.get(row, "event"))
        people = self._row_people(line, row)
        if not programme:
            ev.participants.extend(people)
            return
        session_name = layout.get(row, "session")
        talk = layout.get(row, "talk")
        key = session_name or talk or f"row {line}"
        s = ev.sessions.get(key)
        if s is None:
            s = ev.sessions[key] = _SessionBuild(id=key, title=session_name or talk or key)
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
        if description:
            named = moderators_named([description], [p.person.name for p in people if p.person.name])
            people = [p.model_copy(update={"role": Role.MODERATOR}) if p.person.name in named else p for p in people]
        known = {(p.person.key, p.role) for p in s.participants}
        s.participants.extend(p for p in people if (p.person.key, p.role) not in known or p.minutes)

    def _timing(self, line: int, row: Sequence[str]) -> tuple[dt.datetime | None, dt.datetime | None, float | None]:
        layout = self.layout
        assert layout is not None  # noqa: S101
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
        assert layout is not None  # noqa: S101
        f = layout.fields
        people: list[Participant] = []
        role_value = layout.get(row, "role")
        default_role = (
            parse_role(role_value, source=self.source, line=line, header=f["role"].header)
            if role_value
            else Role.SPEAKER
        )
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
        if main["name"] or main["gender"] or main["title"]:
            people += self._people(line, main, default_role, f.get("gender"), f"row {line}")
        for role, cols in layout.roles.items():
            values = {part: (row[c.index].strip() or None) if c.index < len(row) else None for part, c in cols.items()}
            if any(values.values()):
                session = layout.get(row, "session") or layout.get(row, "talk") or f"row {line}"
                people += self._people(line, values, role, cols.get("gender"), f"{session}: {role.value}")
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
                m = _ROLE_PREFIX.match(part)
                if m and normalise(m.group(1)) in _ROLE_VALUES:
                    part_role, part = _ROLE_VALUES[normalise(m.group(1))], m.group(2).strip()
                part = _ID_PREFIX.sub("", part).strip()
                if normalise(part) in _SKIP_NAMES:
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
            split = [g.strip() for g in re.split(r"[;,|/]", gender_cell)]
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

    # -- registrations -------------------------------------------------------------------------------
    def _registrations(
        self, sample: list[tuple[int, Sequence[str]]], rest: Iterable[tuple[int, Sequence[str]]]
    ) -> None:
        layout = self.layout
        assert layout is not None  # noqa: S101
        f = layout.fields
        names = ("gender", "title", "affiliation", "member_state", "region", "status", "participation")
        cols = [f[n].index if n in f else None for n in names]
        event_col = f["event"].index if "event" in f else None
        fellow_col = f["fellowship"].index if "fellowship" in f else None
        name_cols = [f[n].index for n in ("name", "first_name", "last_name") if n in f]
        width = max([c for c in [*cols, event_col, fellow_col, *name_cols] if c is not None], default=0) + 1
        fellowship = _FELLOWSHIP
        source = self.source
        line = 0

        # Each cell is cleaned by one dict lookup; only a value not seen before runs Python code. The
        # cleaned values are shared, so a key costs one tuple, and hashing it reuses their cached hashes.
        class _Stripped(dict[str, str | None]):
            def __missing__(self, value: str) -> str | None:
                clean = self[value] = value.strip() or None
                return clean

        class _Blank(dict[str, str | None]):
            def __missing__(self, value: str) -> None:
                if present:  # else it reads the first column, which may hold names: keep none
                    self[value] = None

        class _YesNo(dict[str, str | None]):
            def __missing__(self, value: str) -> str | None:
                raw = value.strip()
                if raw.casefold() not in fellowship:
                    msg = f"cannot read {raw!r} as yes/no"
                    raise AdapterError(msg, source=source, line=line, field=f["fellowship"].header)
                yes = fellowship[raw.casefold()]
                code = self[value] = None if yes is None else ("1" if yes else "0")
                return code

        present = [c for c in (*cols, fellow_col, event_col) if c is not None]
        stripped, blank = _Stripped(), _Blank()
        # The key is (gender, title, affiliation, member_state, region, status, participation, fellowship),
        # plus the event while reading; a missing field reads a present cell through ``blank`` (-> None).
        indices = [c if c is not None else present[0] if present else 0 for c in (*cols, fellow_col)]
        tables: list[dict[str, str | None]] = [stripped if c is not None else blank for c in cols]
        tables.append(_YesNo() if fellow_col is not None else blank)
        if event_col is not None:
            indices.append(event_col)
            tables.append(stripped)
        get = itemgetter(*indices)
        clean = dict.__getitem__
        counts: dict[tuple[str | None, ...], int] = {}
        for rows in (sample, rest):
            for line, row in rows:  # noqa: B007 (``line`` is read by _YesNo)
                if len(row) < width:
                    if not any(c.strip() for c in row):
                        continue
                    row = [*row, *([""] * (width - len(row)))]
                key = tuple(map(clean, tables, get(row)))
                counts[key] = counts.get(key, 0) + 1
        if event_col is None:
            if counts:
                self._event(None).registrations.update(counts)
            return
        events = self.events
        for key, n in counts.items():
            ev = events.get(key[-1] or "") or self._event(key[-1])
            ev.registrations[key[:-1]] = n

    # -- assembly ------------------------------------------------------------------------------------
    def _event(self, name: str | None) -> _EventBuild:
        key = name or ""
        ev = self.events.get(key)
        if ev is None:
            ev = self.events[key] = _EventBuild(id=key)
        return ev

    @staticmethod
    def _session_minutes(s: _SessionBuild) -> float | None:
        if s.start is not None and s.end is not None:
            return None  # the span gives it
        return s.minutes_sum if s.talks else s.minutes_max

    def _events(self) -> list[Event]:
        stem = self.source.rsplit("/", 1)[-1]
        out = []
        for key, ev in self.events.items():
            sessions = []
            for s in ev.sessions.values():
                sessions.append(
                    Session(
                        id=s.id,
                        title=s.title,
                        kind=s.kind,
                        track=s.track,
                        start=s.start,
                        end=s.end,
                        duration_minutes=self._session_minutes(s),
                        panel=False if len(s.talk_ids) > 1 else None,
                        participants=tuple(s.participants),
                    )
                )
            # Registrations are kept only as tallies: a person per distinct answer, counts per field.
            tallier = Tallier()
            answers: dict[tuple[str | None, str | None], Person] = {}
            for (gender, title, aff, state, region, status, part, fellow), n in ev.registrations.items():
                person = answers.get((gender, title))
                if person is None:
                    person = answers[gender, title] = Person(
                        key=f"registrant:{gender}|{title}",
                        declared_gender=gender,
                        title=title,
                        declared_source=GenderSource.FILE,
                    )
                fellowship = None if fellow is None else fellow == "1"
                tallier.add(person, (state, region, aff, status, part), fellowship, n)
            starts = [s.start for s in sessions if s.start is not None]
            ends = [s.end for s in sessions if s.end is not None]
            out.append(
                Event(
                    id=key or stem,
                    title=key or stem,
                    source=self.source,
                    edition=key or None,
                    start=min(starts) if starts else None,
                    end=max(ends) if ends else None,
                    participants=tuple(ev.participants),
                    sessions=tuple(sessions),
                    registration_tallies=tallier.tallies(),
                )
            )
        return out
