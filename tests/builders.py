"""Small scenarios and plans for tests, built in code so each test shows what it depends on."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from rota.domain.calendar import local
from rota.domain.plan import Kind, Occurrence
from rota.domain.scenario import Scenario

ALWAYS = "always"


def centre(
    ident: str,
    *,
    languages: tuple[str, ...] = ("fi",),
    services: tuple[str, ...] = ("fi-phone",),
    lines: int | dict[str, int] = 1,
    hours: tuple[float, float] = (0, 168),
    availability: Any = ALWAYS,
    open_on_holidays: bool = True,
    closures: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident.capitalize(),
        "languages": list(languages),
        "services": list(services),
        "lines": lines if isinstance(lines, dict) else {s: lines for s in services},
        "weekly_hours": {"min": hours[0], "max": hours[1]},
        "availability": availability,
        "open_on_holidays": open_on_holidays,
        "closures": closures or [],
    }


FI_PHONE = {
    "id": "fi-phone",
    "name": "MIELI Kriisipuhelin",
    "channel": "phone",
    "language": "fi",
    "hours": ALWAYS,
    "min_responders": 1,
}
SV_PHONE = {
    "id": "sv-phone",
    "name": "Kristelefonen",
    "channel": "phone",
    "language": "sv",
    "hours": [{"days": ["tue"], "start": "09:00", "end": "13:00"}],
    "open_on_holidays": False,
    "min_responders": 1,
}


def scenario(
    centres: list[dict[str, Any]],
    services: list[dict[str, Any]] | None = None,
    group: list[str] | None = None,
    **rules: Any,
) -> Scenario:
    raw = {
        "name": "test",
        "services": copy.deepcopy(services or [FI_PHONE]),
        "centres": centres,
        "rules": {"holiday_duty_group": group or [], **rules},
    }
    return Scenario.model_validate(raw)


def occurrence(
    centre_id: str,
    day: dt.date,
    start: str,
    hours: float,
    service: str = "fi-phone",
    responders: int = 1,
    kind: Kind = "standing",
) -> Occurrence:
    """An occurrence from a local wall-clock start and a wall-clock length."""
    hh, mm = (int(x) for x in start.split(":"))
    begin = hh * 60 + mm
    return Occurrence(
        local(day, begin),
        local(day, begin + round(hours * 60)),
        centre_id,
        service,
        responders,
        kind,
    )


def round_the_clock(
    centre_id: str, first: dt.date, end: dt.date, service: str = "fi-phone"
) -> list[Occurrence]:
    """Back-to-back 8-hour shifts 00–08, 08–16, 16–24 on every date of [first, end)."""
    out = []
    day = first
    while day < end:
        out += [occurrence(centre_id, day, f"{h:02d}:00", 8, service) for h in (0, 8, 16)]
        day += dt.timedelta(days=1)
    return out
