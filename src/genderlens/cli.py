"""Command line: ``genderlens check``, ``genderlens report``, ``genderlens lint``, ``genderlens plugins``.

Exit codes: see :data:`EXIT_CODES` (also printed by ``genderlens --help``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import stat
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from genderlens import __version__
from genderlens.errors import MAX_LINE, GenderlensError, one_line
from genderlens.gcpause import collection_paused, freeze_after_pauses

if TYPE_CHECKING:
    import pluggy

    from genderlens.model import Verdict
    from genderlens.renderers import Renderer

EXIT_OK, EXIT_MISS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
#: The exit codes, as ``--help`` prints them and the README documents them.
EXIT_CODES = """\
exit codes:
  0  checked: every event meets its targets, or --fail-on-miss was not given
  1  with --fail-on-miss: an event misses a target, or the verdict is "cannot tell"
     (nothing read, or too few genders known to judge); with lint --fail-on-match:
     a gender-specific term was found
  2  bad input, settings or usage: one line on stderr, nothing written
  3  internal error, please report (one line; GENDERLENS_DEBUG=1 shows the traceback)
  130  interrupted; 141: whoever read the output closed the pipe early

verdicts: meets, misses, cannot_tell (JSON "verdict", per event and for the run). A run
misses when any event misses (a known miss is a miss), else cannot tell when any
event cannot tell, else meets."""
LINT_FORMATS = ("text", "json", "junit", "markdown")
#: Set by :func:`run` (the console script), whose process ends when the command does.
_process_ends = False


@contextlib.contextmanager
def _starting() -> Iterator[None]:
    """Start-up (imports, model classes, plugins): objects that live as long as the process.

    Garbage collection is paused meanwhile. In the console script the objects are then frozen
    (:func:`gc.freeze`) as well, so that no later collection walks them again (~5 ms of each run);
    tests call :func:`main`, which leaves them to the collector.
    """
    with collection_paused():
        yield
        if _process_ends:
            gc.freeze()


def fraction(text: str) -> float:
    """Parse ``0.5``, ``50%`` or ``1/3`` into a fraction in [0, 1]."""
    t = text.strip()
    try:
        value = float(t[:-1]) / 100 if t.endswith("%") else float(Fraction(t))
    except (ValueError, ZeroDivisionError):
        msg = f"{text!r} is not a share (write 0.5, 50% or 1/2)"
        raise argparse.ArgumentTypeError(msg) from None
    if not 0 <= value <= 1:
        msg = f"{text!r} is outside 0-100%"
        raise argparse.ArgumentTypeError(msg)
    return value


class Plugins:
    """The run's plugin manager and output formats, loaded on first use.

    The parser's ``--format`` choices are :meth:`formats`: argparse consults them only when a format is
    given or help is printed, so ``genderlens --version`` or ``lint`` never load the plugins.
    """

    def __init__(self) -> None:
        self._pm: pluggy.PluginManager | None = None
        self._renderers: dict[str, Renderer] | None = None

    @property
    def pm(self) -> pluggy.PluginManager:
        """The plugin manager (built-in and installed plugins)."""
        if self._pm is None:
            with _starting():
                from genderlens.plugins import make_plugin_manager

                self._pm = make_plugin_manager()
        return self._pm

    @property
    def renderers(self) -> dict[str, Renderer]:
        """Every registered output format by name."""
        if self._renderers is None:
            from genderlens.plugins import collect_renderers

            self._renderers = collect_renderers(self.pm)
        return self._renderers

    def formats(self) -> _Formats:
        """The format names, as a lazy container for argparse ``choices``."""
        return _Formats(self)


class _Formats:
    def __init__(self, plugins: Plugins) -> None:
        self._plugins = plugins

    def __contains__(self, name: object) -> bool:
        return name in self._plugins.renderers

    def __iter__(self) -> Iterator[str]:
        return iter(self._plugins.renderers)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        # argparse exits 2 too, but prints its usage first: bad input gets one line, like every other error.
        command = self.prog.removeprefix("genderlens").strip()
        hint = f" (see 'genderlens {command} --help')" if command else " (see 'genderlens --help')"
        self.exit(EXIT_ERROR, f"genderlens: error: {' '.join(message.split())}{hint}\n")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="programme or registration file, or Indico URL")
    p.add_argument("--config", metavar="FILE", help="settings file (default: genderlens.toml or pyproject.toml)")
    p.add_argument("--adapter", metavar="NAME", help="read every SOURCE with this adapter instead of sniffing")
    p.add_argument("--target", type=fraction, help="parity target for the share of women (default 0.5)")
    p.add_argument("--tolerance", type=fraction, help="accepted distance from the target (default 0.10)")
    p.add_argument("--min-share", type=fraction, help="floor for the share of women, e.g. 1/3")
    p.add_argument("--min-panel-size", type=int, help="judge sessions with at least this many known people")
    p.add_argument("--min-known", type=int, help="judge event-wide figures with at least this many known people")
    p.add_argument(
        "--min-coverage",
        type=fraction,
        help="cannot tell when gender is known for fewer than this share of people (default 0.5)",
    )
    p.add_argument("--min-cell", type=int, help="suppress counts below N in the output")
    p.add_argument(
        "--roster",
        action="append",
        metavar="FILE",
        help="CSV of self-declared genders by name or e-mail, used where the source has none (repeatable)",
    )
    p.add_argument(
        "--show-names", action="store_true", default=None, help="list people whose gender is unknown, by name"
    )
    p.add_argument(
        "--infer-names",
        action="store_true",
        default=None,
        help="guess unknown genders from given names (needs genderlens-names; reported apart, with abstentions)",
    )
    p.add_argument("--badge-label", metavar="TEXT", help='left-hand text of --format badge (default "women speakers")')
    p.add_argument(
        "--fail-on-miss",
        action="store_true",
        help="exit 1 when any event or session misses a target, or when the verdict is cannot tell",
    )


def make_parser(plugins: Plugins | None = None) -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests); ``--format`` lists ``plugins``' formats."""
    formats = (plugins or Plugins()).formats()
    parser = _Parser(
        prog="genderlens",
        description="Measure gender balance in event programmes and registrations.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"genderlens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser(
        "check",
        help="check sources and print the result",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(check)
    # metavar: argparse would otherwise list the choices, and so load the plugins, to build the parser.
    check.add_argument(
        "--format",
        "-f",
        choices=formats,
        metavar="FORMAT",
        default="table",
        help="output format: %(choices)s (default: table)",
    )
    report = sub.add_parser(
        "report",
        help="check sources and write the result to a file",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(report)
    report.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FILE",
        help="file to write (format from its suffix; missing folders are created)",
    )
    report.add_argument(
        "--format",
        "-f",
        choices=formats,
        metavar="FORMAT",
        help="output format: %(choices)s (default: from the suffix)",
    )
    lint = sub.add_parser("lint", help="flag gender-specific terms (chairman, manpower...) in agenda text")
    lint.add_argument("files", nargs="+", metavar="FILE", help="text, Markdown, CSV or iCalendar file")
    lint.add_argument("--config", metavar="FILE", help="settings file with [tool.genderlens.lint] word lists")
    lint.add_argument("--format", "-f", choices=LINT_FORMATS, default="text", help="output format (default: text)")
    lint.add_argument("--fail-on-match", action="store_true", help="exit 1 when any gender-specific term is found")
    sub.add_parser("plugins", help="list installed plugins as JSON")
    roster = sub.add_parser("roster", help="rosters of genders kept apart from the programme")
    roster_sub = roster.add_subparsers(dest="action", required=True, parser_class=_Parser)
    template = roster_sub.add_parser("template", help="write a roster to fill in: people whose gender is unknown")
    template.add_argument("sources", nargs="+", metavar="SOURCE", help="programme file, or Indico URL")
    template.add_argument("--output", "-o", required=True, metavar="FILE", help="roster.csv or roster.xlsx to write")
    template.add_argument("--config", metavar="FILE", help="settings file (default: genderlens.toml or pyproject.toml)")
    template.add_argument("--adapter", metavar="NAME", help="read every SOURCE with this adapter instead of sniffing")
    template.add_argument("--roster", action="append", metavar="FILE", help="answers already collected (repeatable)")
    template.add_argument("--force", action="store_true", help="replace FILE if it exists (it may hold answers)")
    return parser


def exit_code(verdict: Verdict, *, fail_on_miss: bool) -> int:
    """0, or 1 with ``fail_on_miss`` unless the verdict is ``meets``: *cannot tell* is never success."""
    # Compared by value (Verdict is a StrEnum) so that importing the CLI does not load pydantic.
    return EXIT_MISS if fail_on_miss and verdict != "meets" else EXIT_OK


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cannot_write(path: Path, exc: OSError) -> GenderlensError:
    return GenderlensError(f"{path}: cannot write: {exc.strerror or exc}")


def _is_stream(path: Path) -> bool:
    """Whether ``path`` names a process's stream (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``)."""
    for p in (path, *([Path(os.readlink(path))] if path.is_symlink() else [])):
        if p.is_absolute() and p.parts[1:2] in (("dev",), ("proc",)):
            return True
    return False


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a failure never leaves half a file.

    A regular file (or a new one) is written to a temporary file in the same folder, then renamed over
    ``path`` (through a symbolic link, to the file it points to); it keeps the mode of the file it
    replaces, and a new file gets 0666 less the umask. A device or pipe, and anything under ``/dev`` or
    ``/proc`` (``/dev/stdout`` redirected to a file), is written directly.

    Raises:
        GenderlensError: ``path`` cannot be written; the message names ``path``, not the temporary file.
    """
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        msg = f"{path}: cannot write: is a directory"
        raise GenderlensError(msg)
    if info is not None and (not stat.S_ISREG(info.st_mode) or _is_stream(path)):
        try:  # appending: `-o /dev/stdout >> log` must not truncate the log
            with path.open("a", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise


def _lint(args: argparse.Namespace) -> int:
    with _starting():
        from genderlens.config import load_config
        from genderlens.files import file_limit
        from genderlens.lint import FORMATTERS, lint_files

    config = load_config(args.config)
    with file_limit(config.limits.max_file_bytes):
        findings = lint_files(args.files, extra=config.lint.extra, ignore=config.lint.ignore)
    sys.stdout.write(FORMATTERS[args.format](findings, args.files))
    return EXIT_MISS if args.fail_on_match and findings else EXIT_OK


def _roster_template(args: argparse.Namespace) -> int:
    from genderlens.config import load_config
    from genderlens.plugins import make_plugin_manager
    from genderlens.roster_template import people_to_ask, write_template

    if Path(args.output).exists() and not args.force:
        print(
            f"genderlens: error: {args.output}: exists and may hold answers; use --force to replace it", file=sys.stderr
        )
        return EXIT_ERROR
    config = load_config(args.config)
    if args.roster:
        config = config.with_overrides(roster=[*config.roster, *(str(Path(r).resolve()) for r in args.roster)])
    people = people_to_ask(args.sources, make_plugin_manager(), config, adapter=args.adapter)
    write_template(Path(args.output), people)
    noun = "person" if len(people) == 1 else "people"
    print(f"wrote {args.output}: {len(people)} {noun} whose gender is unknown", file=sys.stderr)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "lint":
        return _lint(args)
    if args.command == "roster":
        return _roster_template(args)
    with _starting():
        from genderlens.config import load_config
        from genderlens.plugins import get_plugins

    plugins: Plugins = getattr(args, "plugins", None) or Plugins()
    pm = plugins.pm
    if args.command == "plugins":
        import json

        print(json.dumps(get_plugins(pm), indent=2))
        return EXIT_OK

    with _starting():
        from genderlens.renderers import RenderOptions, check_min_cell, format_of, render, suffix_map
        from genderlens.report import build_report, load_sources

    config = load_config(args.config).with_overrides(
        target=args.target,
        tolerance=args.tolerance,
        min_share=args.min_share,
        min_panel_size=args.min_panel_size,
        min_known=args.min_known,
        min_coverage=args.min_coverage,
        min_cell=args.min_cell,
        show_names=args.show_names,
        infer_names=args.infer_names,
    )
    if config.infer_names and pm.get_plugin("names") is None:
        print(
            "genderlens: error: name inference is enabled but not installed: pip install genderlens-names",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.roster:
        # Paths on the command line are relative to the working directory, not to the settings file.
        config = config.with_overrides(roster=[*config.roster, *(str(Path(r).resolve()) for r in args.roster)])
    fmt = args.format
    if args.command == "report" and fmt is None:
        fmt = format_of(args.output, plugins.renderers)
        if fmt is None:
            known = ", ".join(sorted(suffix_map(plugins.renderers)))
            print(
                f"genderlens: error: cannot tell the format of {args.output!r} (known suffixes: {known}); use --format",
                file=sys.stderr,
            )
            return EXIT_ERROR
    if fmt not in plugins.renderers:  # the default format, when its plugin is disabled
        installed = ", ".join(plugins.renderers) or "none"
        print(f"genderlens: error: format {fmt!r} is not installed (installed: {installed})", file=sys.stderr)
        return EXIT_ERROR
    renderer = plugins.renderers[fmt]
    check_min_cell(renderer, config.min_cell)  # before reading anything
    events = load_sources(args.sources, pm, config, adapter=args.adapter)
    report = build_report(events, pm, config)
    text = render(renderer, report, RenderOptions(min_cell=config.min_cell, label=args.badge_label))
    if args.command == "report":
        write_atomically(Path(args.output), text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return exit_code(report.verdict, fail_on_miss=args.fail_on_miss)


def _error(text: str, prefix: str = "genderlens: error: ") -> None:
    """Print one line on stderr: control characters escaped, at most :data:`~genderlens.errors.MAX_LINE` long."""
    print(prefix + one_line(text, MAX_LINE - len(prefix)), file=sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    plugins = Plugins()
    try:
        # The namespace carries the plugins the parser may already have loaded for --format.
        args = make_parser(plugins).parse_args(argv, namespace=argparse.Namespace(plugins=plugins))
        return _run(args)
    except GenderlensError as exc:
        if os.environ.get("GENDERLENS_DEBUG") == "1":
            traceback.print_exc()
        _error(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code.

    See :data:`EXIT_CODES`: 3 for an internal error (a bug: one line naming the
    exception; ``GENDERLENS_DEBUG=1`` prints the traceback too), 130 when interrupted, and 141 when
    whoever reads the output closes the pipe early (``genderlens check ... | head``).
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away: say nothing, and keep Python from complaining when it flushes stdout.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the last resort: never a traceback, never exit 1
        if os.environ.get("GENDERLENS_DEBUG") == "1":
            traceback.print_exc()
        _error(f"{type(exc).__name__}: {exc}", "genderlens: internal error (please report): ")
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``genderlens`` command: :func:`main`, then exit.

    Objects still alive are frozen first (:func:`gc.freeze`), so that the interpreter does not run a
    last garbage collection over all of them on the way out (~15 ms). Only for a process that ends here:
    tests call :func:`main`.
    """
    global _process_ends  # one process, one command
    _process_ends = True
    freeze_after_pauses()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
