from __future__ import annotations

from genderlens import RegisterAdapter, hookimpl
from genderlens_xlsx import XlsxAdapter


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(XlsxAdapter())
