"""Neutralise text from input files before it reaches an output format.

Titles, names, group labels and answers come from files anyone can write. Each format has its own
hazards, and each function here makes a text safe for one of them:

* :func:`terminal`: ANSI escape sequences, carriage returns and other C0/C1 controls (tab and newline
  too, since they break table cells), bidirectional overrides (U+202A-202E, U+2066-2069, LRM/RLM/ALM),
  lone surrogates and the non-characters U+FFFE/U+FFFF are shown as ``\\x1b``, ``\\u202e``... instead of
  acting on the terminal. Nothing is dropped, so a reader sees that the text held something odd.
* :func:`one_line`: the same, but line breaks of every kind (CR, LF, CRLF, VT, FF, NEL, U+2028/2029)
  become one space: for a field that must stay on one line (a Markdown heading or table cell, a CSV cell).
* :func:`markdown`: :func:`one_line`, then GitHub-flavoured Markdown and HTML are escaped so that a
  title cannot start a heading, a list, a table cell, code, an image, a link or an HTML tag; ``@name``
  mentions, ``#123`` issue references and bare ``http://``/``www.`` links are broken with a zero-width
  joiner (U+200D) so that GitHub neither notifies, cross-references nor links. ``:emoji:`` shortcodes are
  left alone: they only change how a word looks, and a title may legitimately contain colons.
* :func:`xml`: characters that XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF)
  and discouraged ones (C1 controls, bidi overrides) are made visible; the caller still escapes
  ``<&>"`` (:func:`xml.sax.saxutils.escape` / ``quoteattr``).
* :func:`html`: :func:`one_line`, then :func:`html.escape` with quotes, for text and attribute values
  (HTML and SVG, including the badge).

:func:`for_format` picks the function for a renderer's format name, for code (such as a line that quotes
users' answers) that writes into several formats.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable

#: Bidirectional formatting characters that can reorder what a reader sees (Trojan Source, CVE-2021-42574).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Everything :func:`terminal` shows escaped: C0, DEL, C1, LS/PS, bidi controls, surrogates, U+FFFE/FFFF.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]")
#: What XML 1.0 forbids or discourages, but tab, LF and CR (which the XML escapers encode).
_UNSAFE_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Line breaks as Unicode defines them (CRLF first, so it becomes one space).
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")

#: ``<`` opens a tag or an autolink only before a letter, ``/``, ``!`` or ``?``; ``<5`` stays readable.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}>#|~!$]|<(?=[A-Za-z/!?]))")
_MD_LIST_START = re.compile(r"^(\s*)([-+=])(?=[\s=+-]|$)")
_MD_ORDERED_START = re.compile(r"^(\s*\d+)([.)](?:\s|$))")
_MENTION = re.compile(r"@(?=\w)")
_ISSUE_REF = re.compile(r"#(?=\d)")
_URL = re.compile(r"(?i)(://|\bwww(?=\.))")
ZWJ = "\u200d"


def _show(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control, bidi override, surrogate and U+FFFE/FFFF shown as an escape."""
    return _UNSAFE.sub(_show, text)


def one_line(text: str) -> str:
    """:func:`terminal`, with each line break (CR, LF, CRLF, VT, FF, NEL, LS, PS) turned into a space."""
    return terminal(_BREAKS.sub(" ", text))


def markdown(text: str) -> str:
    """``text`` as inert GitHub-flavoured Markdown on one line: no markup, HTML, mention, link or reference."""
    # Leading blanks would make an indented code block where the text starts a line; Markdown drops
    # them in a paragraph anyway.
    text = one_line(text).lstrip(" \t")
    text = _MENTION.sub("@" + ZWJ, text)
    text = _ISSUE_REF.sub("#" + ZWJ, text)
    text = _URL.sub(lambda m: m.group(0)[0] + ZWJ + m.group(0)[1:], text)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LIST_START.sub(r"\1\\\2", text)
    return _MD_ORDERED_START.sub(r"\1\\\2", text)


def markdown_code(text: str) -> str:
    """``text`` for use inside a Markdown code span: one line, no backtick (which would end the span)."""
    return one_line(text).replace("`", "'")


def xml(text: str) -> str:
    """``text`` without what XML 1.0 forbids or discourages (shown as escapes); ``<&>"`` still need escaping."""
    return _UNSAFE_XML.sub(_show, text)


def json_text(text: str) -> str:
    """JSON text with lone surrogates written as ``\\udxxx`` escapes, so it can be written as UTF-8.

    Only a JSON string can hold one (the encoder writes everything else), where the escape is valid.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def html(text: object) -> str:
    """``text`` escaped for HTML or SVG text and quoted attribute values, controls made visible."""
    return _html.escape(one_line(str(text)), quote=True)


_BY_FORMAT: dict[str, Callable[[str], str]] = {
    "table": terminal,
    "json": lambda text: text,
    "csv": one_line,
    "markdown": markdown,
    "junit": xml,
    "html": html,
    "badge": html,
}


def for_format(fmt: str) -> Callable[[str], str]:
    """The neutraliser for a renderer's format name (``"table"``, ``"markdown"``...).

    JSON returns the text unchanged (the encoder escapes it); JUnit returns :func:`xml`, which the caller
    must still pass through an XML escaper. Unknown formats get :func:`terminal`, the strictest.
    """
    return _BY_FORMAT.get(fmt, terminal)
