from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def sample():
    """Load a recorded Indico payload from tests/data (a fresh copy each call, safe to modify)."""

    def load(name: str) -> Any:
        return json.loads((DATA / name).read_text(encoding="utf-8"))

    return load
