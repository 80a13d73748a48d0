"""The calendar in force as the network keeps it today: a spreadsheet (issue 17).

The standing calendar has the columns of `standing.csv` (`centre, service, weekday, start, end,
responders, valid_from, valid_until`), an optional dated-duties file those of `shifts.csv`
(`centre, service, start, end, responders, kind`). Either is a CSV (UTF-8, with or without the
BOM Excel writes; comma or semicolon separated, as Finnish Excel exports) or an Excel workbook
(first sheet). What people type in such a sheet is accepted as they type it:

- weekdays in Finnish, English or Swedish, full or short, any case: `maanantai`, `ma`, `Monday`,
  `mon`, `måndag`, `må`;
- times `16:00`, `9:00` or `16.00` (Finnish notation), `24:00` as an end; an end at or before the
  start crosses midnight; a time cell, or a whole number of hours;
- dates `2026-10-01`, `1.10.2026` or a date cell; responders 1 when the cell is empty;
- dated duties' `start`/`end` ISO 8601 with a UTC offset, or local Helsinki wall-clock time
  `2026-12-24 16:00`, `24.12.2026 16.00` or a date-and-time cell.

Every problem is reported at once, one line each: ``FILE: row N, column X: problem; fix``, with
rows numbered as a spreadsheet shows them (the header is row 1). Ids are checked against the
scenario here, where the row and column are still known.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from rota.domain.calendar import as_helsinki, instant, local
from rota.domain.clock import MINUTES_PER_DAY, parse_clock, span_minutes
from rota.domain.errors import InputError, Problem
from rota.domain.plan import KINDS, DatedDuty, Kind, StandingShift
from rota.domain.scenario import ID_PATTERN, Scenario
from rota.io.plan_files import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_RESPONDERS,
    MAX_SHIFT,
    SHIFT_COLUMNS,
    STANDING_COLUMNS,
)
from rota.io.scenario_file import read_bounded

SUFFIXES = (".csv", ".xlsx")
STANDING_REQUIRED = ("centre", "service", "weekday", "start", "end")
DATED_REQUIRED = ("centre", "service", "start", "end", "kind")
DATED_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS if k != "standing")
# The 200-centre benchmark network keeps a few thousand standing shifts; a calendar ten times
# that is no network's. A workbook is bounded by its unpacked size too, since a few kilobytes of
# zip can unpack to gigabytes of XML (about 300 bytes a cell for the rows allowed here).
MAX_ROWS = 50_000
MAX_FILE_BYTES = 16_000_000
MAX_UNPACKED_BYTES = 128_000_000

# Finnish, English and Swedish names, full and short; "ti" and "to" are the same day in Finnish
# and Swedish, so no short name means two days.
WEEKDAY_NAMES: dict[str, int] = {
    name: index
    for index, names in enumerate(
        (
            ("maanantai", "ma", "monday", "mon", "måndag", "må"),
            ("tiistai", "ti", "tuesday", "tue", "tisdag"),
            ("keskiviikko", "ke", "wednesday", "wed", "onsdag", "on"),
            ("torstai", "to", "thursday", "thu", "torsdag"),
            ("perjantai", "pe", "friday", "fri", "fredag", "fr"),
            ("lauantai", "la", "saturday", "sat", "lördag", "lö"),
            ("sunnuntai", "su", "sunday", "sun", "söndag", "sö"),
        )
    )
    for name in names
}
WEEKDAY_FIX = "write maanantai…sunnuntai, ma…su, monday…sunday or mon…sun"

_CLOCK_TEXT = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]00)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LOCAL_MOMENT = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})(?:\s+|T)(\d{1,2}[:.]\d{2}(?:[:.]00)?)$"
)
# openpyxl reads a time cell of a day or more (Excel's 24:00 is the serial 1.0) as a datetime
# counted from this day, the day before Excel's day 1 (1900-01-01).
_EXCEL_DAY_ZERO = dt.date(1899, 12, 31)

T = TypeVar("T")
Row = tuple[int, dict[str, Any]]  # spreadsheet row number, and the row's cells by column


@dataclass(frozen=True)
class ImportedCalendar:
    """The standing calendar and dated duties read from the network's own files."""

    standing: list[StandingShift]
    dated: list[DatedDuty]


