"""genderlens-ical: read iCalendar (.ics) programmes into genderlens events."""

from genderlens_ical.adapter import IcalAdapter, IcalOptions, parse_calendar

__version__ = "0.1.0"
__all__ = ["IcalAdapter", "IcalOptions", "__version__", "parse_calendar"]
