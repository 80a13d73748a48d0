"""How the network's values read on the pages: opening hours, yes/no, an agreement's terms."""

from __future__ import annotations

from typing import Any

from rota.domain.clock import MINUTES_PER_WEEK, format_clock, weekday_index
from rota.domain.scenario import Window, covered_minutes
from ui.i18n import number, t, weekday

AROUND_THE_CLOCK = {
    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "start": "00:00",
    "end": "24:00",
}


def hours_text(windows: list[Window]) -> str:
    """'ma, ke 16:00–20:00; la 10:00–14:00', or around the clock."""
    if covered_minutes(windows) == MINUTES_PER_WEEK:
        return t("around_the_clock")
    return "; ".join(
        ", ".join(weekday(weekday_index(d)) for d in w.days)
        + f" {format_clock(w.start)}–{format_clock(w.start + w.length)}"
        for w in windows
    )


def yes_no(value: bool) -> str:
    return t("yes") if value else t("no")


def term_text(term: str, value: Any, services: dict[str, str]) -> str:
    """An agreement term as the file writes it (`rota.app.agreements`), in words."""
    if term in ("availability", "debrief"):
        if not value:
            return "—"
        if value == [AROUND_THE_CLOCK]:
            return t("around_the_clock")
        return "; ".join(
            ", ".join(weekday(weekday_index(d)) for d in w["days"]) + f" {w['start']}–{w['end']}"
            for w in value
        )
    if term == "weekly_hours":
        low, high = value["min"], value["max"]
        decimals = 0 if float(low).is_integer() and float(high).is_integer() else 1
        return f"{number(low, decimals)}–{number(high, decimals)} h"
    if term == "lines":
        return ", ".join(f"{services.get(s, s)} {n}" for s, n in value.items()) or "—"
    if term == "services":
        return ", ".join(services.get(s, s) for s in value)
    return ", ".join(value)
