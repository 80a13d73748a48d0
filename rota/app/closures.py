"""Centres' planned closures, staggered live (issue 18).

A centre files a closure (its summer vacation, say) for itself; before it does, `preview` shows
what the closure does together with every closure already known for those dates — the ones the
network file names and every pending or approved one in the store: per service, the hours left
without enough responders and the hours held only by dated substitutes, which other centres are
closed then, and the nearest dates of the same length that leave no gap. Gaps are judged by the
validator's own coverage check (`rota.checks.plan.uncovered`), on the calendar in force.

The coordinator sees a season's closures per service (`season`), approves or returns them. An
approved closure is written into the network file, and the calendar in force is carried over
unchanged as a new version under that network: the next plan is made under it, so the
validator's R6 counts the closure. The notice rule applies as for shift changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed, refuse
from rota.app.network import stored_scenario
from rota.checks.plan import Violation, uncovered
from rota.domain.calendar import HELSINKI, Period, instant, public_holidays
from rota.domain.errors import ChangeError, Conflict, NotFound, NoticeTooShort
from rota.domain.plan import Plan, expand
from rota.domain.proposals import CalendarVersion, earliest_effective
from rota.domain.scenario import Closure, Scenario
from rota.io.scenario_file import with_closure
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import ClosureRecord

MAX_DAYS = 92  # a quarter: a longer absence is a change of the duty agreement, not a closure
SEARCH_DAYS = 90  # how far either way the nearest collision-free dates are looked for
KNOWN = ("pending", "approved")
Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class KnownClosure:
    """A closure already known: in the network file ('network') or filed in the store."""

    centre: str
    name: str
    first: dt.date
    last: dt.date
    reason: str
    status: str
    ident: int | None = None


@dataclass(frozen=True)
class ServiceGap:
    """What the closures together do to one service over the dates asked about."""

    service: str
    name: str
    uncovered: list[tuple[dt.datetime, dt.datetime]]
    """Helsinki-time spans with fewer responders than the service needs."""
    substitute_hours: float
    """Hours the service stays covered only thanks to dated substitutes."""
    also_closed: list[str]
    """Names of the other closed centres whose cancelled shifts lie in the gaps."""

    @property
    def uncovered_hours(self) -> float:
        return _hours(self.uncovered)


@dataclass(frozen=True)
class Preview:
    centre: str
    centre_name: str
    first: dt.date
    last: dt.date
    version: int
    earliest: dt.date
    """The first date a closure filed today may begin on (the notice rule)."""
    services: list[ServiceGap]
    others: list[KnownClosure]
    """Other centres' closures overlapping the dates."""
    alternatives: list[tuple[dt.date, dt.date]]
    """The nearest earlier and later dates of the same length that leave no gap."""

    @property
    def gap_free(self) -> bool:
        return not any(s.uncovered for s in self.services)

    @property
    def too_soon(self) -> bool:
        return self.first < self.earliest


@dataclass(frozen=True)
class ClosureView:
    id: int
    centre: str
    name: str
    first: dt.date
    last: dt.date
    reason: str
    status: str
    submitted_by: str
    submitted_at: dt.datetime
    decided_by: str | None
    decision: str | None
    version: int | None


@dataclass(frozen=True)
class Season:
    """Every known closure overlapping `period`, each service's centres, and the gaps all the
    closures leave together."""

    period: Period
    closures: list[KnownClosure]
    staffing: dict[str, list[str]]
    """Service id → ids of the centres that may staff it."""
    services: dict[str, str]
    gaps: list[ServiceGap]


@allowed("coordinator", "centre", doing="preview a closure")
def preview(
    store: Store,
    actor: Actor,
    centre: str,
    first: dt.date,
    last: dt.date,
    today: dt.date | None = None,
) -> Preview:
    """What closing `centre` on `first`…`last` (inclusive) does with every other known
    closure (the centre's own other closures included), before anything is filed."""
    _for_itself(store, actor, centre, "preview closures")
    calendar, scenario, known = _state(store)
    _check_dates(scenario, centre, first, last)
    today = today or dt.date.today()
    earliest = earliest_effective(today, scenario.rules.change_notice_months)
    # Gaps the other closures leave anyway are not this closure's doing: what it adds is shown,
    # and the alternatives are dates where it adds none. The gaps without it are found once,
    # over every date an alternative may take.
    others = [k for k in known if not (k.centre == centre and _overlap(k, first, last))]
    reach = dt.timedelta(days=SEARCH_DAYS)
    window = Period(min(first, max(earliest, first - reach)), last + reach + dt.timedelta(days=1))
    anyway = {g.service: g.uncovered for g in _gaps(scenario, calendar, others, window, None)}
    asked = _asked(scenario, centre, first, last)
    period = Period(first, last + dt.timedelta(days=1))
    services = _gaps(scenario, calendar, [*others, asked], period, centre, anyway)
    alternatives = []
    if any(s.uncovered for s in services):
        alternatives = _alternatives(scenario, calendar, others, anyway, asked, earliest)
    return Preview(
        centre=centre,
        centre_name=scenario.centre(centre).name,
        first=first,
        last=last,
        version=calendar.number,
        earliest=earliest,
        services=[s for s in services if s.uncovered or s.substitute_hours],
        others=[k for k in known if k.centre != centre and _overlap(k, first, last)],
        alternatives=alternatives,
    )


