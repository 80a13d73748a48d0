"""A two-centre network staffed in the store, for the claim and swap tests (issue 19).

Centre a (Finnish and Swedish, two Finnish lines) has a Finnish shift 16–20 for two responders
every day, one on Tuesdays 09–13 (it ends at 13:00 on a weekday, when no debrief is available:
R8) and one on Saturdays 18–22 (it overlaps the 16–20 one); centre b one Finnish 16–20 every day.
The staffing roster has one staff member per centre; a-staff may work 8 h a week, so most of
a's seats stay open. The claim roster adds the people whose claims the tests make, each with one
thing that makes a claim impossible.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rota.app import changes, stored_staffing
from rota.app.actors import Actor
from rota.domain.calendar import parse_quarter
from rota.domain.plan import StandingShift
from rota.io.synthetic_roster import write_roster
from rota.store import Store
from tests.change_network import write_network

Q1 = parse_quarter("2027Q1")
TODAY = dt.date(2026, 12, 1)
SATURDAY = dt.date(2027, 1, 9)
COORDINATOR = Actor("coordinator")


def network() -> dict[str, Any]:
    def centre(ident: str, languages: list[str], services: list[str], lines: dict[str, int]):
        return {
            "id": ident,
            "name": f"Centre {ident.upper()}",
            "languages": languages,
            "services": services,
            "lines": lines,
            "weekly_hours": {"min": 0, "max": 200},
            "availability": "always",
        }

    return {
        "name": "two centres",
        "rules": {"holiday_duty_group": ["a"]},
        "services": [
            {
                "id": "fi-phone",
                "name": "MIELI Kriisipuhelin",
                "channel": "phone",
                "language": "fi",
                "hours": "always",
                "min_responders": 1,
                "demand": {"rate": 4, "handle_minutes": 15, "patience_minutes": 3},
            },
            {
                "id": "sv-phone",
                "name": "Kristelefonen",
                "channel": "phone",
                "language": "sv",
                "hours": [{"days": ["mon", "wed"], "start": "16:00", "end": "20:00"}],
                "min_responders": 1,
            },
        ],
        "centres": [
            centre("a", ["fi", "sv"], ["fi-phone", "sv-phone"], {"fi-phone": 2, "sv-phone": 1}),
            centre("b", ["fi"], ["fi-phone"], {"fi-phone": 1}),
        ],
    }


def standing() -> list[StandingShift]:
    return [
        *(StandingShift("a", "fi-phone", day, 16 * 60, 240, 2) for day in range(7)),
        StandingShift("a", "fi-phone", 1, 9 * 60, 240, 1),
        StandingShift("a", "fi-phone", 5, 18 * 60, 240, 1),
        *(StandingShift("b", "fi-phone", day, 16 * 60, 240, 1) for day in range(7)),
    ]


def person(ident: str, centre: str = "a", **cells: str) -> dict[str, str]:
    row = {
        "id": ident,
        "name": f"Person {ident}",
        "centre": centre,
        "role": "volunteer",
        "languages": "fi",
        "services": "fi-phone",
        "availability": "",
        "absences": "",
        "max_hours_week": "40",
        "max_hours_quarter": "400",
    }
    return {**row, **cells}


STAFFING_ROSTER = {
    "a": [person("a-staff", role="staff", max_hours_week="8", max_hours_quarter="100")],
    "b": [person("b-staff", "b", role="staff", max_hours_week="8", max_hours_quarter="100")],
}

CLAIMERS = [
    person("a-free"),
    person("a-staff2", role="staff"),
    person("a-other"),
    person("a-sv", languages="fi; sv", services="sv-phone"),
    person("a-weekdays", availability="mon,tue,wed,thu,fri 08:00-24:00"),
    person("a-away", absences="2027-01-08..2027-01-10"),
    person("a-week", max_hours_week="6"),
    person("a-quarter", max_hours_quarter="6"),
]


def staffed_store(store: Store, folder: Path) -> tuple[Store, Path]:
    """The network as the calendar in force, Q1 staffed, and the claim roster's folder."""
    scenario, plan_dir, _ = write_network(folder / "net", network(), standing(), Q1)
    changes.init_calendar(store, COORDINATOR, scenario, plan_dir)
    write_roster(folder / "staffing-roster", STAFFING_ROSTER)
    stored_staffing.staff_in_store(
        store, COORDINATOR, folder / "staffing-roster", "2027Q1", time_limit=1, workers=1
    )
    roster = folder / "roster"
    write_roster(
        roster,
        {
            "a": [*STAFFING_ROSTER["a"], *CLAIMERS],
            "b": [*STAFFING_ROSTER["b"], person("b-vol", "b")],
        },
    )
    return store, roster
