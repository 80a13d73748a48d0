"""Import the calendar in force from the spreadsheet the network keeps today (issue 17).

The import is how the store gets its first calendar (SPEC §8): the standing calendar, and any
dated duties, become a new calendar version with the scenario they belong to. A real calendar
may already break a rule; the import stores it all the same — it is what the centres work to —
and says, in words, what the independent validator finds in the coming quarters, so the first
plan knows what it has to mend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from rota.app.actors import Actor, allowed
from rota.app.impact import check_calendar, group_violations
from rota.checks.plan import RULE_TITLES
from rota.domain.calendar import Period, public_holidays, quarter_of
from rota.domain.errors import Conflict, InputError, Problem
from rota.domain.plan import DatedDuty
from rota.domain.proposals import CalendarVersion, RuleBreak
from rota.io.calendar_file import read_calendar
from rota.io.scenario_file import load_scenario
from rota.store import Store
from rota.store import repository as repo

ATTEMPTS = 3  # another writer may take the next version number between reading and writing


@dataclass(frozen=True)
class ImportResult:
    """The stored version, what it holds, and what already breaks a rule in it."""

    version: int
    replaced: int | None  # the version in force before, if there was one
    standing_shifts: int
    dated_duties: int
    centres: int
    covered: Period
    checked: Period
    breaks: list[RuleBreak]

    def findings(self) -> list[str]:
        """One sentence per grouped rule break: rule, what, where and when."""
        return [f"{b.describe()} — {RULE_TITLES.get(b.rule, b.rule)}" for b in self.breaks]


@allowed("coordinator", doing="import the calendar in force")
def import_calendar(
    store: Store,
    actor: Actor,
    scenario_path: Path,
    standing_file: Path,
    dated_file: Path | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Store the standing calendar (and dated duties) as the calendar in force, and check it.
    Nothing is stored when a file has a problem (InputError, every problem listed)."""
    today = today or dt.date.today()
    scenario = load_scenario(scenario_path)
    imported = read_calendar(standing_file, dated_file, scenario)
    if not imported.standing:
        said = "holds no standing shifts, only the header; give the calendar"
        raise InputError.of([Problem(str(standing_file), said, "no_shifts")])
    covered = _covered(today, imported.dated)
    checked = Period(today, covered.end, f"{today}…{covered.end - dt.timedelta(days=1)}")
    calendar = CalendarVersion(0, imported.standing, imported.dated, covered)
    # The validator runs before the write transaction, so it never holds the store's lock.
    holidays = public_holidays(checked, scenario.holidays.extra)
    check = check_calendar(scenario, calendar, imported.standing, checked, holidays)
    breaks = group_violations(check.validation.violations())
    text = scenario_path.read_text(encoding="utf-8")
    files = f"{standing_file}" + (f" and {dated_file}" if dated_file else "")
    for _ in range(ATTEMPTS):
        try:
            with store.transaction() as session:
                record = repo.save_scenario(session, scenario.name, str(scenario_path), text)
                replaced = repo.current_number(session)
                number = (replaced or 0) + 1
                repo.add_version(
                    session,
                    number,
                    record,
                    calendar,
                    valid_from=None,
                    source=f"import {files}",
                    created_by=str(actor),
                )
                repo.audit(
                    session,
                    str(actor),
                    "import",
                    f"calendar version {number} imported from {files} with scenario "
                    f"{scenario_path}: {len(imported.standing)} standing shifts, "
                    f"{len(imported.dated)} dated duties; {len(breaks)} rule breaks found "
                    f"{checked.label}",
                    version_number=number,
                    after={
                        "version": number,
                        "source": str(standing_file),
                        "dated": str(dated_file) if dated_file else None,
                        "scenario": str(scenario_path),
                        "breaks": [b.describe() for b in breaks],
                    },
                )
        except IntegrityError:
            continue
        return ImportResult(
            version=number,
            replaced=replaced,
            standing_shifts=len(imported.standing),
            dated_duties=len(imported.dated),
            centres=len({s.centre for s in imported.standing}),
            covered=covered,
            checked=checked,
            breaks=breaks,
        )
    raise Conflict("the calendar kept changing while importing; try again")


def _covered(today: dt.date, dated: list[DatedDuty]) -> Period:
    """From the first day of today's quarter to the end of the next quarter, widened to every
    dated duty, so the calendar in force expands to each of them."""
    quarter = quarter_of(today)
    first, end = quarter.first, quarter_of(quarter.end).end
    for duty in dated:
        first = min(first, duty.start.date())
        end = max(end, (duty.end - dt.timedelta(minutes=1)).date() + dt.timedelta(days=1))
    return Period(first, end, f"{first}…{end - dt.timedelta(days=1)}")
