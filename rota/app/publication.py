"""Writing a plan's output directory (SPEC §6)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from rota.analysis.coverage import coverage_rows
from rota.analysis.extra_shifts import extra_slots
from rota.analysis.whatif import compare
from rota.domain.clock import format_clock
from rota.domain.plan import StandingShift
from rota.io.plan_files import COVERAGE_COLUMNS, write_shifts, write_standing
from rota.publish.extra_shift_feed import write_extra_shift_feed
from rota.publish.feeds import write_feeds
from rota.publish.report import Change, render_report

if TYPE_CHECKING:
    from rota.app.planning import PlanOutcome


def write_plan(folder: Path, outcome: PlanOutcome) -> None:
    """standing.csv, shifts.csv, coverage.csv, report.md and feeds/ for a solved quarter."""
    scenario, plan = outcome.scenario, outcome.plan
    folder.mkdir(parents=True, exist_ok=True)
    write_standing(folder / "standing.csv", plan.standing)
    write_shifts(folder / "shifts.csv", outcome.expansion.occurrences)
    rows = coverage_rows(scenario, plan.period, outcome.holidays, outcome.expansion.occurrences)
    with (folder / "coverage.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COVERAGE_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.service,
                    row.start.isoformat(),
                    row.end.isoformat(),
                    row.responders,
                    row.required,
                    f"{row.expected_answered:.3f}",
                ]
            )
    stats = outcome.stats
    changes = changes_from(plan.standing) if outcome.previous is not None else None
    baseline = outcome.previous.standing if outcome.previous is not None else None
    whatif = compare(scenario, plan.period, outcome.holidays, rows, baseline)
    extra = extra_slots(scenario, plan.period, outcome.holidays, outcome.expansion.occurrences)
    report = render_report(
        scenario,
        plan.period,
        outcome.holidays,
        plan.standing,
        outcome.expansion,
        outcome.validation,
        rows,
        stats,
        changes,
        plan.notice_date,
        whatif,
        extra,
    )
    (folder / "report.md").write_text(report, encoding="utf-8")
    previous_folder = outcome.previous.folder if outcome.previous is not None else None
    write_feeds(folder, scenario, plan, outcome.expansion, previous_folder)
    write_extra_shift_feed(folder / "feeds" / "extra-shifts.ics", scenario, plan.period, extra)


def changes_from(standing: list[StandingShift]) -> list[Change]:
    """Each standing shift that ends or starts at the notice boundary, paired per centre and
    service where one replaces another."""
    ended = [s for s in standing if s.valid_until is not None]
    started = [
        s
        for s in standing
        if s.valid_until is None
        and s.valid_from is not None
        and any(e.valid_until is not None and s.valid_from > e.valid_until for e in ended)
    ]
    changes: list[Change] = []
    for shift in sorted(ended):
        assert shift.valid_until is not None
        partner = next(
            (s for s in started if (s.centre, s.service) == (shift.centre, shift.service)), None
        )
        if partner is not None:
            started.remove(partner)
        effective = shift.valid_until.fromordinal(shift.valid_until.toordinal() + 1)
        changes.append(
            Change(
                shift.centre,
                shift.service,
                _describe(shift),
                _describe(partner) if partner else "—",
                effective,
            )
        )
    for shift in started:
        assert shift.valid_from is not None
        changes.append(Change(shift.centre, shift.service, "—", _describe(shift), shift.valid_from))
    return changes


def _describe(shift: StandingShift) -> str:
    return (
        f"{('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')[shift.weekday]} "
        f"{format_clock(shift.start)}–{format_clock(shift.start + shift.minutes)} "
        f"×{shift.responders}"
    )
