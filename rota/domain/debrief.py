"""Debriefing after a shift (SPEC §2, rule R8).

A volunteer or student responder has a debrief conversation after every shift, at their own
centre (the centre's `debrief` hours in the scenario) or with the national debrief service,
which is open every weekday evening and around the clock on weekends and public holidays.
R8 therefore asks one question of a shift: is debriefing available at the instant it ends?

The debrief starts when the shift ends, so a window must be open at that instant: a window
17:00–22:00 serves shifts ending 17:00…21:59, not one ending at 22:00. Times are read as the
real Helsinki wall time of the end instant, so a shift ending at the nonexistent 03:00 on the
spring-forward night is judged at 04:00 EEST, the moment it really ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import Field

from rota.domain.calendar import HELSINKI, instant, local
from rota.domain.clock import WEEKDAYS
from rota.domain.scenario import Centre, Strict, Window

DebriefSource = Literal["centre", "national"]

_WEEKDAY_EVENINGS = [{"days": list(WEEKDAYS[:5]), "start": "17:00", "end": "22:00"}]


class NationalDebrief(Strict):
    """When the national debrief service takes calls. The defaults follow SPEC §2; the evening
    hours (17:00–22:00) are an assumption a coordinator replaces in a debrief YAML file."""

    windows: list[Window] = Field(
        default_factory=lambda: [Window.model_validate(w) for w in _WEEKDAY_EVENINGS],
        description="Weekly local hours the service is open (default weekday evenings).",
    )
    weekends: bool = Field(default=True, description="Open around the clock on Sat and Sun.")
    public_holidays: bool = Field(
        default=True, description="Open around the clock on public holidays."
    )


def debrief_available(
    centre: Centre,
    end: dt.datetime,
    holidays: dict[dt.date, str],
    national: NationalDebrief | None = None,
) -> bool:
    """R8: whether a shift of `centre` ending at `end` can be followed by a debrief."""
    return debrief_source(centre, end, holidays, national) is not None


def debrief_source(
    centre: Centre,
    end: dt.datetime,
    holidays: dict[dt.date, str],
    national: NationalDebrief | None = None,
) -> DebriefSource | None:
    """Who debriefs a shift ending at `end`: the centre itself (preferred), the national
    service, or nobody (None)."""
    national = national or NationalDebrief()
    moment = instant(end).astimezone(HELSINKI)

    def centre_open(day: dt.date) -> bool:
        closed = centre.is_closed(day) or (day in holidays and not centre.open_on_holidays)
        return not closed

    if _in_windows(centre.debrief, moment, centre_open):
        return "centre"
    day = moment.date()
    if national.weekends and day.weekday() >= 5:
        return "national"
    if national.public_holidays and day in holidays:
        return "national"
    if _in_windows(national.windows, moment, lambda _: True):
        return "national"
    return None


def _in_windows(
    windows: list[Window], moment: dt.datetime, open_on: Callable[[dt.date], bool]
) -> bool:
    """Whether a weekly window that starts on an open day contains `moment` (half-open)."""
    at = instant(moment)
    for window in windows:
        # A window that crosses midnight belongs to the day it starts on.
        for day in (moment.date() - dt.timedelta(days=1), moment.date()):
            if WEEKDAYS[day.weekday()] not in window.days or not open_on(day):
                continue
            start = instant(local(day, window.start))
            stop = instant(local(day, window.start + window.length))
            if start <= at < stop:
                return True
    return False
