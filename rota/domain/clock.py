"""Local wall-clock times and the weekly grid.

Everything a coordinator types is local Europe/Helsinki wall-clock time. The weekly grid numbers
minutes from Monday 00:00 (0) to the next Monday 00:00 (10 080); windows that cross midnight or
the Sunday→Monday boundary wrap around it.
"""

from __future__ import annotations

import re
from typing import Literal

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str) -> int:
    """Minutes after midnight for "HH:MM"; "24:00" is allowed as the end of a day."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a time; write HH:MM, e.g. 16:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        raise ValueError(f"'{text}' is not a time of day; use 00:00…23:59 or 24:00")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """ "HH:MM" for minutes after midnight (taken modulo one day)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def weekday_index(day: str) -> int:
    return WEEKDAYS.index(day)


def span_minutes(start: int, end: int) -> int:
    """Length of a daily window; an end at or before the start crosses midnight."""
    return end - start if end > start else end + MINUTES_PER_DAY - start


def describe_week_minute(minute: int) -> str:
    """ "Tue 09:00" for a minute of the week."""
    minute %= MINUTES_PER_WEEK
    return f"{WEEKDAYS[minute // MINUTES_PER_DAY].capitalize()} {format_clock(minute)}"


def describe_week_range(start: int, end: int) -> str:
    """ "Tue 09:00–13:00" (or "Sun 22:00–Mon 06:00") for a half-open range of week minutes."""
    first = describe_week_minute(start)
    same_day = (start // MINUTES_PER_DAY) == ((end - 1) // MINUTES_PER_DAY)
    last = format_clock(end) if same_day else describe_week_minute(end)
    if same_day and end % MINUTES_PER_DAY == 0:
        last = "24:00"
    return f"{first}–{last}"
