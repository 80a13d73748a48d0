"""The scenario file (SPEC §6): the network, its services and the rules, as pydantic models.

The models check everything one value can tell on its own (formats, ranges, windows of zero
length). Checks that need the whole file (unknown service ids, a holiday-duty group naming an
unknown centre, lines for a service a centre does not offer) live in `rota.loading`, so that all
problems of a file are reported together.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from rota.clock import (
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    WEEKDAYS,
    Weekday,
    parse_clock,
    weekday_index,
)


def _clock(value: object) -> int:
    if isinstance(value, str):
        return parse_clock(value)
    raise ValueError('write the time as a quoted string "HH:MM", e.g. "16:00"')


ClockTime = Annotated[int, BeforeValidator(_clock)]


def _always_as_window(value: object) -> object:
    # "always" is shorthand for one window spanning the whole week; keeping one shape (a list
    # of windows) means every later step handles a single case.
    if value == "always":
        return [{"days": list(WEEKDAYS), "start": "00:00", "end": "24:00"}]
    if isinstance(value, str):
        raise ValueError(f"'{value}' is not an opening time; write 'always' or a list of windows")
    return value


Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(Strict):
    """Weekly recurring local hours, e.g. Mon and Wed 16:00–20:00; an end before the start
    crosses midnight into the next day."""

    days: list[Weekday] = Field(min_length=1, description="Weekdays the window starts on.")
    start: ClockTime = Field(description="Local start, HH:MM.")
    end: ClockTime = Field(description="Local end, HH:MM; 24:00 allowed; before start = next day.")

    @model_validator(mode="after")
    def _not_empty(self) -> Window:
        if self.start == self.end:
            raise ValueError("start and end are equal; a window needs a length")
        if self.start == MINUTES_PER_DAY:
            raise ValueError("start 24:00 is not a start; write 00:00 on the next day")
        return self

    @property
    def length(self) -> int:
        end = self.end if self.end > self.start else self.end + MINUTES_PER_DAY
        return end - self.start

    def week_intervals(self) -> list[tuple[int, int]]:
        """Half-open week-minute intervals, split where they wrap past Sunday 24:00."""
        out: list[tuple[int, int]] = []
        for day in self.days:
            start = weekday_index(day) * MINUTES_PER_DAY + self.start
            end = start + self.length
            if end <= MINUTES_PER_WEEK:
                out.append((start, end))
            else:
                out.append((start, MINUTES_PER_WEEK))
                out.append((0, end - MINUTES_PER_WEEK))
        return out


def covered_minutes(windows: list[Window]) -> int:
    """How many distinct minutes of the week the windows cover together."""
    minutes: set[int] = set()
    for window in windows:
        for start, end in window.week_intervals():
            minutes.update(range(start, end))
    return len(minutes)


class DemandWindow(Window):
    rate: float = Field(ge=0, description="Expected contacts per hour inside this window.")


class DateFactor(Strict):
    date: dt.date
    factor: float = Field(gt=0, description="Multiplies every hour's rate on this date.")


class MonthFactor(Strict):
    month: int = Field(ge=1, le=12)
    factor: float = Field(gt=0, description="Multiplies every hour's rate in this month.")


class Demand(Strict):
    """Contacts offered to a service (SPEC §5)."""

    rate: float = Field(ge=0, description="Default expected contacts per open hour.")
    windows: list[DemandWindow] = Field(
        default_factory=list, description="Rate overrides by weekly hours; later entries win."
    )
    dates: list[DateFactor] = Field(default_factory=list)
    months: list[MonthFactor] = Field(default_factory=list)
    handle_minutes: float = Field(gt=0, description="Average handling time of one contact.")
    patience_minutes: float = Field(
        gt=0, description="Average time a caller waits before hanging up."
    )


class Service(Strict):
    id: Identifier
    name: str = Field(min_length=1)
    channel: Literal["phone", "chat"]
    language: Literal["fi", "sv", "en"]
    hours: Annotated[list[Window], BeforeValidator(_always_as_window)] = Field(
        min_length=1, description="'always' or the weekly opening windows."
    )
    open_on_holidays: bool = True
    min_responders: int = Field(default=1, ge=0)
    number: str | None = Field(default=None, description="Public phone number, for feeds.")
    demand: Demand | None = None

    @property
    def always_open(self) -> bool:
        return covered_minutes(self.hours) == MINUTES_PER_WEEK


class WeeklyHours(Strict):
    min: float = Field(ge=0)
    max: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> WeeklyHours:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}; swap them")
        return self


class Closure(Strict):
    start: dt.date
    end: dt.date = Field(description="Inclusive last date of the closure.")
    reason: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}; swap them")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Preferences(Strict):
    preferred: list[Window] = Field(default_factory=list)
    disliked: list[Window] = Field(default_factory=list)


class Centre(Strict):
    id: Identifier
    name: str = Field(min_length=1)
    cities: list[str] = Field(default_factory=list)
    languages: list[Literal["fi", "sv", "en"]] = Field(min_length=1)
    services: list[str] = Field(min_length=1)
    lines: dict[str, Annotated[int, Field(ge=0)]]
    weekly_hours: WeeklyHours
    availability: Annotated[list[Window], BeforeValidator(_always_as_window)] = Field(
        default="always",
        validate_default=True,
        description="Weekly hours the centre can be on duty; 'always' by default.",
    )
    open_on_holidays: bool = True
    closures: list[Closure] = Field(default_factory=list)
    debrief: list[Window] = Field(default_factory=list)
    preferences: Preferences = Field(default_factory=Preferences)

    def is_closed(self, day: dt.date) -> bool:
        return any(c.covers(day) for c in self.closures)


class Evening(Strict):
    start: ClockTime = 16 * 60
    end: ClockTime = 22 * 60

    @model_validator(mode="after")
    def _not_empty(self) -> Evening:
        if self.start == self.end:
            raise ValueError("start and end are equal; the evening window needs a length")
        return self


class Rules(Strict):
    min_shift_hours: float = Field(default=4, gt=0)
    max_shift_hours: float = Field(default=8, gt=0)
    change_notice_months: int = Field(default=2, ge=0)
    evening: Evening = Field(default_factory=Evening)
    holiday_duty_group: list[str] = Field(default_factory=list)
    finnish_line: str = Field(default="fi-phone", description="The 24/7 line of rule R2.")

    @model_validator(mode="after")
    def _ordered(self) -> Rules:
        if self.min_shift_hours > self.max_shift_hours:
            raise ValueError(
                f"min_shift_hours {self.min_shift_hours} is above max_shift_hours "
                f"{self.max_shift_hours}; swap them"
            )
        return self


class HolidaySettings(Strict):
    country: Literal["FI"] = "FI"
    extra: list[dt.date] = Field(default_factory=list)


class Assumption(Strict):
    """A value the seeds do not give, chosen plausibly; listed in every report."""

    about: str = Field(description="Which values, e.g. 'centres[*].lines'.")
    note: str


class Scenario(Strict):
    name: str = Field(min_length=1)
    timezone: Literal["Europe/Helsinki"] = "Europe/Helsinki"
    slot_minutes: Literal[15, 20, 30, 60] = 60
    holidays: HolidaySettings = Field(default_factory=HolidaySettings)
    rules: Rules = Field(default_factory=Rules)
    services: list[Service] = Field(min_length=1)
    centres: list[Centre] = Field(min_length=1)
    baseline: str | None = None
    assumptions: list[Assumption] = Field(default_factory=list)

    @cached_property
    def services_by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    @cached_property
    def centres_by_id(self) -> dict[str, Centre]:
        return {c.id: c for c in self.centres}

    def service(self, service_id: str) -> Service:
        return self.services_by_id[service_id]

    def centre(self, centre_id: str) -> Centre:
        return self.centres_by_id[centre_id]

    def can_staff(self, centre: Centre, service: Service) -> bool:
        """R3: only centres that offer the service and speak its language staff it."""
        return service.id in centre.services and service.language in centre.languages
