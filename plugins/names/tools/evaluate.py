"""Evaluate name inference against a verified ground truth; prints the README's tables.

Ground truth: sysconf's ``verified_gender_mapping.csv`` (eitanf/sysconf, CC BY-SA 4.0): 10,479 people in
invited roles at computer-systems conferences, keyed ``"Last, First"``, gender F/M verified by hand (rows
with an empty gender are skipped). People are split into two halves by a hash of their name: thresholds
are chosen on the *tuning* half and reported on the *held-out* half, so the held-out figures are not
fitted to the data they are measured on.

    python plugins/names/tools/evaluate.py [PATH/TO/verified_gender_mapping.csv]

Columns: n (people), classified (share not abstained), accuracy and misclassified (shares of the
classified people whose inferred gender is right / wrong). Groups: everyone; women; men; people with a
common Chinese or Korean surname (``EAST_ASIAN_SURNAMES``); everyone else.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from genderlens_names.infer import (
    EAST_ASIAN_SURNAMES,
    MAN_THRESHOLD,
    MIN_COUNT,
    WOMAN_THRESHOLD,
    NameInference,
)
from genderlens_names.parse import given_name
from genderlens_names.statistics import TsvStatistics

from genderlens.testing import realdata_dir

GROUND_TRUTH = "sysconf/verified_gender_mapping.csv"
GROUPS = ("all", "women", "men", "East Asian surname", "other origin")
TARGET = 0.02


@dataclass(frozen=True)
class Truth:
    name: str
    gender: str  # "woman" / "man"
    east_asian: bool
    tuning: bool


def load(path: Path) -> list[Truth]:
    """The people with a verified F/M gender."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            g = {"F": "woman", "M": "man"}.get(row["gender"].strip())
            if g is None:
                continue
            parsed = given_name(row["name"])
            words = {*(parsed.others or ()), parsed.given or ""}
            east_asian = bool(words & EAST_ASIAN_SURNAMES)
            tuning = hashlib.sha256(row["name"].encode()).digest()[0] % 2 == 0
            out.append(Truth(row["name"], g, east_asian, tuning))
    return out


def groups(t: Truth) -> Iterable[str]:
    yield "all"
    yield "women" if t.gender == "woman" else "men"
    yield "East Asian surname" if t.east_asian else "other origin"


def score(people: list[Truth], rule: NameInference) -> dict[str, tuple[int, int, int]]:
    """Group -> (people, classified, wrong)."""
    tally = {g: [0, 0, 0] for g in GROUPS}
    for t in people:
        found = rule.infer(t.name).gender
        for g in groups(t):
            tally[g][0] += 1
            if found is not None:
                tally[g][1] += 1
                tally[g][2] += found.value != t.gender
    return {g: (n, c, w) for g, (n, c, w) in tally.items()}


def meets(result: dict[str, tuple[int, int, int]]) -> bool:
    """Misclassification under the target in every group where anyone is classified."""
    return all(w < TARGET * c for n, c, w in result.values() if c)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def pct2(x: float) -> str:
    return f"{100 * x:.2f}%"


def table(rows: list[tuple[str, dict[str, tuple[int, int, int]]]]) -> str:
    head = "| rule | group | n | classified | accuracy | misclassified |\n|---|---|--:|--:|--:|--:|\n"
    body = ""
    for label, result in rows:
        for g in GROUPS:
            n, c, w = result[g]
            acc = pct((c - w) / c) if c else "–"
            mis = f"{pct2(w / c)} ({w}/{c})" if c else "–"
            body += f"| {label} | {g} | {n} | {pct(c / n) if n else '–'} | {acc} | {mis} |\n"
            label = ""
    return head + body


def main(argv: list[str]) -> int:
    if argv:
        path = Path(argv[0])
    else:
        base = realdata_dir()
        if base is None:
            print("evaluate: no ../shared/realdata here; give the ground-truth CSV's path", file=sys.stderr)
            return 2
        path = base / GROUND_TRUTH
    people = load(path)
    tuning = [t for t in people if t.tuning]
    held_out = [t for t in people if not t.tuning]
    stats = TsvStatistics()
    print(
        f"{len(people)} people ({sum(t.gender == 'woman' for t in people)} women); "
        f"tuning half {len(tuning)}, held-out half {len(held_out)}\n"
    )

    print("## Symmetric thresholds, no origin exclusion (everyone)\n")
    rows = []
    for th in (0.6, 0.8, 0.9, 0.95):
        rule = NameInference(stats, woman_threshold=th, man_threshold=th, min_count=50, abstain_surnames=frozenset())
        rows.append((f"P ≥ {th}", score(people, rule)))
    print(table(rows))

    print("## Tuning grid (tuning half): rules with misclassification < 2% in every group\n")
    grid = []
    for tw, tm, mc in itertools.product((0.9, 0.95, 0.98), (0.95, 0.98, 0.99), (50, 100, 500)):
        rule = NameInference(stats, woman_threshold=tw, man_threshold=tm, min_count=mc)
        result = score(tuning, rule)
        if meets(result):
            grid.append((result["all"][1], tw, tm, mc))
    for classified, tw, tm, mc in sorted(grid, reverse=True)[:5]:
        print(f"- woman ≥ {tw}, man ≥ {tm}, count ≥ {mc}: classifies {classified} of {len(tuning)}")
    print()

    shipped = NameInference(stats, woman_threshold=WOMAN_THRESHOLD, man_threshold=MAN_THRESHOLD, min_count=MIN_COUNT)
    label = f"shipped (woman ≥ {WOMAN_THRESHOLD}, man ≥ {MAN_THRESHOLD}, count ≥ {MIN_COUNT})"
    print(f"## The shipped rule: {label}\n")
    print(
        table(
            [
                ("tuning half", score(tuning, shipped)),
                ("held-out half", score(held_out, shipped)),
                ("everyone", score(people, shipped)),
            ]
        )
    )
    no_ea = NameInference(
        stats,
        woman_threshold=WOMAN_THRESHOLD,
        man_threshold=MAN_THRESHOLD,
        min_count=MIN_COUNT,
        abstain_surnames=frozenset(),
    )
    print("## The shipped thresholds without the East Asian exclusion (held-out half)\n")
    print(table([("no exclusion", score(held_out, no_ea))]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
