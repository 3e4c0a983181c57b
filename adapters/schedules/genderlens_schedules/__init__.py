"""genderlens adapters for conference schedule exports.

* ``pretalx``: pretalx and frab ``schedule.json`` (c3voc schedule format);
* ``frab_xml``: frab / pretalx ``schedule.xml``, parsed with DTDs and entities refused;
* ``sessionize``: Sessionize ``All`` JSON exports;
* ``sysconf``: conference records of the sysconf research dataset.
"""

from __future__ import annotations

from genderlens_schedules.frab_json import PretalxAdapter
from genderlens_schedules.frab_xml import FrabXmlAdapter
from genderlens_schedules.sessionize import SessionizeAdapter
from genderlens_schedules.sysconf import SysconfAdapter

__all__ = ["FrabXmlAdapter", "PretalxAdapter", "SessionizeAdapter", "SysconfAdapter"]
