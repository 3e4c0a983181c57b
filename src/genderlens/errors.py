"""Errors that genderlens reports to users on one line."""

from __future__ import annotations

#: Longest error line the CLI prints, and the most characters of any one input value a message quotes.
MAX_LINE, MAX_QUOTE = 300, 60


def _escape(text: str) -> str:
    """``text`` with control characters (and line or paragraph separators) escaped like :func:`repr`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def quote(value: object, limit: int = MAX_QUOTE) -> str:
    """``value`` quoted for a message: repr-style escapes, at most ``limit`` characters of it, then ``...``."""
    text = str(value)
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """``text`` as one printable line of at most ``limit`` characters (control characters escaped)."""
    line = _escape(text[: limit + 1])  # escaping never shortens: the rest cannot show (a 300 MB line is fast)
    return line if len(line) <= limit else line[: limit - 3] + "..."


class GenderlensError(Exception):
    """Base class of every error the CLI prints without a traceback (exit code 2)."""


class AdapterError(GenderlensError):
    """Bad or unreadable input, located as precisely as the adapter can.

    Renders as ``source:line: field: message`` with the parts that are known, like a compiler error,
    so that an editor or CI log links straight to the offending line.
    """

    def __init__(self, message: str, *, source: str, line: int | None = None, field: str | None = None) -> None:
        """Create the error.

        Args:
            message: What is wrong, without location.
            source: File path or URL that was read.
            line: 1-based line (or row) number, when known.
            field: Column, key or property name, when known.
        """
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        """Return ``source[:line]: [field: ]message``; a long or odd field (an input header) is quoted."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        field = self.field
        if field is not None and (len(field) > MAX_QUOTE or not field.isprintable()):
            field = quote(field)
        what = self.message if field is None else f"{field}: {self.message}"
        return f"{where}: {what}"


class ConfigError(GenderlensError):
    """Invalid ``[tool.genderlens]`` / ``genderlens.toml`` configuration."""


class PluginError(GenderlensError):
    """A plugin registered something invalid, e.g. two adapters with one name."""
