"""Data model: events, sessions, people, roles, registrations, and the results computed from them.

All models are frozen pydantic models. Adapters build them from input files; the core resolves each
person's gender (see :mod:`genderlens.resolve`) and computes metrics over the resolved copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from genderlens.states import INACTIVE_STATES as INACTIVE_STATES  # re-exported, as is_active_status
from genderlens.states import is_active_status as is_active_status


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Gender(StrEnum):
    """Gender categories counted by genderlens.

    ``undisclosed`` means the person chose not to say; ``unknown`` means nothing reliable was found.
    Neither is ever counted as a man or a woman: both are left out of shares and reported as coverage.
    """

    WOMAN = "woman"
    MAN = "man"
    NONBINARY = "nonbinary"
    UNDISCLOSED = "undisclosed"
    UNKNOWN = "unknown"

    @property
    def is_known(self) -> bool:
        """True for woman, man and nonbinary: the genders that enter a share's denominator."""
        return self in (Gender.WOMAN, Gender.MAN, Gender.NONBINARY)


class GenderSource(StrEnum):
    """Where a resolved gender came from."""

    DECLARED = "declared"
    """Self-declared by the person (a registration form's answer, or a gender column that the settings
    say was self-declared)."""
    FILE = "file"
    """A gender column in the input file whose collection method nobody stated (it may have been
    self-declared, recorded by the organiser, or guessed): reported as "from the file's gender column"."""
    ORGANISER = "organiser"
    """Recorded by the organiser from their own knowledge (a roster row marked ``recorded by organiser``)."""
    ROSTER = "roster"
    """Declared in a separate roster file (a speaker database), not in the programme itself."""
    TITLE = "title"
    INFERRED = "inferred"
    NONE = "none"


class Role(StrEnum):
    """Programme roles."""

    SPEAKER = "speaker"
    PANELIST = "panelist"
    MODERATOR = "moderator"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    RAPPORTEUR = "rapporteur"
    KEYNOTE = "keynote"
    CONVENER = "convener"


class Verdict(StrEnum):
    """The outcome of judging an event, or a whole run.

    ``cannot_tell`` means the figures do not support a verdict either way: nothing was read, too few
    genders are known, or no metric had enough known people to be judged. It is never success.
    """

    MEETS = "meets"
    MISSES = "misses"
    CANNOT_TELL = "cannot_tell"


class Judgement(StrEnum):
    """Whether the rules judged a figure, and why not. Set by :mod:`genderlens.rules`, not by metrics."""

    JUDGED = "judged"
    """Judged: it meets its targets, or misses them (then it has an error flag)."""
    TOO_SMALL = "too_small"
    """Fewer people in all than the minimum: shown, not judged, and no obstacle to a verdict."""
    TOO_FEW_KNOWN = "too_few_known"
    """Enough people, but too few of known gender (``min_known``, ``min_coverage``): not judged. For an
    event-wide figure the event's verdict is then *cannot tell*."""
    UNDECIDED = "undecided"
    """The known people put the share outside its target, but the people of unknown gender could bring
    it in: not a miss, and for an event-wide figure the event's verdict is *cannot tell*."""


#: Roles that take the floor to present: counted in speaker balance and speaking time.
SPEAKING_ROLES = frozenset({Role.SPEAKER, Role.PANELIST, Role.KEYNOTE})
#: Roles that lead or steer a session or a meeting.
LEADERSHIP_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MODERATOR, Role.RAPPORTEUR, Role.CONVENER})


class GenderDecision(_Model):
    """The outcome of resolving one person's gender, with its provenance."""

    gender: Gender
    source: GenderSource
    confidence: float = Field(default=1.0, ge=0, le=1)
    detail: str | None = None
    """What the decision rests on, e.g. the declared answer ``"Femme"`` or the title ``"Mme"``."""
    conflicting: tuple[Gender, ...] = ()
    """The genders that different records of one person gave (e.g. ``woman`` in one session, ``man`` in
    another). Non-empty only on an ``unknown`` decision: genderlens does not pick one."""


