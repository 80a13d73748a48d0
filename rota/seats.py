"""Seats on the plan's shifts, and the assignment of responders to them (issue 8).

An occurrence for `n` responders has seats 1…n. The quarter's seats are those of the
occurrences that start on a date of the quarter (a night shift starting on the eve of the quarter
belongs to the previous quarter's assignment). `assignment.csv` names the responder of each
filled seat by pseudonym; `open-seats.csv` is the extra-shift list: what no one of the centre
could take, with the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rota.calendar import Period, as_helsinki, instant
from rota.loading import InputError
from rota.plan import KINDS, Kind, Occurrence, occurrence_order

ASSIGNMENT_COLUMNS = ["responder", "centre", "service", "start", "end", "seat", "kind"]
OPEN_SEAT_COLUMNS = ["centre", "service", "start", "end", "seat", "kind", "reason"]

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


def quarter_occurrences(occurrences: list[Occurrence], period: Period) -> list[Occurrence]:
    """The occurrences whose seats this quarter's assignment fills, in time order."""
    chosen = [o for o in occurrences if period.contains(o.start.date())]
    return sorted(chosen, key=occurrence_order)


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


def write_assignment(path: Path, rows: list[SeatAssignment]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ASSIGNMENT_COLUMNS)
        for row in sorted(rows, key=lambda r: (*occurrence_order(r.occurrence), r.seat)):
            o = row.occurrence
            start, end = o.start.isoformat(), o.end.isoformat()
            writer.writerow([row.responder, o.centre, o.service, start, end, row.seat, o.kind])


def write_open_seats(path: Path, rows: list[OpenSeat]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(OPEN_SEAT_COLUMNS)
        for row in sorted(rows, key=lambda r: (*occurrence_order(r.occurrence), r.seat)):
            o = row.occurrence
            start, end = o.start.isoformat(), o.end.isoformat()
            writer.writerow([o.centre, o.service, start, end, row.seat, o.kind, row.reason])


def read_assignment(path: Path) -> list[SeatAssignment]:
    """Read assignment.csv back; every problem at once (InputError)."""
    problems: list[str] = []
    out: list[SeatAssignment] = []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ASSIGNMENT_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    [
                        f"{path}: line 1: missing columns {', '.join(missing)}; the header must be "
                        f"{','.join(ASSIGNMENT_COLUMNS)}"
                    ]
                )
            for line, row in enumerate(reader, start=2):
                try:
                    out.append(_assignment_row(row))
                except (KeyError, ValueError) as error:
                    problems.append(f"{path}: line {line}: {error}")
    except FileNotFoundError:
        raise InputError(
            [f"{path}: file not found; give the output of 'rota responders assign'"]
        ) from None
    if problems:
        raise InputError(problems)
    return out


def _assignment_row(row: dict[str, str]) -> SeatAssignment:
    start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end need a UTC offset, e.g. 2027-01-05T16:00:00+02:00")
    kind = next((k for k in KINDS if k == row["kind"]), None)
    if kind is None:
        raise ValueError(f"kind '{row['kind']}' is not one of {', '.join(KINDS)}")
    return SeatAssignment(
        row["responder"],
        _occurrence(as_helsinki(start), as_helsinki(end), row["centre"], row["service"], kind),
        int(row["seat"]),
    )


def _occurrence(
    start: dt.datetime, end: dt.datetime, centre: str, service: str, kind: Kind
) -> Occurrence:
    # The seat count is not in assignment.csv; the validator compares against the plan's.
    return Occurrence(start, end, centre, service, 0, kind)
