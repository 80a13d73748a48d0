"""The change service (issue 4): centres propose, the coordinator decides, the store remembers.

The CLI and the dashboard both call these functions, so the rules of who may do what live here:
a centre proposes for itself and sees its own proposals, the coordinator acts for anyone and
alone approves or rejects, a responder only reads decided changes. Every step, refused attempts
included, lands in the audit log.

Each write is one short transaction; the impact analysis (a second or so of CP-SAT) runs between
transactions, never while holding the store's write lock. A proposal records the calendar
version it was analysed against; approving it on a newer version first checks that nobody
changed the same shifts meanwhile, and re-analyses it on the newer calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError

from rota.app import notifications as notify
from rota.app.actors import Actor, allowed, refuse
from rota.app.network import stored_scenario
from rota.domain.calendar import Period, public_holidays
from rota.domain.errors import (
    ChangeError,
    Conflict,
    InputError,
    NotFound,
    NoticeTooShort,
    PermissionDenied,
)
from rota.domain.notices import ProposalDecided, ProposalSubmitted
from rota.domain.plan import DatedDuty, Occurrence, Plan, StandingShift, expand
from rota.domain.proposals import (
    CHANGE_KINDS,
    CalendarVersion,
    ImpactReport,
    Repair,
    ShiftChange,
    ShiftModel,
    apply_changes,
    earliest_effective,
    parse_shift,
)
from rota.domain.scenario import Scenario
from rota.io.output_folder import check_out, replacing
from rota.io.plan_files import read_previous_plan, write_shifts, write_standing
from rota.io.scenario_file import load_scenario
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import AuditEntry, CalendarVersionRecord, ProposalRecord

EXPORT_COMMAND = "rota changes export"  # named in the output folder's manifest
ATTEMPTS = 3  # optimistic retries when another decision lands between analysis and write


# --- views returned to the CLI and the dashboard -------------------------------------------------


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class DecisionView(View):
    outcome: str
    reason: str
    decided_by: str
    decided_at: dt.datetime
    version: int | None = None
    repair: Repair | None = None


class ProposalView(View):
    id: int
    centre: str
    kind: str
    before: ShiftModel | None
    after: ShiftModel | None
    effective: dt.date
    reason: str
    status: str
    base_version: int
    submitted_by: str
    submitted_at: dt.datetime
    submitted_on: dt.date
    impact: ImpactReport | None = None
    decision: DecisionView | None = None


class VersionView(View):
    number: int
    valid_from: dt.date | None
    covered_first: dt.date
    covered_end: dt.date
    source: str
    proposal_id: int | None
    created_by: str
    created_at: dt.datetime
    standing_shifts: int
    dated_duties: int


class AuditView(View):
    id: int
    at: dt.datetime
    actor: str
    action: str
    proposal_id: int | None
    version_number: int | None
    message: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# --- commands ----------------------------------------------------------------------------------


@allowed("coordinator", doing="import a calendar")
def init_calendar(store: Store, actor: Actor, scenario_path: Path, plan_dir: Path) -> VersionView:
    """Import a plan's output directory (standing.csv, shifts.csv) as the newest calendar."""
    scenario = load_scenario(scenario_path)
    previous = read_previous_plan(plan_dir)
    problems = _unknown_ids(scenario, previous.standing, previous.occurrences, plan_dir)
    if problems:
        raise InputError(problems)
    if not previous.occurrences:
        raise InputError([f"{plan_dir}/shifts.csv: no occurrences; import a planned quarter"])
    first = min(o.start.date() for o in previous.occurrences)
    dated = [
        DatedDuty(o.start, o.end, o.centre, o.service, o.responders, o.kind)
        for o in previous.occurrences
        if o.kind != "standing"
    ]
    calendar = CalendarVersion(0, previous.standing, dated, Period(first, previous.covered_until))
    text = scenario_path.read_text(encoding="utf-8")
    with store.transaction() as session:
        record = repo.save_scenario(session, scenario.name, str(scenario_path), text)
        number = (repo.current_number(session) or 0) + 1
        version = repo.add_version(
            session,
            number,
            record,
            calendar,
            valid_from=None,
            source=f"import {plan_dir}",
            created_by=str(actor),
        )
        repo.audit(
            session,
            str(actor),
            "import",
            f"calendar version {number} imported from {plan_dir} with scenario "
            f"{scenario_path}: {len(calendar.standing)} standing shifts, "
            f"{len(dated)} dated duties",
            version_number=number,
            after={"version": number, "source": str(plan_dir), "scenario": str(scenario_path)},
        )
        return _version_view(version)


