"""A large registration list is counted in parallel byte ranges: the figures and errors must not change."""

from __future__ import annotations

import codecs
import csv
import io
import random
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genderlens.config import Config
from genderlens.default_plugins.csv_adapter import CsvAdapter
from genderlens.errors import AdapterError
from genderlens.model import INACTIVE_STATES
from genderlens.tabular import parallel
from genderlens.tabular.rowcount import Columns, Margins, RowCounter
from genderlens.tabular.vocabulary import FELLOWSHIP

HEADER = [
    "Name",
    "Gender",
    "Title",
    "Affiliation",
    "Country",
    "Region",
    "Registration state",
    "Participation",
    "Fellowship",
]
COLUMNS = Columns(
    gender=1,
    title=2,
    status=6,
    fellowship=8,
    event=None,
    fields=(4, 5, 3, 7),
    width=9,
    yes_no=FELLOWSHIP,
)
NAMES = ["Ann Lee", 'Bo "Bobby" Chen', "Lovelace, Ada", "Line one\nline two", 'He said "hi,\nthere"', "", "Zoë"]


def rows(seed: int, n: int) -> list[list[str]]:
    rng = random.Random(seed)  # noqa: S311 (test data)
    pick = rng.choice
    return [
        [
            pick(NAMES),
            pick(["F", "Woman", " M ", "homme", "Non-binary", "", "Prefer not to say"]),
            pick(["", "Ms", "Mr", "Dr"]),
            pick(["", "Ministry, of ICT", 'The "Regulator"', "UN\nWomen"]),
            pick(["", "Kenya", "Peru", "Fiji"]),
            pick(["", "Africa", "Americas"]),
            pick(["Completed", "Withdrawn", "Pending", ""]),
            pick(["", "In person", "Remote"]),
            pick(["", "yes", "no", "No"]),
        ]
        for _ in range(n)
    ]


def write(path: Path, body: list[list[str]], *, encoding: str = "utf-8", bom: bool = False) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(body)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


def serially(path: Path, start: int) -> Margins:
    counter = RowCounter(COLUMNS)
    with path.open(encoding="utf-8", newline="") as fh:
        fh.seek(start)
        counter.count(list(csv.reader(fh)))
    return counter.margins


def job(path: Path, start: int) -> parallel.Job:
    return parallel.Job(
        path=str(path),
        encoding="utf-8",
        delimiter=",",
        start=start,
        end=path.stat().st_size,
        last=True,
        columns=COLUMNS,
        header_width=len(HEADER),
        max_cell=100 * 1024,
    )


def in_ranges(path: Path, parts: int) -> tuple[Margins | None, list[int]]:
    """Count ``path``'s rows range by range in this process, as the workers would."""
    whole = job(path, len(path.read_bytes().split(b"\n", 1)[0]) + 1)
    offsets = parallel.cuts(path.read_bytes(), whole.start, whole.end, parts)
    total = Margins()
    for a, b in pairwise(offsets):
        part = parallel.count_range(replace(whole, start=a, end=b, last=b == whole.end))
        if part is None:
            return None, offsets
        total.add(part)
    return total, offsets


def same(a: Margins, b: Margins) -> bool:
    """Equal counts, keys in the same order."""
    return list(a.base.items()) == list(b.base.items()) and all(
        list(x.items()) == list(y.items()) for x, y in zip(a.fields, b.fields, strict=True)
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 80), st.integers(2, 9), st.sampled_from([5, 64, parallel.BLOCK]))
def test_ranges_add_up_to_the_whole_file(tmp_path_factory, seed, n, parts, block):
    path = write(tmp_path_factory.mktemp("p") / "regs.csv", rows(seed, n))
    default, parallel.BLOCK = parallel.BLOCK, block  # small blocks: lines and characters cut between reads
    try:
        counted, offsets = in_ranges(path, parts)
        with path.open("rb") as fh:  # the file read a block at a time is cut where its bytes are
            assert parallel.cuts(parallel.FileBytes(fh.fileno()), offsets[0], offsets[-1], parts) == offsets
    finally:
        parallel.BLOCK = default
    assert counted is not None
    assert same(counted, serially(path, offsets[0]))
    data = path.read_bytes()
    for cut in offsets[1:-1]:  # each cut ends a row: the rows before it parse on their own
        assert data[cut - 1 : cut] == b"\n"
        assert data.count(b'"', offsets[0], cut) % 2 == 0


