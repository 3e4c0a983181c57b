from genderlens.hookspecs import RegisterAdapter, hookimpl
from genderlens_indico.adapter import IndicoAdapter


@hookimpl
def register_adapters(register: RegisterAdapter) -> None:
    register(IndicoAdapter())
