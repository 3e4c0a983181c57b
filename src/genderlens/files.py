"""Reading local files within limits: regular files only, and none bigger than the size limit.

Programme files, roster files and settings can come from anyone (a pull request adds
``roster = ["/dev/zero"]``), so a path that names a FIFO, a device or a directory is refused before a
byte is read, and a file larger than ``[tool.genderlens.limits] max_file_mb`` (200 MB by default) is
refused instead of filling the memory. The limit in force is set per run with :func:`file_limit`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from genderlens.errors import AdapterError

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 200
"""Largest programme, registration or roster file read, in MB (``limits.max_file_mb``)."""
DEFAULT_MAX_RESPONSE_MB = 20
"""Largest decoded answer from a server (Indico), in MB (``limits.max_response_mb``)."""
MAX_SETTINGS_BYTES = 1 * MB
"""Largest settings file (``genderlens.toml``, ``pyproject.toml``); fixed, since the limits are settings."""

_max_file_bytes: ContextVar[int] = ContextVar("genderlens_max_file_bytes", default=DEFAULT_MAX_FILE_MB * MB)


def max_file_bytes() -> int:
    """The file size limit in force, in bytes."""
    return _max_file_bytes.get()


@contextmanager
def file_limit(max_bytes: int) -> Iterator[None]:
    """Set the file size limit for the code run inside the ``with`` block."""
    token = _max_file_bytes.set(max_bytes)
    try:
        yield
    finally:
        _max_file_bytes.reset(token)


def _size(n: int) -> str:
    return f"{n / MB:.3g} MB" if n >= MB else f"{n} bytes"


def too_big(size: int, limit: int, setting: str = "limits.max_file_mb") -> str:
    """The message for ``size`` bytes over ``limit``, naming the setting that raises the limit."""
    return f"larger than the limit of {_size(limit)} (setting {setting})"


def open_regular(path: str | Path, *, source: str | None = None, max_bytes: int | None = None) -> BinaryIO:
    """Open a regular file for reading in binary mode.

    The file is opened without blocking (a FIFO would otherwise wait for a writer) and checked with
    ``fstat`` on the open descriptor, so what is checked is what is read.

    Args:
        path: The file.
        source: How to name it in messages (default ``path``).
        max_bytes: Size limit; default :func:`max_file_bytes`.

    Raises:
        AdapterError: The file cannot be opened, is not a regular file, or is larger than the limit.
    """
    where = str(path) if source is None else source
    limit = max_file_bytes() if max_bytes is None else max_bytes
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise AdapterError(msg, source=where) from exc
    try:
        problem = _problem(os.fstat(fd), limit)
        if problem is None:
            if hasattr(os, "set_blocking"):  # POSIX; Windows opened it blocking anyway
                os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    raise AdapterError(problem, source=where)


def _problem(info: os.stat_result, limit: int) -> str | None:
    if stat.S_ISDIR(info.st_mode):
        return "not a regular file (a directory)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, pipe or socket)"
    if info.st_size > limit:
        return too_big(info.st_size, limit)
    return None


def read_regular(path: str | Path, *, source: str | None = None, max_bytes: int | None = None) -> bytes:
    """All bytes of a regular file no larger than ``max_bytes`` (default :func:`max_file_bytes`).

    A file that grows past the limit while it is read (or reports a size of 0, as ``/proc`` files do)
    is refused too.

    Raises:
        AdapterError: See :func:`open_regular`; also a read error.
    """
    where = str(path) if source is None else source
    limit = max_file_bytes() if max_bytes is None else max_bytes
    with open_regular(path, source=where, max_bytes=limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            msg = f"cannot read: {exc.strerror or exc}"
            raise AdapterError(msg, source=where) from exc
    if len(data) > limit:
        raise AdapterError(too_big(len(data), limit), source=where)
    return data


def check_file(path: str | Path, *, source: str | None = None) -> None:
    """Check, without reading it, that ``path`` is a regular file within the size limit.

    Raises:
        AdapterError: See :func:`open_regular`.
    """
    open_regular(path, source=source).close()
