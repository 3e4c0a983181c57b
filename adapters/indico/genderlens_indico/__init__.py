"""genderlens-indico: read Indico events, categories, registrations and saved exports into genderlens."""

from genderlens_indico.adapter import IndicoAdapter, IndicoClient, IndicoOptions, ResponseCache
from genderlens_indico.parse import parse_event, parse_export, parse_registrants, parse_timetable

__version__ = "0.1.0"
__all__ = [
    "IndicoAdapter",
    "IndicoClient",
    "IndicoOptions",
    "ResponseCache",
    "__version__",
    "parse_event",
    "parse_export",
    "parse_registrants",
    "parse_timetable",
]