def read_calendar(
    standing_path: Path, dated_path: Path | None, scenario: Scenario
) -> ImportedCalendar:
    """Read the standing calendar and the optional dated duties; raise InputError listing every
    problem of both files."""
    problems: list[Problem] = []
    standing = _read_standing(standing_path, scenario, problems)
    dated = [] if dated_path is None else _read_dated(dated_path, scenario, problems)
    if problems:
        raise InputError.of(problems)
    return ImportedCalendar(standing, dated)


# --- the two files ------------------------------------------------------------------------------


def _read_standing(path: Path, scenario: Scenario, problems: list[Problem]) -> list[StandingShift]:
    out: list[StandingShift] = []
    first_seen: dict[tuple[object, ...], int] = {}  # the row each shift was first on
    for number, cells in _rows(path, STANDING_COLUMNS, STANDING_REQUIRED, problems):
        found: list[tuple[str, _Said]] = []
        cell = _Cells(cells, found).parse
        centre = cell("centre", lambda v: _id(v, "centre", _centres(scenario)))
        service = cell("service", lambda v: _id(v, "service", _services(scenario)))
        weekday = cell("weekday", _weekday)
        start = cell("start", _start_clock)
        end = cell("end", _clock)
        responders = cell("responders", _responders)
        valid_from = cell("valid_from", _optional_date)
        valid_until = cell("valid_until", _optional_date)
        if valid_from and valid_until and valid_until < valid_from:
            found.append(
                (
                    "valid_until",
                    _Said(
                        "until_before_from",
                        f"{valid_until} is before valid_from {valid_from}; a shift ends after "
                        "it starts to be valid",
                        until=valid_until,
                        since=valid_from,
                    ),
                )
            )
        problems.extend(_cell_problem(path, number, c, said) for c, said in found)
        if found:
            continue
        assert centre and service and responders
        assert weekday is not None and start is not None and end is not None
        shift = StandingShift(
            centre,
            service,
            weekday,
            start,
            span_minutes(start, end),
            responders,
            valid_from,
            valid_until,
        )
        # A row pasted twice would silently double the responders of that shift.
        key = (*shift.pattern_key, valid_from, valid_until)
        if key in first_seen:
            problems.append(
                Problem(
                    str(path),
                    f"the same shift as row {first_seen[key]} ({shift.describe()}); delete "
                    "one, or write the responders of both in one row",
                    "same_shift",
                    {"first": first_seen[key]},
                    row=number,
                )
            )
            continue
        first_seen[key] = number
        out.append(shift)
    return out


def _read_dated(path: Path, scenario: Scenario, problems: list[Problem]) -> list[DatedDuty]:
    out: list[DatedDuty] = []
    for number, cells in _rows(path, SHIFT_COLUMNS, DATED_REQUIRED, problems):
        found: list[tuple[str, _Said]] = []
        cell = _Cells(cells, found).parse
        centre = cell("centre", lambda v: _id(v, "centre", _centres(scenario)))
        service = cell("service", lambda v: _id(v, "service", _services(scenario)))
        start = cell("start", _moment)
        end = cell("end", _moment)
        responders = cell("responders", _responders)
        kind = cell("kind", _kind)
        if start and end and not dt.timedelta(0) < instant(end) - instant(start) <= MAX_SHIFT:
            found.append(
                (
                    "end",
                    _Said(
                        "end_not_after_start",
                        f"{end.isoformat()} is not after the start {start.isoformat()} within a "
                        "day; a dated duty ends after it starts and lasts at most 24 hours",
                        end=end,
                        start=start,
                    ),
                )
            )
        problems.extend(_cell_problem(path, number, c, said) for c, said in found)
        if found:
            continue
        assert centre and service and start and end and responders and kind
        out.append(DatedDuty(start, end, centre, service, responders, kind))
    return sorted(out, key=lambda d: (instant(d.start), d.centre, d.service))


