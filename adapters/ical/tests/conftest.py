from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def realdata() -> Path:
    """../shared/realdata beside the repo (or $GENDERLENS_REALDATA); skipped only outside CI when absent."""
    path = Path(os.environ.get("GENDERLENS_REALDATA", ROOT.parent / "shared" / "realdata"))
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real data folder {path} is missing in CI")
        pytest.skip(f"real data folder {path} is absent")
    return path


@pytest.fixture
def write_ics(tmp_path: Path):
    """Write iCalendar text (lines joined with CRLF) to a temporary .ics file and return its path."""

    def write(*lines: str, name: str = "cal.ics") -> str:
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
        return str(path)

    return write
