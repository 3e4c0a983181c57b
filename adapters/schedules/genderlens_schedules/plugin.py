from __future__ import annotations

from genderlens import RegisterAdapter, hookimpl
from genderlens_schedules import FrabXmlAdapter, PretalxAdapter, SessionizeAdapter, SysconfAdapter


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    for adapter in (PretalxAdapter(), FrabXmlAdapter(), SessionizeAdapter(), SysconfAdapter()):
        register(adapter)