def test_a_cut_is_moved_past_a_quoted_cell_that_straddles_it(tmp_path):
    body = [["Ann", "F", "", "", "", "", "Completed", "", ""]] * 50
    body = [*body, ["x\n" * 400 + '"quoted"', "M", "", "", "", "", "Completed", "", ""], *body]
    path = write(tmp_path / "regs.csv", body)
    data = path.read_bytes()
    start = data.index(b"\n") + 1
    middle = start + (len(data) - start) // 2
    assert data.count(b'"', start, middle) % 2 == 1  # the middle of the file is inside the quoted cell
    offsets = parallel.cuts(data, start, len(data), 2)
    assert len(offsets) == 3
    assert offsets[1] > middle
    assert data.count(b'"', start, offsets[1]) % 2 == 0
    counted, _ = in_ranges(path, 2)
    assert counted is not None
    assert same(counted, serially(path, start))


def test_a_range_that_does_not_end_a_row_is_noticed(tmp_path):
    # A stray quote inside an unquoted cell is text to the csv module, but it makes the quote count odd,
    # so the cut lands inside the quoted cell that follows: the worker finds its range ends mid-row.
    body = [["Ann", "F", "", '5"2', "", "", "Completed", "", ""]]
    body += [["Ann", "F", "", "", "", "", "Completed", "", ""]] * 40
    body += [["x\n" * 2000, "M", "", "", "", "", "Completed", "", ""]]
    body += [["Bo", "M", "", "", "", "", "Completed", "", ""]]  # one row: too few to look like a runaway quote
    path = write(tmp_path / "regs.csv", body)
    path.write_bytes(path.read_bytes().replace(b'"5""2"', b'5"2'))  # as a careless export writes it
    counted, offsets = in_ranges(path, 2)
    assert len(offsets) == 3
    assert counted is None


