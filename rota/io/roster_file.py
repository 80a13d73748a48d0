"""The roster file a centre keeps of its responders (issue 8): read, checked and saved.

A roster is a CSV or Excel sheet (first sheet) with one row per responder, or a directory of
such files (one per centre). Columns, in any order:

| column | example | meaning |
|---|---|---|
| id | hel-0042 | pseudonymous id: lowercase letters, digits, '-'; unique in the network |
| name | Responder hel-0042 | display name (never published) |
| centre | helsinki | the centre's id in the scenario |
| role | volunteer | staff, volunteer or student |
| languages | fi; sv | languages the responder answers in |
| services | fi-phone; chat | services the responder is trained for |
| availability | mon-fri 16:00-22:00; sat,sun 10:00-18:00 | weekly local hours; default `always` |
| absences | 2027-01-10..2027-01-20; 2027-02-03 | personal absences, inclusive dates (optional) |
| max_hours_week | 12 | at most this many hours in one ISO week |
| max_hours_quarter | 36 | at most this many hours in the quarter |
| preferred | sat,sun 10:00-22:00 | weekly hours the responder prefers (optional) |
| disliked | mon-fri 00:00-08:00 | weekly hours the responder would rather not work (optional) |
| min_hours_week | 4 | minimum commitment: hours in each whole week not away (optional) |
| min_shifts_month | 2 | minimum commitment: shifts in each month not away (optional) |

Every problem is reported at once, one line each: ``FILE: row N, column X: problem; fix``, with
rows numbered as a spreadsheet shows them (the header is row 1).

In a roster folder a centre's own file is ``<centre-id>.csv`` (or ``.xlsx``): the dashboard reads
it as a table (`roster_table`) and saves the centre's edits by the same rules
(`save_centre_roster`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from rota.domain.clock import WEEKDAYS
from rota.domain.errors import InputError
from rota.domain.responders import Responder, Roster
from rota.domain.scenario import Scenario
from rota.io.scenario_file import read_bounded

COLUMNS = (
    "id",
    "name",
    "centre",
    "role",
    "languages",
    "services",
    "availability",
    "absences",
    "max_hours_week",
    "max_hours_quarter",
    "preferred",
    "disliked",
    "min_hours_week",
    "min_shifts_month",
)
REQUIRED = (
    "id",
    "name",
    "centre",
    "role",
    "languages",
    "services",
    "max_hours_week",
    "max_hours_quarter",
)
ROSTER_SUFFIXES = (".csv", ".xlsx")
# Ten times the fixture's 1,000 people; reading 10,000 rows takes about two seconds, and every
# later step (assignment, feeds) grows with the count. A workbook is refused by its unpacked size,
# which a few kilobytes of zip could otherwise blow up to gigabytes.
MAX_RESPONDERS = 10_000
MAX_COLUMNS = 100  # the roster's own columns, and room to report a few unknown ones by name
MAX_ROSTER_BYTES = 16_000_000


# --- reading --------------------------------------------------------------------------------


def roster_files(path: Path) -> list[Path]:
    """The roster files at `path`: the file itself, or every CSV/XLSX file in a directory."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in ROSTER_SUFFIXES)
    return [path]


def load_roster(path: Path, scenario: Scenario) -> Roster:
    """Read and check a roster file or directory; raise InputError listing every problem."""
    problems: list[str] = []
    files = roster_files(path)
    if not path.exists():
        raise InputError([f"{path}: not found; give a roster file or a directory of them"])
    if not files:
        raise InputError([f"{path}: no .csv or .xlsx roster files in this directory"])
    responders: list[Responder] = []
    first_seen: dict[str, str] = {}
    rows_read = 0
    for file in files:
        table = _table(file, problems)
        rows_read += 0 if table is None else len(table)
        if rows_read > MAX_RESPONDERS:
            problems.append(
                f"{file}: the roster holds more than {MAX_RESPONDERS:,} rows; a network has at "
                "most that many responders, remove the rows that are no one"
            )
            break
        if table is not None:
            rows = _rows(table, str(file), scenario, problems)
            responders.extend(_unique(rows, first_seen, problems))
    if problems:
        raise InputError(problems)
    return Roster(responders)


