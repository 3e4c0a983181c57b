"""A quoted cell that swallowed the rows after it: a stray ``"`` in a CSV file.

The csv module reads everything after an unclosed quote as one cell, up to the next quote; the rows in
between vanish without an error. Both the serial reader and the parallel workers look at every
multi-line cell with :func:`swallowed_lines`. Standard library only, so that workers start fast.
"""

from __future__ import annotations

#: A quoted cell holding this many lines that look like rows of the file has swallowed them.
RUNAWAY_ROWS = 3


def swallowed_lines(cell: str, delimiter: str, width: int) -> bool:
    """Whether a multi-line ``cell`` holds lines that look like rows of a ``width``-column file (a stray ``"``)."""
    lines = cell.split("\n")
    like_rows = sum(line.count(delimiter) >= max(1, width - 2) for line in lines)
    return like_rows >= RUNAWAY_ROWS and like_rows * 2 >= len(lines)
