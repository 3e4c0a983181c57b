"""Count a large CSV registration export on every core: byte ranges of the file, one worker process each.

The file is cut after a line break where the count of ``"`` before it is even, so that no cut falls
inside a quoted cell; each worker reads its range with the :mod:`csv` module and counts it into
:class:`~.rowcount.Margins`; the parent adds them up (sums are associative). Workers are fresh
interpreters (``python -c``, no ``fork``) that import only the standard library and this package's
light modules.

A worker that meets anything unusual (an undecodable byte, a lone CR, a bad fellowship cell, a cell over
the size limit, a quote that swallows rows, a range that does not end where a row ends) gives up, and the
file is read serially instead, which reports the problem with its line as always (or reads a lone CR as a
space): a wrong file is never counted here, and its message does not depend on how the file was cut.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from itertools import chain, islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from genderlens.gcpause import collection_paused
from genderlens.tabular.rowcount import Columns, FellowshipError, Margins, RowCounter
from genderlens.tabular.runaway import swallowed_lines

if TYPE_CHECKING:
    import subprocess

# pickle and subprocess (~5 ms) are imported where they are used: this module is imported to ask whether a
# registration list is large enough to be read here (:data:`MIN_BYTES`), and most are not.

#: Files with fewer bytes of rows than this are read serially: starting workers costs ~50 ms of CPU each.
MIN_BYTES = 8 << 20
#: Rows per batch (a worker's peak memory grows with it: 71 MB at 5,000, 89 MB at 20,000, measured apart),
#: and bytes read at a time.
BATCH = 5_000
BLOCK = 1 << 20
#: A line that no file holds, appended to a range to check that the range ends where a row ends.
SENTINEL = "\ue000genderlens: end of range\ue000"
#: Encodings (as :func:`codecs.lookup` names them) whose ``"`` and line feed bytes only ever mean those
#: characters and start none (the trail bytes of GBK, Big5 and Shift-JIS are 0x30 and above); not UTF-16.
SPLITTABLE = frozenset({"utf-8", "utf-8-sig", "cp1252", "cp1251", "iso8859-1", "ascii", "gb18030", "big5", "cp932"})


@dataclass(frozen=True)
class Job:
    """One worker's share of the file."""

    path: str
    encoding: str
    delimiter: str
    start: int
    end: int
    last: bool
    """The range ends at the end of the file (no sentinel is needed)."""
    columns: Columns
    header_width: int
    max_cell: int
    """``csv.field_size_limit``, in characters."""


def workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return os.cpu_count() or 1


class FileBytes:
    """The bytes of an open file, read a block at a time: what :func:`cuts` needs of them (``find`` and
    slices), without mapping the file into memory (a mapped file's pages count as the process's memory).
    """

    def __init__(self, fd: int) -> None:
        """Read from the open file descriptor ``fd`` (with ``os.pread``: its offset is not moved)."""
        self.fd = fd

    def __getitem__(self, span: slice) -> bytes:
        """``data[start:stop]``."""
        return os.pread(self.fd, span.stop - span.start, span.start)

    def find(self, sub: bytes, start: int, end: int) -> int:
        """The offset of the first one-byte ``sub`` in ``[start, end)``, or -1."""
        for a in range(start, end, BLOCK):
            found = self[a : min(a + BLOCK, end)].find(sub)
            if found != -1:
                return a + found
        return -1