@allowed("coordinator", "centre", doing="file a closure")
def file(
    store: Store,
    actor: Actor,
    centre: str,
    first: dt.date,
    last: dt.date,
    reason: str,
    today: dt.date | None = None,
) -> int:
    """File a planned closure for the coordinator to decide; returns its number."""
    _for_itself(store, actor, centre, "file closures")
    reason = " ".join(reason.split())
    if not reason:
        raise ChangeError("reason: say why the centre closes, e.g. 'Summer vacation'")
    _calendar, scenario, known = _state(store)
    _check_dates(scenario, centre, first, last)
    today = today or dt.date.today()
    earliest = earliest_effective(today, scenario.rules.change_notice_months)
    if first < earliest:
        refuse(
            store,
            actor,
            f"closure of {centre} from {first.isoformat()}: {(first - today).days} days' notice "
            f"is too short; closures need {scenario.rules.change_notice_months} months (R7): "
            f"earliest allowed date {earliest.isoformat()}",
            NoticeTooShort,
        )
    clash = next((k for k in known if k.centre == centre and _overlap(k, first, last)), None)
    if clash is not None:
        raise Conflict(
            f"{centre} is already closed {_span(clash.first, clash.last)} ({clash.status}); "
            "choose dates outside it"
        )
    with store.transaction() as session:
        record = ClosureRecord(
            centre=centre,
            first=first,
            last=last,
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
            "closure",
            f"closure {record.id} filed: {centre} closed {_span(first, last)} ({reason})",
            after=_json(record),
        )
        return record.id


@allowed("coordinator", doing="approve a closure")
def approve(store: Store, actor: Actor, ident: int, reason: str = "") -> int:
    """Approve closure `ident`: the network in force gets it written in, and the calendar in
    force is carried over as a new version under that network; returns the version's number."""
    with store.transaction() as session:
        record = _pending(session, ident)
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        old = current.scenario
        text = with_closure(old.text, record.centre, record.first, record.last, record.reason)
        scenario = stored_scenario(text, old.source)  # the edited file must still load
        network = repo.save_scenario(session, scenario.name, old.source, text)
        number = current.number + 1
        repo.add_version(
            session,
            number,
            network,
            repo.version_of(current),
            valid_from=record.first,
            source=f"closure {ident}",
            created_by=str(actor),
        )
        before = _json(record)
        record.status, record.version = "approved", number
        _decided(record, actor, reason)
        repo.audit(
            session,
            str(actor),
            "closure",
            f"closure {ident} approved: {record.centre} closed {_span(record.first, record.last)}"
            f"; calendar version {number} has it in its network",
            version_number=number,
            before=before,
            after=_json(record),
        )
        return number


