from genderlens import RegisterMetric, RegisterRenderer, hookimpl
from genderlens.renderers import Renderer, lazy
from genderlens_example.metric import FirstSpeaker


@hookimpl
def register_metrics(register: RegisterMetric) -> None:
    register(FirstSpeaker())


@hookimpl
def register_renderers(register: RegisterRenderer) -> None:
    # lazy(): the module that renders is imported when someone asks for --format tsv, not at every start.
    register(
        Renderer(
            name="tsv",
            suffixes=(".tsv",),
            honours_min_cell=True,
            render=lazy("genderlens_example.tsv:render"),
            description="One tab-separated line per event-wide figure.",
        )
    )
