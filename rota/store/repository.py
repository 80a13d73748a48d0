"""Reading and writing the store's rows, and turning them into domain objects and back.

Every function takes the session of the caller's transaction; none commits. The service layer
(`rota.app.changes`) decides what belongs in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from rota.domain.calendar import Period, as_helsinki
from rota.domain.plan import KINDS, DatedDuty, Kind, StandingShift
from rota.domain.proposals import CalendarVersion
from rota.store.models import (
    AuditEntry,
    CalendarVersionRecord,
    DashboardSession,
    DatedDutyRecord,
    DecisionRecord,
    PlanRecord,
    ProposalRecord,
    ScenarioRecord,
    StandingShiftRecord,
)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def save_scenario(session: Session, name: str, source: str, text: str) -> ScenarioRecord:
    """The stored scenario with this exact text, added if new."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = session.scalar(select(ScenarioRecord).where(ScenarioRecord.digest == digest))
    if found is not None:
        return found
    record = ScenarioRecord(name=name, source=source, digest=digest, text=text, created_at=now())
    session.add(record)
    session.flush()
    return record


def current_version(session: Session) -> CalendarVersionRecord | None:
    """The newest calendar version, with its shifts and duties loaded."""
    return session.scalar(
        select(CalendarVersionRecord)
        .options(
            selectinload(CalendarVersionRecord.shifts), selectinload(CalendarVersionRecord.duties)
        )
        .order_by(CalendarVersionRecord.number.desc())
        .limit(1)
    )


def current_number(session: Session) -> int | None:
    return session.scalar(select(func.max(CalendarVersionRecord.number)))


def get_version(session: Session, number: int) -> CalendarVersionRecord | None:
    return session.scalar(
        select(CalendarVersionRecord)
        .options(
            selectinload(CalendarVersionRecord.shifts), selectinload(CalendarVersionRecord.duties)
        )
        .where(CalendarVersionRecord.number == number)
    )


def list_versions(session: Session) -> list[CalendarVersionRecord]:
    return list(
        session.scalars(select(CalendarVersionRecord).order_by(CalendarVersionRecord.number))
    )


def add_version(
    session: Session,
    number: int,
    scenario: ScenarioRecord,
    calendar: CalendarVersion,
    valid_from: dt.date | None,
    source: str,
    created_by: str,
    proposal_id: int | None = None,
    plan_id: int | None = None,
) -> CalendarVersionRecord:
    """A new calendar version. `number` is unique: inserting a number another writer took first
    fails the whole transaction, so two decisions never both become the same version."""
    record = CalendarVersionRecord(
        number=number,
        scenario_id=scenario.id,
        valid_from=valid_from,
        covered_first=calendar.covered.first,
        covered_end=calendar.covered.end,
        source=source,
        proposal_id=proposal_id,
        plan_id=plan_id,
        created_by=created_by,
        created_at=now(),
    )
    record.shifts = [
        StandingShiftRecord(
            centre=s.centre,
            service=s.service,
            weekday=s.weekday,
            start=s.start,
            minutes=s.minutes,
            responders=s.responders,
            valid_from=s.valid_from,
            valid_until=s.valid_until,
        )
        for s in calendar.standing
    ]
    record.duties = [
        DatedDutyRecord(
            centre=d.centre,
            service=d.service,
            start=d.start.isoformat(),
            end=d.end.isoformat(),
            responders=d.responders,
            kind=d.kind,
        )
        for d in calendar.dated
    ]
    session.add(record)
    session.flush()
    return record


def version_of(record: CalendarVersionRecord) -> CalendarVersion:
    standing = sorted(
        StandingShift(
            centre=r.centre,
            service=r.service,
            weekday=r.weekday,
            start=r.start,
            minutes=r.minutes,
            responders=r.responders,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
        )
        for r in record.shifts
    )
    dated = sorted(
        DatedDuty(
            start=as_helsinki(dt.datetime.fromisoformat(r.start)),
            end=as_helsinki(dt.datetime.fromisoformat(r.end)),
            centre=r.centre,
            service=r.service,
            responders=r.responders,
            kind=_kind(r.kind),
        )
        for r in record.duties
    )
    covered = Period(record.covered_first, record.covered_end)
    return CalendarVersion(record.number, standing, dated, covered)


def add_plan(
    session: Session,
    quarter: str,
    planned_on: dt.date,
    base_version: int | None,
    scenario: ScenarioRecord,
    calendar: CalendarVersion,
    summary: dict[str, Any],
    created_by: str,
) -> PlanRecord:
    record = PlanRecord(
        quarter=quarter,
        planned_on=planned_on,
        base_version=base_version,
        scenario_id=scenario.id,
        calendar=_calendar_json(calendar),
        summary=summary,
        created_by=created_by,
        created_at=now(),
    )
    session.add(record)
    session.flush()
    return record


