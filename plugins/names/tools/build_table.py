"""Derive ``genderlens_names/first_names.tsv.gz`` from nomquamgender's name data.

nomquamgender (Ian Van Buskirk, MIT licence; https://github.com/ianvanbuskirk/nomquamgender) ships
``name_data.json``: name -> [number of sources, number of people, p(gf), taxonomy]. Its authors built it
from 36 public name-gender sources over 150 countries (Van Buskirk, Clauset & Larremore, ICWSM 2023).
We keep only what the plugin can use: names in the Latin alphabet (accents folded), seen at least
``--min-count`` times, whose p(gf) is at least ``--min-decisive`` away from even (others would always be
abstentions). Spellings that fold to the same key are merged, weighting p(gf) by the number of people.

Usage (no numpy or pandas needed; the wheel is read as a zip file):

    pip download --no-deps nomquamgender==0.1.4 -d /tmp/nqg
    python plugins/names/tools/build_table.py /tmp/nqg/nomquamgender-0.1.4-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from genderlens_names.parse import fold

OUT = Path(__file__).resolve().parents[1] / "genderlens_names" / "first_names.tsv.gz"
_WORD = re.compile(r"^[a-z][a-z'-]*$")
HEADER = """# First names -> share of people recorded as women (p_woman) and number of people (count).
# Derived by tools/build_table.py from nomquamgender {version} (name_data.json),
# Copyright (c) 2022 Ian Van Buskirk, MIT licence (see LICENSE-DATA next to this package).
# Kept: Latin-alphabet names with count >= {min_count} and |p_woman - 0.5| >= {min_decisive} - 0.5.
"""


def read_name_data(path: Path) -> tuple[dict[str, list[object]], str]:
    """nomquamgender's ``name_data.json`` from a wheel or the JSON file itself, and a version label."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            data = json.loads(wheel.read("nomquamgender/name_data.json"))
        return data, path.name.split("-")[1]
    return json.loads(path.read_text(encoding="utf-8")), "(name_data.json)"


def derive(data: dict[str, list[object]], *, min_count: int, min_decisive: float) -> dict[str, tuple[float, int]]:
    """Folded name -> (p_woman, count), merged and filtered."""
    women: dict[str, float] = {}
    people: dict[str, int] = {}
    for raw, info in data.items():
        key = fold(raw).strip()
        count, p = info[1], info[2]
        if not _WORD.match(key) or not isinstance(count, int) or not isinstance(p, int | float) or count <= 0:
            continue
        women[key] = women.get(key, 0.0) + float(p) * count
        people[key] = people.get(key, 0) + count
    out = {}
    for key, n in people.items():
        p = women[key] / n
        if n >= min_count and max(p, 1 - p) >= min_decisive:
            out[key] = (round(p, 3), n)
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="nomquamgender wheel (.whl) or its name_data.json")
    parser.add_argument("--min-count", type=int, default=50)
    parser.add_argument("--min-decisive", type=float, default=0.6)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data, version = read_name_data(args.source)
    table = derive(data, min_count=args.min_count, min_decisive=args.min_decisive)
    text = HEADER.format(version=version, min_count=args.min_count, min_decisive=args.min_decisive)
    text += "".join(f"{name}\t{p}\t{n}\n" for name, (p, n) in sorted(table.items()))
    args.output.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {args.output}: {len(table)} names, {args.output.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