@allowed("coordinator", "centre", doing="propose changes")
def propose(
    store: Store,
    actor: Actor,
    kind: str,
    effective: dt.date,
    reason: str,
    today: dt.date,
    centre: str | None = None,
    shift: str | StandingShift | None = None,
    to: str | StandingShift | None = None,
) -> ProposalView:
    """Submit a change to one standing shift. Refused (and audit-logged) when the actor may not
    act for the centre or the notice is shorter than `change_notice_months` (R7)."""
    calendar, scenario, centre, change = _vetted(
        store, actor, kind, effective, today, centre, shift, to, reason
    )
    impact = _analyse(scenario, calendar, change)
    with store.transaction() as session:
        record = repo.add_proposal(
            session,
            centre=centre,
            kind=kind,
            before=_shift_json(change.before),
            after=_shift_json(change.after),
            effective=effective,
            reason=reason.strip(),
            base_version=calendar.number,
            impact=impact.model_dump(mode="json"),
            submitted_by=str(actor),
            submitted_on=today,
        )
        repo.audit(
            session,
            str(actor),
            "propose",
            f"proposal {record.id}: {change.describe()} ({reason.strip()}); "
            f"impact: {len(impact.breaks)} rule breaks, repair {impact.repair.status}",
            proposal_id=record.id,
            version_number=calendar.number,
            before=_shift_json(change.before),
            after=_shift_json(change.after),
        )
        # Queued with the proposal: a rolled-back proposal tells no one.
        notify.enqueue(
            session, notify.coordinators(session), ProposalSubmitted(record.id, change), scenario
        )
        return _proposal_view(record)


@allowed("coordinator", "centre", doing="propose changes")
def preview(
    store: Store,
    actor: Actor,
    kind: str,
    effective: dt.date,
    today: dt.date,
    centre: str | None = None,
    shift: str | StandingShift | None = None,
    to: str | StandingShift | None = None,
) -> ImpactReport:
    """The impact report `propose` would store, with the same role and notice checks, storing
    nothing: what the dashboard shows before a centre submits."""
    calendar, scenario, _centre, change = _vetted(
        store, actor, kind, effective, today, centre, shift, to, None
    )
    return _analyse(scenario, calendar, change)


@allowed("coordinator", "centre", doing="propose changes")
def earliest_allowed(store: Store, actor: Actor, today: dt.date) -> dt.date:
    """R7: the first date a change proposed today may take effect under the calendar's rules."""
    _calendar, scenario = _current(store)
    return earliest_effective(today, scenario.rules.change_notice_months)


def _vetted(
    store: Store,
    actor: Actor,
    kind: str,
    effective: dt.date,
    today: dt.date,
    centre: str | None,
    shift: str | StandingShift | None,
    to: str | StandingShift | None,
    reason: str | None,
) -> tuple[CalendarVersion, Scenario, str, ShiftChange]:
    """Who may propose it, whether it is well formed, and whether its notice is long enough."""
    centre = centre or (actor.ident if actor.role == "centre" else None)
    if centre is None:
        raise ChangeError("--centre: say which centre the change is for")
    if actor.role == "centre" and actor.ident != centre:
        refuse(store, actor, f"{actor} may only propose changes for {actor.ident}, not {centre}")
    if kind not in CHANGE_KINDS:
        raise ChangeError(f"'{kind}' is not a kind of change; use {', '.join(CHANGE_KINDS)}")
    if reason is not None and not reason.strip():
        raise ChangeError("--reason: say why the change is needed")

    calendar, scenario = _current(store)
    change = _change(scenario, calendar, centre, kind, shift, to, effective)
    earliest = earliest_effective(today, scenario.rules.change_notice_months)
    if effective < earliest:
        days = (effective - today).days
        refuse(
            store,
            actor,
            f"{change.describe()}: {days} days' notice is too short; changes need "
            f"{scenario.rules.change_notice_months} months (R7): earliest allowed date "
            f"{earliest.isoformat()}",
            NoticeTooShort,
        )
    return calendar, scenario, centre, change


