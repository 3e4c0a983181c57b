"""The :class:`Adapter` base class and helpers shared by adapters."""

from __future__ import annotations

import abc
import codecs
import datetime as dt
import importlib
import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from genderlens.config import Config
from genderlens.errors import AdapterError, PluginError
from genderlens.files import open_regular, read_regular
from genderlens.model import Event
from genderlens.names import person_key as person_key  # re-exported: adapters key people with it


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


class LazyAdapter(Adapter):
    """A light stand-in for an adapter, registered so that starting genderlens does not import it.

    Every ``genderlens check`` imports every installed plugin and asks every adapter to sniff every
    source, so whatever an adapter's module defines (parsers, regular expressions, option classes) is
    paid on each run, whichever format is read. A plugin can register this stand-in instead: a subclass
    sets :attr:`name`, :attr:`description` and :attr:`target` (``"module:Class"`` of the real adapter)
    and implements :meth:`sniff` with a light function the real adapter calls too; the real adapter's
    module is imported, and the adapter made with no arguments, on the first :meth:`load`.
    """

    target: ClassVar[str]

    def __init__(self) -> None:
        """Create the stand-in; the real adapter is made on first use."""
        self._adapter: Adapter | None = None

    @property
    def adapter(self) -> Adapter:
        """The real adapter (its module imported on first use).

        Raises:
            PluginError: :attr:`target` does not name an adapter of the same :attr:`name`.
        """
        if self._adapter is None:
            module_name, _, attr = self.target.partition(":")
            adapter = getattr(importlib.import_module(module_name), attr)()
            if not isinstance(adapter, Adapter) or adapter.name != self.name:
                msg = f"adapter {self.name!r}: {self.target} is not an adapter named {self.name!r}"
                raise PluginError(msg)
            self._adapter = adapter
        return self._adapter

    def load(self, source: str, config: Config) -> list[Event]:
        """Read ``source`` with the real adapter."""
        return self.adapter.load(source, config)


#: Byte-order marks of the wide Unicode encodings (UTF-32's first: its little-endian mark starts with UTF-16's).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def as_utf8(data: bytes, source: str, *, partial: bool = False) -> bytes:
    """UTF-16 or UTF-32 text that starts with a byte-order mark ("Unicode" in Windows' Save As), as UTF-8
    without the mark; any other bytes unchanged. Adapters that read UTF-8 then read those files too.

    Args:
        data: The bytes of a file, or (``partial``) its first bytes: a character cut at the end is dropped.
        source: Named in the error.
        partial: Sniffing a file's head: undecodable bytes become U+FFFD instead of an error.

    Raises:
        AdapterError: ``data`` has a wide byte-order mark but is not valid in that encoding.
    """
    for bom, codec in WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec, errors="replace" if partial else "strict").encode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
                msg = f"not valid {codec.upper()} text (byte {exc.start}), though it starts with a {codec.upper()} mark"
                raise AdapterError(msg, source=source, line=line) from None
    return data


def read_head(source: str, size: int = 65536) -> bytes | None:
    """Return the first ``size`` bytes of a local file, or ``None`` for URLs, missing and non-regular files.

    UTF-16 and UTF-32 text with a byte-order mark comes as UTF-8 (see :func:`as_utf8`), so that every
    adapter's ``sniff`` sees ``{`` or ``BEGIN:VCALENDAR`` whatever the file's encoding.
    """
    if "://" in source:
        return None
    try:
        with open_regular(source, max_bytes=2**63) as fh:
            return as_utf8(fh.read(size), source, partial=True)
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


# Linear-time by construction: a marker is an alternation of literals, and what follows it is read from a
# bounded window with plain string operations, so no run of spaces, newlines or colons can make it slow.
_MODERATOR_MARKER = re.compile(
    r"\b(?:moderated by|moderation by|moderiert von|mod[ée]r[ée]e? par|moderad[oa] por|hosted by|facilitated by"
    r"|moderators?|moderatorin|moderation|moderatoren|host|facilitators?|mod[ée]ration|mod[ée]rat(?:eur|rice)s?"
    r"|moderador(?:a|es)?)\b",
    re.IGNORECASE,
)
_AFTER_NAME_MARKER = re.compile(
    r"\s{0,3}[(,\u2013\u2014-]\s{0,3}(?:moderator(?:in)?|moderation|mod[ée]rat(?:eur|rice)|moderador[a]?|host"
    r"|facilitator)\b",
    re.IGNORECASE,
)
_WINDOW = 160
_MAX_MARKERS = 500
_LIST_SEPARATORS = re.compile(r",|;| and | und | et | y | & ")
_NAME_END = frozenset(" \t\r\n.,;:()<>!?'\"-\u2013\u2014")


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _starts_with_name(text: str, folded: dict[str, str]) -> str | None:
    for name, f in folded.items():
        if text.startswith(f) and (len(text) == len(f) or text[len(f)] in _NAME_END):
            return name
    return None


def moderators_named(texts: Iterable[str | None], names: Sequence[str]) -> set[str]:
    """Which of ``names`` the free ``texts`` of a session (abstract, description) name as moderators.

    Markers before the name: ``"Moderation: X"``, ``"Moderator: X"``, ``"-Moderated by X, Director of
    ..."``, ``"The discussion will be moderated by X and Y."``, ``"modéré par X"``, ``"moderado por X"``,
    ``"moderiert von X"``, ``"hosted by X"``; and after it: ``"X (moderator)"``, ``"X, Moderatorin"``.
    Only people listed on the session can be marked, so prose such as "content moderation" never adds
    anyone: the words after the marker must start with one of ``names``. Runs in time linear in the
    length of the texts.

    Args:
        texts: Free texts of one session (description, abstract, notes); ``None`` entries are skipped.
        names: Display names of the people listed on the session.
    """
    found: set[str] = set()
    folded = {name: _fold(name) for name in names if name.strip()}
    if not folded:
        return found
    initials = {f[0] for f in folded.values()}
    head = 2 * max(len(f) for f in folded.values()) + 2  # enough of the text to hold a name, spaced out
    seen: set[str] = set()
    for text in texts:
        if not text:
            continue
        for m in _MODERATOR_MARKER.finditer(text):
            raw = text[m.end() : m.end() + _WINDOW].lstrip(" \t\r\n:.-\u2013\u2014")
            if not raw or raw[0].casefold() not in initials or _starts_with_name(_fold(raw[:head]), folded) is None:
                continue
            line = raw.split("\n", 1)[0]
            if line in seen:
                continue  # the same words again (a repeated footer): nothing new to find
            if len(seen) >= _MAX_MARKERS:
                break  # no real abstract names its moderators this often: text built to be slow
            seen.add(line)
            window = _fold(line)
            # "moderated by A and B, Director of ...": every listed name up to the first piece that is not one.
            for piece in _LIST_SEPARATORS.split(window):
                name = _starts_with_name(piece.strip(), folded)
                if name is None:
                    break
                found.add(name)
        lowered = text.casefold() if len(text.casefold()) == len(text) else None
        if lowered is None:
            continue
        for name, f in folded.items():
            start = lowered.find(f)
            while start != -1:
                end = start + len(f)
                if _AFTER_NAME_MARKER.match(lowered, end):
                    found.add(name)
                    break
                start = lowered.find(f, end)
    return found


def comparable_time(value: dt.datetime) -> dt.datetime:
    """A form of ``value`` that compares with any other: naive (floating) times as they are, aware ones in
    UTC without the zone. Sources mix the two (a floating start with a zoned end), and Python refuses to
    compare them."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:  # within a day of year 1 or 9999: compare the wall time
        return value.replace(tzinfo=None)
