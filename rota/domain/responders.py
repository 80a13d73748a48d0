"""Responders: the people on a centre's roster (SPEC §2).

A responder is personal data (anonymity): everything the software publishes names a responder
only by a pseudonymous id, and a display name appears nowhere but in the roster itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

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
    preferred: list[Window] = Field(default_factory=list, description="Preferred weekly hours.")
    disliked: list[Window] = Field(default_factory=list, description="Disliked weekly hours.")

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
