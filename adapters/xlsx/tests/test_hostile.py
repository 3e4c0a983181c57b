"""Broken and hostile workbooks: corrupt ZIP members, broken sheet XML, missing parts, ZIP bombs,
a far-right cell, and a sheet wider than the header (issue #8). Each is one AdapterError, quickly."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from genderlens_xlsx import XlsxAdapter
from genderlens_xlsx.adapter import DEFAULT_MAX_UNCOMPRESSED_MB, MAX_COLUMNS

from genderlens.config import Config
from genderlens.errors import AdapterError, ConfigError


def load(path: Path | str, config: Config | None = None) -> list:
    return XlsxAdapter().load(str(path), config or Config())


def programme(path: Path, rows: int = 3) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Title", "Speakers"])
    for i in range(rows):
        ws.append([f"Talk {i}", "Ada Lovelace; Alan Turing"])
    wb.save(path)
    return path


def rewrite(src: Path, dst: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a workbook, replacing (bytes) or dropping (None) the named members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info.filename, change[info.filename])
            else:
                zout.writestr(info, zin.read(info))
    return dst


def one_error(path: Path, config: Config | None = None) -> AdapterError:
    with pytest.raises(AdapterError) as info:
        load(path, config)
    assert "\n" not in str(info.value)
    return info.value


def test_sheet_with_broken_xml(tmp_path):
    good = programme(tmp_path / "good.xlsx")
    bad = rewrite(good, tmp_path / "bad.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c"})
    assert "not a readable .xlsx workbook" in str(one_error(bad))


@pytest.mark.realdata
def test_missing_shared_strings(realdata, tmp_path):
    good = realdata / "voc-schedule" / "schedule-example.xlsx"
    with zipfile.ZipFile(good) as z:
        assert "xl/sharedStrings.xml" in z.namelist()
    bad = rewrite(good, tmp_path / "bad.xlsx", {"xl/sharedStrings.xml": None})
    assert "not a readable .xlsx workbook" in str(one_error(bad))


def test_bad_zip_member_crc(tmp_path):
    good = programme(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # Flip a byte inside the sheet's compressed data: the member no longer inflates or fails its CRC.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start] ^= 0xFF
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    assert "not a readable .xlsx workbook" in str(one_error(bad))


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"\x00" * 100, b"PK\x05\x06" + b"\x00" * 18, b"PK"])
def test_not_a_zip(tmp_path, content):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    assert "not a readable .xlsx workbook" in str(one_error(bad))


def test_zip_bomb_refused_from_the_directory(tmp_path):
    """A 300 MB cell: the ZIP directory says how large the sheet unpacks, so it is refused unread."""
    good = programme(tmp_path / "good.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename != "xl/sharedStrings.xml":
                zout.writestr(info, zin.read(info))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    assert bomb.stat().st_size < 5 << 20
    started = time.perf_counter()
    err = one_error(bomb)
    assert time.perf_counter() - started < 1.0
    assert f"limit of {DEFAULT_MAX_UNCOMPRESSED_MB} MiB" in str(err)
    assert err.field == "max_uncompressed_mb"


def test_uncompressed_limit_is_settable(tmp_path):
    path = programme(tmp_path / "p.xlsx", rows=2000)
    tiny = Config().model_copy(update={"adapter": {"xlsx": {"max_uncompressed_mb": 0.01}}})
    assert "more than the limit of 0 MiB" in str(one_error(path, tiny))
    roomy = Config().model_copy(update={"adapter": {"xlsx": {"max_uncompressed_mb": 50}}})
    [event] = load(path, roomy)
    assert len(event.sessions) == 2000
    with pytest.raises(ConfigError, match=re.escape("max_uncompressed_mb")):
        load(path, Config().model_copy(update={"adapter": {"xlsx": {"max_uncompressed_mb": "lots"}}}))


def _inline(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def test_20k_rows_with_a_far_right_cell_on_every_row(tmp_path):
    """XFD1048576 declared, and a value in column XFD on each of 20,000 rows: read as wide as the header."""
    good = programme(tmp_path / "good.xlsx")
    rows = [f'<row r="1">{_inline("A1", "Title")}{_inline("B1", "Speakers")}</row>']
    rows += [
        f'<row r="{i}">{_inline(f"A{i}", f"Talk {i}")}{_inline(f"B{i}", "Ada Lovelace")}{_inline(f"XFD{i}", "x")}</row>'
        for i in range(2, 20_002)
    ]
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:XFD1048576"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    path = rewrite(good, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": sheet.encode()})
    started = time.perf_counter()
    [event] = load(path)
    assert time.perf_counter() - started < 10
    assert len(event.sessions) == 20_000


def test_header_wider_than_the_limit(tmp_path):
    path = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Title", "Speakers", *[f"c{i}" for i in range(MAX_COLUMNS)]])
    ws.append(["Talk", "Ada Lovelace"])
    wb.save(path)
    err = one_error(path)
    assert f"more than {MAX_COLUMNS} columns" in str(err)
    assert err.line == 1


@pytest.mark.realdata
def test_people_fields_name_the_speaker_columns(realdata):
    # The header cells that hold people, as written in the sheets (checked by opening them in openpyxl).
    [example] = load(realdata / "voc-schedule" / "schedule-example.xlsx")
    assert example.people_fields == ("Vortragende",)
    [agenda] = load(realdata / "couchbase-connect" / "agenda.xlsx")
    assert agenda.people_fields == ("Presenter1", "Presenter2", "Presenter3")
