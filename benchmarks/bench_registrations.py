"""End-to-end benchmark of a large registration export: genderlens against an idiomatic pandas script.

Usage::

    python benchmarks/bench_registrations.py                # 1,000,000 rows (generated once, ~15 s)
    python benchmarks/bench_registrations.py --rows 20000   # quick sanity check (a few seconds)
    python benchmarks/bench_registrations.py --file export.csv --repeat 3

Measures, on the same file:

* ``genderlens check FILE --format json`` in a subprocess (interpreter start included);
* ``load_sources`` + ``build_report`` in this process (no start-up, no rendering);
* ``benchmarks/pandas_registrations.py FILE`` in a subprocess, for a fair comparison.

Reports wall time, rows/s and peak memory (max RSS of each child via ``wait4``; for the in-process
run, the growth of this process's max RSS) beside the file size, then checks that all three give the
same counts and exits 1 if they do not, so a broken fast path cannot pass as a fast one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENDERS = ("woman", "man", "nonbinary", "undisclosed", "unknown")
#: ru_maxrss is in kilobytes on Linux, in bytes on macOS.
RSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass
class Run:
    """One measurement."""

    name: str
    seconds: float
    cpu: float
    """User + system CPU seconds: steadier than wall time on a shared machine."""
    peak_bytes: int
    output: str


def run_child(name: str, argv: list[str]) -> Run:
    """Run ``argv`` with stdout to a temporary file; time it and read its own max RSS via ``wait4``."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode != 0:
            sys.exit(f"{name} failed ({proc.returncode}): {' '.join(argv)}\n{err}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(name, seconds, cpu, usage.ru_maxrss * RSS_UNIT, out.read())


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``)."""
    pids = [pid]
    for parent in pids:
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            with contextlib.suppress(OSError):
                pids += [int(c) for c in Path(f"/proc/{parent}/task/{task}/children").read_text().split()]
    return pids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def tree_peak(argv: list[str], interval: float = 0.005) -> int | None:
    """The largest sum of the resident memory of ``argv``'s process and its workers at one moment.

    ``ru_maxrss`` is the largest *single* process's peak; the workers of the parallel reader run beside
    the parent, so their memory adds up. Sampled every ``interval`` seconds from ``/proc`` (a separate,
    untimed run; ``None`` where there is no ``/proc``). Shared pages (the interpreter, libraries) count
    once per process, so the figure errs high.
    """
    if not Path("/proc/self/statm").exists():
        return None
    peak = 0
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        while proc.poll() is None:
            peak = max(peak, sum(_rss(pid) for pid in _tree(proc.pid)))
            time.sleep(interval)
    return peak


def run_in_process(path: str) -> Run:
    """``load_sources`` + ``build_report`` here; peak memory is the growth of this process's max RSS."""
    from genderlens.config import load_config
    from genderlens.plugins import make_plugin_manager
    from genderlens.report import build_report, load_sources

    pm = make_plugin_manager()
    config = load_config(None)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    report = build_report(load_sources([path], pm, config), pm, config)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    grown = (after.ru_maxrss - before.ru_maxrss) * RSS_UNIT
    return Run("genderlens in-process", seconds, cpu, grown, report.model_dump_json())


def genderlens_counts(output: str) -> dict[str, Any]:
    """``{metric: counts}`` and ``{metric: {group: counts}}`` from a genderlens JSON report."""
    data = json.loads(output)
    found: dict[str, Any] = {}
    for event in data["events"]:
        for r in event["results"]:
            if not r["metric"].startswith(("registrations", "fellowships")):
                continue
            counts = {g: r["counts"][g] for g in GENDERS}
            if r["scope"] == "group":
                found.setdefault(r["metric"], {})[r["group"]] = counts
            else:
                found[r["metric"]] = counts
    return found


def compare(a: dict[str, Any], b: dict[str, Any], names: tuple[str, str]) -> list[str]:
    """Differences between two count tables, as readable lines (empty when equal)."""
    problems = []
    for metric in sorted(set(a) | set(b)):
        x, y = a.get(metric), b.get(metric)
        if x == y:
            continue
        if isinstance(x, dict) and isinstance(y, dict) and all(isinstance(v, dict) for v in (*x.values(), *y.values())):
            for group in sorted(set(x) | set(y)):
                if x.get(group) != y.get(group):
                    problems.append(f"{metric}[{group}]: {names[0]} {x.get(group)} != {names[1]} {y.get(group)}")
        else:
            problems.append(f"{metric}: {names[0]} {x} != {names[1]} {y}")
    return problems


