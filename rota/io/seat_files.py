"""The seats' files: `assignment.csv` names the responder of each filled seat by pseudonym;
`open-seats.csv` is the extra-shift list: what no one of the centre could take, with the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from rota.domain.calendar import Period, as_helsinki, instant
from rota.domain.errors import InputError
from rota.domain.plan import KINDS, Kind, Occurrence, occurrence_order
from rota.domain.seats import OpenSeat, SeatAssignment, quarter_occurrences, shift_key

ASSIGNMENT_COLUMNS = ["responder", "centre", "service", "start", "end", "seat", "kind"]
OPEN_SEAT_COLUMNS = ["centre", "service", "start", "end", "seat", "kind", "reason"]


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
    for line, row in _rows(path, ASSIGNMENT_COLUMNS):
        try:
            out.append(_assignment_row(row))
        except (KeyError, ValueError) as error:
            problems.append(f"{path}: line {line}: {error}")
    if problems:
        raise InputError(problems)
    return out


def read_open_seats(path: Path, plan: list[Occurrence], period: Period) -> list[OpenSeat]:
    """Read open-seats.csv (or the folder 'rota responders assign' wrote it in) back, each seat
    one of `plan`'s shifts in the quarter; every problem at once (InputError).

    Each seat carries the plan's occurrence, so a seat of an older plan or another quarter is a
    problem here rather than a shift listed that no longer exists."""
    if path.is_dir():
        path = path / "open-seats.csv"
    shifts = {shift_key(o): o for o in quarter_occurrences(plan, period)}
    problems: list[str] = []
    out: list[OpenSeat] = []
    seen: set[tuple[tuple[object, ...], int]] = set()
    for line, row in _rows(path, OPEN_SEAT_COLUMNS):
        try:
            listed, seat = _open_seat_row(row)
        except ValueError as error:
            problems.append(f"{path}: line {line}: {error}")
            continue
        occurrence = shifts.get(shift_key(listed))
        if occurrence is None or seat > occurrence.responders:
            problems.append(
                f"{path}: line {line}: seat {seat} of {listed.kind} {listed.service} at "
                f"{listed.centre} {listed.start.isoformat()}–{listed.end.isoformat()} is not a "
                f"seat of the plan in {period.label}; give the open-seats.csv that 'rota "
                "responders assign' wrote for this plan and quarter"
            )
        elif (shift_key(listed), seat) in seen:
            problems.append(f"{path}: line {line}: seat {seat} is listed twice; keep one row")
        else:
            seen.add((shift_key(listed), seat))
            out.append(OpenSeat(occurrence, seat, row["reason"] or ""))
    if problems:
        raise InputError(problems)
    return out


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with their line numbers, once its header has every column."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    [
                        f"{path}: line 1: missing columns {', '.join(missing)}; the header must be "
                        f"{','.join(columns)}"
                    ]
                )
            return [(reader.line_num, row) for row in reader]
    except FileNotFoundError:
        raise InputError(
            [f"{path}: file not found; give the output of 'rota responders assign'"]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([f"{path}: cannot be read ({error}); save it as UTF-8 CSV"]) from None


def _open_seat_row(row: Mapping[str, str | None]) -> tuple[Occurrence, int]:
    start, end = _moment(row, "start"), _moment(row, "end")
    if instant(end) <= instant(start):
        raise ValueError("end is not after start; copy the row from the plan's shifts.csv")
    kind = next((k for k in KINDS if k == row["kind"]), None)
    if kind is None:
        raise ValueError(f"kind '{row['kind']}' is not one of {', '.join(KINDS)}")
    seat = row["seat"] or ""
    if not seat.isdigit() or int(seat) < 1:
        raise ValueError(f"seat '{seat}' is not a seat number; seats are numbered 1, 2, …")
    centre, service = row["centre"] or "", row["service"] or ""
    return _occurrence(start, end, centre, service, kind), int(seat)


def _moment(row: Mapping[str, str | None], column: str) -> dt.datetime:
    text = row[column] or ""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(
            f"{column} '{text}' is not a time with a UTC offset; write e.g. "
            "2027-01-05T16:00:00+02:00"
        )
    return as_helsinki(moment)


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
