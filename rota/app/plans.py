"""The calendar in force and the plans made against it (issue 17).

The store's newest calendar version is the one calendar in force: a plan starts from it (every
approved change included), is kept in the store with the version and the network it was made
against, and becomes the next version only by `publish` — after the coordinator has seen what it
changes (`preview`). Publishing the calendar already in force changes nothing; publishing a plan
made against an older version is refused, because an approval or another publication landed in
between and the plan does not know about it.

Heavy work (expanding two calendars, the queueing figures) runs before the write transaction;
the transaction only checks that the calendar in force is still the one the work was done
against, so a write never holds the store's lock for long.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rota.analysis.coverage import coverage_rows
from rota.app.actors import Actor, allowed
from rota.app.network import stored_scenario
from rota.app.planning import PlanOutcome
from rota.domain.calendar import (
    Period,
    add_months,
    instant,
    local,
    parse_quarter,
    public_holidays,
    quarter_of,
)
from rota.domain.errors import Conflict, NotFound
from rota.domain.plan import Occurrence, Plan, StandingShift, expand
from rota.domain.proposals import CalendarVersion, ShiftModel
from rota.domain.scenario import Scenario
from rota.io.plan_files import PreviousPlan
from rota.store import Store
from rota.store import repository as repo


@dataclass(frozen=True)
class InForce:
    """The calendar in force as a plan's baseline: its version number and its dated
    occurrences over the dates it was planned for."""

    version: int
    previous: PreviousPlan


@allowed("coordinator", doing="plan a quarter")
def baseline_in_force(store: Store, actor: Actor) -> InForce | None:
    """The newest calendar version, every approved change included, as the baseline a plan
    keeps its promises to (R7); None before the first calendar, when a plan is a first plan."""
    with store.transaction() as session:
        record = repo.current_version(session)
        if record is None:
            return None
        calendar = repo.version_of(record)
        scenario = stored_scenario(record.scenario.text, record.scenario.source)
    occurrences = _occurrences(scenario, calendar, calendar.covered)
    return InForce(calendar.number, PreviousPlan(calendar.standing, occurrences))


@allowed("coordinator", doing="keep a plan")
def record_plan(
    store: Store, actor: Actor, outcome: PlanOutcome, scenario_path: Path, base: int | None
) -> int:
    """Keep a solved quarter in the store, with the network it used (the scenario file's text,
    verbatim) and the calendar version it was planned against; returns the plan's number."""
    text = scenario_path.read_text(encoding="utf-8")
    with store.transaction() as session:
        old = repo.get_version(session, base) if base is not None else None
        if base is not None and old is None:
            raise NotFound(f"no calendar version {base}")
        calendar = _successor(repo.version_of(old) if old else None, outcome)
        scenario = repo.save_scenario(session, outcome.scenario.name, str(scenario_path), text)
        r = outcome.result
        summary = {
            "status": str(r.status),
            "gap": r.gap,
            "passed": outcome.validation.passed,
            "pattern_from": outcome.pattern_from.isoformat(),
        }
        record = repo.add_plan(
            session,
            quarter=outcome.plan.period.label,
            planned_on=outcome.today,
            base_version=base,
            scenario=scenario,
            calendar=calendar,
            summary=summary,
            created_by=str(actor),
        )
        repo.audit(
            session,
            str(actor),
            "plan",
            f"plan {record.id} of {record.quarter} kept, made against "
            + (f"calendar version {base}" if base is not None else "no calendar (a first plan)"),
            after={"plan": record.id, "quarter": record.quarter, "base_version": base},
        )
        return record.id


# --- what publishing would change ------------------------------------------------------------


@dataclass(frozen=True)
class CentreChange:
    """One centre's standing shifts that publishing changes, from `effective`."""

    centre: str
    name: str
    effective: dt.date
    added: list[ShiftModel]
    dropped: list[ShiftModel]
    moved: list[tuple[ShiftModel, ShiftModel]]


@dataclass(frozen=True)
class ServiceFigures:
    """Expected answered contacts over the planned quarter, in force and with the plan."""

    service: str
    name: str
    in_force: float
    planned: float

    @property
    def change(self) -> float:
        return self.planned - self.in_force


@dataclass(frozen=True)
class Preview:
    """What publishing plan `plan` would do to the calendar in force (version `against`)."""

    plan: int
    quarter: str
    base: int | None
    """The version the plan was made against (None: a first plan)."""
    against: int | None
    """The version in force now, which publishing replaces."""
    identical: bool
    stale: str | None
    centres: list[CentreChange]
    dated_added: int
    dated_dropped: int
    services: list[ServiceFigures]

    @property
    def answered_change(self) -> float:
        return sum(s.change for s in self.services)


