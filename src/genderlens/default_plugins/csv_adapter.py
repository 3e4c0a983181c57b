"""CSV/TSV adapter: Excel and Indico exports, any encoding Excel writes, any common delimiter."""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from genderlens.adapters import Adapter, read_bytes
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens.model import Event
from genderlens.tabular import TableReader

DELIMITERS = (",", ";", "\t", "|")


def detect_encoding(head: bytes) -> str:
    """Pick an encoding from the byte-order mark, NUL patterns (BOM-less UTF-16), or UTF-8 validity."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1:2] == b"\0" and head[3:4] == b"\0":
        return "utf-16-le"
    if len(head) >= 4 and head[0:1] == b"\0" and head[2:3] == b"\0":
        return "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def detect_delimiter(first_line: str) -> str:
    """The delimiter that occurs most often in the header line, outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


MAX_HEADER_CHARS = 1_000_000
"""Longest header row read: a file of NUL bytes or binary garbage has no line breaks to stop at."""


class CsvAdapter(Adapter):
    name = "csv"
    description = "CSV/TSV programmes, speaker lists and registration exports (Excel, Indico)."

    def sniff(self, source: str, head: bytes | None) -> int:
        suffix = Path(source).suffix.lower()
        if head is None:
            return 0
        if suffix in {".csv", ".tsv"}:
            return 60
        if suffix == ".txt" and any(d.encode() in head.split(b"\n", 1)[0] for d in DELIMITERS):
            return 20
        return 0

    def load(self, source: str, config: Config) -> list[Event]:
        path = Path(source)
        head = read_bytes(source, limit=65536)
        encoding = detect_encoding(head)
        try:
            return self._load(path, source, encoding, config)
        except UnicodeDecodeError:
            if encoding != "utf-8":
                raise
            # Valid UTF-8 at the start but not further on: a legacy Windows export.
            return self._load(path, source, "cp1252", config)

    def _load(self, path: Path, source: str, encoding: str, config: Config) -> list[Event]:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with path.open(encoding=encoding, newline="") as fh:
            first = fh.readline(MAX_HEADER_CHARS + 1)
            offset = 2  # line number of the first data row
            if first.lower().startswith("sep=") and len(first.strip()) == 5:
                delimiter, first, offset = first.strip()[4], fh.readline(MAX_HEADER_CHARS + 1), 3
            else:
                delimiter = detect_delimiter(first)
            if len(first) > MAX_HEADER_CHARS:  # e.g. a file of NUL bytes: one endless "header"
                msg = f"the header row is longer than {MAX_HEADER_CHARS:,} characters (is this a CSV file?)"
                raise AdapterError(msg, source=source, line=offset - 1)
            header_rows = list(csv.reader([first], delimiter=delimiter))
            header = header_rows[0] if header_rows else []
            if not any(h.strip() for h in header):
                msg = "no header row"
                raise AdapterError(msg, source=source, line=1)
            reader = csv.reader(fh, delimiter=delimiter)

            def rows() -> Iterator[tuple[int, list[str]]]:
                start = offset
                try:
                    for row in reader:
                        yield start, row
                        start = reader.line_num + offset
                except csv.Error as exc:
                    raise AdapterError(str(exc), source=source, line=reader.line_num + offset - 1) from exc

            return TableReader(source, config).read(header, rows())


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(CsvAdapter())
