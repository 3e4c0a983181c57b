"""Errors that genderlens reports to users on one line."""

from __future__ import annotations


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
        """Return ``source[:line]: [field: ]message``."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class ConfigError(GenderlensError):
    """Invalid ``[tool.genderlens]`` / ``genderlens.toml`` configuration."""


class PluginError(GenderlensError):
    """A plugin registered something invalid, e.g. two adapters with one name."""
