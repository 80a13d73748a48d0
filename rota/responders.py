"""Responders and the roster a centre keeps of them (issue 8).

A responder is personal data (SPEC §2, anonymity): everything the software publishes names a
responder only by a pseudonymous id, and a display name appears nowhere but in the roster itself.

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

Every problem is reported at once, one line each: ``FILE: row N, column X: problem; fix``, with
rows numbered as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from rota.clock import WEEKDAYS
from rota.loading import InputError
from rota.scenario import Identifier, Scenario, Strict, Window

Role = Literal["staff", "volunteer", "student"]
ROLES: tuple[Role, ...] = ("staff", "volunteer", "student")
Language = Literal["fi", "sv", "en"]

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


class Absence(Strict):
    start: dt.date
    end: dt.date = Field(description="Inclusive last date of the absence.")

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise ValueError(f"{self.end} is before {self.start}; swap the dates")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Responder(Strict):
    """One person on a centre's roster."""

    id: Identifier = Field(description="Pseudonymous id, the only name anything published uses.")
    name: str = Field(min_length=1, description="Display name; personal data, never published.")
    centre: Identifier = Field(description="The centre whose shifts the responder takes.")
    role: Role = Field(description="staff (crisis worker), volunteer or student.")
    languages: list[Language] = Field(min_length=1, description="Languages answered in.")
    services: list[Identifier] = Field(min_length=1, description="Services trained for.")
    availability: list[Window] = Field(
        min_length=1, description="Weekly local hours the responder can be on duty."
    )
    absences: list[Absence] = Field(default_factory=list, description="Dates away (inclusive).")
    max_hours_week: float = Field(gt=0, description="Most hours in one ISO week.")
    max_hours_quarter: float = Field(gt=0, description="Most hours in the quarter.")
    preferred: list[Window] = Field(default_factory=list, description="Preferred weekly hours.")
    disliked: list[Window] = Field(default_factory=list, description="Disliked weekly hours.")

    @property
    def needs_debrief(self) -> bool:
        """R8 applies to volunteers and students: a debrief follows every shift."""
        return self.role != "staff"

    def absent_on(self, day: dt.date) -> bool:
        return any(a.covers(day) for a in self.absences)


@dataclass
class Roster:
    responders: list[Responder]

    def of_centre(self, centre_id: str) -> list[Responder]:
        return [r for r in self.responders if r.centre == centre_id]

    def by_id(self) -> dict[str, Responder]:
        return {r.id: r for r in self.responders}


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
    for file in files:
        for where, responder in _read_file(file, scenario, problems):
            if responder.id in first_seen:
                problems.append(
                    f"{where}, column id: '{responder.id}' is used twice (also "
                    f"{first_seen[responder.id]}); give each responder a unique id"
                )
                continue
            first_seen[responder.id] = where
            responders.append(responder)
    if problems:
        raise InputError(problems)
    return Roster(responders)


def _read_file(path: Path, scenario: Scenario, problems: list[str]) -> list[tuple[str, Responder]]:
    table = _table(path, problems)
    if table is None:
        return []
    header = [str(c).strip() for c in table.columns]
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    for column in unknown:
        problems.append(
            f"{path}: row 1, column {column}: unknown column; remove it or rename it to one "
            f"of: {', '.join(COLUMNS)}"
        )
    for column in missing:
        problems.append(f"{path}: row 1: column {column} is missing; add it to the header")
    if missing:
        return []
    table.columns = pd.Index(header)
    out: list[tuple[str, Responder]] = []
    for offset, record in enumerate(table.to_dict("records")):
        cells = {k: str(v).strip() for k, v in record.items() if k in COLUMNS}
        if not any(cells.values()):
            continue
        where = f"{path}: row {offset + 2}"
        row_problems: list[str] = []
        responder = _responder(cells, scenario, row_problems)
        problems.extend(f"{where}, {p}" for p in row_problems)
        if responder is not None and not row_problems:
            out.append((where, responder))
    return out


def _table(path: Path, problems: list[str]) -> pd.DataFrame | None:
    suffix = path.suffix.lower()
    if suffix not in ROSTER_SUFFIXES:
        problems.append(f"{path}: not a roster file; save it as .csv (UTF-8) or .xlsx")
        return None
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return pd.read_excel(path, dtype=str, keep_default_na=False, sheet_name=0)
    except FileNotFoundError:
        problems.append(f"{path}: file not found; check the path")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text; save the CSV as UTF-8")
    except (OSError, ValueError, pd.errors.ParserError) as error:
        problems.append(f"{path}: cannot be read ({error}); save it as CSV or XLSX")
    return None


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
    if kind.startswith(("greater_than", "less_than", "float_parsing")):
        return f"{message}; got '{item['input']}'"
    if kind == "literal_error":
        return f"{message}; got '{item['input']}'"
    return message


# --- cells ----------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[;,\s]+")
_ITEMS = re.compile(r"\s*;\s*")
_WINDOW = re.compile(r"^(?P<days>[a-z][a-z,\s\-–]*?)\s+(?P<start>\S+)\s*[-–]\s*(?P<end>\S+)$")
_DATE_RANGE = re.compile(r"\s*(?:\.\.|–|\bto\b)\s*")
_WINDOW_HINT = "write e.g. 'mon-fri 16:00-22:00; sat,sun 10:00-18:00' or 'always'"


def _words(text: str) -> list[str]:
    return [w for w in _SEPARATORS.split(text.strip().lower()) if w]


def _windows(text: str) -> list[dict[str, Any]]:
    """'mon-fri 16:00-22:00; sat 10:00-18:00' -> window mappings for pydantic."""
    text = text.strip().lower()
    if not text:
        return []
    if text == "always":
        return [{"days": list(WEEKDAYS), "start": "00:00", "end": "24:00"}]
    out = []
    for item in (i for i in _ITEMS.split(text) if i):
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
    for item in (i for i in _ITEMS.split(text.strip()) if i):
        parts = _DATE_RANGE.split(item)
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
