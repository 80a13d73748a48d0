"""A centre's duty agreement as data (issue 18): its availability windows, weekly-hours
commitment, lines per service, languages, services and debrief hours, as the network in force
has them.

A centre proposes a change to its own agreement from a date (the notice rule applies as for
shifts); before it submits, `preview` says which hard rules the change would make impossible —
hours of a service that no centre could staff any more with its lines (R2/R3), a weekly
commitment its availability cannot hold (R4) — and which of its standing shifts in force it
would break. The coordinator approves (the terms are written into the network file; the calendar
in force carries over as a new version under it) or returns it. Every step is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed, refuse
from rota.app.network import stored_scenario
from rota.domain.clock import MINUTES_PER_DAY, MINUTES_PER_WEEK, format_clock
from rota.domain.errors import ChangeError, Conflict, NotFound, NoticeTooShort
from rota.domain.plan import StandingShift
from rota.domain.proposals import CalendarVersion, earliest_effective
from rota.domain.scenario import Centre, Scenario, Window
from rota.io.scenario_file import with_centre_values
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import AgreementChangeRecord

TERMS = ("availability", "weekly_hours", "lines", "languages", "services", "debrief")


@dataclass(frozen=True)
class Agreement:
    """A centre's agreement: `terms` as the network file writes them."""

    centre: str
    name: str
    terms: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Impossible:
    """Hours a hard rule could no longer be met in, or a commitment that cannot be held."""

    rule: str
    service: str | None
    weekday: int | None
    start: int | None
    end: int | None
    needed: float
    possible: float


@dataclass(frozen=True)
class AgreementImpact:
    centre: str
    effective: dt.date
    earliest: dt.date
    impossible: list[Impossible]
    broken_shifts: list[StandingShift]
    """Standing shifts in force on or after `effective` the new terms would not allow."""

    @property
    def too_soon(self) -> bool:
        return self.effective < self.earliest


@dataclass(frozen=True)
class AgreementChangeView:
    id: int
    centre: str
    effective: dt.date
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str
    status: str
    decision: str | None
    version: int | None


@allowed("coordinator", "centre", doing="read a duty agreement")
def agreement(store: Store, actor: Actor, centre: str) -> Agreement:
    _for_itself(store, actor, centre, "read the agreement")
    version, scenario, _calendar = _state(store)
    found = _centre(scenario, centre)
    return Agreement(centre, found.name, _terms(found), version)


@allowed("coordinator", "centre", doing="preview an agreement change")
def preview(
    store: Store,
    actor: Actor,
    centre: str,
    terms: dict[str, Any],
    effective: dt.date,
    today: dt.date | None = None,
) -> AgreementImpact:
    """What the new `terms` would make impossible, before anything is submitted."""
    _for_itself(store, actor, centre, "change the agreement")
    _version, scenario, calendar = _state(store)
    changed = _changed(scenario, centre, terms)
    today = today or dt.date.today()
    return AgreementImpact(
        centre,
        effective,
        earliest_effective(today, scenario.rules.change_notice_months),
        _impossible(changed, centre, exclude=_impossible(scenario, centre)),
        _broken(changed.centre(centre), changed, calendar, effective),
    )