UNRESOLVED = GenderDecision(gender=Gender.UNKNOWN, source=GenderSource.NONE, confidence=0.0)


class Person(_Model):
    """A person as found in the input.

    ``key`` identifies the person within one event (an Indico person id, an e-mail hash, a normalised
    name...), so that someone speaking in three sessions is one head in event-wide counts.
    """

    key: str
    name: str | None = None
    title: str | None = None
    declared_gender: str | None = None
    """The answer to a gender question exactly as given (``"F"``, ``"Femme"``, ``"prefer not to say"``)."""
    declared_source: GenderSource = GenderSource.DECLARED
    """How ``declared_gender`` was collected: ``declared`` when the person answered a form themselves (an
    Indico registration, a pretalx question), ``file`` for a gender column in a file whose collection
    nobody stated (settings may say, see ``gender_collected``)."""
    affiliation: str | None = None
    country: str | None = None
    decision: GenderDecision = UNRESOLVED

    @property
    def gender(self) -> Gender:
        """The resolved gender (``unknown`` until resolution has run)."""
        return self.decision.gender


class Participant(_Model):
    """A person in a role within a session (or at event level, e.g. the meeting's chair)."""

    person: Person
    role: Role
    minutes: float | None = Field(default=None, ge=0)
    """Speaking minutes of this person's own item (a talk inside a session), when the source gives them."""


class Session(_Model):
    """A programme item: a panel, talk, plenary, workshop... with its people and timing."""

    id: str
    title: str
    kind: str | None = None
    """Free text from the source (``"Panel"``, ``"Workshop"``); :attr:`is_panel` interprets it."""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    duration_minutes: float | None = Field(default=None, ge=0)
    track: str | None = None
    panel: bool | None = None
    """Whether this is a panel, when the source says; ``None`` lets :attr:`is_panel` decide."""
    participants: tuple[Participant, ...] = ()

    @property
    def minutes(self) -> float | None:
        """Duration in minutes, from the explicit duration or from start and end."""
        if self.duration_minutes is not None:
            return self.duration_minutes
        if self.start is not None and self.end is not None and self.end >= self.start:
            return (self.end - self.start).total_seconds() / 60
        return None

    @property
    def is_panel(self) -> bool:
        """Explicitly a panel, or of a panel kind, or with panelists, or with three or more speakers (or two and
        a moderator). Two speakers alone give a co-presented talk, not a panel."""
        if self.panel is not None:
            return self.panel
        kind = (self.kind or "").lower()
        if any(w in kind for w in ("panel", "podium", "roundtable", "round table", "debate", "fireside")):
            return True
        if any(w in kind for w in ("keynote", "ceremony", "plenary", "opening", "closing", "poster")):
            return False
        roles = [p.role for p in self.participants]
        speaking = sum(r in SPEAKING_ROLES for r in roles)
        return Role.PANELIST in roles or speaking >= 3 or (speaking == 2 and Role.MODERATOR in roles)


class Registration(_Model):
    """One registration (delegate, participant, fellow) for an event."""

    person: Person
    affiliation: str | None = None
    """Delegation, organisation or sector member."""
    member_state: str | None = None
    region: str | None = None
    status: str | None = None
    participation: str | None = None
    """In person / remote, or the registration category."""
    delegation_role: str | None = None
    """Role within a delegation (head of delegation, delegate, adviser...)."""
    fellowship: bool | None = None
    count: int = Field(default=1, ge=1)
    """How many identical registrations this stands for."""


#: The registration fields that metrics break registrations down by.
BREAKDOWN_FIELDS = ("member_state", "region", "affiliation", "status", "participation", "delegation_role")


class RegistrationTally(_Model):
    """``count`` registrations that share one answer (``person``: declared gender and title) and a value.

    This is what registration metrics need, and all a large export is reduced to while it is read: a
    million registrations become a few thousand tallies. With ``field`` unset, a tally counts *active*
    registrations (``fellowship`` telling fellows apart); with ``field="status"``, all registrations
    with that status; with another of :data:`BREAKDOWN_FIELDS`, active registrations with that value.
    """

    person: Person
    count: int = Field(ge=1)
    field: str | None = None
    value: str | None = None
    fellowship: bool | None = None


