"""A network for the closure tests: the three centres of the change tests on the Finnish line,
and a Swedish line (sv-phone, Tue/Thu/Fri 09–13) that Pohjanmaa and Vaasa both staff, so one of
them closing leaves it covered and both closing at once leaves it open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rota.app import changes
from rota.app.actors import Actor
from rota.domain.plan import StandingShift
from rota.store import Store
from tests.change_network import daily_calendar, network, write_network

SV_DAYS = (1, 3, 4)  # Tue, Thu, Fri


def closure_network() -> dict[str, Any]:
    raw = network()
    raw["services"].append(
        {
            "id": "sv-phone",
            "name": "Kristelefonen på svenska",
            "channel": "phone",
            "language": "sv",
            "hours": [{"days": ["tue", "thu", "fri"], "start": "09:00", "end": "13:00"}],
            "min_responders": 1,
        }
    )
    for ident, name in (("pohjanmaa", "Pohjanmaa"), ("vaasa", "Vaasa")):
        raw["centres"].append(
            {
                "id": ident,
                "name": name,
                "languages": ["fi", "sv"],
                "services": ["sv-phone"],
                "lines": {"sv-phone": 1},
                "weekly_hours": {"min": 0, "max": 20},
            }
        )
    return raw


def closure_calendar() -> list[StandingShift]:
    return [
        *daily_calendar(),
        *(
            StandingShift(centre, "sv-phone", day, 9 * 60, 4 * 60)
            for centre in ("pohjanmaa", "vaasa")
            for day in SV_DAYS
        ),
    ]


def load_closure_network(store: Store, folder: Path) -> None:
    """The network and its 2027Q1 calendar as the calendar in force."""
    scenario, plan_dir, _ = write_network(folder, closure_network(), closure_calendar())
    changes.init_calendar(store, Actor("coordinator"), scenario, plan_dir)
