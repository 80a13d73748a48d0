"""Seeded synthetic helpline networks of any size, for the benchmarks (issue 9).

Every region of twenty centres repeats the fixture's mix (`fixtures/mieli/scenario.yaml`): two
always-available units that take the nights, a night-capable centre to 02:00, three more
holiday-duty centres open 08–24 every day, and fourteen local centres with weekday (sometimes
weekend) hours, one or two Finnish lines and a chat seat. Services grow with the network: the
national Finnish, Swedish and English lines and the chat, with demand scaled to the network's
size, plus one regional chat per region. A fifth of the local centres close for one of the two
winter-holiday weeks, staggered. Everything is made up and named as such ("Synthetic centre
007"); the same size and seed always give the same network.

    python -m bench.generate 60 --seed 1 > network-60.yaml
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

import yaml

from rota.domain.scenario import Scenario
from rota.io.scenario_file import scenario_problems

REGION = 20  # centres per region: the fixture network's size
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
EVERY_DAY = [*WEEKDAYS, "sat", "sun"]
# The winter-holiday weeks of 2027 (weeks 8 and 9), when local centres close in turn.
WINTER_WEEKS = [("2027-02-22", "2027-02-28"), ("2027-03-01", "2027-03-07")]


def generate(centres: int, seed: int = 0) -> Scenario:
    """A valid synthetic network of `centres` centres (at least one region's worth of roles
    is kept even for tiny networks: the first three centres can always cover the nights)."""
    raw = generate_raw(centres, seed)
    problems = scenario_problems(raw)
    if problems:
        raise ValueError("generated scenario is invalid: " + "; ".join(problems))
    return Scenario.model_validate(raw)


def generate_raw(centres: int, seed: int = 0) -> dict[str, Any]:
    """The scenario as the mapping a YAML file would hold."""
    if centres < 3:
        raise ValueError(f"centres must be at least 3 (night cover needs three), not {centres}")
    rng = random.Random(f"rota-bench-{centres}-{seed}")
    regions = max(1, round(centres / REGION))
    scale = centres / REGION
    services = _national_services(scale) + [_regional_chat(r) for r in range(regions)]
    network = [_centre(i, min(i // REGION, regions - 1), rng) for i in range(centres)]
    group = [c["id"] for i, c in enumerate(network) if 1 <= i % REGION <= 5]
    return {
        "name": f"Synthetic benchmark network, {centres} centres (seed {seed})",
        "timezone": "Europe/Helsinki",
        "slot_minutes": 60,
        "holidays": {"country": "FI", "extra": []},
        "rules": {
            "min_shift_hours": 4,
            "max_shift_hours": 8,
            "change_notice_months": 2,
            "evening": {"start": "16:00", "end": "22:00"},
            "holiday_duty_group": group,
            "finnish_line": "fi-phone",
        },
        "services": services,
        "centres": network,
        "assumptions": [
            {
                "about": "everything",
                "note": f"Synthetic network made by bench/generate.py ({centres} centres, "
                f"seed {seed}) for benchmarks only; no value describes a real centre.",
            }
        ],
    }


def _window(days: list[str], start: str, end: str, **extra: float) -> dict[str, Any]:
    return {"days": days, "start": start, "end": end, **extra}


def _demand(scale: float, rate: float, handle: float, patience: float, **more: Any) -> Any:
    return {
        "rate": round(rate * scale, 2),
        "handle_minutes": handle,
        "patience_minutes": patience,
        "months": [{"month": 6, "factor": 1.15}, {"month": 7, "factor": 1.15}],
        **more,
    }


def _national_services(scale: float) -> list[dict[str, Any]]:
    """The fixture's four services, their demand scaled to the network's size."""
    fi_windows = [
        _window(EVERY_DAY, "00:00", "06:00", rate=round(39 * scale, 2)),
        _window(EVERY_DAY, "06:00", "10:00", rate=round(23 * scale, 2)),
        _window(EVERY_DAY, "16:00", "24:00", rate=round(41 * scale, 2)),
        _window(["fri", "sat"], "22:00", "03:00", rate=round(43 * scale, 2)),
        _window(["sat", "sun"], "16:00", "24:00", rate=round(46 * scale, 2)),
    ]
    return [
        {
            "id": "fi-phone",
            "name": "Synthetic Finnish crisis line",
            "channel": "phone",
            "language": "fi",
            "hours": "always",
            "open_on_holidays": True,
            "min_responders": 1,
            "demand": _demand(scale, 31, 15, 2.5, windows=fi_windows),
        },
        {
            "id": "sv-phone",
            "name": "Synthetic Swedish crisis line",
            "channel": "phone",
            "language": "sv",
            "hours": [
                _window(["mon", "wed"], "16:00", "20:00"),
                _window(["tue", "thu", "fri"], "09:00", "13:00"),
            ],
            "open_on_holidays": False,
            "min_responders": 1,
            "demand": _demand(scale, 6, 15, 2.5),
        },
        {
            "id": "en-phone",
            "name": "Synthetic English crisis line",
            "channel": "phone",
            "language": "en",
            "hours": [
                _window(["mon"], "16:00", "20:00"),
                _window(["tue", "fri"], "09:00", "13:00"),
            ],
            "open_on_holidays": False,
            "min_responders": 1,
            "demand": _demand(scale, 6, 15, 2.5),
        },
        {
            "id": "chat",
            "name": "Synthetic crisis chat",
            "channel": "chat",
            "language": "fi",
            "hours": [_window(WEEKDAYS, "16:00", "24:00"), _window(["sun"], "16:00", "22:00")],
            "open_on_holidays": False,
            "min_responders": 1,
            "demand": _demand(
                scale, 4, 30, 10, windows=[_window(WEEKDAYS, "20:00", "24:00", rate=5.5 * scale)]
            ),
        },
    ]


def _regional_chat(region: int) -> dict[str, Any]:
    return {
        "id": f"regional-chat-{region + 1:02d}",
        "name": f"Synthetic regional chat {region + 1:02d}",
        "channel": "chat",
        "language": "fi",
        "hours": [_window(WEEKDAYS, "18:00", "22:00"), _window(["sat"], "16:00", "22:00")],
        "open_on_holidays": False,
        "min_responders": 1,
        "demand": _demand(1.0, 2, 30, 10),
    }


def _centre(index: int, region: int, rng: random.Random) -> dict[str, Any]:
    """The centre at `index`; its place in its region of twenty decides its role."""
    role = index % REGION
    regional = f"regional-chat-{region + 1:02d}"
    ident = f"c{index + 1:03d}"
    centre: dict[str, Any] = {
        "id": ident,
        "name": f"Synthetic centre {index + 1:03d} (region {region + 1})",
        "cities": [f"Synthetic town {index + 1:03d}"],
    }
    if role <= 1:  # the nights: always available, every language, every service
        lines = {"fi-phone": 4, "sv-phone": 1, "en-phone": 1, "chat": 2, regional: 1}
        centre |= {
            "languages": ["fi", "sv", "en"],
            "lines": lines,
            "weekly_hours": {"min": 40 if role == 0 else 20, "max": 140 if role == 0 else 90},
            "availability": "always",
            "open_on_holidays": True,
        }
    elif role <= 5:  # the rest of the holiday-duty group
        languages = ["fi", *(["sv"] if rng.random() < 0.3 else []), "en"]
        lines = {"fi-phone": rng.choice([2, 3]), "chat": rng.choice([1, 2]), regional: 1}
        lines |= {"sv-phone": 1} if "sv" in languages else {}
        lines |= {"en-phone": 1}
        hours = ("06:00", "02:00") if role == 2 else ("08:00", "24:00")
        centre |= {
            "languages": languages,
            "lines": lines,
            "weekly_hours": {"min": 12, "max": rng.choice([45, 50, 55, 60])},
            "availability": [_window(EVERY_DAY, *hours)],
            "open_on_holidays": True,
            "debrief": [_window(WEEKDAYS, "12:00", "21:00")],
        }
    else:
        centre |= _local_centre(role, regional, rng)
    centre["services"] = list(centre["lines"])
    return centre


def _local_centre(role: int, regional: str, rng: random.Random) -> dict[str, Any]:
    """A local centre: weekday hours, sometimes a weekend window, closed on holidays."""
    start = rng.choice(["08:00", "10:00", "12:00", "16:00"])
    end = rng.choice(["22:00", "24:00"])
    availability = [_window(WEEKDAYS, start, end)]
    if rng.random() < 0.5:
        availability.append(
            _window(rng.choice([["sat"], ["sun"], ["sat", "sun"]]), "10:00", "22:00")
        )
    languages = ["fi", *(["sv"] if rng.random() < 0.15 else [])]
    lines = {"fi-phone": rng.choice([1, 1, 2]), "chat": 1}
    if "sv" in languages and start != "16:00":
        lines["sv-phone"] = 1
    if end == "24:00" or rng.random() < 0.5:
        lines[regional] = 1
    high = rng.choice([12, 14, 16, 20, 24])
    centre: dict[str, Any] = {
        "languages": languages,
        "lines": lines,
        "weekly_hours": {"min": rng.choice([4, 4, 6]), "max": high},
        "availability": availability,
        "open_on_holidays": False,
    }
    if rng.random() < 0.2:
        first, last = WINTER_WEEKS[role % len(WINTER_WEEKS)]
        centre["closures"] = [{"start": first, "end": last, "reason": "Winter holiday"}]
    if rng.random() < 0.2:
        centre["preferences"] = {"disliked": [_window(WEEKDAYS, "20:00", end)]}
    return centre


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic network as scenario YAML.")
    parser.add_argument("centres", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    raw = generate_raw(args.centres, args.seed)
    generate(args.centres, args.seed)  # refuse to write an invalid scenario
    yaml.safe_dump(raw, sys.stdout, sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    main()
