"""Issue #8: what one input may cost. Regular files only, and none bigger than ``limits.max_file_mb``."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from genderlens.adapters import read_bytes, read_head
from genderlens.cli import main
from genderlens.config import Config, load_config
from genderlens.errors import GenderlensError

from .conftest import EXAMPLES

PROGRAMME = str(EXAMPLES / "wsis-forum-2026-programme.csv")


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err[:1000]
    return int(code or 0), err


@contextlib.contextmanager
def fifo_with_a_writer(path: Path, data: bytes = b"name,gender\nAda,woman\n"):
    """A FIFO that a background thread keeps offering ``data`` to for two seconds.

    Code that opens it blocking gets ``data`` instead of hanging forever, so a test of the refusal
    fails (rather than hangs) on code that reads FIFOs.
    """
    os.mkfifo(path)
    stop = time.monotonic() + 2
    done = threading.Event()

    def offer() -> None:
        while time.monotonic() < stop and not done.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                time.sleep(0.01)
                continue
            with contextlib.suppress(OSError):
                os.write(fd, data)
            os.close(fd)

    writer = threading.Thread(target=offer, daemon=True)
    writer.start()
    try:
        yield path
    finally:
        done.set()
        writer.join(timeout=5)


def run_limited(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess with 1 GB of address space and 20 s: old code reading /dev/zero fails, not us."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "from genderlens.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=cwd, capture_output=True, text=True, timeout=20, check=False
    )


# -- settings ------------------------------------------------------------------------------------------------


def test_limits_have_documented_defaults_and_can_be_set(tmp_path):
    assert Config().limits.max_file_mb == 200
    assert Config().limits.max_response_mb == 20
    settings = tmp_path / "genderlens.toml"
    settings.write_text("[limits]\nmax_file_mb = 0.5\nmax_response_mb = 64\n")
    limits = load_config(settings).limits
    assert (limits.max_file_bytes, limits.max_response_bytes) == (512 * 1024, 64 * 1024 * 1024)


def test_a_file_over_max_file_mb_is_refused(capsys, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"name,gender\n" + b"Ada,woman\n" * 120_000)  # 1.2 MB
    settings = tmp_path / "genderlens.toml"
    settings.write_text("[limits]\nmax_file_mb = 1\n")
    code, err = run(capsys, "check", str(big), "--config", str(settings))
    assert code == 2
    assert err == f"genderlens: error: {big}: larger than the limit of 1 MB (setting limits.max_file_mb)\n"


def test_the_limit_applies_to_every_adapter(capsys, tmp_path):
    big = tmp_path / "big.ics"
    big.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * 2_000_000 + b"\r\nEND:VCALENDAR\r\n")
    settings = tmp_path / "genderlens.toml"
    settings.write_text("[limits]\nmax_file_mb = 1\n")
    code, err = run(capsys, "check", "--adapter", "ical", str(big), "--config", str(settings))
    assert code == 2
    assert "larger than the limit of 1 MB" in err


def test_a_roster_over_max_file_mb_is_refused(capsys, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"name,gender\n" + b"Ada,woman\n" * 120_000)
    settings = tmp_path / "genderlens.toml"
    settings.write_text('roster = ["roster.csv"]\n[limits]\nmax_file_mb = 1\n')
    code, err = run(capsys, "check", PROGRAMME, "--config", str(settings))
    assert code == 2
    assert "roster.csv: larger than the limit of 1 MB" in err


# -- non-regular files ---------------------------------------------------------------------------------------


def test_a_roster_that_is_dev_zero_is_refused(tmp_path):
    (tmp_path / "genderlens.toml").write_text('roster = ["/dev/zero"]\n')
    proc = run_limited("check", PROGRAMME, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "genderlens: error: /dev/zero: not a regular file (a device, pipe or socket)\n"


def test_settings_that_are_dev_zero_are_refused(tmp_path):
    proc = run_limited("check", PROGRAMME, "--config", "/dev/zero", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "genderlens: error: /dev/zero: not a regular file (a device, pipe or socket)\n"


def test_a_source_that_is_dev_zero_is_refused_whichever_adapter_is_named(tmp_path):
    proc = run_limited("check", "--adapter", "ical", "/dev/zero", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "genderlens: error: /dev/zero: not a regular file (a device, pipe or socket)\n"


def test_a_roster_that_is_a_fifo_is_refused(capsys, tmp_path):
    with fifo_with_a_writer(tmp_path / "roster.csv") as fifo:
        code, err = run(capsys, "check", PROGRAMME, "--roster", str(fifo))
    assert code == 2
    assert err.endswith("roster.csv: not a regular file (a device, pipe or socket)\n")


def test_read_bytes_refuses_fifos_and_folders(tmp_path):
    with fifo_with_a_writer(tmp_path / "p.csv") as fifo, pytest.raises(GenderlensError, match="not a regular file"):
        read_bytes(str(fifo))
    with pytest.raises(GenderlensError, match=r"not a regular file \(a directory\)"):
        read_bytes(str(tmp_path))
    with pytest.raises(GenderlensError, match=r"not a regular file \(a directory\)"):
        read_bytes(str(tmp_path), limit=10)
    path = tmp_path / "p2.csv"
    path.write_bytes(b"name,gender\n" + b"x" * 100_000)
    assert read_bytes(str(path), limit=12) == b"name,gender\n"  # adapters pass their own limit


def test_read_head_gives_nothing_for_a_fifo(tmp_path):
    with fifo_with_a_writer(tmp_path / "p.csv") as fifo:
        assert read_head(str(fifo)) is None


def test_lint_refuses_a_fifo(capsys, tmp_path):
    with fifo_with_a_writer(tmp_path / "agenda.txt", b"The chairman opens the meeting.\n") as fifo:
        code, err = run(capsys, "lint", str(fifo))
    assert code == 2
    assert "agenda.txt: not a regular file" in err


def test_lint_honours_max_file_mb(capsys, tmp_path):
    agenda = tmp_path / "agenda.txt"
    agenda.write_bytes(b"The chairman opens the meeting.\n" * 40_000)  # 1.3 MB
    settings = tmp_path / "genderlens.toml"
    settings.write_text("[limits]\nmax_file_mb = 1\n")
    code, err = run(capsys, "lint", str(agenda), "--config", str(settings))
    assert code == 2
    assert "larger than the limit of 1 MB" in err
