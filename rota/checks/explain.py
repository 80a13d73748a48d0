"""Why an hour could not be covered, in words a coordinator can act on."""

from __future__ import annotations

import datetime as dt

from rota.domain.calendar import HELSINKI, iso_week
from rota.domain.clock import WEEKDAYS
from rota.domain.scenario import Scenario

LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def explain_gap(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    service_id: str,
    start: dt.datetime,
) -> str:
    """Which centres could staff the service when the gap starts, and what kept each away."""
    service = scenario.service(service_id)
    language = LANGUAGE_NAMES[service.language]
    eligible = [
        c
        for c in scenario.centres
        if scenario.can_staff(c, service) and c.lines.get(service.id, 0) > 0
    ]
    if not eligible:
        return f"no centre offers {service.id} in {language}; add it to a centre's services"
    start = start.astimezone(HELSINKI)
    day = start.date()
    closed = [c for c in eligible if c.is_closed(day)]
    holiday_closed = [c for c in eligible if day in holidays and not c.open_on_holidays]
    minute = start.hour * 60 + start.minute
    weekday = WEEKDAYS[day.weekday()]
    unavailable = [
        c
        for c in eligible
        if c not in closed
        and c not in holiday_closed
        and not any(
            weekday in w.days and w.start <= minute < w.start + w.length for w in c.availability
        )
    ]
    busy = [c for c in eligible if c not in closed + holiday_closed + unavailable]
    parts = []
    if closed:
        week = iso_week(day)[1]
        names = " and ".join(c.name for c in closed)
        parts.append(
            f"vacation closures of {names} leave it uncovered in week {week}: stagger them"
        )
    if holiday_closed:
        parts.append(f"{', '.join(c.id for c in holiday_closed)} closed on {holidays[day]}")
    if unavailable:
        parts.append(f"{', '.join(c.id for c in unavailable)} not available then")
    if busy:
        parts.append(f"{', '.join(c.id for c in busy)} at their lines or weekly-hours limits")
    else:
        parts.insert(0, f"no {language}-speaking centre available")
    return "; ".join(parts)