class Event(_Model):
    """An event (meeting, conference, forum edition) as read from one source."""

    id: str
    title: str
    source: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    edition: str | None = None
    """Label used to order editions in trends (e.g. ``"2025"``); defaults to the start year."""
    participants: tuple[Participant, ...] = ()
    """Event-level roles, e.g. the meeting's chairs and vice-chairs."""
    sessions: tuple[Session, ...] = ()
    registrations: tuple[Registration, ...] = ()
    registration_tallies: tuple[RegistrationTally, ...] = ()
    """Registrations already reduced to tallies (large exports); counted together with ``registrations``."""
    people_fields: tuple[str, ...] = ()
    """The source fields or columns the adapter looked in for people (``"Speakers"``, ``"persons"``), so
    that a programme with sessions but nobody in them can name where genderlens looked."""

    def all_participants(self) -> Iterator[Participant]:
        """Event-level participants, then every session's, in programme order."""
        yield from self.participants
        for session in self.sessions:
            yield from session.participants

    @property
    def edition_label(self) -> str:
        """The edition label, the start year, or the title."""
        if self.edition:
            return self.edition
        return str(self.start.year) if self.start else self.title


class Counts(_Model):
    """Head counts by gender."""

    woman: int = 0
    man: int = 0
    nonbinary: int = 0
    undisclosed: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        """Everyone counted, known or not."""
        return self.woman + self.man + self.nonbinary + self.undisclosed + self.unknown

    @property
    def known(self) -> int:
        """People whose gender is woman, man or nonbinary."""
        return self.woman + self.man + self.nonbinary


class Share(_Model):
    """A share with its 95% Wilson score interval; all ``None`` when nobody's gender is known."""

    value: float | None = Field(default=None, ge=0, le=1)
    low: float | None = Field(default=None, ge=0, le=1)
    high: float | None = Field(default=None, ge=0, le=1)


class MetricResult(_Model):
    """One metric computed over one scope (the whole event, a session, or a group of registrations)."""

    metric: str
    scope: str = "event"
    """``event``, ``session`` or ``group``."""
    session_id: str | None = None
    session_title: str | None = None
    group: str | None = None
    """For breakdowns: the group's label (a member state, a region...)."""
    counts: Counts = Counts()
    share: Share = Share()
    """Share of women among people of known gender (or of minutes, for speaking time)."""
    coverage: float | None = Field(default=None, ge=0, le=1)
    """Share of people whose gender is known."""
    minutes: dict[str, float] | None = None
    """For speaking time: minutes by gender."""
    is_panel: bool | None = None
    sources: dict[str, int] | None = None
    """For ``people`` and ``registrations``: how many genders came from each source (declared, roster,
    title, inferred, none), so a reader can see what the figures rest on."""
    judgement: Judgement | None = None
    """Set by the rules: whether this figure was judged, or why not; ``None`` when no rule judges it
    (breakdowns, everyone in the programme, a role without a ``[roles.*]`` table)."""


class Flag(_Model):
    """A rule that an event or session does not meet."""

    event_id: str
    event_title: str
    rule: str
    metric: str
    message: str
    session_id: str | None = None
    session_title: str | None = None
    group: str | None = None
    observed: float | None = None
    expected: str | None = None
    severity: str = "error"
    """``error`` counts as a miss (``--fail-on-miss``); ``warning`` is reported only."""


class Appearance(_Model):
    """Where a person appears: a session (``None`` for an event-level role such as the meeting's chair) and a role."""

    session: str | None = None
    role: str


class UnknownPerson(_Model):
    """A programme person whose gender is unknown, and where they appear (for ``--show-names``)."""

    name: str
    appearances: tuple[Appearance, ...] = ()


