from __future__ import annotations

from genderlens import RegisterAdapter, hookimpl
from genderlens_xlsx.sniff import XlsxSniffer


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(XlsxSniffer())
