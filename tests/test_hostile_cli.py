"""Issue #8: hostile and malformed input through the CLI never ends in a traceback or exit 1."""

from __future__ import annotations

import gc
import os
import random
import stat
import subprocess
import sys
import threading
import time

import pytest

from genderlens import cli
from genderlens.cli import main, write_atomically
from genderlens.errors import AdapterError, GenderlensError
from genderlens.plugins import collect_adapters, make_plugin_manager

from .conftest import EXAMPLES

PROGRAMME = str(EXAMPLES / "wsis-forum-2026-programme.csv")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:  # escaped from main(): a failure, but not one that stops pytest
        code = -1
    out, err = capsys.readouterr()
    return int(code or 0), out, err


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert len(lines[0]) <= 300
    return lines[0]


# -- the last-resort handler ------------------------------------------------------------------------------


def test_an_internal_error_is_exit_3_on_one_line(capsys, monkeypatch):
    def boom(args):
        msg = "unsupported operand\nsecond line"
        raise TypeError(msg)

    monkeypatch.setattr(cli, "_run", boom)
    monkeypatch.delenv("GENDERLENS_DEBUG", raising=False)
    code, _out, err = run(capsys, "check", PROGRAMME)
    assert code == 3
    line = one_error_line(err)
    assert line.startswith("genderlens: internal error (please report): TypeError: unsupported operand")
    assert "\\n" in line  # the exception's line break is escaped, not printed


def test_genderlens_debug_shows_the_traceback(capsys, monkeypatch):
    def boom(args):
        msg = "x"
        raise KeyError(msg)

    monkeypatch.setattr(cli, "_run", boom)
    monkeypatch.setenv("GENDERLENS_DEBUG", "1")
    code, _, err = run(capsys, "check", PROGRAMME)
    assert code == 3
    assert "Traceback" in err
    assert err.splitlines()[-1].startswith("genderlens: internal error (please report): KeyError")


def test_keyboard_interrupt_is_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run", interrupted)
    code, _, err = run(capsys, "check", PROGRAMME)
    assert code == 130
    assert one_error_line(err) == "genderlens: error: interrupted"


def test_a_reader_that_closes_the_pipe_early_gets_no_error(tmp_path):
    # The CLI writes up to 1 GB (more than any pipe buffer) to a pipe whose reader reads one byte and goes away.
    script = (
        "import sys\n"
        "from genderlens import cli\n"
        "def big(args):\n"
        "    for _ in range(1000):\n"
        "        sys.stdout.write('x' * 1_000_000)\n"
        "        sys.stdout.flush()\n"
        "    return 0\n"
        "cli._run = big\n"
        f"sys.exit(cli.main(['check', {PROGRAMME!r}]))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 141
    assert err == ""


def test_an_adapter_that_crashes_on_input_is_bad_input_not_a_crash(capsys, tmp_path, monkeypatch):
    from genderlens.default_plugins.csv_adapter import CsvAdapter

    def crash(self, source, config):
        msg = "a parser gave up"
        raise ValueError(msg)

    monkeypatch.setattr(CsvAdapter, "load", crash)
    path = tmp_path / "p.csv"
    path.write_text("name,gender\nAda,woman\n")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert one_error_line(err).endswith("p.csv: the csv adapter cannot read it (ValueError: a parser gave up)")


# -- garbage to every installed adapter -------------------------------------------------------------------


def _garbage() -> dict[str, bytes]:
    rng = random.Random(8)  # noqa: S311 - reproducible garbage, not a secret
    return {
        "random": bytes(rng.randrange(256) for _ in range(20000)),
        "nuls": b"\0" * 200_000,
        "zip": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(5000)),
        "brackets": b"[" * 5000 + b"{" * 5000,
        "bom": b"\xef\xbb\xbf\xff\xfe\x00" + b"\r\r\n\x1b[31m" * 1000,
    }


ADAPTERS = sorted(collect_adapters(make_plugin_manager()))


# Leaked file handles in third-party parsers (openpyxl) are not what this test is about.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("name", ADAPTERS)
@pytest.mark.parametrize("kind", sorted(_garbage()))
def test_garbage_to_every_adapter_is_one_line(capsys, tmp_path, name, kind):
    path = tmp_path / f"garbage-{kind}.csv"
    path.write_bytes(_garbage()[kind])
    code, _, err = run(capsys, "check", "--adapter", name, str(path))
    gc.collect()  # report leaked handles here, under this test's warning filter
    assert code in (0, 2)
    if code == 2:
        line = one_error_line(err)
        assert "\x1b" not in line
        assert "\0" not in line


def test_a_file_of_nuls_gives_a_short_error_line(capsys, tmp_path):
    # Today a 300 MB file of NULs makes a 157 MB error line; 3 MB shows the same.
    path = tmp_path / "nuls.csv"
    path.write_bytes(b"\0" * 3_000_000)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    line = one_error_line(err)
    assert "\0" not in line


