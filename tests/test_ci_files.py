from __future__ import annotations

import re
import shlex
import stat
from pathlib import Path

import yaml

from genderlens.cli import make_parser

ROOT = Path(__file__).resolve().parents[1]


def test_pre_commit_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"genderlens-check", "genderlens-lint"}
    check, lint = hooks["genderlens-check"], hooks["genderlens-lint"]
    assert check["entry"] == "genderlens check --fail-on-miss"
    assert lint["entry"] == "genderlens lint --fail-on-match"
    for name in ("a.csv", "b.tsv", "c.ics", "d.json", "e.xlsx"):
        assert re.search(check["files"], name)
    assert not re.search(check["files"], "notes.md")
    assert re.search(lint["files"], "agenda.md")
    # the entries parse with a file appended, as pre-commit calls them
    for hook in hooks.values():
        make_parser().parse_args([*shlex.split(hook["entry"])[1:], "x.csv"])


def test_github_actions_example():
    text = (ROOT / "docs" / "github-actions-example.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["genderlens"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "--format junit --fail-on-miss >" in runs
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    for line in runs.splitlines():
        words = shlex.split(line.replace("$GENDERLENS_ARGS", "--min-cell 5").split(">")[0])
        if words[:1] == ["genderlens"]:
            make_parser().parse_args(words[1:])


def test_ensure_chromium_script():
    script = ROOT / ".ci" / "ensure-chromium.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    text = script.read_text(encoding="utf-8")
    assert "command -v chromium" in text
    assert "apt-get install -y chromium" in text