@allowed("coordinator", doing="return a closure")
def return_(store: Store, actor: Actor, ident: int, reason: str) -> None:
    """Send closure `ident` back to its centre, saying why (e.g. other dates to choose)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ChangeError("reason: tell the centre why the closure comes back")
    with store.transaction() as session:
        record = _pending(session, ident)
        before = _json(record)
        record.status = "returned"
        _decided(record, actor, reason)
        repo.audit(
            session,
            str(actor),
            "closure",
            f"closure {ident} returned to {record.centre}: {reason}",
            before=before,
            after=_json(record),
        )


@allowed("coordinator", "centre", doing="list closures")
def list_closures(
    store: Store, actor: Actor, centre: str | None = None, status: str | None = None
) -> list[ClosureView]:
    """Filed closures, oldest first; a centre sees only its own."""
    if actor.role == "centre":
        if centre is not None and centre != actor.ident:
            refuse(store, actor, f"{actor} may only see its own closures, not {centre}'s")
        centre = actor.ident
    names = _names(store)
    with store.transaction() as session:
        records = _records(session, centre, status)
        return [
            ClosureView(
                id=r.id,
                centre=r.centre,
                name=names.get(r.centre, r.centre),
                first=r.first,
                last=r.last,
                reason=r.reason,
                status=r.status,
                submitted_by=r.submitted_by,
                submitted_at=r.submitted_at,
                decided_by=r.decided_by,
                decision=r.decision,
                version=r.version,
            )
            for r in records
        ]


@allowed("coordinator", doing="see the season's closures")
def season(store: Store, actor: Actor, first: dt.date, last: dt.date) -> Season:
    """Every known closure overlapping `first`…`last`, and the gaps they leave together."""
    if last < first:
        raise ChangeError(f"the season ends {last.isoformat()}, before it begins; swap them")
    if (last - first).days >= 2 * MAX_DAYS:
        raise ChangeError("a season is at most half a year; choose shorter dates")
    calendar, scenario, known = _state(store)
    period = Period(first, last + dt.timedelta(days=1))
    return Season(
        period=period,
        closures=[k for k in known if _overlap(k, first, last)],
        staffing={
            s.id: [c.id for c in scenario.centres if scenario.can_staff(c, s)]
            for s in scenario.services
        },
        services={s.id: s.name for s in scenario.services},
        gaps=[g for g in _gaps(scenario, calendar, known, period, None) if g.uncovered],
    )


# --- the work ---------------------------------------------------------------------------------


def _state(store: Store) -> tuple[CalendarVersion, Scenario, list[KnownClosure]]:
    """The calendar in force, its network, and every closure known: the network's own and the
    pending or approved ones filed (an approved one is in both; it is listed once)."""
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        calendar = repo.version_of(current)
        scenario = stored_scenario(current.scenario.text, current.scenario.source)
        filed = [r for r in _records(session, None, None) if r.status in KNOWN]
    known = {
        (c.id, k.start, k.end): KnownClosure(
            c.id, c.name, k.start, k.end, k.reason or "", "network"
        )
        for c in scenario.centres
        for k in c.closures
    }
    for r in filed:
        name = scenario.centre(r.centre).name if r.centre in scenario.centres_by_id else r.centre
        known[(r.centre, r.first, r.last)] = KnownClosure(
            r.centre, name, r.first, r.last, r.reason, r.status, r.id
        )
    return calendar, scenario, sorted(known.values(), key=lambda k: (k.first, k.name))


def _asked(scenario: Scenario, centre: str, first: dt.date, last: dt.date) -> KnownClosure:
    return KnownClosure(centre, scenario.centre(centre).name, first, last, "", "asked")


def _gaps(
    scenario: Scenario,
    calendar: CalendarVersion,
    closures: Iterable[KnownClosure],
    period: Period,
    centre: str | None,
    anyway: dict[str, list[Span]] | None = None,
) -> list[ServiceGap]:
    """Per service, what the closures together leave open over `period`, judged by the
    validator; with `anyway`, only the spans not open anyway."""
    closed = _overlaid(scenario, closures)
    holidays = public_holidays(period, scenario.holidays.extra)
    expansion = expand(Plan(period, calendar.standing, calendar.dated), closed, holidays)
    # A dated duty of a closed centre will not happen either (R6 would refuse it).
    occurrences = [
        o
        for o in expansion.occurrences
        if o.kind == "standing"
        or not any(closed.centre(o.centre).is_closed(d) for d in o.local_dates())
    ]
    with_subs = uncovered(closed, period, holidays, occurrences)
    without = uncovered(
        closed, period, holidays, [o for o in occurrences if o.kind != "substitute"]
    )
    out = []
    for service in scenario.services:
        spans = _spans(with_subs, service.id)
        bare = _spans(without, service.id)
        if anyway is not None:
            spans = _without(spans, anyway.get(service.id, []))
            bare = _without(bare, anyway.get(service.id, []))
        hours = _hours(spans)
        because = {
            closed.centre(c.shift.centre).name
            for c in expansion.cancellations
            if c.shift.service == service.id
            and c.shift.centre != centre
            and closed.centre(c.shift.centre).is_closed(c.start.date())
            and any(_meets(c.start, c.shift.minutes, a, b) for a, b in spans)
        }
        out.append(
            ServiceGap(
                service.id,
                service.name,
                [(_helsinki(a), _helsinki(b)) for a, b in spans],
                max(0.0, _hours(bare) - hours),
                sorted(because),
            )
        )
    return out


def _alternatives(
    scenario: Scenario,
    calendar: CalendarVersion,
    others: list[KnownClosure],
    anyway: dict[str, list[Span]],
    asked: KnownClosure,
    earliest: dt.date,
) -> list[tuple[dt.date, dt.date]]:
    """The nearest earlier and the nearest later dates of the same length, within the notice
    rule, where the validator finds the closure adds no gap to the other known closures'."""
    length = asked.last - asked.first
    found: dict[int, tuple[dt.date, dt.date]] = {}
    for offset in range(1, SEARCH_DAYS + 1):
        for way in (-1, 1):
            start = asked.first + dt.timedelta(days=way * offset)
            if way in found or start < earliest:
                continue
            moved = replace(asked, first=start, last=start + length)
            period = Period(start, moved.last + dt.timedelta(days=1))
            gaps = _gaps(scenario, calendar, [*others, moved], period, asked.centre, anyway)
            if not any(g.uncovered for g in gaps):
                found[way] = (moved.first, moved.last)
        if len(found) == 2:
            break
    return [found[w] for w in (-1, 1) if w in found]


