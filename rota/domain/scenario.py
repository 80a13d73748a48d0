"""The scenario file (SPEC §6): the network, its services and the rules, as pydantic models.

The models check everything one value can tell on its own (formats, ranges, windows of zero
length, the domain's bounds). Checks that need the whole file (unknown service ids, a holiday-duty
group naming an unknown centre, lines for a service a centre does not offer) live in
`rota.io.scenario_file`, so that all problems of a file are reported together.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from rota.domain.clock import (
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    WEEKDAYS,
    Weekday,
    parse_clock,
    weekday_index,
)

# What the domain allows. A value beyond these is a typing slip, not a network: each would make the
# model or the preparation grow without bound (a hang rather than a plan), so it is refused at load
# with the bound named. The largest network the planner is benchmarked on has 200 centres
# (bench/cases.py); the busiest line of the fixture takes 46 contacts an hour.
MAX_CENTRES = 200
MAX_SERVICES = 20
MAX_LINES = 50
MAX_RATE = 10_000
MAX_FACTOR = 10
MAX_WINDOWS = 100
MAX_DATES = 400
MAX_MINUTES = 24 * 60
MAX_NOTICE_MONTHS = 24
HOURS_PER_WEEK = 168
MAX_NAME_LENGTH = 200


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def at_most(limit: float, unit: str, fix: str) -> AfterValidator:
    """A bound on a number, named in the message: '99999999 is more than 50 lines; fix'."""

    def check(value: float) -> float:
        if value > limit:
            raise ValueError(f"{_number(value)} is more than {_number(limit)} {unit}; {fix}")
        return value

    return AfterValidator(check)


def at_most_items(limit: int, unit: str, fix: str) -> BeforeValidator:
    """A bound on a list's length, checked before its items so a huge list costs nothing."""

    def check(value: Any) -> Any:
        if isinstance(value, list | dict) and len(value) > limit:
            raise ValueError(f"{len(value)} {unit} are more than {limit}; {fix}")
        return value

    return BeforeValidator(check)


def _one_line(value: str) -> str:
    # A line feed in a name would break every calendar header and CSV row it is written into.
    for char in value:
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"}:
            what = "a line feed" if char == "\n" else f"the control character U+{ord(char):04X}"
            raise ValueError(f"{value!r} contains {what}; write it on one line without it")
    return value


OneLine = Annotated[str, Field(max_length=MAX_NAME_LENGTH), AfterValidator(_one_line)]
Name = Annotated[OneLine, Field(min_length=1)]
Hours = Annotated[
    float,
    Field(ge=0),
    at_most(HOURS_PER_WEEK * MAX_LINES, "hours a week", "a centre has at most 50 lines of 168 h"),
]


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


ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN)]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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


Windows = Annotated[
    list[Window], at_most_items(MAX_WINDOWS, "windows", "merge neighbouring windows")
]


def covered_minutes(windows: list[Window]) -> int:
    """How many distinct minutes of the week the windows cover together."""
    minutes: set[int] = set()
    for window in windows:
        for start, end in window.week_intervals():
            minutes.update(range(start, end))
    return len(minutes)


Rate = Annotated[
    float,
    Field(ge=0),
    at_most(MAX_RATE, "contacts an hour", "give the rate per hour of one service"),
]
Factor = Annotated[
    float, Field(gt=0), at_most(MAX_FACTOR, "times the usual rate", "check the factor")
]
Minutes = Annotated[
    float, Field(gt=0), at_most(MAX_MINUTES, "minutes (a day)", "give the time in minutes")
]
Dates = at_most_items(MAX_DATES, "dates", "list at most a year's worth")


class DemandWindow(Window):
    rate: Rate = Field(description="Expected contacts per hour inside this window.")


class DateFactor(Strict):
    date: dt.date
    factor: Factor = Field(description="Multiplies every hour's rate on this date.")


class MonthFactor(Strict):
    month: int = Field(ge=1, le=12)
    factor: Factor = Field(description="Multiplies every hour's rate in this month.")


class Demand(Strict):
    """Contacts offered to a service (SPEC §5)."""

    rate: Rate = Field(description="Default expected contacts per open hour.")
    windows: Annotated[
        list[DemandWindow], at_most_items(MAX_WINDOWS, "windows", "merge neighbouring windows")
    ] = Field(default_factory=list, description="Rate overrides by weekly hours; later win.")
    dates: Annotated[list[DateFactor], Dates] = Field(default_factory=list)
    months: Annotated[list[MonthFactor], at_most_items(12, "months", "list each month once")] = (
        Field(default_factory=list)
    )
    handle_minutes: Minutes = Field(description="Average handling time of one contact.")
    patience_minutes: Minutes = Field(description="Average time a caller waits before hanging up.")


