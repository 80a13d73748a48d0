"""Responders: the people on a centre's roster (SPEC §2).

A responder is personal data (anonymity): everything the software publishes names a responder
only by a pseudonymous id, and a display name appears nowhere but in the roster itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from rota.domain.scenario import HOURS_PER_WEEK, Identifier, Name, Strict, Window, at_most

Role = Literal["staff", "volunteer", "student"]
ROLES: tuple[Role, ...] = ("staff", "volunteer", "student")
Language = Literal["fi", "sv", "en"]
QUARTER_HOURS = 92 * 24


class Absence(Strict):
    start: dt.date
    end: dt.date = Field(description="Inclusive last date of the absence.")

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise ValueError(f"{self.end} is before {self.start}; swap the dates")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Responder(Strict):
    """One person on a centre's roster."""

    id: Identifier = Field(description="Pseudonymous id, the only name anything published uses.")
    name: Name = Field(description="Display name; personal data, never published.")
    centre: Identifier = Field(description="The centre whose shifts the responder takes.")
    role: Role = Field(description="staff (crisis worker), volunteer or student.")
    languages: list[Language] = Field(min_length=1, description="Languages answered in.")
    services: list[Identifier] = Field(min_length=1, description="Services trained for.")
    availability: list[Window] = Field(
        min_length=1, description="Weekly local hours the responder can be on duty."
    )
    absences: list[Absence] = Field(default_factory=list, description="Dates away (inclusive).")
    max_hours_week: Annotated[
        float, Field(gt=0), at_most(HOURS_PER_WEEK, "hours (a whole week)", "give the hours")
    ] = Field(description="Most hours in one ISO week.")
    max_hours_quarter: Annotated[
        float, Field(gt=0), at_most(QUARTER_HOURS, "hours (a whole quarter)", "give the hours")
    ] = Field(description="Most hours in the quarter.")
    min_hours_week: Annotated[float, Field(ge=0)] | None = Field(
        default=None,
        description="Minimum commitment: at least these hours in each whole week of the quarter "
        "the responder is not away; the assignment meets it where it can and reports the rest.",
    )
    min_shifts_month: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Minimum commitment: at least this many shifts in each month of the quarter "
        "the responder is not away.",
    )
    preferred: list[Window] = Field(default_factory=list, description="Preferred weekly hours.")
    disliked: list[Window] = Field(default_factory=list, description="Disliked weekly hours.")

    @field_validator("min_hours_week")
    @classmethod
    def _minimum_within_maximum(cls, value: float | None, info: ValidationInfo) -> float | None:
        most = info.data.get("max_hours_week")
        if value is not None and most is not None and value > most:
            raise ValueError(f"{value:g} is above max_hours_week {most:g}; lower the minimum")
        return value

    @property
    def needs_debrief(self) -> bool:
        """R8 applies to volunteers and students: a debrief follows every shift."""
        return self.role != "staff"

    def absent_on(self, day: dt.date) -> bool:
        return any(a.covers(day) for a in self.absences)


@dataclass
class Roster:
    responders: list[Responder]

    def of_centre(self, centre_id: str) -> list[Responder]:
        return [r for r in self.responders if r.centre == centre_id]

    def by_id(self) -> dict[str, Responder]:
        return {r.id: r for r in self.responders}


def committed_weeks(responder: Responder, first: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the whole ISO weeks in [first, end) on none of whose days the responder is
    away: the weeks a weekly minimum commitment counts in."""
    monday = first + dt.timedelta(days=-first.weekday() % 7)
    out = []
    while monday + dt.timedelta(days=7) <= end:
        if not any(responder.absent_on(monday + dt.timedelta(days=k)) for k in range(7)):
            out.append(monday)
        monday += dt.timedelta(days=7)
    return out


def committed_months(responder: Responder, first: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months in [first, end) on none of whose days (in the period) the
    responder is away: the months a monthly minimum commitment counts in."""
    out = []
    day = first
    while day < end:
        after = next_month(day)
        days = range((min(after, end) - day).days)
        if not any(responder.absent_on(day + dt.timedelta(days=k)) for k in days):
            out.append(day)
        day = after
    return out


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def commitment_shortfalls(
    responder: Responder, shifts: list[tuple[dt.date, float]], first: dt.date, end: dt.date
) -> list[str]:
    """Where `shifts` (each a local start date and its hours) leave the responder below a
    minimum commitment in the period [first, end), in words."""
    found: list[str] = []
    if responder.min_hours_week:
        least = responder.min_hours_week
        for monday in committed_weeks(responder, first, end):
            sunday_end = monday + dt.timedelta(days=7)
            hours = sum(h for d, h in shifts if monday <= d < sunday_end)
            if hours + 1e-6 < least:
                year, week, _ = monday.isocalendar()
                found.append(f"{year}-W{week:02d}: {hours:g} h of at least {least:g} h")
    if responder.min_shifts_month:
        for start in committed_months(responder, first, end):
            count = sum(1 for d, _ in shifts if start <= d < next_month(start))
            if count < responder.min_shifts_month:
                found.append(
                    f"{start:%Y-%m}: {count} shifts of at least {responder.min_shifts_month}"
                )
    return found
