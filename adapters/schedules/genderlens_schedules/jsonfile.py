"""Reading schedule JSON safely: decoding, nesting depth, required keys and typed values."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from genderlens.adapters import as_utf8, read_bytes
from genderlens.errors import AdapterError
from genderlens_schedules.sniff import INDICO_MARKERS as INDICO_MARKERS  # re-exported, as is_indico and looks_like_json
from genderlens_schedules.sniff import is_indico as is_indico
from genderlens_schedules.sniff import looks_like_json as looks_like_json


def decode(data: bytes, source: str) -> str:
    """UTF-8 text with an optional byte-order mark removed (Sessionize writes one)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 text (byte {exc.start})"
        raise AdapterError(msg, source=source, line=line) from exc


#: How deeply arrays and objects may nest in a schedule file; real exports nest about ten levels.
MAX_JSON_DEPTH = 200
_BRACKETS = re.compile(rb"[\[\]{}\"\\]")


def _check_depth(data: bytes, source: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` before parsing it (the parser would recurse)."""
    depth = 0
    in_string = False
    escaped_at = -1  # the byte after a backslash inside a string, which that backslash escapes
    for m in _BRACKETS.finditer(data):
        ch = m.group()
        if in_string:
            if m.start() == escaped_at:
                continue
            if ch == b"\\":
                escaped_at = m.end()
            elif ch == b'"':
                in_string = False
        elif ch == b'"':
            in_string = True
        elif ch in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = data.count(b"\n", 0, m.start()) + 1
                msg = f"JSON nested more than {MAX_JSON_DEPTH} levels deep; not a schedule export"
                raise AdapterError(msg, source=source, line=line)
        elif ch in (b"]", b"}"):
            depth -= 1


def load_json(source: str) -> Any:
    """Parse a JSON file; syntax errors become :class:`AdapterError` with the line number.

    Raises:
        AdapterError: Not UTF-8, not JSON, nested deeper than :data:`MAX_JSON_DEPTH`, or holding a
            number JSON does not allow (``NaN``, ``Infinity``).
    """
    data = as_utf8(read_bytes(source), source)  # a UTF-16 export ("Unicode" in Windows) as UTF-8
    text = decode(data, source)
    _check_depth(data, source)

    def refuse_constant(name: str) -> Any:
        msg = f"{name} is not a JSON number"
        raise AdapterError(msg, source=source)

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise AdapterError(msg, source=source, line=exc.lineno) from exc
    except ValueError as exc:  # e.g. an integer longer than Python converts (4300 digits)
        msg = f"invalid JSON: {exc}"
        raise AdapterError(msg, source=source) from None
    except RecursionError:  # pragma: no cover - _check_depth refuses such files first
        msg = "JSON nested too deeply"
        raise AdapterError(msg, source=source) from None


def require(obj: Any, key: str, path: str, source: str, *, kind: type | tuple[type, ...] | None = None) -> Any:
    """``obj[key]``, or :class:`AdapterError` naming ``path.key`` as the field when it is missing.

    Args:
        obj: The JSON object (a dict) expected to hold ``key``.
        key: The key.
        path: Where ``obj`` sits in the document, e.g. ``schedule.conference``.
        source: The file, for the error.
        kind: Expected type(s) of the value; a mismatch is an error too.
    """
    field = f"{path}.{key}" if path else key
    if not isinstance(obj, Mapping):
        msg = f"expected an object, found {_json_type(obj)}"
        raise AdapterError(msg, source=source, field=path or None)
    if key not in obj:
        msg = "required key is missing"
        raise AdapterError(msg, source=source, field=field)
    value = obj[key]
    if kind is not None and not isinstance(value, kind):
        names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
        msg = f"expected {names}, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=field)
    return value


def text(value: Any) -> str | None:
    """A stripped string, or ``None`` for missing and blank values."""
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def field_text(obj: Mapping[str, Any], key: str, path: str, source: str) -> str | None:
    """``obj[key]`` as stripped text (a string or a number), ``None`` when absent, null or blank.

    Raises:
        AdapterError: The value is a list, an object or a boolean; ``field`` names ``path.key``.
    """
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"expected text, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=f"{path}.{key}" if path else key)
    return text(value)


def field_list(obj: Mapping[str, Any], key: str, path: str, source: str) -> list[Any]:
    """``obj[key]`` as a list, ``[]`` when absent or null.

    Raises:
        AdapterError: The value is not a list; ``field`` names ``path.key``.
    """
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        msg = f"expected a list, found {_json_type(value)}"
        raise AdapterError(msg, source=source, field=f"{path}.{key}" if path else key)
    return value


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
