"""Cold start of the ``genderlens`` command, and the imports that cost the most.

Usage::

    python benchmarks/bench_cold_start.py [--runs 21] [--top 15]

Times ``genderlens --version`` N times in fresh processes (median; target < 250 ms), beside a bare
``python -c pass`` and a ``genderlens check`` of a three-row file (start-up as users meet it: plugins
and models loaded), then runs ``genderlens check --help`` and that ``check`` with
``PYTHONPROFILEIMPORTTIME=1`` (what ``python -X importtime`` does) and lists the heaviest imports.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 250.0
_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def command() -> list[str]:
    """The installed console script, or ``python -m genderlens.cli``."""
    exe = shutil.which("genderlens")
    return [exe] if exe else [sys.executable, "-m", "genderlens.cli"]


def time_runs(argv: list[str], runs: int) -> list[float]:
    """Wall time in milliseconds of ``runs`` fresh runs of ``argv`` (one warm-up run not counted)."""
    subprocess.run(argv, capture_output=True, check=True)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        out.append((time.perf_counter() - start) * 1000)
    return out


def import_times(argv: list[str]) -> list[tuple[int, int, int, str]]:
    """``(self_us, cumulative_us, depth, module)`` for every import made while running ``argv``."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    rows = []
    for line in proc.stderr.splitlines():
        m = _LINE.match(line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4)))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; exits 1 when the median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)

    cmd = command()
    bare = time_runs([sys.executable, "-c", "pass"], args.runs)
    version = time_runs([*cmd, "--version"], args.runs)
    print(f"{' '.join(cmd)} --version, {args.runs} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"  python -c pass      median {statistics.median(bare):6.1f} ms  min {min(bare):6.1f} ms")
    med = statistics.median(version)
    verdict = "OK" if med < TARGET_MS else "MISSES"
    print(f"  genderlens --version median {med:6.1f} ms  min {min(version):6.1f} ms", end="")
    print(f"  ({verdict}: target {TARGET_MS:.0f} ms)")

    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.csv"
        tiny.write_text("Name,Gender,Country\nA,F,Ghana\nB,M,Peru\nC,,Peru\n", encoding="utf-8")
        check = [*cmd, "check", str(tiny), "--format", "json"]
        small = time_runs(check, max(3, args.runs // 2))
        print(f"  genderlens check (3 rows) median {statistics.median(small):6.1f} ms  min {min(small):6.1f} ms")
        for label, argv_ in (("genderlens check --help", [*cmd, "check", "--help"]), ("genderlens check", check)):
            print_imports(label, import_times(argv_), args.top)
    return 0 if med < TARGET_MS else 1


def print_imports(label: str, rows: list[tuple[int, int, int, str]], top: int) -> None:
    """The heaviest top-level imports (cumulative) and single modules (self time)."""
    total = sum(r[0] for r in rows)
    print(f"\nimports for `{label}`: {len(rows)} modules, {total / 1000:.1f} ms in all")
    print(f"  {'cumulative ms':>13} {'self ms':>8}  top-level import")
    top_level = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])
    for self_us, cum_us, _, name in top_level[:top]:
        print(f"  {cum_us / 1000:13.1f} {self_us / 1000:8.1f}  {name}")
    print(f"  {'self ms':>13}           heaviest single modules")
    for self_us, _, _, name in sorted(rows, key=lambda r: -r[0])[: min(top, 8)]:
        print(f"  {self_us / 1000:13.1f}           {name}")


if __name__ == "__main__":
    sys.exit(main())
