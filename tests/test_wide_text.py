"""UTF-16 and UTF-32 files with a byte-order mark ("Unicode" in Windows' Save As) are sniffed and read as UTF-8."""

from __future__ import annotations

import codecs

import pytest

from genderlens.adapters import as_utf8, read_head
from genderlens.cli import main
from genderlens.errors import AdapterError

TEXT = "Session,Role,Name,Gender\nOpening,Chair,Zoë Ndiaye,F\nOpening,Speaker,李娜,女\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_wide_text_with_a_mark_becomes_utf8(codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, bom)
    assert as_utf8(bom + TEXT.encode(codec), "f.csv") == TEXT.encode("utf-8")


def test_other_bytes_are_left_alone():
    for data in (TEXT.encode("utf-8"), codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT.encode("cp1252", "replace"), b""):
        assert as_utf8(data, "f.csv") is data
    # Without a mark, UTF-16 is not guessed (the CSV reader has its own detection for that).
    no_mark = TEXT.encode("utf-16-le")
    assert as_utf8(no_mark, "f.csv") is no_mark


def test_a_head_cut_inside_a_character_is_still_sniffed(tmp_path):
    path = tmp_path / "programme.json"
    path.write_bytes('{"schedule": "李娜"}'.encode("utf-16"))
    head = read_head(str(path), size=31)  # the mark, then 14.5 characters
    assert head == '{"schedule": "\ufffd'.encode()


def test_invalid_wide_text_names_file_and_line():
    data = codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate on line 3
    with pytest.raises(AdapterError) as info:
        as_utf8(data, "f.json")
    assert str(info.value).startswith("f.json:3: not valid UTF-16 text (byte 10)")
    assert as_utf8(data, "f.json", partial=True).endswith("\ufffd".encode())


def test_a_utf16_csv_is_still_read_by_the_csv_reader(tmp_path, capsys):
    path = tmp_path / "programme.csv"
    path.write_bytes(TEXT.encode("utf-16"))
    assert main(["check", str(path), "--format", "json"]) in (0, 1)
    assert '"woman": 2' in capsys.readouterr().out
