"""The sysconf research dataset (github.com/eitanf/sysconf, ``data/conf/*.json``): invited roles per conference."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from genderlens.adapters import Adapter, person_key
from genderlens.config import Config
from genderlens.errors import AdapterError
from genderlens.model import Event, Participant, Person, Role
from genderlens_schedules.jsonfile import load_json, text
from genderlens_schedules.sniff import sniff_sysconf

#: sysconf list key -> programme role. PC members are reviewers, not a programme role, so they are left out.
ROLE_KEYS: dict[str, Role] = {
    "pc_chairs": Role.CHAIR,
    "keynote_speakers": Role.KEYNOTE,
    "session_chairs": Role.CHAIR,
    "panelists": Role.PANELIST,
}
_AFFILIATION = re.compile(r"^(?P<name>.*?)\s*\((?P<affiliation>[^()]*)\)\s*$")
_YEAR = re.compile(r"_(\d{2})$")


def split_affiliation(entry: str) -> tuple[str, str | None]:
    """``"Anne Benoit (ENS Lyon)"`` -> ``("Anne Benoit", "ENS Lyon")``; names without brackets pass through."""
    entry = " ".join(entry.split())  # single spaces: the pattern's \s* then never rescans a long run
    m = _AFFILIATION.match(entry)
    if m is None or not m.group("name"):
        return entry, None
    return m.group("name").strip(), text(m.group("affiliation"))


def parse_conference(doc: Any, *, source: str, path: str = "") -> Event:
    """One sysconf conference record as an event with event-level chairs, keynotes and panelists.

    sysconf records who held each role but not in which session, so every person is an event-level
    participant and per-session metrics have nothing to judge.

    Raises:
        AdapterError: ``key`` is missing, or a role list is not a list of strings.
    """
    if not isinstance(doc, Mapping):
        msg = f"expected a conference object, found {type(doc).__name__}"
        raise AdapterError(msg, source=source, field=path or None)
    key = text(doc.get("key"))
    if key is None:
        msg = "required key is missing"
        raise AdapterError(msg, source=source, field=f"{path}.key" if path else "key")
    people: list[Participant] = []
    for list_key, role in ROLE_KEYS.items():
        entries = doc.get(list_key) or []
        field = f"{path}.{list_key}" if path else list_key
        if not isinstance(entries, list):
            msg = f"expected a list of names, found {type(entries).__name__}"
            raise AdapterError(msg, source=source, field=field)
        for i, entry in enumerate(entries):
            if not isinstance(entry, str):
                msg = f"expected a name, found {type(entry).__name__}"
                raise AdapterError(msg, source=source, field=f"{field}[{i}]")
            name, affiliation = split_affiliation(entry)
            pkey = person_key(name, fallback=f"{key}:{list_key}#{i}")
            # A repeated entry is another appearance (a second session chaired): kept, as metrics count heads.
            people.append(Participant(person=Person(key=pkey, name=name, affiliation=affiliation), role=role))
    year = _YEAR.search(key)
    conference = text(doc.get("conference")) or key
    return Event(
        id=key,
        title=f"{conference} ({key})",
        source=source,
        edition=f"20{year.group(1)}" if year else key,
        participants=tuple(people),
        people_fields=tuple(ROLE_KEYS),
    )


class SysconfAdapter(Adapter):
    """sysconf conference records: PC chairs, keynote speakers, session chairs and panelists."""

    name: ClassVar[str] = "sysconf"
    description: ClassVar[str] = "sysconf dataset conference JSON (pc_chairs, keynote_speakers, panelists...)."

    def sniff(self, source: str, head: bytes | None) -> int:
        """Recognise sysconf's role lists in the first bytes."""
        return sniff_sysconf(source, head)

    def load(self, source: str, config: Config) -> list[Event]:
        """Read a sysconf file: one conference object, or a list of them."""
        doc = load_json(source)
        if isinstance(doc, list):
            return [parse_conference(d, source=source, path=f"[{i}]") for i, d in enumerate(doc)]
        return [parse_conference(doc, source=source)]
