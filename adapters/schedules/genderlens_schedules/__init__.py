"""genderlens adapters for conference schedule exports.

* ``pretalx``: pretalx and frab ``schedule.json`` (c3voc schedule format);
* ``frab_xml``: frab / pretalx ``schedule.xml``, parsed with DTDs and entities refused;
* ``sessionize``: Sessionize ``All`` JSON exports;
* ``sysconf``: conference records of the sysconf research dataset.

The adapters are imported on first use, so that the plugin (:mod:`genderlens_schedules.plugin`), which
every ``genderlens check`` loads, imports none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genderlens_schedules.frab_json import PretalxAdapter
    from genderlens_schedules.frab_xml import FrabXmlAdapter
    from genderlens_schedules.sessionize import SessionizeAdapter
    from genderlens_schedules.sysconf import SysconfAdapter

__all__ = ["FrabXmlAdapter", "PretalxAdapter", "SessionizeAdapter", "SysconfAdapter"]
_MODULES = {
    "FrabXmlAdapter": "genderlens_schedules.frab_xml",
    "PretalxAdapter": "genderlens_schedules.frab_json",
    "SessionizeAdapter": "genderlens_schedules.sessionize",
    "SysconfAdapter": "genderlens_schedules.sysconf",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        msg = f"module 'genderlens_schedules' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
