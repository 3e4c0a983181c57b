"""Indico plugin showing the gender balance of an event's programme and registrations, computed by genderlens."""