def cuts(data: bytes | FileBytes, start: int, end: int, parts: int) -> list[int]:
    """Offsets that cut ``data[start:end]`` into about ``parts`` ranges, each after a line break outside quotes.

    A cut is never inside a quoted cell when cells are quoted as CSV quotes them (an odd number of
    ``"`` before a line break means the break is inside one). A file quoted otherwise may be cut
    badly; the worker finds out (see :func:`count_range`) and the file is read serially.
    """
    out = [start]
    pos, odd = start, False
    for k in range(1, parts):
        target = start + (end - start) * k // parts
        if target <= pos:
            continue
        line = data.find(b"\n", target, end)
        while line != -1:
            odd ^= _quotes(data, pos, line) % 2 == 1
            pos = line
            if not odd:
                break
            quote = data.find(b'"', pos, end)  # the quote that closes the cell
            if quote == -1:
                line = -1
                break
            odd, pos = False, quote + 1
            line = data.find(b"\n", pos, end)
        if line == -1 or line + 1 >= end:
            break
        pos = line + 1
        out.append(pos)
    out.append(end)
    return out


def _quotes(data: bytes | FileBytes, start: int, end: int) -> int:
    """The number of ``"`` in ``data[start:end]``, a block at a time."""
    return sum(data[a : min(a + BLOCK, end)].count(b'"') for a in range(start, end, BLOCK))


class LoneCRError(ValueError):
    """The range holds a CR that is not part of a CRLF: the serial reader reads it as a space."""


def lone_cr(block: bytes, cr: bytes) -> tuple[bool, bytes]:
    """Whether ``cr + block`` holds a CR that is not part of a CRLF (at C speed), and the CR it ends with.

    A block read from a file may end between the CR and the LF of a CRLF: its last CR is handed back
    (``b"\\r"``, else ``b""``) to be passed as ``cr`` with the next block; one left after the last block
    is a lone CR.
    """
    seen = cr + block
    cr = b"\r" if seen.endswith(b"\r") else b""
    crs = seen.count(b"\r") - len(cr)
    return crs > 0 and crs != seen.count(b"\r\n"), cr


def _texts(job: Job) -> Iterator[str]:
    """The job's range decoded, whole lines at a time, then :data:`SENTINEL` unless the range ends the file.

    Raises:
        LoneCRError: The range holds a lone CR (looked for in the bytes, before they are decoded).
    """
    decoder = codecs.getincrementaldecoder("utf-8" if job.encoding == "utf-8-sig" else job.encoding)()
    carry = ""
    cr = b""  # a CR that ended the previous block: part of a CRLF only if the next block starts with LF
    with Path(job.path).open("rb") as fh:
        fh.seek(job.start)
        left = job.end - job.start
        while left > 0:
            block = fh.read(min(BLOCK, left))
            if not block:
                break
            left -= len(block)
            found, cr = lone_cr(block, cr)
            if found:
                raise LoneCRError
            # Whole lines only: the csv module ends a record at the end of each string it is given.
            text = carry + decoder.decode(block, final=left <= 0)
            cut = text.rfind("\n") + 1
            carry = text[cut:]
            yield text[:cut]
    if cr:
        raise LoneCRError
    if carry:
        yield carry
    if not job.last:
        yield SENTINEL + "\n"


def _lines(job: Job) -> Iterator[str]:
    """The lines of the job's range (see :func:`_texts`), split by C code rather than a generator per line."""
    return chain.from_iterable(map(_line_reader, _texts(job)))


def _line_reader(text: str) -> io.StringIO:
    return io.StringIO(text, newline="")


def count_range(job: Job) -> Margins | None:
    """Count the rows of the job's range, or ``None`` when the file must be read serially instead."""
    csv.field_size_limit(job.max_cell)
    counter = RowCounter(job.columns)
    reader = csv.reader(_lines(job), delimiter=job.delimiter)
    ended = False
    try:
        while True:
            before = reader.line_num
            batch = list(islice(reader, BATCH))
            size = len(batch)
            if batch and not job.last and batch[-1] == [SENTINEL]:
                batch.pop()
                ended = True
            if reader.line_num - before != size and _runaway(batch, job):
                return None
            counter.count(batch)
            if size < BATCH:
                break
    except (csv.Error, FellowshipError, UnicodeDecodeError, LoneCRError):
        return None
    return counter.margins if ended or job.last else None


