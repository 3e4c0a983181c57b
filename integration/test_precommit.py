"""``pre-commit try-repo`` with this repository's hooks, on a sample repository holding every file type
the hooks match. pre-commit installs the hook's environment itself (the core plus the hook's
``additional_dependencies``), as it would for a user, so an adapter missing there fails this test.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_check_hook_reads_every_file_type_it_matches(tmp_path: Path, sample_files: dict[str, Path]) -> None:
    repo = tmp_path
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "programme")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "genderlens-check", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout + done.stderr
    # The hook ran (it may pass or report a miss), and no file was refused for want of an adapter.
    assert "genderlens check (gender balance)" in out, out
    assert "not a format any installed adapter reads" not in out, out
    assert "genderlens: error" not in out, out
    assert "Traceback" not in out, out
    # The table names each event's source file: all four were read.
    for name in ("programme.csv", "programme.ics", "schedule.json", "programme.xlsx"):
        assert f"[{name}]" in out, out


def test_hook_definitions_install_every_adapter() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    wanted = {f"./adapters/{name}" for name in ("ical", "indico", "schedules", "xlsx")}
    assert set(hooks["genderlens-check"]["additional_dependencies"]) == wanted
    assert all((ROOT / p).is_dir() for p in wanted)