@pytest.fixture
def forced(monkeypatch):
    """Parallel from the first byte, in three ranges."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    calls: list[Margins | None] = []
    gather = parallel.gather

    def spy(jobs, procs=None):
        calls.append(result := gather(jobs, procs))
        return result

    monkeypatch.setattr(parallel, "gather", spy)
    return calls


def load(path: Path, config: Config | None = None):
    return CsvAdapter().load(str(path), config or Config())


def serial_load(path: Path, monkeypatch, config: Config | None = None):
    with monkeypatch.context() as m:
        m.setattr(parallel, "MIN_BYTES", 1 << 62)
        return load(path, config)


@pytest.mark.parametrize("bom", [False, True])
def test_parallel_and_serial_reading_give_the_same_events(tmp_path, monkeypatch, forced, bom):
    path = write(tmp_path / "regs.csv", rows(7, 3000), bom=bom)
    expected = serial_load(path, monkeypatch)
    assert load(path) == expected
    assert len(forced) == 1
    assert forced[0] is not None  # read in parallel
    assert sum(t.count for t in expected[0].registration_tallies if t.field == "status") == 3000 - sum(
        1 for r in rows(7, 3000) if not r[6]
    )


def test_utf16_and_small_files(tmp_path, monkeypatch, forced):
    utf16 = write(tmp_path / "utf16.csv", rows(3, 300), encoding="utf-16")
    assert load(utf16) == serial_load(utf16, monkeypatch)
    assert forced == []  # UTF-16 is read serially
    tiny = write(tmp_path / "tiny.csv", rows(3, 2))
    assert load(tiny) == serial_load(tiny, monkeypatch)
    assert len(forced) == 1  # two rows in up to three ranges
    monkeypatch.setattr(parallel, "MIN_BYTES", 8 << 20)
    small = write(tmp_path / "small.csv", rows(3, 300))
    assert load(small) == serial_load(small, monkeypatch)
    assert len(forced) == 1  # under 8 MB: serially


def test_one_cpu_reads_serially(tmp_path, monkeypatch, forced):
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    path = write(tmp_path / "regs.csv", rows(5, 500))
    assert load(path) == serial_load(path, monkeypatch)
    assert forced == []


def bad_at_the_end(tmp_path: Path, cell: tuple[int, str]) -> tuple[Path, int]:
    body = rows(11, 1900) + [["Ann Lee", "F", "Ms", "Ministry", "Kenya", "Africa", "Completed", "Remote", "no"]] * 100
    body[1900] = [*body[1900]]
    body[1900][cell[0]] = cell[1]
    path = write(tmp_path / "regs.csv", body)
    line = 2 + sum(1 + sum(c.count("\n") for c in r) for r in body[:1900])  # the header is line 1
    return path, line


def test_a_bad_cell_in_a_late_range_gives_its_file_line(tmp_path, forced):
    path, line = bad_at_the_end(tmp_path, (8, "maybe"))
    with pytest.raises(AdapterError) as info:
        load(path)
    assert str(info.value) == f"{path}:{line}: Fellowship: cannot read 'maybe' as yes/no"
    assert forced == [None]  # a worker gave up; the serial reading found the line


def test_a_runaway_quote_in_a_late_range_gives_its_file_line(tmp_path, forced):
    path, line = bad_at_the_end(tmp_path, (0, "placeholder"))
    data = path.read_bytes().replace(b"placeholder", b'"Runaway', 1)
    path.write_bytes(data)
    with pytest.raises(AdapterError, match=rf"^{path}:{line}: Name: a quote opened on this line is closed only"):
        load(path)
    assert forced == [None]


def test_the_cell_size_limit_holds_in_parallel(tmp_path, forced):
    path, line = bad_at_the_end(tmp_path, (0, "long " * 400))
    with pytest.raises(AdapterError, match=rf"^{path}:{line}: a cell longer than 1 KiB starts here"):
        load(path, Config(max_cell_kb=1))
    assert forced == [None]


@pytest.mark.parametrize("where", ["head", "late", "end"])
def test_a_lone_cr_is_read_as_a_space_in_any_range(tmp_path, monkeypatch, forced, where):
    # The file is searched for a lone CR only when read serially past its first lines; a worker that finds
    # one gives up, and the serial reading glues the two halves of the line with a space.
    body = rows(13, 3000)
    row = {"head": 3, "late": 2500, "end": 2999}[where]
    body[row] = ["Lone Cr", "F", "Ms", "placeholder", "Kenya", "Africa", "Completed", "Remote", "no"]
    path = write(tmp_path / "regs.csv", body)
    path.write_bytes(path.read_bytes().replace(b"placeholder", b"Ministry\rof ICT"))
    [event] = load(path)
    assert forced == [None]  # a worker gave up
    affiliations = {t.value for t in event.registration_tallies if t.field == "affiliation"}
    assert "Ministry of ICT" in affiliations
    assert not any(v and "\r" in v for v in affiliations)
    assert [event] == serial_load(path, monkeypatch)


def test_a_crlf_cut_between_two_reads_is_not_a_lone_cr(tmp_path, monkeypatch):
    path = write(tmp_path / "regs.csv", rows(17, 200))
    crlf = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    start = crlf.index(b"\n") + 1
    for block in (2, 3, 5, 7):  # some reads end between the CR and the LF
        monkeypatch.setattr(parallel, "BLOCK", block)
        assert parallel.count_range(job(path, start)) is not None
    path.write_bytes(crlf[:-1])  # the file ends in a bare CR
    assert parallel.count_range(job(path, start)) is None


def test_a_programme_with_a_lone_cr_after_its_first_lines(tmp_path):
    from genderlens.default_plugins import csv_adapter

    lines = [b"Session,Name,Title"] + [b"S%d,Speaker %d,Talk" % (i // 3, i) for i in range(3000)]
    lines[2500] = b"S833,Ann\rLee,Talk"
    path = tmp_path / "programme.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    [event] = load(path)
    names = [p.person.name for s in event.sessions for p in s.participants]
    assert "Ann Lee" in names
    assert len(names) == 3000
    assert csv_adapter.HEAD_LINES < 2500  # the lone CR is past the lines read before the file is searched


def test_answers_that_differ_only_in_spaces_are_counted_together_in_row_order():
    counter = RowCounter(COLUMNS)
    blank = ["", "", "", "", ""]
    counter.count([["A", " M ", "Mr", *blank, "no"], ["B", "F", "", *blank, ""], ["C", "F ", " ", *blank, ""]])
    counter.count([["D", "F", "", "Regulator", "Peru", "", "Completed", "", ""], ["E", " M ", "Mr ", *blank, "no"]])
    # (event, gender, title, status, fellowship): raw cells numbered apart, cleaned and added up.
    assert list(counter.margins.base.items()) == [
        ((None, "M", "Mr", None, "0"), 2),
        ((None, "F", None, None, None), 2),
        ((None, "F", None, "Completed", None), 1),
    ]
    # Active rows with a value, by (event, gender, title, value): the status is dropped.
    assert list(counter.margins.fields[0].items()) == [((None, "F", None, "Peru"), 1)]
    counter.count(
        [["F", " F", "", "", " Peru", "", " withdrawn ", "", ""], ["G", "F ", "", "", "Peru", "", "", "", ""]]
    )
    assert list(counter.margins.fields[0].items()) == [((None, "F", None, "Peru"), 2)]


def naive_margins(body: list[list[str]]) -> Margins:
    """The margins by the definition, a row at a time (what RowCounter computes column by column)."""
    margins = Margins()

    def clean(cell: str) -> str | None:
        return cell.strip() or None

    for row in body:
        if not any(cell.strip() for cell in row):
            continue
        _, gender, title, affiliation, country, region, status, participation, fellow = map(clean, row)
        answer = (None, gender, title, status)
        code = None if fellow is None else ("1" if FELLOWSHIP[fellow.casefold()] else "0")
        margins.base[(*answer, code)] += 1
        if (status or "").casefold() in INACTIVE_STATES:
            continue
        for counts, value in zip(margins.fields, (country, region, affiliation, participation), strict=True):
            if value is not None:
                counts[None, gender, title, value] += 1
    return margins


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 120), st.integers(1, 50))
def test_counted_by_columns_as_by_rows(seed, n, batch):
    body = rows(seed, n)
    rng = random.Random(seed)  # noqa: S311 (test data)
    for row in body:  # inactive states, stray spaces
        row[6] = rng.choice([row[6], " withdrawn", "Rejected ", "CANCELLED"])
    counter = RowCounter(COLUMNS)
    for start in range(0, n, batch):
        counter.count(body[start : start + batch])
    assert same(counter.margins, naive_margins(body))


def test_workers_started_for_a_file_that_cannot_be_cut_are_stopped(tmp_path, monkeypatch):
    # The last row's quoted cell holds almost the whole file: no cut outside quotes, so no job for the
    # workers that were started while the file was being cut.
    body = [["Ann", "F", "", "", "", "", "", "", ""], ["x\n" * 5000, "F", "", "", "", "", "Completed", "", ""]]
    path = write(tmp_path / "regs.csv", body)
    started: list = []
    start = parallel._start

    def spy(stack, n):
        started.extend(procs := start(stack, n))
        return procs

    monkeypatch.setattr(parallel, "_start", spy)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    whole = job(path, path.read_bytes().index(b"\n") + 1)
    assert parallel.count_file(whole, parts=3) is None
    assert len(started) == 3
    assert all(proc.poll() is not None for proc in started)  # stopped and reaped


def test_workers_that_cannot_be_started_leave_the_file_to_the_serial_reader(tmp_path, monkeypatch, forced):
    def refused(*args, **kwargs):
        raise BlockingIOError(11, "Resource temporarily unavailable")  # fork() failing with EAGAIN

    path = write(tmp_path / "regs.csv", rows(19, 400))
    expected = serial_load(path, monkeypatch)
    monkeypatch.setattr("subprocess.Popen", refused)
    assert load(path) == expected
