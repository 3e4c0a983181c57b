"""The composite GitHub Action (action.yml): its shell steps run here as GitHub would run them.

action.yml passes every input through ``env:`` and runs ``action/install.sh`` then ``action/run.sh``; these
tests run the same scripts with the same variables, in a fresh virtual environment for the install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

RUN = ROOT / "action" / "run.sh"


def _run(cwd: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str, str]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {
        **os.environ,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GENDERLENS_ACTION_PATH": str(ROOT),
        **{f"GENDERLENS_{k.upper()}": v for k, v in inputs.items()},
    }
    done = subprocess.run(["bash", str(RUN)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    read = lambda p: p.read_text(encoding="utf-8") if p.exists() else ""  # noqa: E731
    return done, read(summary), read(output)


def test_action_yml_passes_inputs_through_env_and_runs_the_scripts() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    assert scripts == [
        'bash "$GENDERLENS_ACTION_PATH/action/install.sh"',
        'bash "$GENDERLENS_ACTION_PATH/action/run.sh"',
    ]
    # No ${{ }} inside a script: inputs reach the shell only as environment variables.
    assert all("${{" not in s for s in scripts)
    check = next(s for s in steps if s.get("id") == "check")
    for name in action["inputs"]:
        if name != "python-version":
            assert check["env"][f"GENDERLENS_{name.upper().replace('-', '_')}"] == f"${{{{ inputs.{name} }}}}"
    # Third-party actions are pinned by commit.
    for s in steps:
        if "uses" in s:
            assert len(s["uses"].split("@")[1]) == 40


def test_run_prints_the_format_writes_the_summary_and_fails_on_miss(
    tmp_path: Path, sample_files: dict[str, Path]
) -> None:
    done, summary, output = _run(tmp_path, tmp_path, files="*.csv programme.ics", format="json", fail_on_miss="true")
    assert done.returncode == 1, done.stderr
    assert done.stdout.lstrip().startswith("{")
    assert summary.count("\n### ") == 2  # one section per event: the CSV and the iCalendar file
    assert summary.lstrip().startswith("#")
    assert output.strip() == "exit-code=1"


def test_run_without_fail_on_miss_passes(tmp_path: Path, sample_files: dict[str, Path]) -> None:
    done, summary, output = _run(tmp_path, tmp_path, files="programme.csv", fail_on_miss="false", summary="false")
    assert done.returncode == 0, done.stderr
    assert summary == ""
    assert output.strip() == "exit-code=0"


def test_a_pattern_matching_nothing_is_an_error(tmp_path: Path) -> None:
    done, summary, _ = _run(tmp_path, tmp_path, files="programme/*.csv")
    assert done.returncode == 2
    assert "::error title=genderlens::no file matches 'programme/*.csv'" in done.stdout
    assert summary == ""


def test_file_names_cannot_inject_shell(tmp_path: Path, sample_files: dict[str, Path]) -> None:
    evil = "$(touch${IFS}pwned).csv"
    (tmp_path / evil).write_bytes(sample_files["csv"].read_bytes())
    done, _, _ = _run(tmp_path, tmp_path, files=f"'{evil}' `touch pwned2`", fail_on_miss="false")
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "pwned2").exists()
    assert done.returncode == 2  # the backquoted word is a pattern that matches no file


@pytest.mark.skipif(sys.platform == "win32", reason="bash script")
def test_install_script_installs_every_adapter_into_a_fresh_environment(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GENDERLENS_ACTION_PATH": str(ROOT)}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["bash", str(ROOT / "action" / "install.sh")], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("genderlens ")
    plugins = subprocess.run(
        [str(bin_dir / "genderlens"), "plugins"], env=env, capture_output=True, text=True, check=True
    ).stdout
    for name in ("ical", "indico", "schedules", "xlsx"):
        assert f'"{name}"' in plugins, plugins
