from __future__ import annotations

from genderlens import RegisterAdapter, hookimpl
from genderlens_schedules.sniff import FrabXmlSniffer, PretalxSniffer, SessionizeSniffer, SysconfSniffer


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    for adapter in (PretalxSniffer(), FrabXmlSniffer(), SessionizeSniffer(), SysconfSniffer()):
        register(adapter)
