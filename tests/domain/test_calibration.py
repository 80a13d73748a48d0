"""The MIELI fixture's demand profile against the 2025 figures of SPEC §2 (seed 001): about
320,000 attempted calls on the Finnish line and 11,000 attempted adult chats a year. Offered
contacts come from the demand profile alone (coverage of an empty plan), so no solve is needed;
the answered figures depend on the plan and are compared in the issue-7 note."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from rota.analysis.coverage import coverage_rows
from rota.domain.calendar import Period, public_holidays
from rota.io.scenario_file import load_scenario

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "mieli" / "scenario.yaml"
YEAR = Period(dt.date(2027, 1, 1), dt.date(2028, 1, 1), "2027")


@pytest.fixture(scope="module")
def offered() -> dict[tuple[str, dt.date], float]:
    """Contacts offered per service and local date in 2027, the fixture's planning year."""
    scenario = load_scenario(FIXTURE)
    holidays = public_holidays(YEAR, scenario.holidays.extra)
    out: dict[tuple[str, dt.date], float] = defaultdict(float)
    for row in coverage_rows(scenario, YEAR, holidays, []):
        out[(row.service, row.start.date())] += row.offered
    return out


def yearly(offered: dict[tuple[str, dt.date], float], service: str) -> float:
    return sum(v for (s, _), v in offered.items() if s == service)


@pytest.mark.parametrize(("service", "attempts_2025"), [("fi-phone", 320_000), ("chat", 11_000)])
def test_yearly_offered_matches_2025(
    offered: dict[tuple[str, dt.date], float], service: str, attempts_2025: int
) -> None:
    assert yearly(offered, service) == pytest.approx(attempts_2025, rel=0.05)


def test_june_and_july_are_the_busiest_months(offered: dict[tuple[str, dt.date], float]) -> None:
    per_day: dict[int, list[float]] = defaultdict(list)
    for (service, day), value in offered.items():
        if service == "fi-phone":
            per_day[day.month].append(value)
    mean = {month: sum(v) / len(v) for month, v in per_day.items()}
    summer = min(mean[6], mean[7])
    assert all(summer > mean[m] for m in mean if m not in (6, 7))


def test_christmas_eve_is_the_busiest_day_of_christmas(
    offered: dict[tuple[str, dt.date], float],
) -> None:
    eve = offered[("fi-phone", dt.date(2027, 12, 24))]
    for day in (23, 25, 26):
        assert eve > offered[("fi-phone", dt.date(2027, 12, day))]