def _rows(
    table: pd.DataFrame,
    source: str,
    scenario: Scenario,
    problems: list[str],
    centre: str | None = None,
) -> list[tuple[str, Responder]]:
    """The table's valid rows as (where, responder); `where` names the row by the table's index
    label. With `centre`, a row of any other centre is a problem too."""
    header = [str(c).strip() for c in table.columns]
    missing = [c for c in REQUIRED if c not in header]
    problems.extend(_unknown_columns(source, header))
    for column in missing:
        problems.append(f"{source}: row 1: column {column} is missing; add it to the header")
    if missing:
        return []
    table = table.set_axis(header, axis="columns")
    out: list[tuple[str, Responder]] = []
    for label, record in zip(table.index, table.to_dict("records"), strict=True):
        cells = {k: _text(v) for k, v in record.items() if k in COLUMNS}
        if not any(cells.values()):
            continue
        where = f"{source}: row {label}"
        row_problems: list[str] = []
        responder = _responder(cells, scenario, row_problems)
        if responder is not None and centre is not None and responder.centre != centre:
            row_problems.append(
                f"column centre: '{responder.centre}' is another centre; {centre}'s roster "
                f"holds only {centre}'s own responders"
            )
        problems.extend(f"{where}, {p}" for p in row_problems)
        if responder is not None and not row_problems:
            out.append((where, responder))
    return out


def _unknown_columns(source: str, header: list[str]) -> list[str]:
    return [
        f"{source}: row 1, column {column}: unknown column; remove it or rename it to one "
        f"of: {', '.join(COLUMNS)}"
        for column in header
        if column not in COLUMNS
    ]


def _unique(
    rows: list[tuple[str, Responder]], first_seen: dict[str, str], problems: list[str]
) -> list[Responder]:
    """The rows' responders whose id is not in `first_seen` (id -> where), which grows."""
    out = []
    for where, responder in rows:
        if responder.id in first_seen:
            problems.append(
                f"{where}, column id: '{responder.id}' is used twice (also "
                f"{first_seen[responder.id]}); give each responder a unique id"
            )
            continue
        first_seen[responder.id] = where
        out.append(responder)
    return out


def _text(value: Any) -> str:
    """A cell as trimmed text; an empty cell (None or NaN, as an edited table has them) is ''."""
    return "" if value is None or pd.isna(value) else str(value).strip()


def _table(path: Path, problems: list[str]) -> pd.DataFrame | None:
    """The file's first sheet as text cells, indexed by spreadsheet row (the header is row 1)."""
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        problems.append(f"{path}: not a roster file; save it as .csv (UTF-8) or .xlsx")
        return None
    try:
        data = read_bounded(path, MAX_ROSTER_BYTES, "roster")
    except InputError as error:
        problems.extend(error.problems)
        return None
    if suffix == ".csv":
        wide = _wider_than_header(data)
        if wide is not None:
            problems.append(f"{path}: {wide}")
            return None
    try:
        if suffix == ".csv":
            table = pd.read_csv(
                io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8"
            )
        else:
            table = _workbook(data)
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text; save the CSV as UTF-8")
        return None
    except pd.errors.EmptyDataError:
        problems.append(f"{path}: the file is empty; write the header row ({', '.join(REQUIRED)})")
        return None
    except _Unreadable as error:
        problems.append(f"{path}: {error}; save it again as .xlsx (Excel workbook) or as .csv")
        return None
    except (ValueError, pd.errors.ParserError) as error:
        problems.append(f"{path}: cannot be read ({error}); save it as CSV or XLSX")
        return None
    return table.set_axis(pd.RangeIndex(2, len(table) + 2), axis="index")


def _wider_than_header(data: bytes) -> str | None:
    """Why a row of the CSV holds more cells than its header names, or the header more columns
    than any roster has; None if neither. pandas takes the extra cells of a first row wider than
    the header as index levels, shifting every cell into the wrong column, and a row of 100,000
    commas as 100,000 levels, minutes of work; columns by the hundred are no roster either."""
    rows = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    try:
        header = next(rows, [])
        if len(header) > MAX_COLUMNS:
            return (
                f"row 1: {len(header):,} columns are more than any roster has; keep the "
                f"columns {', '.join(COLUMNS)}"
            )
        number = 1
        for row in rows:
            number += 1 if row else 0  # blank lines are skipped, as in the row numbers of pandas
            if len(row) > len(header):
                return (
                    f"row {number}: {len(row):,} cells but the header names {len(header)} "
                    "columns; remove the extra cells or name their columns"
                )
    except csv.Error:
        return None  # pandas says what it cannot read
    return None


class _Unreadable(Exception):
    """A workbook that is no workbook, or would unpack to more than a roster ever needs."""


def _workbook(data: bytes) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _Unreadable("not an Excel workbook") from None
    if unpacked > MAX_ROSTER_BYTES:
        raise _Unreadable(
            f"the workbook unpacks to {unpacked:,} bytes, more than the {MAX_ROSTER_BYTES:,} a "
            "roster may have"
        )
    try:
        return pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, sheet_name=0)
    except Exception as error:
        # openpyxl fails on a damaged workbook with whatever its XML or zip layer raised; any of
        # them means the same to the user.
        raise _Unreadable(f"not a readable Excel workbook ({type(error).__name__})") from None


