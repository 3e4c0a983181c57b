"""Mutated real workbooks: each load gives events or one AdapterError, never another exception, fast.

Two kinds of damage (seeded, so a failure reproduces): bytes of the ZIP file itself (truncated, bits
flipped), and the XML inside it (the sheet, the shared strings, the workbook part) truncated or with
bits flipped, re-packed into a valid ZIP so that the XML readers see the damage.
"""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

import pytest
from genderlens_xlsx import XlsxAdapter

from genderlens.config import Config
from genderlens.errors import AdapterError

FILES = ["voc-schedule/schedule-example.xlsx", "couchbase-connect/agenda.xlsx"]
PARTS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
BOUND = 3.0


def _damage(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return data[: rng.randrange(len(data) + 1)]
    out = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _repack(src: Path, dst: Path, part: str, rng: random.Random) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, _damage(data, rng) if info.filename == part and data else data)


def _check(path: Path) -> None:
    started = time.perf_counter()
    message = _message(path)
    assert time.perf_counter() - started < BOUND
    assert "\n" not in message, message[:200]


def _message(path: Path) -> str:
    """The AdapterError's message loading ``path``, or ``""`` when it gives events; other exceptions fail."""
    try:
        events = XlsxAdapter().load(str(path), Config())
    except AdapterError as exc:
        return str(exc)
    assert isinstance(events, list)
    return ""


@pytest.mark.realdata
@pytest.mark.parametrize("name", FILES)
def test_damaged_zip_bytes(realdata, tmp_path, name):
    data = (realdata / name).read_bytes()
    rng = random.Random(name)  # noqa: S311 - seeded so that a failure reproduces; not security
    path = tmp_path / "mutated.xlsx"
    for _ in range(25):
        path.write_bytes(_damage(data, rng))
        _check(path)


@pytest.mark.realdata
@pytest.mark.parametrize("name", FILES)
def test_damaged_xml_parts(realdata, tmp_path, name):
    rng = random.Random(name)  # noqa: S311 - seeded so that a failure reproduces; not security
    path = tmp_path / "mutated.xlsx"
    for i in range(30):
        _repack(realdata / name, path, PARTS[i % len(PARTS)], rng)
        _check(path)