def centre_ids(store: Store) -> set[str] | None:
    """The centres of the newest calendar's scenario; None before there is a calendar."""
    scenario = network(store)
    return None if scenario is None else {c.id for c in scenario.centres}


def network(store: Store, fallback: Path | None = None) -> Scenario | None:
    """The network that ids in roles and feed names must belong to: the scenario of the
    calendar in force; before the first calendar, the scenario at `fallback` (None without)."""
    try:
        _calendar, scenario = _current(store)
    except NotFound:
        return load_scenario(fallback) if fallback is not None else None
    return scenario


@dataclass(frozen=True)
class CalendarInForce:
    """The newest calendar version expanded into dated occurrences over its planned dates."""

    version: int
    scenario: Scenario
    calendar: CalendarVersion
    holidays: dict[dt.date, str]
    occurrences: list[Occurrence]


@allowed("coordinator", "centre", "responder", doing="read the calendar")
def calendar_in_force(store: Store, actor: Actor) -> CalendarInForce:
    """Every role may read it: the national feed publishes the same occurrences, which name
    centres, never responders."""
    calendar, scenario = _current(store)
    holidays = public_holidays(calendar.covered, scenario.holidays.extra)
    plan = Plan(calendar.covered, calendar.standing, calendar.dated)
    occurrences = expand(plan, scenario, holidays).occurrences
    return CalendarInForce(calendar.number, scenario, calendar, holidays, occurrences)


@allowed("coordinator", "centre", doing="list centres' standing shifts")
def standing_shifts(store: Store, actor: Actor, centre: str | None = None) -> list[ShiftModel]:
    """The newest calendar's standing shifts with their validity. A centre sees only its own;
    the coordinator any centre's (or all, without `centre`); a responder none."""
    if actor.role == "centre":
        if centre not in (None, actor.ident):
            refuse(store, actor, f"{actor} may only see its own shifts, not {centre}'s")
        centre = actor.ident
    calendar, _scenario = _current(store)
    return [ShiftModel.of(s) for s in calendar.standing if centre is None or s.centre == centre]


@allowed("coordinator", "centre", "responder", doing="list proposals")
def list_proposals(store: Store, actor: Actor, status: str | None = None) -> list[ProposalView]:
    """The proposals the actor may see, oldest first; without the impact reports."""
    statuses: tuple[str, ...] = (status,) if status else ()
    if actor.role == "responder":
        if status not in (None, "approved"):
            raise PermissionDenied(f"{actor} sees approved changes only")
        statuses = ("approved",)
    centre = actor.ident if actor.role == "centre" else None
    with store.transaction() as session:
        records = repo.list_proposals(session, centre, statuses)
        return [_proposal_view(r, with_impact=False) for r in records]


@allowed("coordinator", "centre", "responder", doing="read proposals")
def show_proposal(store: Store, actor: Actor, ident: int) -> ProposalView:
    with store.transaction() as session:
        record = _visible(session, actor, ident)
        return _proposal_view(record)