def test_a_large_file_of_nuls_is_refused_quickly(capsys, tmp_path):
    # 100 MB of NULs (a sparse file): under the size limit, but one endless header row; this took minutes
    # and gigabytes of memory, and printed a line of 100 million escaped NULs.
    path = tmp_path / "nuls.csv"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    start = time.monotonic()
    code, _, err = run(capsys, "check", str(path))
    assert time.monotonic() - start < 10
    assert code == 2
    assert one_error_line(err).endswith(
        "nuls.csv:1: the header row is longer than 1,000,000 characters (is this a CSV file?)"
    )


def test_error_lines_escape_control_characters_and_are_capped():
    from genderlens.errors import one_line, quote

    assert one_line("a\nb\x1b[2Jc\u2028") == "a\\nb\\x1b[2Jc\\u2028"
    assert len(one_line("x" * 10_000)) == 300
    assert quote("y" * 100) == repr("y" * 60) + "..."
    assert quote("\r\n") == "'\\r\\n'"
    error = AdapterError("cannot read", source="f.csv", line=2, field="Gen\nder" + "x" * 100)
    assert "\n" not in str(error)
    assert len(str(error)) < 100


# -- settings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("tool = 5\n", "tool"),
        ("[tool]\ngenderlens = 5\n", "tool.genderlens"),
        ('target = "half"\n', "target"),
        ("roles = 5\n", "roles"),
        ("roster = [5]\n", "roster.0"),
        ("[limits]\nmax_file_mb = -1\n", "limits.max_file_mb"),
        ("[adapter]\nindico = 5\n", "adapter.indico"),
        ("[lint]\nextra = {a = 5}\n", "lint.extra.a"),
    ],
)
def test_wrong_settings_are_one_line_naming_the_key(capsys, tmp_path, text, key):
    settings = tmp_path / "genderlens.toml"
    settings.write_text(text)
    code, _, err = run(capsys, "check", PROGRAMME, "--config", str(settings))
    assert code == 2
    line = one_error_line(err)
    assert f"genderlens.toml: {key}:" in line


@pytest.mark.parametrize(
    ("option", "key"),
    [
        ('detail = ["sessions"]', "detail"),
        ("cache_dir = 5", "cache_dir"),
        ('max_pages = "x"', "max_pages"),
        ('timeout = "ten"', "timeout"),
        ('registrations = "yes"', "registrations"),
        ("form_id = 1.5", "form_id"),
        ("max_pages = 0", "max_pages"),
    ],
)
def test_wrong_indico_options_are_one_line_naming_the_key(capsys, tmp_path, option, key):
    settings = tmp_path / "genderlens.toml"
    settings.write_text(f"[adapter.indico]\n{option}\n")
    code, _, err = run(capsys, "check", "https://indico.invalid/event/1/", "--config", str(settings))
    assert code == 2
    assert f"adapter.indico.{key}: must be" in one_error_line(err)


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b'target = "\xff\xfe"\n', b"a = " + b"[" * 100_000])
def test_binary_or_invalid_toml_is_one_line(capsys, tmp_path, content):
    settings = tmp_path / "genderlens.toml"
    settings.write_bytes(content)
    code, _, err = run(capsys, "check", PROGRAMME, "--config", str(settings))
    assert code == 2
    assert "genderlens.toml: invalid TOML" in one_error_line(err)


# -- rosters -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 64,
        b"name,gender\nAda,woman\n\0\0\0,\0\n",
        b"\0" * 5000,
    ],
)
def test_binary_or_garbage_rosters_are_one_line(capsys, tmp_path, content):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(content)
    code, _, err = run(capsys, "check", PROGRAMME, "--roster", str(roster))
    assert code == 2
    assert "roster.csv" in one_error_line(err)


# -- report -o -----------------------------------------------------------------------------------------------


def test_report_output_honours_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_report_output_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_report_output_writes_through_a_pipe(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomically(fifo, "report text")
    reader.join(timeout=10)
    assert got == [b"report text"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not replaced by a file


def test_report_output_through_a_symlink_replaces_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_report_output_errors_name_the_target_not_the_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    (target / "inside").mkdir(parents=True)  # a folder where the report should go
    with pytest.raises(GenderlensError) as info:
        write_atomically(target, "{}")
    assert str(info.value) == f"{target}: cannot write: is a directory"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_report_to_dev_stdout(tmp_path):
    # `report -o /dev/stdout` writes to whatever stdout is (here a pipe), instead of replacing it. The test
    # writes through its own link to /proc/self/fd/1, as /dev/stdout is: code that replaces the target
    # (as root) must fail this test, not break /dev/stdout for the whole machine.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [sys.executable, "-m", "genderlens.cli", "report", PROGRAMME, "-o", str(link), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("event")
    assert link.is_symlink()


def test_report_to_a_redirected_dev_stdout_keeps_what_the_file_held(tmp_path):
    # stdout redirected to a regular file (`>> log`): /dev/stdout is written, not replaced by a new file.
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    with log.open("a") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "genderlens.cli", "report", PROGRAMME, "-o", str(link), "--format", "csv"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    text = log.read_text()
    assert text.startswith("earlier lines\nevent")