@allowed("coordinator", "centre", doing="propose an agreement change")
def propose(
    store: Store,
    actor: Actor,
    centre: str,
    terms: dict[str, Any],
    effective: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> int:
    """File the change for the coordinator to decide; returns its number."""
    _for_itself(store, actor, centre, "change the agreement")
    reason = " ".join(reason.split())
    if not reason:
        raise ChangeError("reason: say why the agreement changes")
    _version, scenario, _calendar = _state(store)
    before = _terms(_centre(scenario, centre))
    after = {**before, **terms}
    _changed(scenario, centre, terms)
    if after == before:
        raise ChangeError("the terms are the agreement's as they are; change one of them")
    today = today or dt.date.today()
    earliest = earliest_effective(today, scenario.rules.change_notice_months)
    if effective < earliest:
        refuse(
            store,
            actor,
            f"agreement change of {centre} from {effective.isoformat()}: "
            f"{(effective - today).days} days' notice is too short; changes need "
            f"{scenario.rules.change_notice_months} months (R7): earliest allowed date "
            f"{earliest.isoformat()}",
            NoticeTooShort,
        )
    with store.transaction() as session:
        record = AgreementChangeRecord(
            centre=centre,
            effective=effective,
            before=before,
            after=after,
            reason=reason,
            status="pending",
            submitted_by=str(actor),
            submitted_at=repo.now(),
            submitted_on=today,
        )
        session.add(record)
        session.flush()
        repo.audit(
            session,
            str(actor),
            "agreement",
            f"agreement change {record.id} of {centre} proposed from {effective.isoformat()}: "
            f"{', '.join(k for k in TERMS if after[k] != before[k])}",
            before=before,
            after=after,
        )
        return record.id


@allowed("coordinator", doing="approve an agreement change")
def approve(store: Store, actor: Actor, ident: int, note: str = "") -> int:
    """Write the new terms into the network and carry the calendar in force over as a new
    version under it, valid from the change's date; returns the version's number."""
    with store.transaction() as session:
        record = _pending(session, ident)
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        old = current.scenario
        changed = {k: v for k, v in record.after.items() if record.before.get(k) != v}
        text = with_centre_values(old.text, record.centre, changed)
        scenario = stored_scenario(text, old.source)  # the edited file must still load
        network = repo.save_scenario(session, scenario.name, old.source, text)
        number = current.number + 1
        repo.add_version(
            session,
            number,
            network,
            repo.version_of(current),
            valid_from=record.effective,
            source=f"agreement {ident}",
            created_by=str(actor),
        )
        record.status, record.version = "approved", number
        _decided(record, actor, note)
        repo.audit(
            session,
            str(actor),
            "agreement",
            f"agreement change {ident} of {record.centre} approved; calendar version {number} "
            "has it in its network",
            version_number=number,
            before=record.before,
            after=record.after,
        )
        return number


@allowed("coordinator", doing="return an agreement change")
def return_(store: Store, actor: Actor, ident: int, note: str) -> None:
    note = " ".join(note.split())
    if not note:
        raise ChangeError("reason: tell the centre why the change comes back")
    with store.transaction() as session:
        record = _pending(session, ident)
        record.status = "returned"
        _decided(record, actor, note)
        repo.audit(
            session,
            str(actor),
            "agreement",
            f"agreement change {ident} returned to {record.centre}: {note}",
        )


@allowed("coordinator", "centre", doing="list agreement changes")
def list_changes(
    store: Store, actor: Actor, centre: str | None = None, status: str | None = None
) -> list[AgreementChangeView]:
    """Proposed agreement changes, oldest first; a centre sees only its own."""
    if actor.role == "centre":
        if centre is not None and centre != actor.ident:
            refuse(store, actor, f"{actor} may only see its own agreement, not {centre}'s")
        centre = actor.ident
    query = select(AgreementChangeRecord)
    if centre is not None:
        query = query.where(AgreementChangeRecord.centre == centre)
    if status is not None:
        query = query.where(AgreementChangeRecord.status == status)
    with store.transaction() as session:
        return [
            AgreementChangeView(
                r.id,
                r.centre,
                r.effective,
                r.before,
                r.after,
                r.reason,
                r.status,
                r.decision,
                r.version,
            )
            for r in session.scalars(query.order_by(AgreementChangeRecord.id))
        ]


# --- the work ---------------------------------------------------------------------------------


def _terms(centre: Centre) -> dict[str, Any]:
    """The agreement's terms as the network file writes them."""
    return {
        "availability": [_window(w) for w in centre.availability],
        "weekly_hours": {"min": centre.weekly_hours.min, "max": centre.weekly_hours.max},
        "lines": dict(centre.lines),
        "languages": list(centre.languages),
        "services": list(centre.services),
        "debrief": [_window(w) for w in centre.debrief],
    }


def _window(window: Window) -> dict[str, Any]:
    end = "24:00" if window.end == MINUTES_PER_DAY else format_clock(window.end)
    return {"days": list(window.days), "start": format_clock(window.start), "end": end}


def _changed(scenario: Scenario, centre: str, terms: dict[str, Any]) -> Scenario:
    """The network with the centre's new terms, checked as the file loader would."""
    found = _centre(scenario, centre)
    unknown = sorted(set(terms) - set(TERMS))
    if unknown:
        raise ChangeError(
            f"{', '.join(unknown)}: not a term of the agreement; use {', '.join(TERMS)}"
        )
    try:
        probe = Centre.model_validate(
            {"id": found.id, "name": found.name, **{**_terms(found), **terms}}
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ChangeError(f"{where}: {first['msg']}") from None
    services = set(scenario.services_by_id)
    for service in [*probe.services, *probe.lines]:
        if service not in services:
            raise ChangeError(
                f"'{service}' is not a service of the network; use {', '.join(sorted(services))}"
            )
    for service in probe.lines:
        if service not in probe.services:
            raise ChangeError(
                f"lines for {service}, which the centre would not offer; "
                "add the service or drop its lines"
            )
    updated = found.model_copy(update={k: getattr(probe, k) for k in TERMS})
    copy = scenario.model_copy(
        update={"centres": [updated if c.id == centre else c for c in scenario.centres]}
    )
    copy.__dict__.pop("centres_by_id", None)  # model_copy copied the old lookup
    return copy


def _impossible(
    scenario: Scenario, centre: str, exclude: list[Impossible] | None = None
) -> list[Impossible]:
    """Hours no staffing could cover (R2 for the Finnish line, R3 for the others): fewer lines
    in all the centres that may staff a service and are available then than it needs; and the
    centre's weekly minimum beyond what its availability and lines allow (R4)."""
    g = scenario.slot_minutes
    out: list[Impossible] = []
    for service in scenario.services:
        staff = [c for c in scenario.centres if scenario.can_staff(c, service)]
        open_minutes = _minutes(service.hours)
        available = {c.id: _minutes(c.availability) for c in staff}
        rule = "R2" if service.id == scenario.rules.finnish_line else "R3"
        run: Impossible | None = None
        for slot in range(0, MINUTES_PER_WEEK, g):
            possible = 0
            if slot in open_minutes:
                possible = sum(c.lines.get(service.id, 0) for c in staff if slot in available[c.id])
            short = slot in open_minutes and possible < service.min_responders
            day, minute = divmod(slot, MINUTES_PER_DAY)
            if (
                short
                and run
                and run.weekday == day
                and run.end == minute
                and run.possible == possible
            ):
                run = Impossible(
                    rule, service.id, day, run.start, minute + g, service.min_responders, possible
                )
                out[-1] = run
            elif short:
                run = Impossible(
                    rule, service.id, day, minute, minute + g, service.min_responders, possible
                )
                out.append(run)
            else:
                run = None
    found = scenario.centre(centre)
    capacity = (
        len(_minutes(found.availability))
        / 60
        * sum(n for s, n in found.lines.items() if scenario.can_staff(found, scenario.service(s)))
    )
    if found.weekly_hours.min > capacity:
        out.append(Impossible("R4", None, None, None, None, found.weekly_hours.min, capacity))
    return [i for i in out if i not in (exclude or [])]


def _minutes(windows: list[Window]) -> set[int]:
    """The week's minutes the windows cover (slot starts are looked up in it)."""
    covered: set[int] = set()
    for window in windows:
        for start, end in window.week_intervals():
            covered.update(range(start, end))
    return covered


def _broken(
    centre: Centre, scenario: Scenario, calendar: CalendarVersion, effective: dt.date
) -> list[StandingShift]:
    """The centre's standing shifts in force on or after `effective` that the new terms would
    not allow: a service it would not staff, more responders than lines, outside availability."""
    available = _minutes(centre.availability)
    out = []
    for shift in calendar.standing:
        if shift.centre != centre.id or (shift.valid_until and shift.valid_until < effective):
            continue
        service = scenario.service(shift.service)
        begin = shift.weekday * MINUTES_PER_DAY + shift.start
        inside = all((begin + m) % MINUTES_PER_WEEK in available for m in range(shift.minutes))
        if (
            not scenario.can_staff(centre, service)
            or shift.responders > centre.lines.get(service.id, 0)
            or not inside
        ):
            out.append(shift)
    return out


def _state(store: Store) -> tuple[int, Scenario, CalendarVersion]:
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        scenario = stored_scenario(current.scenario.text, current.scenario.source)
        return current.number, scenario, repo.version_of(current)


def _centre(scenario: Scenario, centre: str) -> Centre:
    if centre not in scenario.centres_by_id:
        raise NotFound(f"'{centre}' is not a centre of {scenario.name}")
    return scenario.centre(centre)


def _for_itself(store: Store, actor: Actor, centre: str, doing: str) -> None:
    if actor.role == "centre" and actor.ident != centre:
        refuse(store, actor, f"{actor} may only {doing} of {actor.ident}, not of {centre}")


def _pending(session: Session, ident: int) -> AgreementChangeRecord:
    record = session.get(AgreementChangeRecord, ident)
    if record is None:
        raise NotFound(f"no agreement change {ident}")
    if record.status != "pending":
        raise Conflict(f"agreement change {ident} is already {record.status}")
    return record


def _decided(record: AgreementChangeRecord, actor: Actor, note: str) -> None:
    record.decided_by, record.decided_at = str(actor), repo.now()
    record.decision = " ".join(note.split()) or None