@allowed("coordinator", doing="approve proposals")
def approve(
    store: Store, actor: Actor, ident: int, today: dt.date, force: bool = False
) -> ProposalView:
    """Make the change and its repair a new calendar version valid from the effective date.

    Refused when the proposal's shifts were changed by a newer version (conflict), or when the
    resulting calendar would break a hard rule the current one meets (unless `force`)."""
    for _attempt in range(ATTEMPTS):
        with store.transaction() as session:
            record = _pending(session, ident)
            current = repo.current_version(session)
            assert current is not None, "a proposal exists only once a calendar does"
            calendar = repo.version_of(current)
            scenario = stored_scenario(current.scenario.text, current.scenario.source)
            base_number = record.base_version
            impact = ImpactReport.model_validate(record.impact) if record.impact else None
            conflict = _conflicting(session, record, base_number, current.number)
            change = _stored_change(record)
        if conflict:
            refuse(store, actor, conflict, Conflict, proposal_id=ident)

        repair_from = max(
            change.effective, earliest_effective(today, scenario.rules.change_notice_months)
        )
        if impact is None or calendar.number != base_number or repair_from != change.effective:
            impact = _analyse(scenario, calendar, change, repair_from)
        decided = _decided(calendar, change, impact.repair)
        breaks = _new_breaks(scenario, calendar, decided, change.effective)
        if breaks and not force:
            late = (
                f" (the repair changes other centres' shifts, which needs notice until "
                f"{repair_from}, after the effective date {change.effective})"
                if repair_from > change.effective and impact.repair.steps
                else ""
            )
            refuse(
                store,
                actor,
                f"approving proposal {ident} would break {breaks[0]}"
                + (f" (and {len(breaks) - 1} more)" if len(breaks) > 1 else "")
                + f"{late}; reject it, or approve with --force",
                ChangeError,
                proposal_id=ident,
            )
        try:
            return _record_approval(
                store, actor, ident, scenario, calendar, decided, change, impact, breaks, today
            )
        except _Stale:
            continue
        except IntegrityError:
            continue
    raise Conflict(f"proposal {ident}: the calendar kept changing while approving; try again")


@allowed("coordinator", doing="reject proposals")
def reject(store: Store, actor: Actor, ident: int, reason: str) -> ProposalView:
    if not reason.strip():
        raise ChangeError("--reason: say why the proposal is rejected")
    with store.transaction() as session:
        record = _pending(session, ident)
        if not repo.close_proposal(session, ident, "rejected"):
            raise Conflict(f"proposal {ident} was decided by someone else meanwhile")
        repo.add_decision(
            session,
            proposal_id=ident,
            outcome="rejected",
            reason=reason.strip(),
            decided_by=str(actor),
        )
        repo.audit(
            session,
            str(actor),
            "reject",
            f"proposal {ident} rejected: {reason.strip()}",
            proposal_id=ident,
            before={"status": "pending"},
            after={"status": "rejected", "reason": reason.strip()},
        )
        notice = ProposalDecided(ident, _stored_change(record), False, reason.strip())
        notify.enqueue(session, notify.centre_staff(session, record.centre), notice)
        session.refresh(record)
        return _proposal_view(record)


@allowed("coordinator", doing="list calendar versions")
def list_versions(store: Store, actor: Actor) -> list[VersionView]:
    with store.transaction() as session:
        versions = repo.list_versions(session)
        return [_version_view(v) for v in versions]


@allowed("coordinator", "centre", doing="read the audit log")
def audit_log(store: Store, actor: Actor, proposal_id: int | None = None) -> list[AuditView]:
    """The coordinator sees everything; a centre sees the steps of its own proposals and its
    own attempts; responders see none."""
    with store.transaction() as session:
        if proposal_id is not None:
            _visible(session, actor, proposal_id)
            entries = repo.audit_entries(session, [proposal_id])
        elif actor.role == "centre":
            own = [p.id for p in repo.list_proposals(session, actor.ident)]
            entries = [
                e
                for e in repo.audit_entries(session)
                if e.proposal_id in own or e.actor == str(actor)
            ]
        else:
            entries = repo.audit_entries(session)
        return [_audit_view(e) for e in entries]


@allowed("coordinator", doing="export calendar versions")
def export_calendar(
    store: Store, actor: Actor, out: Path, number: int | None = None, previous: Path | None = None
) -> Path:
    """Write a calendar version as a plan directory, swapped in whole: standing.csv, shifts.csv
    over the planned dates (the baseline `rota plan --baseline` reads) and the iCalendar feeds.
    An event that changed since the feeds in `previous` (default: those already in `out`) gets
    a higher SEQUENCE, so subscribed calendars replace it."""
    from rota.publish.feeds import write_feeds

    with store.transaction() as session:
        record = repo.get_version(session, number) if number else repo.current_version(session)
        if record is None:
            raise NotFound(f"no calendar version {number or ''}".strip())
        calendar = repo.version_of(record)
        scenario = stored_scenario(record.scenario.text, record.scenario.source)
    period = calendar.covered
    holidays = public_holidays(period, scenario.holidays.extra)
    plan = Plan(period, calendar.standing, calendar.dated)
    expansion = expand(plan, scenario, holidays)
    if previous is None and (out / "feeds" / "national.ics").is_file():
        previous = out  # read before the new export takes its place
    with replacing(out, EXPORT_COMMAND) as folder:
        write_feeds(folder, scenario, plan, expansion, previous)
        write_standing(folder / "standing.csv", calendar.standing)
        write_shifts(folder / "shifts.csv", expansion.occurrences)
    return out


