"""Large registration exports are reduced to tallies while read; the figures must not change."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.model import Event, GenderSource, Person, Registration
from genderlens.plugins import make_plugin_manager
from genderlens.report import report_event

ROWS = st.lists(
    st.tuples(
        st.sampled_from(["F", "Woman", "M", "homme", "Non-binary", "Prefer not to say", ""]),
        st.sampled_from(["", "Ms", "Mr", "Dr"]),
        st.sampled_from(["", "Kenya", "Peru", "Fiji"]),
        st.sampled_from(["", "Africa", "Americas"]),
        st.sampled_from(["", "Ministry", "Regulator"]),
        st.sampled_from(["Completed", "Withdrawn", "Pending", ""]),
        st.sampled_from(["", "In person", "Remote"]),
        st.sampled_from(["", "yes", "no"]),
    ),
    min_size=1,
    max_size=60,
)
HEADER = ["Gender", "Title", "Country", "Region", "Affiliation", "Registration state", "Participation", "Fellowship"]


def individually(rows) -> Event:
    regs = tuple(
        Registration(
            person=Person(key=f"r{i}", declared_gender=g or None, title=t or None, declared_source=GenderSource.FILE),
            member_state=c or None,
            region=r or None,
            affiliation=a or None,
            status=s or None,
            participation=p or None,
            fellowship={"yes": True, "no": False}.get(f),
        )
        for i, (g, t, c, r, a, s, p, f) in enumerate(rows)
    )
    return Event(id="e", title="E", source="x", registrations=regs)


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_reading_a_csv_gives_the_same_figures_as_individual_registrations(rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "regs.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        [read] = CsvAdapter().load(str(path), Config())
    assert not read.registrations
    pm = make_plugin_manager(entrypoints=False)
    a = report_event(read.model_copy(update={"id": "e", "title": "E"}), pm, Config())
    b = report_event(individually(rows), pm, Config())
    key = lambda rep: sorted(  # noqa: E731
        (r.metric, r.group or "", r.counts.model_dump_json(), r.share.model_dump_json(), str(r.sources))
        for r in rep.results
    )
    assert key(a) == key(b)