class ReadSummary(_Model):
    """What was read from one event's source: the figures every output shows, so that a report on an
    empty or unreadable file cannot pass for a good one."""

    sessions: int = 0
    people: int = 0
    """Distinct people in the programme (event-level roles and sessions)."""
    people_known: int = 0
    """Of those, people whose gender is known (woman, man, non-binary)."""
    registrations: int = 0
    """Active registrations (withdrawn, rejected... left out)."""
    registrations_known: int = 0
    people_fields: tuple[str, ...] = ()
    """The source fields the adapter looked in for people (see :attr:`Event.people_fields`)."""

    @property
    def nothing(self) -> bool:
        """True when neither a person nor a registration was read."""
        return self.people == 0 and self.registrations == 0


#: The key of :attr:`EventReport.unrecognised_genders` that sums the answers not listed one by one.
OTHER_ANSWERS = "…"


class EventReport(_Model):
    """Everything genderlens computed for one event."""

    event_id: str
    event_title: str
    source: str
    edition: str
    verdict: Verdict = Verdict.CANNOT_TELL
    """``meets``, ``misses`` or ``cannot_tell`` (see :mod:`genderlens.rules`); never success by default."""
    reasons: tuple[str, ...] = ()
    """Why the verdict is ``cannot_tell`` (with ``misses``: what else could not be judged), one sentence each."""
    read: ReadSummary = ReadSummary()
    """What was read from the source."""
    results: tuple[MetricResult, ...] = ()
    flags: tuple[Flag, ...] = ()
    unresolved: tuple[str, ...] = ()
    """Names of programme people whose gender is unknown, so organisers know whom to ask.

    Empty unless names were asked for (``--show-names``); renderers show it only when present.
    """
    unresolved_people: tuple[UnknownPerson, ...] = ()
    """The same people with the sessions and roles they appear in, so organisers can ask the right
    person (``genderlens roster template`` writes them to a file to fill in). Added after
    :attr:`unresolved`, which keeps its meaning (names only) for existing readers."""
    unrecognised_genders: dict[str, int] = Field(default_factory=dict)
    """Gender answers that were not recognised -> how many people or registrations gave each, most
    frequent first. Such an answer tells nothing (a roster or a title still may). Capped in number and
    length, rare ones left out under ``--min-cell``, the rest summed under :data:`OTHER_ANSWERS` (see
    :func:`genderlens.report.unrecognised_answers`). Map them in ``[tool.genderlens.genders]``."""

    @model_validator(mode="after")
    def _verdict_matches_flags(self) -> EventReport:
        # A miss is an error flag and an error flag is a miss: the two can never disagree.
        if self.misses != (self.verdict is Verdict.MISSES):
            msg = f"verdict {self.verdict.value!r} contradicts the flags (misses={self.misses})"
            raise ValueError(msg)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def misses(self) -> bool:
        """True when any error-severity flag was raised (kept alongside :attr:`verdict`)."""
        return any(f.severity == "error" for f in self.flags)

    def result(self, metric: str) -> MetricResult | None:
        """The event-scope result of ``metric``, if computed."""
        return next((r for r in self.results if r.metric == metric and r.scope == "event"), None)


class Report(_Model):
    """The reports of every event in one run, plus the settings they were judged by."""

    genderlens_version: str
    events: tuple[EventReport, ...] = ()
    settings: dict[str, object] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def misses(self) -> bool:
        """True when any event misses a target."""
        return any(e.misses for e in self.events)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Verdict:
        """The run's verdict: ``misses`` when any event misses (a known miss is a miss, whatever the
        others say); otherwise ``cannot_tell`` when any event cannot tell, or when there is no event;
        ``meets`` only when every event meets."""
        return combine_verdicts(e.verdict for e in self.events)


def combine_verdicts(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine verdicts: any miss is a miss; else any *cannot tell* (or none at all) cannot tell."""
    seen = set(verdicts)
    if Verdict.MISSES in seen:
        return Verdict.MISSES
    if not seen or Verdict.CANNOT_TELL in seen:
        return Verdict.CANNOT_TELL
    return Verdict.MEETS
