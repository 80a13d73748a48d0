"""Seats on the plan's shifts, and the assignment of responders to them (issue 8).

An occurrence for `n` responders has seats 1…n. The quarter's seats are those of the
occurrences that start on a date of the quarter, and of a night that starts before the quarter
and runs into it: the plan counts on that night's first hours, so someone must sit it. Only when
the previous quarter's assignment already seats that same night is it left to that assignment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace

from rota.domain.calendar import Period, instant
from rota.domain.plan import Occurrence, occurrence_order

SeriesKey = tuple[str, str, int, int, int]  # centre, service, weekday, start minute, wall minutes


@dataclass(frozen=True)
class SeatAssignment:
    responder: str
    occurrence: Occurrence
    seat: int


@dataclass(frozen=True)
class OpenSeat:
    occurrence: Occurrence
    seat: int
    reason: str


def quarter_occurrences(
    occurrences: list[Occurrence], period: Period, seated_before: Collection[Occurrence] = ()
) -> list[Occurrence]:
    """The occurrences whose seats this quarter's assignment fills, in time order: those that
    start in the quarter, and those that start before it and end in it, unless they are among
    `seated_before` (the previous quarter's assignment). Identical occurrences (same centre,
    service, times and kind; two shifts of one pattern, say) are one occurrence with their
    responders added, so that their seats are numbered 1…n once."""
    earlier = {shift_key(o) for o in seated_before}
    start_of_quarter = instant(period.start_instant)
    merged: dict[tuple[object, ...], Occurrence] = {}
    for o in occurrences:
        runs_into = instant(o.start) < start_of_quarter < instant(o.end)
        if period.contains(o.start.date()) or (runs_into and shift_key(o) not in earlier):
            key = shift_key(o)
            known = merged.get(key)
            merged[key] = (
                o if known is None else replace(known, responders=known.responders + o.responders)
            )
    return sorted(merged.values(), key=occurrence_order)


def series_key(occurrence: Occurrence) -> SeriesKey | None:
    """Which weekly standing shift an occurrence belongs to (None for a dated duty)."""
    if occurrence.kind != "standing":
        return None
    start = occurrence.start
    return (
        occurrence.centre,
        occurrence.service,
        start.weekday(),
        start.hour * 60 + start.minute,
        occurrence.wall_minutes,
    )


def real_minutes(occurrence: Occurrence) -> int:
    """Length in real minutes: what a responder actually works (3 h on a 4-hour DST night)."""
    return int((instant(occurrence.end) - instant(occurrence.start)).total_seconds() // 60)


def shift_key(occurrence: Occurrence) -> tuple[str, str, dt.datetime, dt.datetime, str]:
    o = occurrence
    return (o.centre, o.service, instant(o.start), instant(o.end), o.kind)
