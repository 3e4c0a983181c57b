"""Small-cell suppression that a reader cannot undo by arithmetic: one decision, used by every format.

:func:`suppress` looks at a whole :class:`~genderlens.model.Report` once and returns a
:class:`Suppression`: for every result row, which count cells are hidden, whether the share, its
interval, the coverage, the total and the minutes are hidden, and which provenance counts are hidden.
Every renderer (table, JSON, CSV, Markdown, JUnit, HTML, badge) asks it instead of deciding alone.

The rules follow the frequency-rule cell suppression used by statistics offices (Hundepool et al.,
*Handbook on Statistical Disclosure Control*, ESSnet/Eurostat, ch. 5 "Frequency tables"; Statistics
Austria's sdcTable ``primarySuppression(type = "freq")``; Statistics Norway's GaussSuppression
``SuppressSmallCounts``):

1. **Primary suppression.** A count ``0 < n < min_cell`` is hidden. When a row's total is below
   ``min_cell`` every cell of the row is hidden, zeros included (sdcTable's ``allowZeros``): "0 women,
   <5 men" would tell that every person in the row is a man.
2. **Everything computed from a hidden cell is hidden.** A row with a hidden cell loses its coverage,
   total (``n=``) and provenance counts. When the hidden cell is a gender (women, men, non-binary) the
   row also loses its share of women, interval and speaking minutes, its zero cells are hidden for the
   reason above, and flag messages about it lose their counts and shares ("no woman among <5
   chair(s)"). When only people of unknown or undisclosed gender are few, both of those cells are hidden
   but the share stays: it is computed from known genders alone and says nothing about those people.
3. **Secondary (complementary) suppression in the row.** A row total can be worked out elsewhere (the
   provenance counts add up to it, a breakdown's groups add up to the event's row), so a row never holds
   a lone hidden non-zero cell: the smallest shown non-zero cell is hidden with it, until two are hidden
   or none is left. France with 1 woman and 6 men shows neither number.
4. **Secondary suppression in the column.** Some rows add up to a published total: the groups of one
   breakdown (registrations by member state, region...) to the event's registrations; the speaking roles
   to the speakers; the leadership roles (chair, moderator...) to leadership; speakers and leadership to
   everyone in the programme. A gender column in which exactly one term of such a sum is hidden would
   give it away by subtraction, so a second term hides it too: a row already suppressed if any, else
   the smallest count among the parts, else the total (for "everyone in the programme", the total
   first: it is the least read row). A roll-up of several events (:mod:`genderlens.rollup`) publishes
   more such sums, across events (``links``): its totals, years and series add up the events' rows, and
   the totals add up the years and the series; there too the sum is the partner hidden first. Rules 3
   and 4 are repeated until nothing changes: every hidden cell then has a partner in its row and in each
   sum it belongs to, the classic necessary condition.

Hidden cells are shown as ``<N`` when the true count is below ``N`` (which is then true of zeros too) and
as ``[c]`` ("confidential", the UK Government Statistical Service's symbol) otherwise.

Residual risk, documented rather than solved (it needs a linear-programming audit such as sdcTable's
``protectTable``): the partner rule is necessary, not sufficient, when several breakdowns of the same
registrations (by member state *and* by region) can be linked; session rows are not protected against the
event-wide speaker count (a person may speak in several sessions, so the rows do not add up exactly); a zero
in a shown total is a zero in each of its parts ("0 women among 71 speakers" says no keynote is a woman),
which is what the total means; and a flag states its rule's outcome ("all-male panel") by design, with
the counts hidden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from genderlens.model import LEADERSHIP_ROLES, SPEAKING_ROLES, EventReport, Flag, MetricResult, Report

#: Count fields of :class:`~genderlens.model.Counts`, in display order.
FIELDS = ("woman", "man", "nonbinary", "undisclosed", "unknown")
#: The cells a share of women is computed from.
GENDERED = frozenset({"woman", "man", "nonbinary"})
#: People whose gender is not known: never in a share.
NOT_KNOWN = frozenset({"undisclosed", "unknown"})
#: Shown for a hidden cell whose true count is ``min_cell`` or more.
CONFIDENTIAL = "[c]"


@dataclass(frozen=True)
class RowMask:
    """What one result row hides."""

    cells: frozenset[str] = frozenset()
    """Hidden count fields (of :data:`FIELDS`). When non-empty, coverage and the total are hidden too;
    when it holds a :data:`GENDERED` field, so are the share of women, its interval and the minutes."""
    sources: frozenset[str] = frozenset()
    """Hidden provenance keys (``declared``, ``none``...)."""

    @property
    def suppressed(self) -> bool:
        """True when anything in the row is hidden."""
        return bool(self.cells or self.sources)


_OPEN = RowMask()


@dataclass
class _Row:
    counts: dict[str, int]
    hidden: set[str] = field(default_factory=set)


def _primary(counts: dict[str, int], min_cell: int) -> set[str]:
    total = sum(counts.values())
    if 0 < total < min_cell:
        return set(counts)
    return {k for k, v in counts.items() if 0 < v < min_cell}


def _complete_row(row: _Row) -> bool:
    """Rules 2 and 3 on one row; True when it hid something more."""
    if not row.hidden:
        return False
    before = len(row.hidden)
    if row.hidden & GENDERED:
        row.hidden |= {k for k, v in row.counts.items() if v == 0}
        shown = sorted((v, k) for k, v in row.counts.items() if k not in row.hidden)
        while sum(row.counts[k] > 0 for k in row.hidden) < 2 and shown:
            row.hidden.add(shown.pop(0)[1])
    else:
        row.hidden |= NOT_KNOWN
    return len(row.hidden) > before


@dataclass
class _Relation:
    """``margin = sum(parts)``: a published total and the rows that add up to it (at least roughly)."""

    margin: _Row
    parts: list[_Row]
    margin_first: bool = False
    """Hide a partner cell in the margin rather than in a part (the margin is the less read row)."""

    def complete(self) -> bool:
        """Rule 4 on one relation: no field with exactly one hidden term; True when it hid more."""
        changed = False
        members = [*self.parts, self.margin]
        for key in FIELDS:
            if sum(key in r.hidden for r in members) != 1:
                continue
            candidates = [r for r in members if key not in r.hidden]
            partner = min(
                candidates,
                key=lambda r: (
                    not r.hidden,
                    (r is self.margin) != self.margin_first,
                    r.counts[key] == 0,
                    r.counts[key],
                ),
            )
            partner.hidden.add(key)
            changed = True
        return changed


def _protect(rows: list[_Row], relations: list[_Relation]) -> None:
    """Rules 3 and 4 over all rows and relations, to a fixed point (cells are only ever added)."""
    changed = True
    while changed:
        changed = False
        for row in rows:
            changed |= _complete_row(row)
        for relation in relations:
            changed |= relation.complete()


def _relations(ev: EventReport) -> list[tuple[MetricResult, list[MetricResult], bool]]:
    """The published totals of ``ev`` and the rows that add up to them: ``(margin, parts, margin_first)``.

    A breakdown's groups add up to the event's registrations; the speaking roles to the speakers; the
    leadership roles to leadership; speakers and leadership to everyone in the programme (roughly: a
    person in several roles is counted once in each total, which only makes the sums less exact).
    """
    out: list[tuple[MetricResult, list[MetricResult], bool]] = []
    breakdowns: dict[str, list[MetricResult]] = defaultdict(list)
    for r in ev.results:
        if r.scope == "group":
            breakdowns[r.metric].append(r)
    for metric, groups in breakdowns.items():
        margin = ev.result(metric.split("_by_")[0])
        if margin is not None:
            out.append((margin, groups, False))
    for total, roles in (("speakers", SPEAKING_ROLES), ("leadership", LEADERSHIP_ROLES)):
        margin = ev.result(total)
        parts = [p for role in sorted(roles) if (p := ev.result(f"role_{role.value}")) is not None]
        if margin is not None and parts:
            out.append((margin, parts, False))
    people = ev.result("people")
    parts = [p for m in ("speakers", "leadership") if (p := ev.result(m)) is not None]
    if people is not None and parts:
        out.append((people, parts, True))
    return out


def _sources_mask(sources: dict[str, int] | None, min_cell: int, row_hidden: bool) -> frozenset[str]:
    if not sources:
        return frozenset()
    if row_hidden:
        return frozenset(sources)
    row = _Row(dict(sources), {k for k, v in sources.items() if 0 < v < min_cell})
    if row.hidden:
        shown = sorted((v, k) for k, v in sources.items() if k not in row.hidden)
        while len(row.hidden) < 2 and shown:
            row.hidden.add(shown.pop(0)[1])
    return frozenset(row.hidden)


#: A published total across events: ``(margin, parts, margin_first)``, as :func:`_relations` gives within one.
Link = tuple[MetricResult, Sequence[MetricResult], bool]


class Suppression:
    """The suppression decisions for every result of some events (see the module docstring).

    Rows are looked up by identity, so ask about the very :class:`MetricResult` objects of the events
    it was built from.

    ``links`` are sums across events (a roll-up's totals, whose terms are each event's row; see
    :func:`genderlens.rollup.summary_suppression`): their rows must belong to ``events``, and rule 4 then
    holds for them too, decided together with every event's own sums.
    """

    def __init__(self, events: Iterable[EventReport], min_cell: int, links: Iterable[Link] = ()) -> None:
        self.min_cell = min_cell
        self._events = tuple(events)  # keeps the results alive, so their ids stay unique
        self._masks: dict[int, RowMask] = {}
        if min_cell > 1:
            self._decide(tuple(links))

    def _decide(self, links: tuple[Link, ...]) -> None:
        results = {id(r): r for ev in self._events for r in ev.results}
        rows = {
            i: _Row(r.counts.model_dump(), _primary(r.counts.model_dump(), self.min_cell)) for i, r in results.items()
        }
        relations = [rel for ev in self._events for rel in _relations(ev)] + list(links)
        _protect(
            list(rows.values()),
            [_Relation(rows[id(m)], [rows[id(p)] for p in ps], first) for m, ps, first in relations],
        )
        for i, r in results.items():
            cells = frozenset(rows[i].hidden)
            mask = RowMask(cells, _sources_mask(r.sources, self.min_cell, bool(cells)))
            if mask.suppressed:
                self._masks[i] = mask

    def mask(self, r: MetricResult) -> RowMask:
        """What ``r`` hides."""
        return self._masks.get(id(r), _OPEN)

    def hides(self, r: MetricResult) -> bool:
        """True when ``r``'s share of women, its interval and its minutes are hidden."""
        return bool(self.mask(r).cells & GENDERED)

    def hides_total(self, r: MetricResult) -> bool:
        """True when ``r``'s total (``n=``) and coverage are hidden."""
        return bool(self.mask(r).cells)

    def marker(self, n: int) -> str:
        """How a hidden count ``n`` is shown: ``<N`` when below ``min_cell``, else ``[c]``."""
        return f"<{self.min_cell}" if n < self.min_cell else CONFIDENTIAL

    def value(self, r: MetricResult, *fields: str) -> int | None:
        """The sum of ``fields`` of ``r``'s counts, or ``None`` when any of them is hidden."""
        if self.mask(r).cells & set(fields):
            return None
        return sum(int(getattr(r.counts, f)) for f in fields)

    def count(self, r: MetricResult, *fields: str) -> str:
        """The sum of ``fields`` as text, or its :meth:`marker` when any of them is hidden."""
        shown = self.value(r, *fields)
        return self.marker(sum(getattr(r.counts, f) for f in fields)) if shown is None else str(shown)

    def counts(self, r: MetricResult) -> list[str]:
        """Women, men, non-binary and unknown (undisclosed + unknown) as shown in tables."""
        return [
            self.count(r, "woman"),
            self.count(r, "man"),
            self.count(r, "nonbinary"),
            self.count(r, "undisclosed", "unknown"),
        ]

    def total(self, r: MetricResult) -> str:
        """``r``'s head count as text, or its marker when the row is suppressed."""
        return self.marker(r.counts.total) if self.hides_total(r) else str(r.counts.total)

    def sources(self, r: MetricResult) -> dict[str, int | None] | None:
        """``r.sources`` with hidden counts as ``None``."""
        if r.sources is None:
            return None
        hidden = self.mask(r).sources
        return {k: None if k in hidden else v for k, v in r.sources.items()}

    def json_row(self, r: MetricResult) -> dict[str, Any]:
        """``r`` as JSON-ready data with what it hides as ``null`` and ``suppressed`` set (the JSON format's row)."""
        row: dict[str, Any] = r.model_dump(mode="json", exclude_none=True)
        if not self.mask(r).suppressed:
            return row
        row["suppressed"] = True
        row["counts"] = {k: self.value(r, k) for k in r.counts.model_dump()}
        if r.sources is not None:
            row["sources"] = self.sources(r)
        if self.hides_total(r):
            row["coverage"] = None
        if self.hides(r):
            row["share"] = {"value": None, "low": None, "high": None}
            if r.minutes is not None:
                row["minutes"] = None
        return row

    def subject(self, f: Flag, ev: EventReport) -> MetricResult | None:
        """The result row a flag is about."""
        for r in ev.results:
            if f.session_id is not None:
                if r.scope == "session" and r.session_id == f.session_id and r.metric == f.metric:
                    return r
            elif f.group is not None:
                if r.scope == "group" and r.group == f.group and r.metric == f.metric:
                    return r
            elif r.scope == "event" and r.metric == f.metric:
                return r
        return None

    def flag_message(self, f: Flag, ev: EventReport) -> str:
        """``f.message`` with the counts and shares of a suppressed subject hidden.

        Numbers that come from the settings (those in ``f.expected``: the band, the minimum share) stay.
        A flag whose row is not found loses its counts below ``min_cell``, as a safe default.
        """
        if self.min_cell <= 1:
            return f.message
        subject = self.subject(f, ev)
        if subject is not None and not self.mask(subject).cells:
            return f.message
        keep = set(_NUMBER.findall(f.expected or ""))

        def hide(m: re.Match[str]) -> str:
            token = m.group(0)
            if token in keep:
                return token
            if token.endswith("%") or "." in token:
                return CONFIDENTIAL
            n = int(token)
            if subject is None:
                return self.marker(n) if 0 < n < self.min_cell else token
            return self.marker(n)

        text = f.message if subject is None or not self.hides(subject) else _SHARE.sub("share hidden", f.message)
        # A share that stays shown keeps its numbers; every other number is judged by ``hide``.
        parts = _SHARE_SPLIT.split(text)
        return "".join(p if i % 2 else _NUMBER.sub(hide, p) for i, p in enumerate(parts))

    def read_counts(self, ev: EventReport) -> dict[str, int | None]:
        """What was read (people, registrations, and how many of each have a known gender), ``None`` if hidden.

        A count below ``min_cell`` is hidden; when the unknown ones (the difference) are that few, or when
        the matching result row (``people``, ``registrations``) hides its total, both numbers of the pair
        are hidden: the table would otherwise show what the row hides.
        """
        r = ev.read
        out: dict[str, int | None] = {}
        for total, known in (("people", "people_known"), ("registrations", "registrations_known")):
            n, k = getattr(r, total), getattr(r, known)
            row = ev.result(total)
            both = self.min_cell > 1 and (0 < n - k < self.min_cell or (row is not None and self.hides_total(row)))
            out[total] = None if both or 0 < n < self.min_cell else n
            out[known] = None if both or 0 < k < self.min_cell else k
        return out

    def reason(self, text: str, ev: EventReport) -> str:
        """A verdict reason with what suppression hides taken out.

        A reason about one figure (``"speakers: gender known for 2 of 7 people (coverage 28.6%)..."``)
        loses its numbers when that figure's row hides anything, but the share of women when that is
        shown. In any reason, a pair ``K of N`` whose ``K``, ``N`` or ``N - K`` is below ``min_cell``, or
        that :meth:`read_counts` hides, loses those numbers and every percentage computed from them.
        Settings (``needs 5 or more``, ``at least 50.0% needed``, ``50.0% coverage``) stay.
        """
        if self.min_cell <= 1:
            return text
        prefix = re.match(r"(\w+): ", text)
        subject = ev.result(prefix.group(1)) if prefix else None
        masked = subject is not None and bool(self.mask(subject).cells)
        small: set[int] = set()
        read = self.read_counts(ev)
        for m in _PAIR.finditer(text):
            k, n = int(m.group(1)), int(m.group(2))
            noun = text[m.end() :].split(maxsplit=1)[:1]
            hidden_read = noun in (["people"], ["registrations"]) and None in (read[noun[0]], read[noun[0] + "_known"])
            if hidden_read or 0 < n - k < self.min_cell:
                small |= {m.start(1), m.start(2)}
            small |= {m.start(i) for i, v in ((1, k), (2, n)) if 0 < v < self.min_cell}
        if not masked and not small:
            return text
        keep = _SETTING.pattern + (f"|{_SHARE.pattern}" if subject is not None and not self.hides(subject) else "")

        def hide(m: re.Match[str]) -> str:
            token = m.group(0)
            if token.endswith("%") or "." in token:
                return CONFIDENTIAL
            if masked or m.start() + offset in small:
                return self.marker(int(token))
            return token

        out = []
        offset = 0
        for i, part in enumerate(re.split(f"({keep})", text)):
            out.append(part if i % 2 else _NUMBER.sub(hide, part))
            offset += len(part)
        return "".join(out)


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?%?")
_PAIR = re.compile(r"\b(\d+) of (\d+)\b")
#: Numbers in a reason that come from the settings, not from the data.
_SETTING = re.compile(r"(?:needs|at least) \d+(?:\.\d+)?%?|\d+(?:\.\d+)?%? (?:or more|coverage|needed)")
_SHARE = re.compile(r"\d+(?:\.\d+)?% women(?: \(95% CI [^)]*\))?")
_SHARE_SPLIT = re.compile(f"({_SHARE.pattern})")


def suppress(report: Report, min_cell: int) -> Suppression:
    """The :class:`Suppression` of every row of ``report`` at ``min_cell`` (0 or 1: nothing hidden)."""
    return Suppression(report.events, min_cell)