def export_problems(out: Path, previous: Path | None) -> list[str]:
    """Why a version may not be exported to `out` (checked before the store is opened). An
    earlier export given as `previous` is read before it is replaced: only another folder is
    an input that `out` must not swallow."""
    inputs = [previous] if previous is not None and previous.resolve() != out.resolve() else []
    return check_out(out, EXPORT_COMMAND, inputs)


# --- steps -------------------------------------------------------------------------------------


class _Stale(Exception):
    """The calendar changed between analysis and write: analyse again."""


def _record_approval(
    store: Store,
    actor: Actor,
    ident: int,
    scenario: Scenario,
    calendar: CalendarVersion,
    decided: CalendarVersion,
    change: ShiftChange,
    impact: ImpactReport,
    breaks: list[str],
    today: dt.date,
) -> ProposalView:
    with store.transaction() as session:
        if repo.current_number(session) != calendar.number:
            raise _Stale
        if not repo.close_proposal(session, ident, "approved"):
            raise Conflict(f"proposal {ident} was decided by someone else meanwhile")
        record = repo.get_proposal(session, ident)
        current = repo.get_version(session, calendar.number)
        assert record is not None and current is not None
        number = decided.number
        version = repo.add_version(
            session,
            number,
            current.scenario,
            decided,
            valid_from=change.effective,
            source=f"proposal {ident}",
            created_by=str(actor),
            proposal_id=ident,
        )
        repair = impact.repair if impact.repair.steps else None
        forced = f"; approved with --force despite: {'; '.join(breaks)}" if breaks else ""
        repo.add_decision(
            session,
            proposal_id=ident,
            outcome="approved",
            reason=f"approved on {today.isoformat()}{forced}",
            version_id=version.id,
            repair=repair.model_dump(mode="json") if repair else None,
            decided_by=str(actor),
        )
        record.impact = impact.model_dump(mode="json")
        steps = impact.repair.steps
        repo.audit(
            session,
            str(actor),
            "approve",
            f"proposal {ident} approved: {change.describe()}"
            + (f", with a repair of {len(steps)} steps" if steps else "")
            + f"; calendar version {number} valid from {change.effective}{forced}",
            proposal_id=ident,
            version_number=number,
            before={
                "version": calendar.number,
                "status": "pending",
                "shifts": [_shift_json(s) for s in change.removed]
                + [s.shift.model_dump(mode="json") for s in steps if s.action == "remove"],
            },
            after={
                "version": number,
                "status": "approved",
                "shifts": [_shift_json(s) for s in change.added]
                + [s.shift.model_dump(mode="json") for s in steps if s.action == "add"],
                "dated": [s.model_dump(mode="json") for s in steps if s.action == "duty"],
            },
        )
        notice = ProposalDecided(ident, change, approved=True, reason="")
        notify.enqueue(session, notify.centre_staff(session, record.centre), notice, scenario)
        session.flush()
        session.refresh(record)
        return _proposal_view(record)


def _decided(calendar: CalendarVersion, change: ShiftChange, repair: Repair) -> CalendarVersion:
    """The calendar version approving makes: the change, then the repair's standing shifts
    from its date and its dated duties beside the calendar's own."""
    standing = apply_changes(calendar.standing, change.removed, change.added, change.effective)
    if repair.steps and repair.valid_from is not None:
        standing = apply_changes(standing, repair.removed, repair.added, repair.valid_from)
    dated = sorted([*calendar.dated, *repair.duties])
    return CalendarVersion(calendar.number + 1, standing, dated, calendar.covered)


