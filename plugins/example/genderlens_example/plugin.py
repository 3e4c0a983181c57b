from genderlens import RegisterMetric, hookimpl
from genderlens_example.metric import FirstSpeaker


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    register(FirstSpeaker())