@dataclass(frozen=True)
class Publication:
    """The outcome of publishing: the version in force afterwards, and whether it is new."""

    version: int
    published: bool
    message: str


@allowed("coordinator", doing="publish a plan")
def preview(store: Store, actor: Actor, plan: int, today: dt.date | None = None) -> Preview:
    """The diff against the calendar in force, per centre, and the change in expected answered
    contacts per service over the planned quarter. Not publishable (`stale`) when the calendar
    in force changed since the plan was made, or when the plan's changes start sooner than the
    notice allows counted from `today` (default: the real date) — a plan left lying too long."""
    with store.transaction() as session:
        record = repo.get_plan(session, plan)
        if record is None:
            raise NotFound(f"no plan {plan}")
        current = repo.current_version(session)
        number = current.number if current is not None else None
        new = repo.plan_calendar(record, (number or 0) + 1)
        old = repo.version_of(current) if current is not None else None
        base, quarter = record.base_version, record.quarter
        scenario = stored_scenario(record.scenario.text, record.scenario.source)
        versions = [(v.number, v.source, v.created_by) for v in repo.list_versions(session)]
    period = parse_quarter(quarter)
    planned = _occurrences(scenario, new, period)
    in_force = _occurrences(scenario, old, period) if old is not None else []
    identical = old is not None and _same(old, new, planned, in_force)
    effective = max(dt.date.fromisoformat(record.summary["pattern_from"]), period.first)
    stale = _stale(base, number, versions)
    if stale is None and base is not None:
        stale = _late(scenario, effective, today or dt.date.today())
    return Preview(
        plan=plan,
        quarter=quarter,
        base=base,
        against=number,
        identical=identical,
        stale=None if identical else stale,
        centres=_centre_changes(scenario, old, new, effective),
        dated_added=len(set(new.dated) - set(old.dated if old else [])),
        dated_dropped=len(set(old.dated if old else []) - set(new.dated)),
        services=_service_figures(scenario, period, in_force, planned),
    )


@allowed("coordinator", doing="publish a plan")
def publish(
    store: Store, actor: Actor, plan: int, against: int | None, today: dt.date | None = None
) -> Publication:
    """Put plan `plan` in force as the next calendar version. `against` is the version the
    coordinator saw the diff against (`Preview.against`): if the calendar in force changed
    since, nothing is published (Conflict) and the diff must be looked at again."""
    seen = preview(store, actor, plan, today)
    if seen.identical and seen.against is not None:
        return Publication(seen.against, False, _identical(plan, seen.against))
    if seen.stale is not None:
        raise Conflict(seen.stale)
    if seen.against != against:
        raise Conflict(
            f"the calendar in force is version {seen.against}, not {against}: it changed "
            "after the diff was shown; look at the diff again before publishing"
        )
    with store.transaction() as session:
        number = repo.current_number(session)
        if number != seen.against:
            raise Conflict(
                f"calendar version {number} came into force while publishing; look at the "
                "diff again"
            )
        record = repo.get_plan(session, plan)
        assert record is not None
        if record.published_version is not None and record.published_version == number:
            return Publication(number, False, _identical(plan, number))
        new_number = (number or 0) + 1
        calendar = repo.plan_calendar(record, new_number)
        effective = max(
            dt.date.fromisoformat(record.summary["pattern_from"]), calendar.covered.first
        )
        repo.add_version(
            session,
            new_number,
            record.scenario,
            calendar,
            valid_from=effective if record.base_version is not None else None,
            source=f"plan {plan}",
            created_by=str(actor),
            plan_id=plan,
        )
        record.published_version = new_number
        changed = sum(len(c.added) + len(c.dropped) + len(c.moved) for c in seen.centres)
        repo.audit(
            session,
            str(actor),
            "publish",
            f"plan {plan} ({record.quarter}) published as calendar version {new_number}: "
            f"{changed} standing shifts changed at {len(seen.centres)} centres, expected "
            f"answered contacts {seen.answered_change:+.0f} over the quarter",
            version_number=new_number,
            before={"version": number},
            after={"version": new_number, "plan": plan},
        )
        return Publication(new_number, True, f"plan {plan} is now calendar version {new_number}")


def _identical(plan: int, number: int) -> str:
    return f"plan {plan} is the calendar in force already (version {number}); nothing published"


def _late(scenario: Scenario, effective: dt.date, today: dt.date) -> str | None:
    """Why changes from `effective` may not be published on `today` (R7)."""
    earliest = add_months(today, scenario.rules.change_notice_months)
    if effective >= earliest:
        return None
    return (
        f"this plan changes shifts from {effective}, but published today ({today}) the notice "
        f"allows changes from {earliest} only: plan the quarter again from the calendar in force"
    )


