from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens_ical.adapter import IcalAdapter


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(IcalAdapter())
