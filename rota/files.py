"""The plan's CSV files (SPEC §6): writing them, and reading a previous plan back as a baseline."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rota.calendar import as_helsinki, quarter_of
from rota.clock import WEEKDAYS, format_clock, parse_clock, span_minutes
from rota.loading import InputError
from rota.plan import KINDS, Kind, Occurrence, StandingShift, occurrence_order

STANDING_COLUMNS = [
    "centre",
    "service",
    "weekday",
    "start",
    "end",
    "responders",
    "valid_from",
    "valid_until",
]
SHIFT_COLUMNS = ["centre", "service", "start", "end", "responders", "kind"]
COVERAGE_COLUMNS = ["service", "start", "end", "responders", "required", "expected_answered"]


def write_standing(path: Path, shifts: list[StandingShift]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(STANDING_COLUMNS)
        for s in sorted(
            shifts,
            key=lambda s: (s.centre, s.service, s.weekday, s.start, s.valid_from or dt.date.min),
        ):
            writer.writerow(
                [
                    s.centre,
                    s.service,
                    WEEKDAYS[s.weekday],
                    format_clock(s.start),
                    format_clock(s.start + s.minutes),
                    s.responders,
                    s.valid_from.isoformat() if s.valid_from else "",
                    s.valid_until.isoformat() if s.valid_until else "",
                ]
            )


def write_shifts(path: Path, occurrences: list[Occurrence]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SHIFT_COLUMNS)
        for o in occurrences:
            writer.writerow(
                [o.centre, o.service, o.start.isoformat(), o.end.isoformat(), o.responders, o.kind]
            )


@dataclass
class PreviousPlan:
    """A previous plan's output directory, read back as the calendar now in force."""

    standing: list[StandingShift]
    occurrences: list[Occurrence]
    folder: Path | None = None

    @property
    def covered_until(self) -> dt.date:
        """The end of the quarter the previous plan covers: plans are made for whole quarters, so
        the quarter of its last occurrence start (a quiet last day may list none)."""
        if not self.occurrences:
            return dt.date.min
        last = max(o.start.date() for o in self.occurrences)
        return quarter_of(last).end


def read_previous_plan(folder: Path) -> PreviousPlan:
    """Read standing.csv and shifts.csv; every problem is reported at once (InputError)."""
    problems: list[str] = []
    standing = _read_standing(folder / "standing.csv", problems)
    occurrences = _read_shifts(folder / "shifts.csv", problems)
    if problems:
        raise InputError(problems)
    return PreviousPlan(standing, occurrences, folder)


def _rows(path: Path, columns: list[str], problems: list[str]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(
                    f"{path}: header: missing columns {', '.join(missing)}; the "
                    f"header must be {','.join(columns)}"
                )
                return []
            return list(reader)
    except FileNotFoundError:
        problems.append(f"{path}: file not found; give the output directory of a previous plan")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot be read ({error})")
    return []


def _read_standing(path: Path, problems: list[str]) -> list[StandingShift]:
    out = []
    for i, row in enumerate(_rows(path, STANDING_COLUMNS, problems), start=2):
        where = f"{path}: line {i}"
        try:
            start, end = parse_clock(row["start"]), parse_clock(row["end"])
            out.append(
                StandingShift(
                    centre=row["centre"],
                    service=row["service"],
                    weekday=WEEKDAYS.index(row["weekday"]),
                    start=start,
                    minutes=span_minutes(start, end),
                    responders=int(row["responders"]),
                    valid_from=dt.date.fromisoformat(row["valid_from"])
                    if row["valid_from"]
                    else None,
                    valid_until=(
                        dt.date.fromisoformat(row["valid_until"]) if row["valid_until"] else None
                    ),
                )
            )
        except (ValueError, KeyError) as error:
            problems.append(f"{where}: {error}; weekday is mon…sun, times HH:MM, dates YYYY-MM-DD")
    return out


def _read_shifts(path: Path, problems: list[str]) -> list[Occurrence]:
    out = []
    for i, row in enumerate(_rows(path, SHIFT_COLUMNS, problems), start=2):
        where = f"{path}: line {i}"
        try:
            start = dt.datetime.fromisoformat(row["start"])
            end = dt.datetime.fromisoformat(row["end"])
            if start.tzinfo is None or end.tzinfo is None:
                raise ValueError("start and end need a UTC offset, e.g. 2027-03-28T00:00:00+02:00")
            kind = row["kind"]
            if kind not in KINDS:
                raise ValueError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
            out.append(
                Occurrence(
                    as_helsinki(start),
                    as_helsinki(end),
                    row["centre"],
                    row["service"],
                    int(row["responders"]),
                    _kind(kind),
                )
            )
        except (ValueError, KeyError) as error:
            problems.append(f"{where}: {error}")
    return sorted(out, key=occurrence_order)


def _kind(text: str) -> Kind:
    for kind in KINDS:
        if kind == text:
            return kind
    raise ValueError(text)
