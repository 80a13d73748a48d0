"""A seeded, clearly synthetic roster for a scenario: no real person, names like
"Responder hel-0042" (issue 8). Centres get responders in proportion to their weekly-hours
commitment; roles, languages, training, availability, absences and limits are drawn from
plausible ranges that are assumptions, not data."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from rota.domain.calendar import Period
from rota.domain.clock import WEEKDAYS
from rota.domain.scenario import Centre, Scenario
from rota.io.roster_file import COLUMNS

WEEKDAY_NAMES = WEEKDAYS[:5]
# Role mix: the national unit is mostly paid crisis workers; centres rely on volunteers.
ROLE_MIX = {"national": (0.7, 0.2, 0.1), "default": (0.3, 0.55, 0.15)}


def generate_roster(
    scenario: Scenario, period: Period, count: int = 1000, seed: int = 1
) -> dict[str, list[dict[str, str]]]:
    """Rows (column -> cell text) per centre id."""
    rng = random.Random(seed)
    sizes = _sizes(scenario.centres, count)
    prefixes = _prefixes([c.id for c in scenario.centres])
    out: dict[str, list[dict[str, str]]] = {}
    for centre in scenario.centres:
        rows = []
        for k in range(1, sizes[centre.id] + 1):
            ident = f"{prefixes[centre.id]}-{k:04d}"
            rows.append(_person(rng, scenario, centre, ident, period))
        out[centre.id] = rows
    return out


def write_roster(folder: Path, rosters: dict[str, list[dict[str, str]]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for centre_id, rows in rosters.items():
        path = folder / f"{centre_id}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def _sizes(centres: list[Centre], count: int) -> dict[str, int]:
    """Largest-remainder shares of `count` by weekly-hours maximum, at least 8 each."""
    floor = 8
    spare = max(0, count - floor * len(centres))
    weights = {c.id: c.weekly_hours.max for c in centres}
    total = sum(weights.values()) or 1.0
    exact = {cid: spare * w / total for cid, w in weights.items()}
    sizes = {cid: floor + int(x) for cid, x in exact.items()}
    left = count - sum(sizes.values())
    for cid in sorted(exact, key=lambda c: -(exact[c] - int(exact[c])))[: max(0, left)]:
        sizes[cid] += 1
    return sizes


def _prefixes(ids: list[str]) -> dict[str, str]:
    """A short unique prefix per centre: 'helsinki' -> 'hel', 'pohjois-karjala' -> 'pok'."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for ident in ids:
        parts = ident.split("-")
        tries = [ident[:3]]
        if len(parts) > 1:
            tries.append(parts[0][:2] + parts[1][:1])
        tries += [ident[:n] for n in range(4, len(ident) + 1)]
        prefix = next((t for t in tries if t not in used), ident)
        used.add(prefix)
        out[ident] = prefix
    return out


def _person(
    rng: random.Random, scenario: Scenario, centre: Centre, ident: str, period: Period
) -> dict[str, str]:
    staff, volunteer, _ = ROLE_MIX.get(centre.id, ROLE_MIX["default"])
    draw = rng.random()
    role = "staff" if draw < staff else "volunteer" if draw < staff + volunteer else "student"
    languages = ["fi"]
    if "sv" in centre.languages and rng.random() < 0.35:
        languages.append("sv")
    if "en" in centre.languages and rng.random() < 0.6:
        languages.append("en")
    chance = {"fi-phone": 0.95, "chat": 0.5, "sv-phone": 0.85, "en-phone": 0.8}
    services = [
        s
        for s in centre.services
        if scenario.service(s).language in languages and rng.random() < chance.get(s, 0.6)
    ] or [s for s in centre.services if scenario.service(s).language == "fi"][:1]
    if role == "staff":
        availability = _staff_hours(rng, centre)
        week, quarter = rng.choice([24, 30, 37.5]), rng.choice([120, 180, 240, 300])
    elif role == "volunteer":
        availability = _volunteer_hours(rng)
        week, quarter = rng.choice([8, 12, 16]), rng.choice([16, 24, 32, 48])
    else:
        availability = _student_hours(rng)
        week, quarter = rng.choice([8, 12]), rng.choice([16, 24, 32])
    absences = ""
    if rng.random() < 0.25:
        days = (period.end - period.first).days
        first = period.first + dt.timedelta(days=rng.randrange(days))
        last = min(period.end - dt.timedelta(days=1), first + dt.timedelta(days=rng.randint(2, 13)))
        absences = f"{first.isoformat()}..{last.isoformat()}"
    preferred = "sat,sun 10:00-22:00" if role != "staff" and rng.random() < 0.3 else ""
    disliked = "mon-sun 00:00-06:00" if role == "staff" and rng.random() < 0.3 else ""
    return {
        "id": ident,
        "name": f"Responder {ident}",
        "centre": centre.id,
        "role": role,
        "languages": "; ".join(languages),
        "services": "; ".join(services),
        "availability": availability,
        "absences": absences,
        "max_hours_week": f"{week:g}",
        "max_hours_quarter": f"{quarter:g}",
        "preferred": preferred,
        "disliked": disliked,
    }


def _staff_hours(rng: random.Random, centre: Centre) -> str:
    nights = any(w.start + w.length > 24 * 60 or w.length >= 24 * 60 for w in centre.availability)
    if nights and rng.random() < 0.45:
        return "always"
    hours = "mon-fri 08:00-24:00"
    if rng.random() < 0.5:
        hours += "; sat,sun 08:00-24:00"
    return hours


def _volunteer_hours(rng: random.Random) -> str:
    evenings = sorted(rng.sample(range(5), rng.randint(2, 5)))
    parts = [f"{','.join(WEEKDAY_NAMES[d] for d in evenings)} 16:00-24:00"]
    if rng.random() < 0.6:
        parts.append("sat,sun 10:00-24:00")
    if rng.random() < 0.3:
        parts.append("mon-fri 08:00-16:00")
    return "; ".join(parts)


def _student_hours(rng: random.Random) -> str:
    days = sorted(rng.sample(range(5), rng.randint(2, 4)))
    hours = f"{','.join(WEEKDAY_NAMES[d] for d in days)} 12:00-22:00"
    if rng.random() < 0.5:
        hours += "; sat,sun 10:00-22:00"
    return hours