def _new_breaks(
    scenario: Scenario, calendar: CalendarVersion, decided: CalendarVersion, effective: dt.date
) -> list[str]:
    """Hard-rule violations the decided calendar has and the current one does not."""
    from rota.app.impact import analysis_period, check_calendar

    period = analysis_period(effective)
    holidays = public_holidays(period, scenario.holidays.extra)
    old = check_calendar(scenario, calendar, calendar.standing, period, holidays).validation
    new = check_calendar(scenario, decided, decided.standing, period, holidays).validation
    known = {(v.rule, v.message) for v in old.violations()}
    return [f"{v.rule}: {v.message}" for v in new.violations() if (v.rule, v.message) not in known]


def _conflicting(session: Any, record: ProposalRecord, base: int, current: int) -> str | None:
    """Why a proposal made against version `base` cannot go onto version `current`: a version
    in between changed the same shift (or ended the one it replaces)."""
    if base == current:
        return None
    change = _stored_change(record)
    mine = {s.pattern_key for s in change.removed + change.added}
    previous = repo.get_version(session, base)
    for number in range(base + 1, current + 1):
        version = repo.get_version(session, number)
        if version is None or previous is None:
            continue
        touched = _touched(repo.version_of(previous), repo.version_of(version))
        if mine & touched:
            return (
                f"proposal {record.id} was made against calendar version {base}; version "
                f"{number} ({version.source}) changed the same shift since: resubmit it"
            )
        previous = version
    latest = repo.get_version(session, current)
    assert latest is not None
    for gone in change.removed:
        if repo.version_of(latest).find(gone, change.effective) is None:
            return (
                f"proposal {record.id}: {gone.describe()} is no longer in the calendar on "
                f"{change.effective} (version {current}); resubmit it"
            )
    return None


def _touched(old: CalendarVersion, new: CalendarVersion) -> set[tuple[str, str, int, int, int]]:
    def rows(c: CalendarVersion) -> set[tuple[Any, ...]]:
        return {(*s.pattern_key, s.responders, s.valid_from, s.valid_until) for s in c.standing}

    return {row[:5] for row in rows(old) ^ rows(new)}


def _analyse(
    scenario: Scenario,
    calendar: CalendarVersion,
    change: ShiftChange,
    repair_from: dt.date | None = None,
) -> ImpactReport:
    # The solver is imported here, at the service boundary, as `rota plan` does: the domain
    # modules stay free of it.
    from rota.app.impact import analyse

    return analyse(scenario, calendar, change, repair_from)


def _change(
    scenario: Scenario,
    calendar: CalendarVersion,
    centre: str,
    kind: str,
    shift: str | StandingShift | None,
    to: str | StandingShift | None,
    effective: dt.date,
) -> ShiftChange:
    if centre not in {c.id for c in scenario.centres}:
        raise ChangeError(f"--centre: '{centre}' is not a centre of {scenario.name}")
    first, second = _given_shift(centre, shift), _given_shift(centre, to)
    before, after = (None, first) if kind == "add" else (first, second)
    if kind == "add" and to:
        raise ChangeError("add: give the new shift with --shift; --to is for move and resize")
    change = ShiftChange(centre, _kind(kind), before, after, effective)
    problems = change.problems()
    services = {s.id for s in scenario.services}
    for s in change.removed + change.added:
        if s.service not in services:
            problems.append(f"'{s.service}' is not a service; use {', '.join(sorted(services))}")
    if problems:
        raise ChangeError("; ".join(problems))
    for gone in change.removed:
        if calendar.find(gone, effective) is None:
            raise ChangeError(
                f"{gone.describe()} is not in calendar version {calendar.number} on "
                f"{effective}; `rota changes export` lists the standing shifts"
            )
    return change


def _given_shift(centre: str, given: str | StandingShift | None) -> StandingShift | None:
    """A shift as the dashboard gives it, or as text from the command line ('fi-phone mon
    16:00-20:00 x1', see `parse_shift`)."""
    if not given:
        return None
    if isinstance(given, StandingShift):
        if given.centre != centre:
            raise ChangeError(f"the shift is {given.centre}'s, not {centre}'s")
        # A change names a weekly pattern; its dates are the change's effective date.
        return replace(given, valid_from=None, valid_until=None)
    try:
        return parse_shift(centre, given)
    except ValueError as error:
        raise ChangeError(str(error)) from None


