"""The plan's CSV files (SPEC §6): writing them, and reading a previous plan back as a baseline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from rota.domain.calendar import as_helsinki, quarter_of
from rota.domain.clock import WEEKDAYS, format_clock, parse_clock, span_minutes
from rota.domain.errors import InputError
from rota.domain.plan import KINDS, Kind, Occurrence, StandingShift, occurrence_order
from rota.domain.scenario import ID_PATTERN
from rota.io.scenario_file import read_bounded

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
# A quarter of the 200-centre benchmark network writes a few megabytes; a baseline many times that
# is not a plan's output.
MAX_BASELINE_BYTES = 64_000_000
MAX_RESPONDERS = (
    50  # the most lines a centre may have for one service (rota.domain.scenario.MAX_LINES)
)
MAX_SHIFT = dt.timedelta(hours=24)
# Far-off dates overflow the calendar arithmetic (year 1, year 9999) or make it walk millennia.
FIRST_YEAR, LAST_YEAR = 2000, 2199
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
    """The file's rows, every column present ('' for a cell a short line lacks)."""
    if not path.exists():
        problems.append(f"{path}: file not found; give the output directory of a previous plan")
        return []
    try:
        text = read_bounded(path, MAX_BASELINE_BYTES, "plan's CSV").decode("utf-8")
    except InputError as error:
        problems.extend(error.problems)
        return []
    except UnicodeDecodeError as error:
        problems.append(f"{path}: cannot be read (not UTF-8 at byte {error.start})")
        return []
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                f"{path}: header: missing columns {', '.join(missing)}; the "
                f"header must be {','.join(columns)}"
            )
            return []
        rows = [{c: row.get(c) or "" for c in columns} for row in reader]
    except csv.Error as error:
        problems.append(
            f"{path}: line {reader.line_num + 1}: not CSV ({error}); write the file again"
        )
        return []
    if not rows and columns == SHIFT_COLUMNS:
        # A plan always has dated shifts; with none there is no quarter to continue from.
        problems.append(
            f"{path}: holds no shifts, only the header; give the output directory of a "
            "previous plan"
        )
    return rows


def _id(text: str, column: str) -> str:
    # A plan writes only scenario ids; anything else (a line feed, a space) would be quoted
    # as is in every later message about unknown centres and services.
    if not re.fullmatch(ID_PATTERN, text):
        raise ValueError(f"{column} '{text}' is not an id (lowercase letters, digits and '-')")
    return text


def _responders(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_RESPONDERS:
        raise ValueError(f"responders '{text}' is not a whole number from 1 to {MAX_RESPONDERS}")
    return count


def _read_standing(path: Path, problems: list[str]) -> list[StandingShift]:
    out = []
    for i, row in enumerate(_rows(path, STANDING_COLUMNS, problems), start=2):
        where = f"{path}: line {i}"
        try:
            start, end = parse_clock(row["start"]), parse_clock(row["end"])
            out.append(
                StandingShift(
                    centre=_id(row["centre"], "centre"),
                    service=_id(row["service"], "service"),
                    weekday=WEEKDAYS.index(row["weekday"]),
                    start=start,
                    minutes=span_minutes(start, end),
                    responders=_responders(row["responders"]),
                    valid_from=_date(row["valid_from"]) if row["valid_from"] else None,
                    valid_until=_date(row["valid_until"]) if row["valid_until"] else None,
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
            _date(start.date().isoformat())
            if not dt.timedelta(0) < end - start <= MAX_SHIFT:
                raise ValueError(
                    f"{start} to {end} is no shift; a shift ends after it starts, within a day"
                )
            kind = row["kind"]
            if kind not in KINDS:
                raise ValueError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
            out.append(
                Occurrence(
                    as_helsinki(start),
                    as_helsinki(end),
                    _id(row["centre"], "centre"),
                    _id(row["service"], "service"),
                    _responders(row["responders"]),
                    _kind(kind),
                )
            )
        except (ValueError, KeyError) as error:
            problems.append(f"{where}: {error}")
    return sorted(out, key=occurrence_order)


def _date(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day} is not in the years {FIRST_YEAR}–{LAST_YEAR} a plan covers")
    return day


def _kind(text: str) -> Kind:
    for kind in KINDS:
        if kind == text:
            return kind
    raise ValueError(text)
