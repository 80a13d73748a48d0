"""The planning calendar: quarters, public holidays and DST-correct local times.

Shifts are agreed in Helsinki wall-clock time, and a datetime here keeps the agreed wall time
with the zone attached. A wall time that does not exist (03:00 on the spring-forward night) keeps
the offset from before the gap, which is the instant RFC 5545 gives it (03:00+02:00 is 04:00+03:00);
a repeated wall time (03:30 on the autumn night) is its first occurrence. Keeping the agreed
reading is what makes "a shift 21:00–03:00 lasts 6 wall-clock hours" hold on that night too.

Python compares two datetimes of the same zone by their wall readings, which is wrong around DST
changes; whenever order or distance matters, compare `instant(x)` (UTC) instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays

HELSINKI = ZoneInfo("Europe/Helsinki")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True)
class Period:
    """Local dates [first, end) — end is exclusive."""

    first: dt.date
    end: dt.date
    label: str = ""

    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.end - self.first).days)]

    def contains(self, day: dt.date) -> bool:
        return self.first <= day < self.end

    @property
    def start_instant(self) -> dt.datetime:
        return local(self.first, 0)

    @property
    def end_instant(self) -> dt.datetime:
        return local(self.end, 0)


def parse_quarter(text: str) -> Period:
    """'2027Q1' -> the local dates 2027-01-01 … 2027-03-31."""
    match = _QUARTER.match(text.strip().upper())
    if not match:
        raise ValueError(f"'{text}' is not a quarter; write YYYYQn, e.g. 2027Q1")
    year, quarter = int(match.group(1)), int(match.group(2))
    first = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(first, end, f"{year}Q{quarter}")


def quarter_of(day: dt.date) -> Period:
    return parse_quarter(f"{day.year}Q{(day.month - 1) // 3 + 1}")


def next_quarter(today: dt.date) -> str:
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)
    return f"{year}Q{quarter}"


def local(day: dt.date, minute_of_day: int, tz: ZoneInfo = HELSINKI) -> dt.datetime:
    """The real instant of a local wall time; minute_of_day may run past 24:00 into later days."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute_of_day)
    return naive.replace(tzinfo=tz)


def instant(moment: dt.datetime) -> dt.datetime:
    """The same moment in UTC, for comparisons and arithmetic that must respect DST."""
    assert moment.tzinfo is not None, "local times are always timezone-aware"
    return moment.astimezone(dt.UTC)


def as_helsinki(moment: dt.datetime, tz: ZoneInfo = HELSINKI) -> dt.datetime:
    """A parsed ISO time (fixed offset) as Helsinki wall time, keeping the reading as written
    when it names the same instant (so 03:00+02:00 on the spring night stays 03:00)."""
    for fold in (0, 1):
        candidate = moment.replace(tzinfo=tz, fold=fold)
        if candidate.utcoffset() == moment.utcoffset():
            return candidate
    return moment.astimezone(tz)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month `months` later, clamped to the month's last day (Dec 31 + 2 → Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@cache
def _finnish_holidays(years: tuple[int, ...]) -> dict[dt.date, str]:
    found = holidays.country_holidays(
        "FI", years=list(years), categories=("public",), language="en_US"
    )
    return dict(found.items())


def public_holidays(
    period: Period, extra: list[dt.date] | tuple[dt.date, ...] = ()
) -> dict[dt.date, str]:
    """Public holidays in the period (±1 day, since night shifts cross the edges)."""
    first, last = period.first - dt.timedelta(days=1), period.end + dt.timedelta(days=1)
    years = tuple(range(first.year, last.year + 1))
    found = {d: name for d, name in _finnish_holidays(years).items() if first <= d <= last}
    for day in extra:
        if first <= day <= last:
            found.setdefault(day, "Extra holiday (scenario)")
    return dict(sorted(found.items()))


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week
