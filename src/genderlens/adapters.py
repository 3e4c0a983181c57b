"""The :class:`Adapter` base class and helpers shared by adapters."""

from __future__ import annotations

import abc
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import ClassVar

from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.files import open_regular, read_regular
from genderlens.model import Event


class Adapter(abc.ABC):
    """Reads one kind of source (a file format or a server API) into :class:`~genderlens.model.Event` s.

    Subclasses set :attr:`name` (stable snake_case id, used by ``--adapter``) and implement
    :meth:`sniff` and :meth:`load`. ``load`` must raise :class:`~genderlens.errors.AdapterError`
    naming source, line and field for bad input, never return partial data silently.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abc.abstractmethod
    def sniff(self, source: str, head: bytes | None) -> int:
        """Say how well this adapter fits ``source``.

        Args:
            source: Path or URL given by the user.
            head: The first bytes of the file (up to 64 KiB), or ``None`` for URLs.

        Returns:
            0 when it cannot read it, up to 100 when certain (e.g. it recognised the content).
        """

    @abc.abstractmethod
    def load(self, source: str, config: Config) -> list[Event]:
        """Read ``source`` into events.

        Args:
            source: Path or URL.
            config: Settings (column mappings, tokens...).
        """


def read_head(source: str, size: int = 65536) -> bytes | None:
    """Return the first ``size`` bytes of a local file, or ``None`` for URLs, missing and non-regular files."""
    if "://" in source:
        return None
    try:
        with open_regular(source, max_bytes=2**63) as fh:
            return fh.read(size)
    except (OSError, AdapterError):
        return None


def read_bytes(source: str, *, limit: int | None = None) -> bytes:
    """A local regular file's bytes: the first ``limit`` bytes, or all of it within the file size limit.

    Raises:
        AdapterError: The file cannot be read, is not a regular file (a FIFO, device or directory), is
            larger than ``[tool.genderlens.limits] max_file_mb``, or holds nothing but white space.
    """
    if limit is None:
        data = read_regular(source)
    else:
        with open_regular(source, max_bytes=2**63) as fh:
            try:
                data = fh.read(limit)
            except OSError as exc:
                msg = f"cannot read: {exc.strerror}"
                raise AdapterError(msg, source=source) from exc
    if not data.strip():
        msg = "empty file"
        raise AdapterError(msg, source=source)
    return data


_SPACE = re.compile(r"\s+")


def person_key(name: str | None, *, fallback: str) -> str:
    """A key identifying a person by name: case-, accent- and spacing-insensitive.

    Args:
        name: Display name; ``None`` or blank uses ``fallback``.
        fallback: Key for people without a name (e.g. ``"row-12"``).
    """
    if not name or not name.strip():
        return fallback
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return "name:" + _SPACE.sub(" ", folded).strip()


_MODERATOR_LINE = re.compile(
    r"(?:^|[\n>.;(])\s*(?:moderation|moderator(?:in)?|moderated by|moderiert von|hosted by|host|facilitator"
    r"|mod[ée]ration|mod[ée]rateur|mod[ée]ratrice|moderador[a]?)"
    r"\s*(?::|\s)\s*([^\n<,;()]+)",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def moderators_named(texts: Iterable[str | None], names: Sequence[str]) -> set[str]:
    """Which of ``names`` a ``"Moderation: <name>"`` line in ``texts`` (abstract, description) names.

    Only people listed on the session can be marked, so prose such as "content moderation" never adds
    anyone: the words after the marker must start with one of ``names``.

    Args:
        texts: Free texts of one session (description, abstract, notes); ``None`` entries are skipped.
        names: Display names of the people listed on the session.
    """
    found: set[str] = set()
    folded = {name: _fold(name) for name in names if name.strip()}
    for text in texts:
        if not text:
            continue
        for m in _MODERATOR_LINE.finditer(text):
            after = _fold(m.group(1))
            for name, f in folded.items():
                if after == f or after.startswith(f + " "):
                    found.add(name)
    return found
