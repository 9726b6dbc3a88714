"""When a directory entry is stale: not updated for more than a number of years.

Below every layer (it imports nothing of partenariat): the reader warns of stale entries,
the report and the directory list them, with the same rule.

>>> is_stale(dt.date(2024, 11, 23), dt.date(2026, 11, 24))
True
>>> is_stale(dt.date(2024, 11, 24), dt.date(2026, 11, 24))
False
"""

from __future__ import annotations

import datetime as dt

#: An organisation not updated for more than this many years is a stale directory entry.
STALE_AFTER_YEARS = 2


def is_stale(updated: dt.date, today: dt.date, years: int = STALE_AFTER_YEARS) -> bool:
    """True when ``updated`` is more than ``years`` (two) years before ``today``."""
    return updated < years_before(today, years)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February; the first
    representable day for a reference date in the first years of the calendar).

    >>> years_before(dt.date(2024, 2, 29), 2), years_before(dt.date(1, 1, 1), 2)
    (datetime.date(2022, 2, 28), datetime.date(1, 1, 1))
    """
    if day.year - years < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
