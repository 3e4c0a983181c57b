from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def write_ics(tmp_path: Path):
    """Write iCalendar text (lines joined with CRLF) to a temporary .ics file and return its path."""

    def write(*lines: str, name: str = "cal.ics") -> str:
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
        return str(path)

    return write