def _stale(
    base: int | None, current: int | None, versions: list[tuple[int, str, str]]
) -> str | None:
    """Why a plan made against version `base` may not replace version `current`."""
    if base == current:
        return None
    later = [v for v in versions if base is None or v[0] > base]
    what = "; ".join(f"version {n} ({source}, by {who})" for n, source, who in later)
    made = f"version {base}" if base is not None else "no calendar"
    return (
        f"this plan was made against {made}, but the calendar in force is version {current} "
        f"after {what}: plan the quarter again from the calendar in force"
    )


# --- steps -------------------------------------------------------------------------------------


def _successor(old: CalendarVersion | None, outcome: PlanOutcome) -> CalendarVersion:
    """The calendar version a plan would become. Standing shifts: the plan's, whose history
    before the new pattern is the old calendar's. Dated duties: the old calendar's before the
    new pattern starts, the plan's after. Dates covered: the planned quarter, and the quarter
    before it where the old calendar covered it (the feeds show both), never more."""
    period = outcome.plan.period
    boundary = local(outcome.pattern_from, 0)
    first = period.first
    if old is not None:
        before = quarter_of(period.first - dt.timedelta(days=1)).first
        first = max(min(old.covered.first, period.first), before)
    kept = [
        d
        for d in (old.dated if old else [])
        if instant(d.start) < instant(boundary) and d.start.date() >= first
    ]
    return CalendarVersion(
        0, outcome.plan.standing, kept + outcome.plan.dated, Period(first, period.end)
    )


def _occurrences(scenario: Scenario, calendar: CalendarVersion, period: Period) -> list[Occurrence]:
    holidays = public_holidays(period, scenario.holidays.extra)
    return expand(Plan(period, calendar.standing, calendar.dated), scenario, holidays).occurrences


def _same(
    old: CalendarVersion,
    new: CalendarVersion,
    planned: list[Occurrence],
    in_force: list[Occurrence],
) -> bool:
    """The same pattern from now on and the same dated occurrences over the quarter."""
    pattern = {(*s.pattern_key, s.responders) for s in old.standing if s.valid_until is None}
    again = {(*s.pattern_key, s.responders) for s in new.standing if s.valid_until is None}
    return pattern == again and set(planned) == set(in_force)


def _centre_changes(
    scenario: Scenario, old: CalendarVersion | None, new: CalendarVersion, effective: dt.date
) -> list[CentreChange]:
    """Per centre, the open-ended shifts the plan adds and drops; a drop and an add of the
    same service at one centre read as a move."""
    before = _pattern(old.standing if old else [])
    after = _pattern(new.standing)
    names = {c.id: c.name for c in scenario.centres}
    changes = []
    for centre in sorted(set(before) | set(after), key=lambda c: names.get(c, c)):
        dropped = sorted(before[centre] - after[centre])
        added = sorted(after[centre] - before[centre])
        moved = []
        for shift in list(dropped):
            partner = next((a for a in added if a.service == shift.service), None)
            if partner is not None:
                dropped.remove(shift)
                added.remove(partner)
                moved.append((ShiftModel.of(shift), ShiftModel.of(partner)))
        if added or dropped or moved:
            changes.append(
                CentreChange(
                    centre,
                    names.get(centre, centre),
                    effective,
                    [ShiftModel.of(s) for s in added],
                    [ShiftModel.of(s) for s in dropped],
                    moved,
                )
            )
    return changes


def _pattern(standing: list[StandingShift]) -> defaultdict[str, set[StandingShift]]:
    """The open-ended shifts per centre, without their dates (compared as patterns)."""
    by_centre: defaultdict[str, set[StandingShift]] = defaultdict(set)
    for s in standing:
        if s.valid_until is None:
            by_centre[s.centre].add(
                StandingShift(s.centre, s.service, s.weekday, s.start, s.minutes, s.responders)
            )
    return by_centre


def _service_figures(
    scenario: Scenario,
    period: Period,
    in_force: list[Occurrence],
    planned: list[Occurrence],
) -> list[ServiceFigures]:
    holidays = public_holidays(period, scenario.holidays.extra)
    totals: dict[str, list[float]] = {s.id: [0.0, 0.0] for s in scenario.services}
    for i, occurrences in enumerate((in_force, planned)):
        for row in coverage_rows(scenario, period, holidays, occurrences):
            totals[row.service][i] += row.expected_answered
    return [
        ServiceFigures(s.id, s.name, totals[s.id][0], totals[s.id][1]) for s in scenario.services
    ]
