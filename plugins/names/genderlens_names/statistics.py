"""Name statistics: first name -> share of women among people with that name, and how many people.

The plugin only needs :class:`NameStatistics`; :class:`TsvStatistics` reads the table that ships with
it (``first_names.tsv.gz``, derived from nomquamgender by ``tools/build_table.py``). Another source (a
national statistics office's birth register, an in-house list) can be swapped in by implementing
:class:`NameStatistics` and passing it to :class:`genderlens_names.infer.NameInference`.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

#: The table shipped with the plugin.
TABLE = "first_names.tsv.gz"


@dataclass(frozen=True)
class NameStat:
    """What a source knows about one first name."""

    p_woman: float
    """Share of people with this name who were recorded as women (0-1)."""
    count: int
    """How many people that share rests on."""


class NameStatistics(Protocol):
    """A source of first-name statistics. Keys are normalised first names (see :func:`normalise_name`)."""

    def lookup(self, first_name: str) -> NameStat | None:
        """The statistics for ``first_name``, or ``None`` when the source does not know it."""
        ...


class TsvStatistics:
    """A sorted ``name<TAB>p_woman<TAB>count`` table (optionally gzipped), read on the first lookup.

    The table stays one string and is searched by bisection over its lines, so loading costs one
    decompression and about a megabyte, not a dictionary of tens of thousands of entries.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        """Use ``path``, or the table shipped with the plugin. Lines must be sorted by name."""
        self.path = path
        self._text: str | None = None

    def _load(self) -> str:
        # A plain path next to this module: importlib.resources would cost more to import than the read.
        raw = (Path(self.path) if self.path is not None else Path(__file__).with_name(TABLE)).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
        while text.startswith("#"):  # header comments
            text = text.partition("\n")[2]
        return "\n" + text if text.endswith("\n") else "\n" + text + "\n"

    @property
    def text(self) -> str:
        """The table's lines, each preceded by a newline (loaded on first use)."""
        if self._text is None:
            self._text = self._load()
        return self._text

    def __len__(self) -> int:
        """Names in the table (loads it)."""
        return self.text.count("\n") - 1

    def lookup(self, first_name: str) -> NameStat | None:
        """See :meth:`NameStatistics.lookup`."""
        text = self.text
        lo, hi = 0, len(text) - 1  # text[lo] and text[hi] are newlines
        while lo < hi:
            mid = text.rfind("\n", lo, (lo + hi) // 2 + 1)
            if mid <= lo:
                mid = text.find("\n", lo + 1)
                if mid >= hi:
                    break
            name = text[mid + 1 : text.index("\t", mid + 1)]
            if name == first_name:
                fields = text[mid + 1 : text.index("\n", mid + 1)].split("\t")
                return NameStat(p_woman=float(fields[1]), count=int(fields[2]))
            if name < first_name:
                lo = text.index("\n", mid + 1)
            else:
                hi = mid
        # At most one line is left between lo and hi.
        if lo < hi:
            fields = text[lo + 1 : hi].split("\t")
            if fields[0] == first_name:
                return NameStat(p_woman=float(fields[1]), count=int(fields[2]))
        return None
