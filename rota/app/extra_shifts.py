"""Where one more responder helps most: the open seats of a plan and the extra-shift slots,
ranked, and the subscribable feed of them (`rota extra-shifts`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rota.analysis.extra_shifts import (
    ExtraSlot,
    OpenSeatShift,
    extra_slots,
    for_volunteers,
    open_seat_shifts,
    ranked,
)
from rota.app.planning import (
    plan_quarter,
    previous_or_problems,
    quarter_or_problems,
    scenario_or_problems,
)
from rota.domain.calendar import Period, public_holidays
from rota.domain.errors import InputError
from rota.domain.plan import Occurrence
from rota.domain.scenario import Scenario
from rota.domain.seats import OpenSeat
from rota.io.seat_files import read_open_seats
from rota.publish.extra_shift_feed import write_extra_shift_feed


@dataclass(frozen=True)
class ExtraShifts:
    scenario: Scenario
    period: Period
    slots: list[ExtraSlot]
    best: list[ExtraSlot]  # by answered contacts gained, at most `limit`
    volunteers: list[ExtraSlot]  # weekends and public holidays first, at most `limit`
    unfilled: list[OpenSeat] | None  # None: no open-seats file was given
    open_shifts: list[OpenSeatShift]
    feed: Path | None  # the feed written, if any


def find_extra_shifts(
    scenario: Path,
    quarter: str,
    plan_dir: Path | None,
    out: Path | None,
    open_seats: Path | None,
    limit: int,
    time_limit: float,
    on_planning: Callable[[Period], None] | None = None,
) -> ExtraShifts:
    """Rank the quarter's slots (planning it first without `plan_dir`), with the plan's open
    seats first when `open_seats` is given, and write the feed to `out` (default with a plan:
    its feeds/extra-shifts.ics). Every input problem at once (InputError)."""
    problems: list[str] = []
    loaded = scenario_or_problems(scenario, problems)
    period = quarter_or_problems(quarter, problems)
    if limit <= 0:
        problems.append(f"--limit: {limit} is not a positive number of slots")
    previous = previous_or_problems(loaded, plan_dir, problems)
    unfilled: list[OpenSeat] | None = None
    if open_seats is not None and plan_dir is None:
        problems.append(
            f"--open-seats: {open_seats}: needs --plan; give the plan the responders were "
            "assigned to"
        )
    elif open_seats is not None and previous is not None and period is not None:
        try:
            unfilled = read_open_seats(open_seats, previous.occurrences, period)
        except InputError as error:
            problems.extend(error.problems)
    if problems or loaded is None or period is None:
        raise InputError(problems)

    holidays = public_holidays(period, loaded.holidays.extra)
    open_shifts = open_seat_shifts(unfilled, holidays) if unfilled is not None else []
    if previous is not None:
        occurrences = previous.occurrences
    else:
        if on_planning is not None:
            on_planning(period)
        occurrences = plan_quarter(loaded, period, time_limit=time_limit).expansion.occurrences
    slots = extra_slots(loaded, period, holidays, occurrences)
    feed = out or (plan_dir / "feeds" / "extra-shifts.ics" if plan_dir is not None else None)
    if feed is not None:
        write_extra_shift_feed(feed, loaded, period, slots, open_shifts)
    return ExtraShifts(
        loaded,
        period,
        slots,
        ranked(slots)[:limit],
        for_volunteers(slots)[:limit],
        unfilled,
        open_shifts,
        feed,
    )


def rankings(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
    since: dt.date,
    limit: int,
) -> tuple[list[ExtraSlot], list[ExtraSlot]]:
    """The slots from `since` on where one more responder answers the most contacts: for anyone,
    and for volunteers (weekends and public holidays first), at most `limit` of each."""
    slots = [
        s for s in extra_slots(scenario, period, holidays, occurrences) if s.start.date() >= since
    ]
    return ranked(slots)[:limit], for_volunteers(slots)[:limit]
