from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens_indico.sniff import IndicoSniffer


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(IndicoSniffer())
