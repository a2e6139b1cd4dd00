"""Dates as GOV.UK writes them, from a date or a full or partial ISO date (the timeline's dates may be partial).

>>> from datetime import date
>>> long_date(date(2026, 11, 8)), long_date("2026-12-03"), long_date("2028-05"), long_date("2025")
('8 November 2026', '3 December 2026', 'May 2028', '2025')

Text that is not a date is returned as it is:

>>> long_date("not recorded")
'not recorded'
"""

from __future__ import annotations

from datetime import date


def long_date(value: date | str) -> str:
    """'3 December 2026' for a day, 'May 2028' for a month, '2025' for a year."""
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    parts = str(value).split("-")
    try:
        if len(parts) == 3:
            return long_date(date.fromisoformat(str(value)))
        if len(parts) == 2:
            return f"{date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    except ValueError:
        pass
    return str(value)