class _Said(ValueError):
    """A problem in English (its text) with a code and the quoted input, for an interface to
    say it in its reader's language (`Problem`)."""

    def __init__(self, code: str, text: str, **values: object) -> None:
        super().__init__(text)
        self.code = code
        self.values = values


def _cell_problem(path: Path, row: int, column: str, said: _Said) -> Problem:
    return Problem(str(path), str(said), said.code, said.values, row=row, column=column)


@dataclass
class _Cells:
    """One row's cells; `parse` collects each cell's problem in `found` instead of stopping, so
    every cell of a row is checked even when an earlier one is wrong."""

    cells: dict[str, Any]
    found: list[tuple[str, _Said]]

    def parse(self, column: str, parse: Callable[[Any], T]) -> T | None:
        try:
            return parse(self.cells.get(column))
        except _Said as said:
            self.found.append((column, said))
            return None


# --- reading a sheet ----------------------------------------------------------------------------


def _rows(
    path: Path, columns: list[str], required: tuple[str, ...], problems: list[Problem]
) -> list[Row]:
    """The file's non-blank rows after the header, each with its cells by column name."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problems.append(
            Problem(source, "not a calendar file; save it as .csv (UTF-8) or .xlsx", "not_sheet")
        )
        return []
    try:
        data = read_bounded(path, MAX_FILE_BYTES, "calendar")
        table = _csv(data) if suffix == ".csv" else _workbook(data)
    except InputError as error:
        # Not found, too large, not a regular file: rare, and said in English only.
        problems.extend(
            Problem(source, line.removeprefix(f"{source}: ")) for line in error.problems
        )
        return []
    except _Said as said:
        problems.append(Problem(source, str(said), said.code, said.values))
        return []
    if all(_blank(v) for values in table for v in values):
        problems.append(
            Problem(
                source,
                f"the file is empty; write the header row ({','.join(columns)})",
                "empty",
                {"columns": ",".join(columns)},
            )
        )
        return []
    header = [_header_name(c) for c in table[0]]
    unknown = [h for h in header if h and h not in columns]
    missing = [c for c in required if c not in header]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    problems.extend(
        Problem(
            source,
            f"unknown column; rename it to one of {', '.join(columns)} or delete it",
            "unknown_column",
            {"columns": ", ".join(columns)},
            row=1,
            column=h,
        )
        for h in unknown
    )
    problems.extend(
        Problem(
            source,
            f"column {c} is missing; add it to the header",
            "missing_column",
            {"column": c},
            row=1,
        )
        for c in missing
    )
    problems.extend(
        Problem(source, "named twice; keep one", "column_twice", row=1, column=h) for h in twice
    )
    if unknown or missing or twice:
        return []
    if len(table) - 1 > MAX_ROWS:
        problems.append(
            Problem(
                source,
                f"{len(table) - 1:,} rows are more than any network's calendar ({MAX_ROWS:,}); "
                "remove the rows that are no shifts",
                "too_many_rows",
                {"rows": len(table) - 1, "limit": MAX_ROWS},
            )
        )
        return []
    out: list[Row] = []
    for number, values in enumerate(table[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        stray = [i for i, v in enumerate(values) if not _blank(v) and not _named(header, i)]
        if stray:
            problems.append(
                Problem(
                    source,
                    f"{len(stray)} cell(s) beyond the named columns; clear them or name their "
                    "column in the header",
                    "stray_cells",
                    {"count": len(stray)},
                    row=number,
                )
            )
            continue
        out.append((number, {header[i]: v for i, v in enumerate(values) if header[i]}))
    return out


def _named(header: list[str], index: int) -> bool:
    return index < len(header) and bool(header[index])


def _header_name(value: Any) -> str:
    return "" if _blank(value) else unicodedata.normalize("NFC", str(value)).strip().lower()


def _csv(data: bytes) -> list[list[Any]]:
    """The rows of a CSV file, blank lines kept so that row numbers match a spreadsheet's."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Said(
            "not_utf8",
            f"not UTF-8 text (byte {error.start}); save it as CSV UTF-8 or as .xlsx",
            byte=error.start,
        ) from None
    first = text.split("\n", 1)[0]
    # Finnish Excel writes ';' because ',' is its decimal comma; the header shows which it is.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:
        raise _Said(
            "not_csv",
            f"row {reader.line_num}: not CSV ({error}); save the file again from the spreadsheet",
            row=reader.line_num,
        ) from None


