"""People's names in schedules: academic titles, several people in one text, and stable person keys."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from genderlens.names import ACADEMIC_TITLE, person_key


def split_titles(name: str) -> tuple[str | None, str]:
    """``"Prof. Dr. Anna Schmidt"`` -> ``("Prof. Dr.", "Anna Schmidt")``: leading academic titles apart.

    Only gender-neutral academic titles are taken off; a name that is nothing but titles is kept whole.
    """
    pos, titles = 0, []
    while True:
        m = ACADEMIC_TITLE.match(name, pos)
        if m is None or m.end() == pos:
            break
        titles.append(m.group().strip())
        pos = m.end()
    rest = name[pos:].strip()
    if not titles or not rest:
        return None, name.strip()
    return " ".join(titles), rest


_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|&|\+|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)


def split_people(value: str) -> list[str]:
    """Names joined in one text: ``"Prof. Dr. A B, Dr.-Ing. C D und E F"`` -> three names.

    A comma between single words is a ``"Last, First"`` name, not two people, so the text is split only
    when every part holds at least two words once titles are off; otherwise it is one name.
    """
    value = " ".join(value.split())  # single spaces: the separator's \s* then never rescans a long run
    parts = [p for p in _LIST_SEPARATOR.split(value) if p.strip()]
    if len(parts) < 2:
        return [value.strip()] if value.strip() else []
    if all(len(split_titles(p)[1].split()) >= 2 for p in parts):
        return [p.strip() for p in parts]
    return [value.strip()]


def person_keys(slots: Iterable[tuple[str | None, str | None]]) -> dict[tuple[str | None, str | None], str]:
    """The person key of each ``(name, id)`` slot of a programme, so that one person is one head.

    Ids are trusted unless they are unstable: when no id is ever repeated while names are, the export
    gives a new id per slot, and everyone is keyed by name. A full name (two words or more) found under
    two ids is one person listed twice and is keyed by name too; a one-word handle may be two people.
    A slot without an id takes the id its name has elsewhere, when it has exactly one, else its name;
    slots with neither name nor id get no key (the caller numbers them).

    Args:
        slots: ``(name, id)`` of every person listed on every session; names without titles.
    """
    listed = list(slots)
    ids = [pid for name, pid in listed if pid and name]
    names = [person_key(name, fallback="") for name, pid in listed if pid and name]
    unstable = len(set(ids)) == len(ids) and len(set(names)) < len(names)
    ids_of: dict[str, set[str]] = defaultdict(set)
    for name, pid in listed:
        if pid and name:
            ids_of[person_key(name, fallback="")].add(pid)
    keys: dict[tuple[str | None, str | None], str] = {}
    for name, pid in listed:
        by_name = person_key(name, fallback="") if name else ""
        merge = unstable or (len(ids_of[by_name]) > 1 and len(by_name.split()) > 1)
        if pid and not (by_name and merge):
            keys[(name, pid)] = pid
        elif by_name and not pid and not merge and len(ids_of[by_name]) == 1:
            keys[(name, pid)] = next(iter(ids_of[by_name]))  # listed elsewhere with its one id
        elif by_name:
            keys[(name, pid)] = by_name
    return keys
