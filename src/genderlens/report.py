"""Load sources, resolve genders, compute metrics and judge them: the pipeline behind the CLI."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pluggy

from genderlens import __version__
from genderlens.adapters import Adapter, read_bytes, read_head
from genderlens.answers import AnswerReader
from genderlens.config import Config
from genderlens.errors import AdapterError, GenderlensError
from genderlens.files import check_file, file_limit
from genderlens.gcpause import collection_paused
from genderlens.model import (
    OTHER_ANSWERS,
    Appearance,
    Event,
    EventReport,
    Flag,
    Gender,
    GenderSource,
    MetricResult,
    Report,
    UnknownPerson,
    is_active_status,
)
from genderlens.plugins import collect_adapters, collect_metrics
from genderlens.readout import read_summary
from genderlens.resolve import declared_answers, resolve_event
from genderlens.roster import Roster, load_roster, roster_paths
from genderlens.rules import judge


def pick_adapter(source: str, adapters: dict[str, Adapter], name: str | None = None) -> Adapter:
    """The adapter named ``name``, or the one that sniffs ``source`` with the highest score."""
    if name is not None:
        try:
            return adapters[name]
        except KeyError:
            msg = f"no adapter named {name!r} (installed: {', '.join(sorted(adapters))})"
            raise AdapterError(msg, source=source) from None
    if "://" not in source and not Path(source).is_file():
        msg = "no such file" if not Path(source).exists() else "not a file"
        raise AdapterError(msg, source=source)
    head = read_head(source)
    scored = sorted(((a.sniff(source, head), a.name) for a in adapters.values()), reverse=True)
    if not scored or scored[0][0] <= 0:
        _refuse_unclaimed_json(source, head)
        msg = f"not a format any installed adapter reads (installed: {', '.join(sorted(adapters))}); see --adapter"
        raise AdapterError(msg, source=source)
    return adapters[scored[0][1]]


#: Largest unclaimed JSON file parsed to say where its syntax breaks.
_JSON_DIAGNOSE_BYTES = 20 * 2**20


def _refuse_unclaimed_json(source: str, head: bytes | None) -> None:
    """For a file that looks like JSON but no adapter claims: say where its syntax breaks, if it does.

    A truncated export is then "line 12, column 3: Expecting ',' delimiter", not "not a format". Valid
    JSON that no adapter claims falls through to the general message.
    """
    import json

    text = (head or b"").lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith((b"{", b"[")):
        return
    try:
        data = read_bytes(source, limit=_JSON_DIAGNOSE_BYTES + 1)
    except AdapterError:
        return
    if len(data) > _JSON_DIAGNOSE_BYTES:
        return
    try:
        json.loads(data.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise AdapterError(msg, source=source, line=exc.lineno) from None
    except (RecursionError, ValueError):
        return


def _load(adapter: Adapter, source: str, config: Config) -> list[Event]:
    """``adapter.load``, with any failure reported as bad input (exit 2), never as a traceback.

    Adapters should raise :class:`AdapterError` themselves; this is the net under the ones that do not
    (a parser's ``ValueError`` on a hostile file), so CI never reads a crash as "target missed".
    """
    try:
        return adapter.load(source, config)
    except (GenderlensError, MemoryError):
        raise
    except Exception as exc:
        msg = f"the {adapter.name} adapter cannot read it ({type(exc).__name__}: {exc})"
        raise AdapterError(msg, source=source) from exc


def load_sources(
    sources: Sequence[str], pm: pluggy.PluginManager, config: Config, *, adapter: str | None = None
) -> list[Event]:
    """Read every source; the first bad one raises :class:`AdapterError` and nothing is returned."""
    adapters = collect_adapters(pm)
    events: list[Event] = []
    for source in sources:
        with file_limit(config.limits.max_file_bytes):
            picked = pick_adapter(source, adapters, adapter)
            if "://" not in source:
                check_file(source)  # whichever adapter reads it: no FIFO, device or oversized file
            found = _load(picked, source, config)
        if not found:
            msg = "no event found"
            raise AdapterError(msg, source=source)
        events.extend(found)
    return events


def unresolved_names(event: Event) -> tuple[str, ...]:
    """Names of programme people whose resolved gender is ``unknown``, once each, in programme order.

    People who chose not to say (``undisclosed``) are left out: nobody should ask them again.
    Registrations carry no names, so only programme roles can appear.
    """
    seen: dict[str, str] = {}
    for p in event.all_participants():
        if p.person.gender is Gender.UNKNOWN and p.person.name and p.person.key not in seen:
            seen[p.person.key] = p.person.name
    return tuple(seen.values())


def unresolved_people(event: Event) -> tuple[UnknownPerson, ...]:
    """:func:`unresolved_names` with the sessions and roles each person appears in."""
    from genderlens.roster_template import unknown_people

    return tuple(
        UnknownPerson(name=u.name, appearances=tuple(Appearance(session=s, role=r) for s, r in u.appearances))
        for u in unknown_people([event])
        if u.name
    )


def inference_flags(event: Event, results: Sequence[MetricResult]) -> list[Flag]:
    """A warning when more than half of the known genders were inferred from names, not declared.

    It never changes the verdict: it tells the reader how much the figures rest on guesses.
    """
    flags = []
    for r in results:
        if r.scope != "event" or r.metric not in ("people", "registrations") or not r.sources:
            continue
        inferred = r.sources.get(GenderSource.INFERRED.value, 0)
        known = r.counts.known
        if known and inferred * 2 > known:
            noun = "people in the programme" if r.metric == "people" else "registrations"
            flags.append(
                Flag(
                    event_id=event.id,
                    event_title=event.title,
                    rule="mostly_inferred",
                    metric=r.metric,
                    message=f"{inferred} of the {known} known genders of {noun} were inferred from names, "
                    "not declared: the result rests mostly on guesses",
                    severity="warning",
                )
            )
    return flags


#: At most this many unrecognised answers are listed, each cut to this many characters: they are free
#: text typed by people.
MAX_UNRECOGNISED = 12
MAX_ANSWER_CHARS = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _shown(answer: str) -> str:
    text = " ".join(_CONTROL.sub(" ", answer).split())
    return text if len(text) <= MAX_ANSWER_CHARS else text[: MAX_ANSWER_CHARS - 1] + "…"


def unrecognised_answers(event: Event, reader: AnswerReader, *, min_cell: int = 0) -> dict[str, int]:
    """Declared answers that ``reader`` does not recognise -> how many gave each, most frequent first.

    Programme people count once each (by key); registrations by their count (active ones only, as in
    the registration metrics). At most :data:`MAX_UNRECOGNISED` answers are listed, cut to
    :data:`MAX_ANSWER_CHARS` characters and without control characters; with ``min_cell``, an answer
    given fewer times is not listed either (its text could identify the person who typed it). The
    answers left out are summed under :data:`OTHER_ANSWERS`.
    """
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for p in event.all_participants():
        answer = p.person.declared_gender
        if answer is not None and (p.person.key, answer) not in seen and reader.unrecognised(answer):
            seen.add((p.person.key, answer))
            counts[_shown(answer)] += 1
    for r in event.registrations:
        if is_active_status(r.status) and reader.unrecognised(r.person.declared_gender):
            counts[_shown(r.person.declared_gender or "")] += r.count
    for t in event.registration_tallies:
        if t.field is None and reader.unrecognised(t.person.declared_gender):
            counts[_shown(t.person.declared_gender or "")] += t.count
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    listed = [(a, n) for a, n in ranked if n >= min_cell and a != OTHER_ANSWERS][:MAX_UNRECOGNISED]
    out = dict(listed)
    rest = sum(counts.values()) - sum(out.values())
    if rest:
        out[OTHER_ANSWERS] = rest
    return out


def conflict_flag(event: Event, *, show_names: bool = False) -> Flag | None:
    """A warning when records of one programme person give different genders (see :mod:`genderlens.resolve`)."""
    people = {p.person.key: p.person for p in event.all_participants() if p.person.decision.conflicting}
    if not people:
        return None
    n = len(people)
    message = (
        f"{n} {'person has' if n == 1 else 'people have'} records giving different genders "
        "(e.g. woman in one session, man in another); counted as unknown"
    )
    names = [p.name for p in people.values() if p.name]
    if show_names and names:
        message += ": " + ", ".join(names)
    return Flag(
        event_id=event.id,
        event_title=event.title,
        rule="conflicting_genders",
        metric="people",
        message=message,
        severity="warning",
    )


@collection_paused()  # a large export's tallies, resolved copies and metrics make no cycles
def report_event(
    event: Event,
    pm: pluggy.PluginManager,
    config: Config,
    *,
    show_names: bool = False,
    roster: Roster | None = None,
    reader: AnswerReader | None = None,
) -> EventReport:
    """Resolve genders in ``event``, run every metric and judge the results.

    Args:
        event: The event as read by an adapter.
        pm: Plugin manager providing metrics and gender resolvers.
        config: Targets and rules.
        show_names: Also list the people whose gender is unknown (:attr:`EventReport.unresolved`).
        roster: Self-declared answers kept apart from the programme (see :mod:`genderlens.roster`).
        reader: How declared answers are read; by default the built-in vocabulary, the settings'
            ``genders`` mapping and the event's own one-letter codes.
    """
    if reader is None:
        reader = AnswerReader.for_answers(declared_answers(event), config.genders)
    resolved = resolve_event(event, pm, roster, config, reader=reader)
    results = [r for metric in collect_metrics(pm).values() for r in metric.compute(resolved)]
    read = read_summary(resolved)
    judged = judge(resolved, results, config, read)
    conflicts = conflict_flag(resolved, show_names=show_names)
    return EventReport(
        event_id=event.id,
        event_title=event.title,
        source=event.source,
        edition=event.edition_label,
        verdict=judged.verdict,
        reasons=judged.reasons,
        read=read,
        results=judged.results,
        flags=(*judged.flags, *inference_flags(event, judged.results), *([conflicts] if conflicts else [])),
        unresolved=unresolved_names(resolved) if show_names else (),
        unresolved_people=unresolved_people(resolved) if show_names else (),
        unrecognised_genders=unrecognised_answers(event, reader, min_cell=config.min_cell),
    )


def answer_readers(events: Sequence[Event], config: Config) -> dict[str, AnswerReader]:
    """One :class:`AnswerReader` per source file: its one-letter codes are read from all its events."""
    answers: dict[str, list[str | None]] = {}
    for event in events:
        answers.setdefault(event.source, []).extend(declared_answers(event))
    return {source: AnswerReader.for_answers(found, config.genders) for source, found in answers.items()}


def build_report(events: Sequence[Event], pm: pluggy.PluginManager, config: Config) -> Report:
    """Reports for ``events`` plus the settings used to judge them."""
    settings = config.model_dump(
        mode="json",
        exclude={"columns", "adapter", "source", "lint", "roster", "limits", "role_codes", "encoding", "max_cell_kb"},
    )
    with file_limit(config.limits.max_file_bytes):
        roster = load_roster(roster_paths(config), config.genders)
    readers = answer_readers(events, config)
    return Report(
        genderlens_version=__version__,
        events=tuple(
            report_event(e, pm, config, show_names=config.show_names, roster=roster, reader=readers[e.source])
            for e in events
        ),
        settings=settings,
    )
