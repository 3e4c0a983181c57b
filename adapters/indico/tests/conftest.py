from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def sample():
    """Load a recorded Indico payload from tests/data (a fresh copy each call, safe to modify)."""

    def load(name: str) -> Any:
        return json.loads((DATA / name).read_text(encoding="utf-8"))

    return load


@pytest.fixture
def realdata() -> Path:
    """../shared/realdata beside the repo (or $GENDERLENS_REALDATA); skipped only outside CI when absent."""
    path = Path(os.environ.get("GENDERLENS_REALDATA", ROOT.parent / "shared" / "realdata"))
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real data folder {path} is missing in CI")
        pytest.skip(f"real data folder {path} is absent")
    return path