def _workbook(data: bytes) -> list[list[Any]]:
    """The rows of the first sheet, blank ones kept; cells as Excel typed them (text, numbers,
    dates, times)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _Said("not_workbook", "not an Excel workbook; save it as .xlsx or as .csv") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Said(
            "workbook_too_big",
            f"the workbook unpacks to {unpacked:,} bytes, more than the {MAX_UNPACKED_BYTES:,} "
            "any calendar needs; keep only the calendar in the first sheet",
            size=unpacked,
            limit=MAX_UNPACKED_BYTES,
        )
    try:
        table = pd.read_excel(
            io.BytesIO(data), header=None, dtype=object, keep_default_na=False, sheet_name=0
        )
    except Exception as error:
        # openpyxl fails on a damaged workbook with whatever its XML or zip layer raised; every
        # one of them means the same to the user.
        raise _Said(
            "workbook_damaged",
            f"not a readable Excel workbook ({type(error).__name__}); save it again as .xlsx",
        ) from None
    return [list(values) for values in table.itertuples(index=False)]


# --- cells --------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return "" if _blank(value) else unicodedata.normalize("NFC", str(value)).strip()


def _centres(scenario: Scenario) -> list[str]:
    return [c.id for c in scenario.centres]


def _services(scenario: Scenario) -> list[str]:
    return [s.id for s in scenario.services]


def _id(value: Any, what: str, known: list[str]) -> str:
    text = _text(value)
    if not text:
        raise _Said(f"no_{what}", f"empty; write the {what}'s id from the scenario")
    if re.fullmatch(ID_PATTERN, text) and text in known:
        return text
    raise _Said(
        f"unknown_{what}",
        f"unknown {what} '{text}'; use one of: {', '.join(known)}",
        value=text,
        known=", ".join(known),
    )


def _weekday(value: Any) -> int:
    text = _text(value)
    # "ma." and "Ma" are how a weekday is often abbreviated by hand.
    index = WEEKDAY_NAMES.get(text.casefold().removesuffix("."))
    if index is None:
        raise _Said("not_weekday", f"'{text}' is not a weekday; {WEEKDAY_FIX}", value=text)
    return index


def _clock(value: Any) -> int:
    """Minutes after midnight, 0…1440, from a time cell or text HH:MM, H:MM or H.MM."""
    if isinstance(value, bool):
        raise _not_time(str(value))
    if isinstance(value, dt.datetime):
        # A datetime in a time column is a time of day, unless Excel counted a day or more
        # (24:00) from its epoch.
        days = (value.date() - _EXCEL_DAY_ZERO).days if value.year <= 1900 else 0
        return _cell_minutes(_since_midnight(value.time(), days))
    if isinstance(value, dt.time):
        return _cell_minutes(_since_midnight(value))
    if isinstance(value, dt.timedelta):
        return _cell_minutes(value)
    if isinstance(value, int) and 0 <= value <= 24:
        return value * 60
    if isinstance(value, float | int):
        # 16.3 could mean 16:30 or 16:18: only the typed text could tell.
        raise _Said(
            "number_not_time",
            f"the number {value} is not a time; format the column as time or text and write "
            "HH:MM or H.MM, e.g. 16:30 or 16.30",
            value=value,
        )
    text = _text(value)
    match = _CLOCK_TEXT.match(text)
    if not match:
        raise _not_time(text)
    try:
        return parse_clock(f"{match.group(1)}:{match.group(2)}")
    except ValueError as error:
        raise _Said("not_time_of_day", str(error), value=text) from None


def _not_time(text: str) -> _Said:
    return _Said(
        "not_time", f"'{text}' is not a time; write HH:MM or H.MM, e.g. 16:00 or 16.00", value=text
    )


def _since_midnight(time: dt.time, days: int = 0) -> dt.timedelta:
    return dt.timedelta(
        days=days,
        hours=time.hour,
        minutes=time.minute,
        seconds=time.second,
        microseconds=time.microsecond,
    )


def _cell_minutes(span: dt.timedelta) -> int:
    """Minutes after midnight of a time cell, which must be whole minutes within the day."""
    minutes = span / dt.timedelta(minutes=1)
    if minutes != int(minutes) or not 0 <= minutes <= MINUTES_PER_DAY:
        raise _Said(
            "time_cell",
            f"the time cell {span} is not a time of day 00:00…24:00 in whole minutes; write HH:MM",
            value=span,
        )
    return int(minutes)


def _start_clock(value: Any) -> int:
    minutes = _clock(value)
    if minutes == MINUTES_PER_DAY:
        raise _Said("start_at_24", "24:00 ends a day; a shift starting at midnight starts at 00:00")
    return minutes


def _responders(value: Any) -> int:
    if _blank(value):
        return 1  # a hand-kept calendar leaves the usual single responder unwritten
    count = 0
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        count = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        count = int(value.strip())
    if not 1 <= count <= MAX_RESPONDERS:
        raise _Said(
            "responders",
            f"'{_text(value)}' is not a whole number from 1 to {MAX_RESPONDERS}; write the "
            "number of responders, or leave it empty for 1",
            value=_text(value),
            most=MAX_RESPONDERS,
        )
    return count


def _optional_date(value: Any) -> dt.date | None:
    return None if _blank(value) else _date(value)


def _date(value: Any) -> dt.date:
    """A date cell, or text YYYY-MM-DD or d.m.yyyy, in the years a plan covers."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise _Said(
                "date_with_time",
                f"{value} has a time of day; write only the date, e.g. 1.10.2026",
                value=value,
            )
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        day = _date_text(_text(value))
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _Said(
            "date_years",
            f"{day} is not in the years {FIRST_YEAR}–{LAST_YEAR} a plan covers",
            value=day,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return day


def _date_text(text: str) -> dt.date:
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        finnish = _FINNISH_DATE.match(text)
        if finnish:
            return dt.date(int(finnish.group(3)), int(finnish.group(2)), int(finnish.group(1)))
    except ValueError:
        raise _Said(
            "no_such_date", f"'{text}' is no such date; check the day and month", value=text
        ) from None
    raise _Said(
        "not_date",
        f"'{text}' is not a date; write YYYY-MM-DD or d.m.yyyy, e.g. 1.10.2026",
        value=text,
    )


def _moment(value: Any) -> dt.datetime:
    """A dated duty's start or end in Helsinki time: a date-and-time cell or local text is the
    wall clock in Helsinki; ISO text with an offset is that instant."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return as_helsinki(value)
        return local(_date(value.date()), _cell_minutes(_since_midnight(value.time())))
    text = _text(value)
    match = _LOCAL_MOMENT.match(text)
    if match:
        return local(_date_text(match.group(1)), _clock(match.group(2)))
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _Said(
            "not_moment",
            f"'{text}' is not a date and time; write local time 2026-12-24 16:00 or "
            "24.12.2026 16.00, or ISO with the offset 2026-12-24T16:00:00+02:00",
            value=text,
        )
    _date(moment.date())
    return as_helsinki(moment)


def _kind(value: Any) -> Kind:
    text = _text(value).lower()
    for kind in DATED_KINDS:
        if kind == text:
            return kind
    raise _Said(
        "not_kind",
        f"'{text}' is not a kind of dated duty; write one of {', '.join(DATED_KINDS)}",
        value=text,
        kinds=", ".join(DATED_KINDS),
    )