class Service(Strict):
    id: Identifier
    name: Name
    channel: Literal["phone", "chat"]
    language: Literal["fi", "sv", "en"]
    hours: Annotated[Windows, BeforeValidator(_always_as_window)] = Field(
        min_length=1, description="'always' or the weekly opening windows."
    )
    open_on_holidays: bool = True
    min_responders: Annotated[
        int, Field(ge=0), at_most(MAX_LINES, "responders", "a service has at most 50 lines")
    ] = 1
    number: OneLine | None = Field(default=None, description="Public phone number, for feeds.")
    demand: Demand | None = None

    @property
    def always_open(self) -> bool:
        return covered_minutes(self.hours) == MINUTES_PER_WEEK


class WeeklyHours(Strict):
    min: Hours
    max: Hours

    @model_validator(mode="after")
    def _ordered(self) -> WeeklyHours:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}; swap them")
        return self


class Closure(Strict):
    start: dt.date
    end: dt.date = Field(description="Inclusive last date of the closure.")
    reason: OneLine | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}; swap them")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Preferences(Strict):
    preferred: Windows = Field(default_factory=list)
    disliked: Windows = Field(default_factory=list)


class Centre(Strict):
    id: Identifier
    name: Name
    cities: Annotated[list[Name], at_most_items(MAX_WINDOWS, "cities", "name the main ones")] = (
        Field(default_factory=list)
    )
    languages: list[Literal["fi", "sv", "en"]] = Field(min_length=1)
    services: Annotated[
        list[str], at_most_items(MAX_SERVICES, "services", "a network has at most 20")
    ] = Field(min_length=1)
    lines: Annotated[
        dict[
            str,
            Annotated[
                int, Field(ge=0), at_most(MAX_LINES, "lines", "give the lines of one centre")
            ],
        ],
        at_most_items(MAX_SERVICES, "line counts", "a network has at most 20 services"),
    ]
    weekly_hours: WeeklyHours
    availability: Annotated[Windows, BeforeValidator(_always_as_window)] = Field(
        default="always",
        validate_default=True,
        description="Weekly hours the centre can be on duty; 'always' by default.",
    )
    open_on_holidays: bool = True
    closures: Annotated[
        list[Closure], at_most_items(MAX_DATES, "closures", "merge neighbouring closures")
    ] = Field(default_factory=list)
    debrief: Windows = Field(default_factory=list)
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
        # The planner counts R5's evening slots within the day they start on (a window past
        # midnight ran off the end of its week), so the window ends on its own day.
        if self.end < self.start:
            raise ValueError(
                "end is before start; the evening window ends on its own day, by 24:00"
            )
        return self

    @property
    def length(self) -> int:
        """Minutes from start to end (the window ends on the day it starts)."""
        return self.end - self.start


ShiftHours = Annotated[float, Field(gt=0), at_most(24, "hours", "a shift lasts at most a day")]


class Rules(Strict):
    min_shift_hours: ShiftHours = 4
    max_shift_hours: ShiftHours = 8
    change_notice_months: Annotated[
        int,
        Field(ge=0),
        at_most(MAX_NOTICE_MONTHS, "months", "the notice rule asks for months, not years"),
    ] = 2
    evening: Evening = Field(default_factory=Evening)
    holiday_duty_group: Annotated[
        list[str], at_most_items(MAX_CENTRES, "centres", "a network has at most 200")
    ] = Field(default_factory=list)
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
    extra: Annotated[list[dt.date], Dates] = Field(default_factory=list)


class Assumption(Strict):
    """A value the seeds do not give, chosen plausibly; listed in every report."""

    about: str = Field(description="Which values, e.g. 'centres[*].lines'.")
    note: str


class Scenario(Strict):
    name: Name
    timezone: Literal["Europe/Helsinki"] = "Europe/Helsinki"
    slot_minutes: Literal[15, 20, 30, 60] = 60
    holidays: HolidaySettings = Field(default_factory=HolidaySettings)
    rules: Rules = Field(default_factory=Rules)
    services: Annotated[
        list[Service],
        at_most_items(MAX_SERVICES, "services", "the planner is built for at most 20 services"),
    ] = Field(min_length=1)
    centres: Annotated[
        list[Centre],
        at_most_items(
            MAX_CENTRES, "centres", "the planner is measured up to 200; split the network"
        ),
    ] = Field(min_length=1)
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

    def with_closures(self, extra: dict[str, list[Closure]]) -> Scenario:
        """The same network with more closures for some centres (by id): closures filed in the
        store, laid over the ones the file names."""
        centres = [
            c.model_copy(update={"closures": [*c.closures, *extra[c.id]]}) if c.id in extra else c
            for c in self.centres
        ]
        copy = self.model_copy(update={"centres": centres})
        # model_copy copies the cached lookups too; they would still name the old centres.
        copy.__dict__.pop("centres_by_id", None)
        return copy

    def can_staff(self, centre: Centre, service: Service) -> bool:
        """R3: only centres that offer the service and speak its language staff it."""
        return service.id in centre.services and service.language in centre.languages
