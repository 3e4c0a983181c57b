"""The table reader: a header and rows in, events out (a programme, event-level roles, or registrations)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event
from genderlens.tabular.cells import RoleReader
from genderlens.tabular.layout import Layout, resolve_layout
from genderlens.tabular.programme import EventBuild, ProgrammeBuilder, build_sessions
from genderlens.tabular.registrations import columns_of, count_registrations, registration_tallies
from genderlens.tabular.rowcount import Columns, Margins


class TableReader:
    """Reads rows into events; feed it the header, then ``(line_number, row)`` pairs."""

    def __init__(self, source: str, config: Config, *, name_commas: Literal["split", "affiliation"] = "split") -> None:
        """Prepare to read ``source`` with ``config``'s column mapping.

        Args:
            source: File name for messages and the event title.
            config: Column mapping and settings.
            name_commas: How a comma in a name cell is read (see :func:`~genderlens.tabular.cells.split_people`).
        """
        self.source = source
        self.config = config
        self.name_commas: Literal["split", "affiliation"] = name_commas
        self.events: dict[str, EventBuild] = {}
        self.layout: Layout | None = None

    def read(
        self,
        header: Sequence[str],
        rows: Iterable[tuple[int, Sequence[str]]],
        *,
        sample_size: int = 50,
        bulk: Callable[[Columns], Margins | None] | None = None,
    ) -> list[Event]:
        """Read every row and return the events found, in file order.

        Args:
            header: The header row.
            rows: ``(line_number, row)`` pairs.
            sample_size: Rows looked at to tell what the columns hold.
            bulk: For a registration list, counts every row of the file another way (in parallel) and
                returns the margins, or ``None`` to have ``rows`` read here instead.
        """
        iterator = _without_repeated_header(header, rows)
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
            and not layout.groups
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
        roles = RoleReader(self.config.role_codes, settings=self.config.source)
        builder = ProgrammeBuilder(self.source, layout, self.events, name_commas=self.name_commas, roles=roles)
        # A programme; or people without sessions (a meeting's chairs, a list of speakers): never registrations.
        if programme or layout.groups or layout.speaker_list or "role" in f:
            for line, row in sample:
                builder.add_row(line, row, programme)
            for line, row in iterator:
                builder.add_row(line, row, programme)
        else:
            margins = bulk(columns_of(layout)) if bulk is not None else None
            if margins is None:
                margins = count_registrations(layout, self.source, sample, iterator)
            for name, tallies in registration_tallies(margins).items():
                builder.event(name).registration_tallies = tallies
        return self._events()

    def _events(self) -> list[Event]:
        stem = self.source.rsplit("/", 1)[-1]
        people_fields = self.layout.people_headers if self.layout is not None else ()
        out = []
        for key, ev in self.events.items():
            sessions = build_sessions(ev)
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
                    registration_tallies=ev.registration_tallies,
                    people_fields=people_fields,
                )
            )
        return out


def _without_repeated_header(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]
) -> Iterator[tuple[int, Sequence[str]]]:
    """``rows`` less copies of the header row (exports pasted together repeat it): never a person called
    "Speaker" with the answer "Gender". The first cell is compared as is first, so other rows cost one
    comparison."""
    first = header[0] if header else None
    wanted = [h.strip().casefold() for h in header]
    for line, row in rows:
        if row and row[0] == first and [c.strip().casefold() for c in row] == wanted:
            continue
        yield line, row
