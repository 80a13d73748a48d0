"""Minimum commitments (issue 19): a roster row may ask for at least some hours a week or shifts a
month; the assignment meets them where it can and reports who it leaves below, and where.

Centre `north` of tests/app/test_assignment.py has one Saturday 16–20 shift in each of the
quarter's 12 whole weeks (2027-01-04 … 2027-03-28); a-one could take them all alone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from rota.app.staffing import below_minimum
from rota.domain.plan import Occurrence
from rota.domain.responders import Roster
from tests.app.test_assignment import Q1, network, person, staff
from tests.builders import occurrence

SATURDAYS = [dt.date(2027, 1, 9) + dt.timedelta(weeks=k) for k in range(12)]


def saturday_shifts() -> list[Occurrence]:
    return [occurrence("north", day, "16:00", 4) for day in SATURDAYS]


def test_a_weekly_minimum_is_met_where_shifts_allow() -> None:
    """Without a minimum, fairness and few people per weekly shift give b-min nothing in some
    weeks; with 4 h a week, every whole week of the quarter has b-min's shift."""
    people = [person("a-one", max_hours_week=8), person("b-min", min_hours_week=4)]
    outcome = staff(network(), saturday_shifts(), people)
    held = sorted(a.occurrence.start.date() for a in outcome.assignments if a.responder == "b-min")
    assert held == SATURDAYS
    assert below_minimum(Roster(people), outcome.assignments, Q1) == []
    without = staff(network(), saturday_shifts(), [people[0], person("b-min")])
    assert below_minimum(Roster(people), without.assignments, Q1) != []


def test_a_minimum_the_shifts_cannot_meet_is_reported_week_by_week() -> None:
    """8 h a week asked, one 4-hour shift a week to give: each whole week is reported short;
    the week the responder is away is not."""
    people = [
        person("b-min", min_hours_week=8, absences=[{"start": "2027-01-11", "end": "2027-01-12"}])
    ]
    outcome = staff(network(), saturday_shifts(), people)
    below = below_minimum(Roster(people), outcome.assignments, Q1)
    weeks = [b.where for b in below]
    assert "2027-W03: 4 h of at least 8 h" in weeks
    assert not [w for w in weeks if w.startswith("2027-W02")]  # away on Monday 11.01
    assert all(b.responder == "b-min" for b in below)


def test_a_monthly_minimum_of_shifts() -> None:
    people = [person("a-one"), person("b-min", min_shifts_month=2)]
    outcome = staff(network(), saturday_shifts(), people)
    per_month: dict[int, int] = {}
    for a in outcome.assignments:
        if a.responder == "b-min":
            per_month[a.occurrence.start.month] = per_month.get(a.occurrence.start.month, 0) + 1
    assert all(per_month.get(m, 0) >= 2 for m in (1, 2, 3))
    assert below_minimum(Roster(people), outcome.assignments, Q1) == []


def test_a_minimum_above_the_weekly_maximum_is_refused() -> None:
    with pytest.raises(ValidationError, match="above max_hours_week"):
        person("b-min", min_hours_week=50)