def _without(spans: list[Span], parts: list[Span]) -> list[Span]:
    """The parts of `spans` outside every span of `parts`."""
    out = []
    for start, end in spans:
        cursor = start
        for a, b in sorted(parts):
            if b <= cursor or a >= end:
                continue
            if a > cursor:
                out.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < end:
            out.append((cursor, end))
    return out


def _spans(violations: list[Violation], service: str) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (v.start, v.end)
        for v in violations
        if v.service == service and v.start is not None and v.end is not None
    ]


def _hours(spans: list[tuple[dt.datetime, dt.datetime]]) -> float:
    return sum((b - a).total_seconds() for a, b in spans) / 3600


def _overlaid(scenario: Scenario, closures: Iterable[KnownClosure]) -> Scenario:
    extra: dict[str, list[Closure]] = {}
    for k in closures:
        if k.status != "network":
            extra.setdefault(k.centre, []).append(Closure(start=k.first, end=k.last))
    return scenario.with_closures(extra)


def _meets(start: dt.datetime, minutes: int, a: dt.datetime, b: dt.datetime) -> bool:
    begin = instant(start)
    return begin < b and begin + dt.timedelta(minutes=minutes) > a


def _helsinki(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(HELSINKI)


def _overlap(k: KnownClosure, first: dt.date, last: dt.date) -> bool:
    return k.first <= last and k.last >= first


def _span(first: dt.date, last: dt.date) -> str:
    return f"{first.isoformat()}…{last.isoformat()}"


def _for_itself(store: Store, actor: Actor, centre: str, doing: str) -> None:
    if actor.role == "centre" and actor.ident != centre:
        refuse(store, actor, f"{actor} may only {doing} for {actor.ident}, not {centre}")


def _check_dates(scenario: Scenario, centre: str, first: dt.date, last: dt.date) -> None:
    if centre not in scenario.centres_by_id:
        raise NotFound(f"'{centre}' is not a centre of {scenario.name}")
    if last < first:
        raise ChangeError(
            f"the closure ends {last.isoformat()}, before it begins {first.isoformat()}; "
            "swap the dates"
        )
    if (last - first).days >= MAX_DAYS:
        raise ChangeError(
            f"a closure lasts at most {MAX_DAYS} days; a longer absence is a change of the "
            "duty agreement"
        )


def _pending(session: Session, ident: int) -> ClosureRecord:
    record = session.get(ClosureRecord, ident)
    if record is None:
        raise NotFound(f"no closure {ident}")
    if record.status != "pending":
        raise Conflict(f"closure {ident} is already {record.status}")
    return record


def _decided(record: ClosureRecord, actor: Actor, reason: str) -> None:
    record.decided_by, record.decided_at = str(actor), repo.now()
    record.decision = " ".join(reason.split()) or None


def _records(session: Session, centre: str | None, status: str | None) -> list[ClosureRecord]:
    query = select(ClosureRecord)
    if centre is not None:
        query = query.where(ClosureRecord.centre == centre)
    if status is not None:
        query = query.where(ClosureRecord.status == status)
    return list(session.scalars(query.order_by(ClosureRecord.first, ClosureRecord.id)))


def _names(store: Store) -> dict[str, str]:
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            return {}
        scenario = stored_scenario(current.scenario.text, current.scenario.source)
    return {c.id: c.name for c in scenario.centres}


def _json(record: ClosureRecord) -> dict[str, object]:
    return {
        "closure": record.id,
        "centre": record.centre,
        "first": record.first.isoformat(),
        "last": record.last.isoformat(),
        "reason": record.reason,
        "status": record.status,
        "version": record.version,
    }
