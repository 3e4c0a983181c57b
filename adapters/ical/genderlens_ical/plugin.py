from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens_ical.sniff import IcalSniffer


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(IcalSniffer())