def genderlens_argv(path: str) -> list[str]:
    """The installed ``genderlens`` command, or ``python -m genderlens.cli`` when it is not on PATH."""
    exe = shutil.which("genderlens")
    head = [exe] if exe else [sys.executable, "-m", "genderlens.cli"]
    return [*head, "check", path, "--format", "json"]


def best(runs: list[Run]) -> Run:
    """The median run (wall and CPU medians taken apart), with the highest peak memory seen over all runs."""
    middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    cpu = statistics.median(r.cpu for r in runs)
    return Run(middle.name, middle.seconds, cpu, max(r.peak_bytes for r in runs), middle.output)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1,000,000)")
    parser.add_argument("--file", help="benchmark this CSV instead of a generated one")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the median is reported")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    if args.file:
        path = Path(args.file)
    else:
        path = HERE / "out" / f"registrations-{args.rows}-{args.seed}.csv"
        if not path.exists():
            sys.path.insert(0, str(HERE))
            from generate import generate

            print(f"generating {path} ...", file=sys.stderr)
            generate(path, args.rows, args.seed)
    size = path.stat().st_size
    with path.open("rb") as fh:
        rows = sum(1 for _ in fh) - 1  # one line per row in generated files; an estimate otherwise

    # Children first: a child's max RSS starts from this process's RSS when it forks.
    # The CLI and pandas in turn, so that both see the same machine (a shared VM's speed drifts by tens
    # of percent over minutes): the ratio of each pair is steadier than the ratio of the two medians.
    clis: list[Run] = []
    pandases: list[Run] = []
    pandas_argv = [sys.executable, str(HERE / "pandas_registrations.py"), str(path)]
    for _ in range(args.repeat):
        clis.append(run_child("genderlens CLI", genderlens_argv(str(path))))
        if not args.no_pandas:
            pandases.append(run_child("pandas", pandas_argv))
    results: list[Run] = [best(clis)]
    if not args.no_pandas:
        results.append(best(pandases))
    results.insert(1, best([run_in_process(str(path)) for _ in range(args.repeat)]))
    tree = tree_peak(genderlens_argv(str(path)))

    print(f"\n{path.name}: {rows:,} rows, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'':24} {'wall s':>7} {'rows/s':>10} {'CPU s':>7} {'peak MB':>8} {'x file':>7}")
    for r in results:
        print(
            f"{r.name:24} {r.seconds:7.2f} {rows / r.seconds:10,.0f} {r.cpu:7.2f} {r.peak_bytes / 1e6:8.0f}"
            f" {r.peak_bytes / size:7.2f}"
        )
    if tree is not None:
        blank = ""
        print(f"{'CLI with its workers':24} {blank:27} {tree / 1e6:8.0f} {tree / size:7.2f}  (summed at one moment)")

    cli, inproc = genderlens_counts(results[0].output), genderlens_counts(results[1].output)
    problems = compare(cli, inproc, ("CLI", "in-process"))
    if not args.no_pandas:
        problems += compare(cli, json.loads(results[2].output), ("genderlens", "pandas"))
    if args.json:
        summary = {
            "file": path.name,
            "rows": rows,
            "bytes": size,
            "cpus": os.cpu_count(),
            "results": [
                {"name": r.name, "seconds": r.seconds, "cpu": r.cpu, "peak_bytes": r.peak_bytes} for r in results
            ],
            "cli_tree_peak_bytes": tree,
            "cli_over_pandas_by_pair": [c.seconds / p.seconds for c, p in zip(clis, pandases, strict=True)],
            "counts_match": not problems,
        }
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if problems:
        print(f"\nCOUNTS DIFFER ({len(problems)}):", *problems[:20], sep="\n  ")
        return 1
    groups = sum(len(v) for v in cli.values() if all(isinstance(x, dict) for x in v.values()))
    print(f"\ncounts match: {len(cli)} metrics, {groups} groups")
    if not args.no_pandas:
        ratio = results[2].seconds / results[0].seconds
        speed = f"{ratio:.2f}x as fast as" if ratio >= 1 else f"{1 / ratio:.2f}x slower than"
        print(f"genderlens CLI is {speed} pandas end to end (wall time, medians)")
        pairs = sorted(c.seconds / p.seconds for c, p in zip(clis, pandases, strict=True))
        listed = ", ".join(f"{r:.2f}" for r in pairs)
        print(f"CLI / pandas wall time, run by run in turn: median {statistics.median(pairs):.2f} ({listed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
