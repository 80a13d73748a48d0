"""The figures the dashboard draws of a planned quarter: coverage and expected answered contacts
per slot, each centre's load against its commitment, and the holiday-evening duty shares."""

from __future__ import annotations

from rota.analysis.centre_load import CentreLoad, centre_loads, holiday_evening_hours
from rota.analysis.coverage import CoverageRow, coverage_rows
from rota.app.planning import PlanOutcome
from rota.checks.plan import Violation

__all__ = ["CentreLoad", "CoverageRow", "Violation", "centre_load", "coverage", "holiday_evenings"]


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