def _runaway(rows: Sequence[Sequence[str]], job: Job) -> bool:
    return any(swallowed_lines(cell, job.delimiter, job.header_width) for row in rows for cell in row if "\n" in cell)


def count_file(job: Job, *, parts: int | None = None) -> Margins | None:
    """Count ``job``'s whole range in parallel, or ``None`` when it should be read serially.

    ``None`` when the range is small (under :data:`MIN_BYTES`), only one CPU is free, the encoding is
    not :data:`SPLITTABLE`, this is not a Python that can start workers, workers could not be started
    or talked to, or a worker gave up.
    """
    parts = parts or workers()
    if (
        parts < 2
        or job.end - job.start < MIN_BYTES
        or codecs.lookup(job.encoding).name not in SPLITTABLE
        or not Path(sys.executable or "").name.startswith("python")
    ):
        return None
    try:
        with ExitStack() as stack:
            procs = _start(stack, parts)  # first: their interpreters start while the file is cut
            with Path(job.path).open("rb") as fh:
                offsets = cuts(FileBytes(fh.fileno()), job.start, job.end, parts)
            if len(offsets) < 3:
                return None  # the workers are stopped on the way out
            jobs = [replace(job, start=a, end=b, last=job.last and b == job.end) for a, b in pairwise(offsets)]
            return gather(jobs, procs[: len(jobs)])
    except OSError:  # no process could be started (a process limit, no memory), a worker's pipe broke
        return None


def _start(stack: ExitStack, n: int) -> list[subprocess.Popen[bytes]]:
    """Start ``n`` workers, each waiting for its job on stdin; ``stack`` stops those still running at its exit."""
    # -P: not the working directory first on the module path (a ./genderlens there must not be imported);
    # -E, -I are not used, so that PYTHONPATH finds this very genderlens. A worker that fails to start
    # gives no margins, and the file is read serially.
    import subprocess  # see the imports

    command = [sys.executable, "-P", "-c", "from genderlens.tabular.parallel import serve; serve()"]
    procs = [
        stack.enter_context(
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        )
        for _ in range(n)
    ]
    for proc in procs:
        stack.callback(_end, proc)
    return procs


@collection_paused()  # unpickling the margins makes ~300k tuples and no cycles
def gather(jobs: Sequence[Job], procs: Sequence[subprocess.Popen[bytes]] | None = None) -> Margins | None:
    """Run each job in a worker process at once and add up their margins (``None`` if any gave up).

    ``procs``: workers already started (see :func:`_start`), one per job; by default they are started here.
    """
    import pickle  # see the imports

    total: Margins | None = None
    with ExitStack() as stack:
        if procs is None:
            procs = _start(stack, len(jobs))
        for proc, job in zip(procs, jobs, strict=True):
            assert proc.stdin is not None  # noqa: S101 (PIPE)
            proc.stdin.write(pickle.dumps(job))
            proc.stdin.close()
        for proc in procs:
            assert proc.stdout is not None  # noqa: S101 (PIPE)
            out = proc.stdout.read()
            proc.wait()
            margins: Margins | None = pickle.loads(out) if proc.returncode == 0 and out else None  # noqa: S301 (ours)
            if margins is None:
                return None  # the workers still running are stopped on the way out
            # Added up as they come, while later workers may still be counting.
            if total is None:
                total = margins
            else:
                total.add(margins)
    return total


def _end(proc: subprocess.Popen[bytes]) -> None:
    """Stop a worker that is still running (the parent is leaving early: an error, Ctrl-C)."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def serve() -> None:
    """A worker's main: a pickled :class:`Job` on stdin, its pickled margins (or ``None``) on stdout."""
    import pickle  # see the imports

    gc.disable()  # a short-lived process whose rows make no cycles (see count_registrations)
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (from the parent process)
    sys.stdout.buffer.write(pickle.dumps(count_range(job), protocol=pickle.HIGHEST_PROTOCOL))
