"""A three-centre network and its calendar for the change tests, and the stores they run on.

Centres a, b and c staff the Finnish line in three daily 8-hour shifts (a 00–08, b 08–16,
c 16–24), so dropping any shift opens a gap only another centre can close. Tests run against
SQLite always and against PostgreSQL when ROTA_TEST_POSTGRES_URL names a database the tests may
wipe.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text

from rota.domain.calendar import Period, parse_quarter, public_holidays
from rota.domain.plan import Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from rota.io.plan_files import write_shifts, write_standing
from rota.io.scenario_file import load_scenario
from rota.store.engine import database_url

Q1 = parse_quarter("2027Q1")
TODAY = dt.date(2026, 12, 1)  # notice: the earliest allowed date is 2027-02-01
EFFECTIVE = dt.date(2027, 2, 1)
POSTGRES_ENV = "ROTA_TEST_POSTGRES_URL"


def network(
    group: tuple[str, ...] = ("b", "c"), availability: dict[str, Any] | None = None
) -> dict[str, Any]:
    availability = availability or {}
    return {
        "name": "three centres",
        "rules": {"holiday_duty_group": list(group)},
        "services": [
            {
                "id": "fi-phone",
                "name": "MIELI Kriisipuhelin",
                "channel": "phone",
                "language": "fi",
                "hours": "always",
                "min_responders": 1,
                "demand": {"rate": 4, "handle_minutes": 15, "patience_minutes": 3},
            }
        ],
        "centres": [
            {
                "id": ident,
                "name": ident.upper(),
                "languages": ["fi"],
                "services": ["fi-phone"],
                "lines": {"fi-phone": 1},
                "weekly_hours": {"min": 40, "max": 100},
                "availability": availability.get(ident, "always"),
            }
            for ident in ("a", "b", "c")
        ],
    }


def daily_calendar() -> list[StandingShift]:
    """a 00–08, b 08–16, c 16–24 on every weekday (56 hours a week each)."""
    return [
        StandingShift(centre, "fi-phone", day, start * 60, 8 * 60)
        for day in range(7)
        for centre, start in (("a", 0), ("b", 8), ("c", 16))
    ]


def write_network(
    folder: Path,
    raw: dict[str, Any] | None = None,
    standing: list[StandingShift] | None = None,
    period: Period = Q1,
) -> tuple[Path, Path, Scenario]:
    """scenario.yaml and a plan directory (standing.csv, shifts.csv for `period`, 2027Q1 unless
    told)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw or network(), sort_keys=False), encoding="utf-8")
    scenario = load_scenario(path)
    standing = daily_calendar() if standing is None else standing
    plan_dir = folder / "plan"
    plan_dir.mkdir(exist_ok=True)
    expansion = expand(Plan(period, standing), scenario, public_holidays(period))
    write_standing(plan_dir / "standing.csv", standing)
    write_shifts(plan_dir / "shifts.csv", expansion.occurrences)
    return path, plan_dir, scenario


def store_urls() -> list[Any]:
    params: list[Any] = ["sqlite"]
    marks = [] if os.environ.get(POSTGRES_ENV) else [pytest.mark.skip(reason=f"{POSTGRES_ENV}")]
    params.append(pytest.param("postgresql", marks=marks))
    return params


def fresh_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A database URL with nothing in it: a new SQLite file, or the PostgreSQL test database
    with its schema wiped."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'rota.db'}"
        return
    url = os.environ[POSTGRES_ENV]
    _wipe(url)
    yield url
    _wipe(url)


def _wipe(url: str) -> None:
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