def _stored_change(record: ProposalRecord) -> ShiftChange:
    before = ShiftModel.model_validate(record.before).shift() if record.before else None
    after = ShiftModel.model_validate(record.after).shift() if record.after else None
    return ShiftChange(record.centre, _kind(record.kind), before, after, record.effective)


def _current(store: Store) -> tuple[CalendarVersion, Scenario]:
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            raise NotFound(
                "no calendar yet; import one with `rota calendar import FILE --scenario SCENARIO`"
            )
        return repo.version_of(current), stored_scenario(
            current.scenario.text, current.scenario.source
        )


def _pending(session: Any, ident: int) -> ProposalRecord:
    record = repo.get_proposal(session, ident)
    if record is None:
        raise NotFound(f"no proposal {ident}")
    if record.status != "pending":
        raise Conflict(f"proposal {ident} is already {record.status}")
    return record


def _visible(session: Any, actor: Actor, ident: int) -> ProposalRecord:
    """The proposal if the actor may see it. Anyone but the coordinator gets the same refusal
    for a proposal that does not exist, so a refusal never tells which ids exist."""
    record = repo.get_proposal(session, ident)
    if actor.role == "centre" and (record is None or record.centre != actor.ident):
        raise PermissionDenied(f"{actor} may only see its own proposals; {ident} is not one")
    if actor.role == "responder" and (record is None or record.status != "approved"):
        raise PermissionDenied(f"{actor} sees approved changes only; {ident} is not one")
    if record is None:
        raise NotFound(f"no proposal {ident}")
    return record


def _unknown_ids(
    scenario: Scenario, standing: list[StandingShift], occurrences: list[Any], folder: Path
) -> list[str]:
    centres = {c.id for c in scenario.centres}
    services = {s.id for s in scenario.services}
    problems = []
    for name, rows in (("standing.csv", standing), ("shifts.csv", occurrences)):
        for label, found, known in (
            ("centre", {r.centre for r in rows}, centres),
            ("service", {r.service for r in rows}, services),
        ):
            unknown = sorted(found - known)
            if unknown:
                problems.append(
                    f"{folder}/{name}: {label}: unknown {label}s {', '.join(unknown)}; the "
                    "plan must come from the same network as the scenario"
                )
    return problems


def _kind(text: str) -> Any:
    if text not in CHANGE_KINDS:
        raise ChangeError(f"'{text}' is not a kind of change; use {', '.join(CHANGE_KINDS)}")
    return text


def _shift_json(shift: StandingShift | None) -> dict[str, Any] | None:
    return ShiftModel.of(shift).model_dump(mode="json") if shift else None


def _proposal_view(record: ProposalRecord, with_impact: bool = True) -> ProposalView:
    decision = record.decision
    return ProposalView(
        id=record.id,
        centre=record.centre,
        kind=record.kind,
        before=ShiftModel.model_validate(record.before) if record.before else None,
        after=ShiftModel.model_validate(record.after) if record.after else None,
        effective=record.effective,
        reason=record.reason,
        status=record.status,
        base_version=record.base_version,
        submitted_by=record.submitted_by,
        submitted_at=record.submitted_at,
        submitted_on=record.submitted_on,
        impact=ImpactReport.model_validate(record.impact)
        if with_impact and record.impact
        else None,
        decision=DecisionView(
            outcome=decision.outcome,
            reason=decision.reason,
            decided_by=decision.decided_by,
            decided_at=decision.decided_at,
            version=decision.version.number if decision.version else None,
            repair=Repair.model_validate(decision.repair) if decision.repair else None,
        )
        if decision
        else None,
    )


def _version_view(v: CalendarVersionRecord) -> VersionView:
    return VersionView(
        number=v.number,
        valid_from=v.valid_from,
        covered_first=v.covered_first,
        covered_end=v.covered_end,
        source=v.source,
        proposal_id=v.proposal_id,
        created_by=v.created_by,
        created_at=v.created_at,
        standing_shifts=len(v.shifts),
        dated_duties=len(v.duties),
    )


def _audit_view(e: AuditEntry) -> AuditView:
    return AuditView(
        id=e.id,
        at=e.at,
        actor=e.actor,
        action=e.action,
        proposal_id=e.proposal_id,
        version_number=e.version_number,
        message=e.message,
        before=e.before,
        after=e.after,
    )
