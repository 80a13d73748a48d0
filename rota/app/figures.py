"""The figures the dashboard draws of a planned quarter: coverage and expected answered contacts
per slot, each centre's load against its commitment, and the holiday-evening duty shares."""

from __future__ import annotations

from rota.analysis.centre_load import CentreLoad, centre_loads, holiday_evening_hours
from rota.analysis.coverage import Answered, CoverageRow, answered_by_service, coverage_rows
from rota.analysis.whatif import WhatIf, compare
from rota.app.planning import PlanOutcome
from rota.checks.plan import Violation

__all__ = [
    "Answered",
    "CentreLoad",
    "CoverageRow",
    "Violation",
    "WhatIf",
    "answered",
    "centre_load",
    "coverage",
    "holiday_evenings",
    "what_if",
]


def coverage(outcome: PlanOutcome) -> list[CoverageRow]:
    """Per service and slot of real time: responders, required, expected answered contacts."""
    return coverage_rows(
        outcome.scenario, outcome.plan.period, outcome.holidays, outcome.expansion.occurrences
    )


def centre_load(outcome: PlanOutcome) -> list[CentreLoad]:
    """Each centre's weekly hours in the calendar in force, against its commitment."""
    plan = outcome.plan
    return centre_loads(outcome.scenario, plan.period, plan.standing, outcome.expansion.occurrences)


def holiday_evenings(outcome: PlanOutcome) -> dict[str, float]:
    """Responder-hours per centre in the Finnish line's weekend and holiday evenings (S2)."""
    return holiday_evening_hours(
        outcome.scenario, outcome.plan.period, outcome.holidays, outcome.expansion.occurrences
    )


def answered(outcome: PlanOutcome, rows: list[CoverageRow]) -> list[Answered]:
    """Per service: contacts offered over the quarter and expected to be answered."""
    return answered_by_service(outcome.scenario, rows)


def what_if(outcome: PlanOutcome, rows: list[CoverageRow]) -> WhatIf:
    """The plan against the calendar it was made from (the flat calendar of the same
    responder-hours for a first plan), as report.md states it."""
    baseline = outcome.previous.standing if outcome.previous is not None else None
    return compare(outcome.scenario, outcome.plan.period, outcome.holidays, rows, baseline)