def _responder(cells: dict[str, str], scenario: Scenario, problems: list[str]) -> Responder | None:
    """One row as a Responder; its problems appended as 'column X: …' lines, in column order."""
    raw: dict[str, Any] = {}
    found: list[tuple[str, str]] = []
    parsers: dict[str, Callable[[str], Any]] = {
        "languages": _words,
        "services": _words,
        "availability": lambda text: _windows(text or "always"),
        "absences": _absences,
        "preferred": _windows,
        "disliked": _windows,
        # Optional: an empty cell is no minimum.
        "min_hours_week": lambda text: text or None,
        "min_shifts_month": lambda text: text or None,
    }
    for column in COLUMNS:
        text = cells.get(column, "")
        if column in REQUIRED and not text:
            found.append((column, "empty; fill it in"))
            continue
        try:
            raw[column] = parsers[column](text) if column in parsers else text
        except ValueError as error:
            found.append((column, str(error)))
    responder = None
    try:
        responder = Responder.model_validate(raw)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            column = str(item["loc"][0])
            if column in raw:  # a cell that did not parse has been reported already
                found.append((column, _explain(item)))
    if responder is not None:
        found.extend(_scenario_problems(responder, scenario))
    found.sort(key=lambda item: COLUMNS.index(item[0]))
    problems.extend(f"column {column}: {message}" for column, message in found)
    return responder if not found else None


def _scenario_problems(responder: Responder, scenario: Scenario) -> list[tuple[str, str]]:
    centres = {c.id: c for c in scenario.centres}
    centre = centres.get(responder.centre)
    if centre is None:
        known = ", ".join(centres)
        return [("centre", f"unknown centre '{responder.centre}'; use one of: {known}")]
    problems = []
    for service_id in responder.services:
        if service_id not in centre.services:
            problems.append(
                (
                    "services",
                    f"{centre.id} does not staff '{service_id}'; use some of: "
                    f"{', '.join(centre.services)}",
                )
            )
            continue
        language = scenario.service(service_id).language
        if language not in responder.languages:
            problems.append(
                (
                    "services",
                    f"'{service_id}' is answered in {language}, which is not in languages; "
                    f"add {language} or drop the service",
                )
            )
    return problems


def _explain(item: Any) -> str:
    message = str(item["msg"]).removeprefix("Value error, ")
    kind = item["type"]
    if kind == "string_pattern_mismatch":
        return f"'{item['input']}' is not a valid id; use lowercase letters, digits and '-'"
    if kind == "finite_number":
        return f"'{item['input']}' is not a number of hours; write a finite number"
    if kind.startswith(("greater_than", "less_than", "float_parsing")):
        return f"{message}; got '{item['input']}'"
    if kind == "literal_error":
        return f"{message}; got '{item['input']}'"
    return message


# --- a centre's own file in a roster folder --------------------------------------------------


def roster_file(folder: Path, centre: str) -> Path:
    """The centre's file in a roster folder: `<centre>.csv` or `<centre>.xlsx`, whichever exists;
    a new `<centre>.csv` when neither does."""
    found = [folder / f"{centre}{suffix}" for suffix in ROSTER_SUFFIXES]
    existing = [path for path in found if path.exists()]
    if len(existing) > 1:
        raise InputError(
            [f"{folder}: both {found[0].name} and {found[1].name} exist; keep one of them"]
        )
    return existing[0] if existing else found[0]


def roster_table(path: Path) -> pd.DataFrame:
    """A roster file as a table of text cells with every column, in the documented order, rows
    indexed by spreadsheet row; a file not written yet is an empty table. Rows are not checked
    here, so that a file with mistakes can be opened and mended."""
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS), index=pd.RangeIndex(2, 2), dtype=object)
    problems: list[str] = []
    table = _table(path, problems)
    if table is None:
        raise InputError(problems)
    header = [str(c).strip() for c in table.columns]
    unknown = _unknown_columns(str(path), header)
    if unknown:
        # Dropping them quietly would lose the data on the next save.
        raise InputError(unknown)
    return table.set_axis(header, axis="columns").reindex(columns=list(COLUMNS), fill_value="")


def save_centre_roster(
    folder: Path, centre: str, table: pd.DataFrame, scenario: Scenario
) -> list[Responder]:
    """Check a centre's edited roster table by `load_roster`'s rules — ids unique across the
    folder's files too — and replace the centre's file with it, atomically and in the file's own
    format. An empty centre cell is the centre; another centre's row is a problem. Raise
    InputError listing every problem, having written nothing."""
    path = roster_file(folder, centre)
    table = table.map(_text)
    table = table[(table != "").any(axis="columns")]  # blank rows, as the editor leaves them
    if "centre" in table.columns:
        table["centre"] = table["centre"].replace("", centre)
    problems: list[str] = []
    rows = _rows(table, str(path), scenario, problems, centre=centre)
    responders = _unique(rows, _ids_elsewhere(folder, path), problems)
    if problems:
        raise InputError(problems)
    _replace(path, table)
    return responders