def get_plan(session: Session, ident: int) -> PlanRecord | None:
    return session.scalar(
        select(PlanRecord).options(selectinload(PlanRecord.scenario)).where(PlanRecord.id == ident)
    )


def plan_calendar(record: PlanRecord, number: int) -> CalendarVersion:
    """The calendar version a stored plan would become, numbered `number`."""
    data = record.calendar
    standing = sorted(
        StandingShift(
            centre=s["centre"],
            service=s["service"],
            weekday=s["weekday"],
            start=s["start"],
            minutes=s["minutes"],
            responders=s["responders"],
            valid_from=_date(s["valid_from"]),
            valid_until=_date(s["valid_until"]),
        )
        for s in data["standing"]
    )
    dated = sorted(
        DatedDuty(
            start=as_helsinki(dt.datetime.fromisoformat(d["start"])),
            end=as_helsinki(dt.datetime.fromisoformat(d["end"])),
            centre=d["centre"],
            service=d["service"],
            responders=d["responders"],
            kind=_kind(d["kind"]),
        )
        for d in data["dated"]
    )
    covered = Period(dt.date.fromisoformat(data["first"]), dt.date.fromisoformat(data["end"]))
    return CalendarVersion(number, standing, dated, covered)


def _calendar_json(calendar: CalendarVersion) -> dict[str, Any]:
    return {
        "first": calendar.covered.first.isoformat(),
        "end": calendar.covered.end.isoformat(),
        "standing": [
            {
                "centre": s.centre,
                "service": s.service,
                "weekday": s.weekday,
                "start": s.start,
                "minutes": s.minutes,
                "responders": s.responders,
                "valid_from": s.valid_from.isoformat() if s.valid_from else None,
                "valid_until": s.valid_until.isoformat() if s.valid_until else None,
            }
            for s in calendar.standing
        ],
        "dated": [
            {
                "centre": d.centre,
                "service": d.service,
                "start": d.start.isoformat(),
                "end": d.end.isoformat(),
                "responders": d.responders,
                "kind": d.kind,
            }
            for d in calendar.dated
        ],
    }


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def add_proposal(session: Session, **values: Any) -> ProposalRecord:
    record = ProposalRecord(status="pending", submitted_at=now(), **values)
    session.add(record)
    session.flush()
    return record


def get_proposal(session: Session, ident: int) -> ProposalRecord | None:
    return session.scalar(
        select(ProposalRecord)
        .options(selectinload(ProposalRecord.decision))
        .where(ProposalRecord.id == ident)
    )


def list_proposals(
    session: Session, centre: str | None = None, statuses: tuple[str, ...] = ()
) -> list[ProposalRecord]:
    query = select(ProposalRecord).options(selectinload(ProposalRecord.decision))
    if centre is not None:
        query = query.where(ProposalRecord.centre == centre)
    if statuses:
        query = query.where(ProposalRecord.status.in_(statuses))
    return list(session.scalars(query.order_by(ProposalRecord.id)))


def close_proposal(session: Session, ident: int, status: str) -> bool:
    """Compare-and-set pending → status; False when someone decided it first."""
    result = session.execute(
        update(ProposalRecord)
        .where(ProposalRecord.id == ident, ProposalRecord.status == "pending")
        .values(status=status)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def add_decision(session: Session, **values: Any) -> DecisionRecord:
    record = DecisionRecord(decided_at=now(), **values)
    session.add(record)
    session.flush()
    return record


def audit(
    session: Session,
    actor: str,
    action: str,
    message: str,
    proposal_id: int | None = None,
    version_number: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=now(),
        actor=actor,
        action=action,
        message=message,
        proposal_id=proposal_id,
        version_number=version_number,
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry


def audit_entries(session: Session, proposal_ids: list[int] | None = None) -> list[AuditEntry]:
    query = select(AuditEntry)
    if proposal_ids is not None:
        query = query.where(AuditEntry.proposal_id.in_(proposal_ids))
    return list(session.scalars(query.order_by(AuditEntry.id)))


def kind_of(text: str) -> Kind:
    """A stored occurrence or duty kind, checked."""
    return _kind(text)


def _kind(text: str) -> Kind:
    for kind in KINDS:
        if kind == text:
            return kind
    raise ValueError(f"dated duty kind '{text}' is not one of {', '.join(KINDS)}")


def end_sessions(session: Session, account_id: int) -> None:
    """End every open dashboard session of an account: a changed password, a disabled or removed
    account signs its holders out at their next click or reload."""
    session.execute(
        update(DashboardSession)
        .where(DashboardSession.account_id == account_id, DashboardSession.ended_at.is_(None))
        .values(ended_at=now())
    )
