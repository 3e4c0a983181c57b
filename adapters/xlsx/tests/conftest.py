from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def realdata() -> Path:
    """../shared/realdata beside the repo (or $GENDERLENS_REALDATA); skipped only outside CI when absent."""
    path = Path(os.environ.get("GENDERLENS_REALDATA", ROOT.parent / "shared" / "realdata"))
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"real data folder {path} is missing in CI")
        pytest.skip(f"real data folder {path} is absent")
    return path