def _ids_elsewhere(folder: Path, own: Path) -> dict[str, str]:
    """id -> where, for the ids in the folder's other roster files. Only the ids are read: the
    other files' own mistakes are their centres' to mend, not a reason to refuse this save."""
    found: dict[str, str] = {}
    for file in roster_files(folder) if folder.is_dir() else []:
        table = _table(file, []) if file != own else None
        if table is None or "id" not in table.columns:
            continue
        for label, cell in table["id"].items():
            ident = _text(cell)
            if ident:
                found.setdefault(ident, f"{file}: row {label}")
    return found


def _replace(path: Path, table: pd.DataFrame) -> None:
    """Write `table` to a temporary file beside `path`, then move it over `path`, so a reader sees
    the old roster or the new one, never half of one. The temporary name ends in .tmp, which
    `roster_files` skips should a crash leave one behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            if path.suffix.lower() == ".xlsx":
                table.to_excel(out, index=False, engine="openpyxl")
            else:
                out.write(table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            # mkstemp makes the file private; the replaced roster keeps its own permissions.
            os.chmod(temporary, path.stat().st_mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- cells ----------------------------------------------------------------------------------

# Each pattern is linear in the cell's length: a cell may hold megabytes, and a pattern that can
# split one run of spaces many ways (`\s*;\s*`, days that may end in a space before `\s+`) takes
# quadratic time on a long run, minutes for a cell of 100,000 spaces. So days end in a letter or
# dash, a start time holds no dash, and separators are split on bare and their items stripped.
_SEPARATORS = re.compile(r"[;,\s]+")
_WINDOW = re.compile(
    r"^(?P<days>[a-z](?:[a-z,\s\-–]*?[a-z,\-–])?)\s+(?P<start>[^\s\-–]+)\s*[-–]\s*(?P<end>\S+)$"
)
_DATE_RANGE = re.compile(r"\.\.|–|\bto\b")
_WINDOW_HINT = "write e.g. 'mon-fri 16:00-22:00; sat,sun 10:00-18:00' or 'always'"


def _words(text: str) -> list[str]:
    return [w for w in _SEPARATORS.split(text.strip().lower()) if w]


def _items(text: str) -> list[str]:
    """'a ; b;;c' -> ['a', 'b', 'c']: the non-empty items between semicolons, stripped."""
    return [item for item in (part.strip() for part in text.split(";")) if item]


def _windows(text: str) -> list[dict[str, Any]]:
    """'mon-fri 16:00-22:00; sat 10:00-18:00' -> window mappings for pydantic."""
    text = text.strip().lower()
    if not text:
        return []
    if text == "always":
        return [{"days": list(WEEKDAYS), "start": "00:00", "end": "24:00"}]
    out = []
    for item in _items(text):
        match = _WINDOW.match(item)
        if match is None:
            raise ValueError(f"'{item}' is not a weekly window; {_WINDOW_HINT}")
        out.append({"days": _days(match["days"]), "start": match["start"], "end": match["end"]})
    return out


def _days(text: str) -> list[str]:
    days: list[str] = []
    for part in (p for p in re.split(r"[,\s]+", text) if p):
        bounds = re.split(r"[-–]", part)
        for bound in bounds:
            if bound not in WEEKDAYS:
                raise ValueError(
                    f"'{bound}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun"
                )
        first, last = WEEKDAYS.index(bounds[0]), WEEKDAYS.index(bounds[-1])
        span = (last - first) % 7
        days.extend(WEEKDAYS[(first + i) % 7] for i in range(span + 1))
    return list(dict.fromkeys(days))


def _absences(text: str) -> list[dict[str, str]]:
    """'2027-01-10..2027-01-20; 2027-02-03' -> absence mappings (inclusive dates)."""
    out = []
    for item in _items(text):
        parts = [part.strip() for part in _DATE_RANGE.split(item)]
        if len(parts) > 2:
            raise ValueError(f"'{item}' is not a date range; write YYYY-MM-DD..YYYY-MM-DD")
        dates = [_date(p) for p in parts]
        out.append({"start": dates[0], "end": dates[-1]})
    return out


def _date(text: str) -> str:
    # Excel may turn a typed date into a timestamp; its date part is what was meant.
    head, tail = text.strip()[:10], text.strip()[10:]
    try:
        dt.date.fromisoformat(head)
        if tail not in ("", " 00:00:00", "T00:00:00"):
            raise ValueError(tail)
    except ValueError:
        raise ValueError(
            f"'{text.strip()}' is not a date; write YYYY-MM-DD, ranges as YYYY-MM-DD..YYYY-MM-DD"
        ) from None
    return head
