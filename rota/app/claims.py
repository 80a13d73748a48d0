"""Responders help themselves (issue 19): their own shifts, and the open seats and extra shifts
they may claim; the centre confirms a claim, or its setting confirms one at once.

Whether a responder may take a shift is decided by the independent judge of assignments
(`rota.checks.assignment`): the responder's seats with the claimed one added are checked, and a
claim is refused when that finds a problem the seats without it do not have. So a claim keeps
exactly the rules the staffing keeps — centre, languages, services, availability, absences,
week and quarter hours, no overlap (with the staffing's rest), R8 — and an extra shift also the
centre's lines, closures and availability. Every rule is checked again inside the claim's
transaction; the store serialises writers, and a seat row is unique, so of two claims of one
seat at the same moment exactly one wins and the other is told the seat is taken.

A claim that needs the centre's word, and every confirmation, is a `Notice`: the event and who
must hear of it, for the notifications to send.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rota.analysis.extra_shifts import extra_slots, for_volunteers, ranked
from rota.app.actors import Actor, allowed, refuse
from rota.app.notifications import tell_responders
from rota.app.stored_staffing import (
    WORKED,
    StaffedQuarter,
    occurrence_of,
    seat_rows,
    staffed_quarter,
)
from rota.checks.assignment import Row, validate_assignment
from rota.checks.plan import open_intervals
from rota.domain.calendar import HELSINKI, Period, instant, iso_week
from rota.domain.errors import ChangeError, Conflict, NotFound
from rota.domain.plan import Occurrence
from rota.domain.responders import Responder, Roster
from rota.io.roster_file import load_roster
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import CentreSetting, SeatAssignmentRecord, StaffingRecord
from solver.staffing.instance import DEFAULT_MIN_REST_HOURS

OfferKind = Literal["seat", "extra"]

# The validator's checks, and the words a responder reads when one refuses a claim.
RULE_WORDS = {
    "seats": "no such seat in the plan",
    "roster": "the shift is not at your centre",
    "skills": "you are not trained for the service or do not answer in its language",
    "availability": "it is outside your availability",
    "absences": "you are away then",
    "hours": "it would take you over your weekly or quarterly hours",
    "overlap": "it overlaps or follows too closely another of your shifts",
    "R8": "no debriefing is available when it ends",
    "lines": "your centre has no free line then",
    "centre": "your centre is closed or not on duty then",
}


@dataclass(frozen=True)
class Offer:
    """A shift a responder may claim: a seat of the plan nobody holds, or an extra shift."""

    kind: OfferKind
    centre: str
    service: str
    start: dt.datetime  # local, Europe/Helsinki
    end: dt.datetime
    occurrence_kind: str  # the plan's kind for a seat; "extra" for an extra shift
    seat: int | None  # the open seat's number; None for an extra shift
    gain: float | None  # expected extra answered contacts, for an extra shift
    weekend_or_holiday: bool

    @property
    def hours(self) -> float:
        return (instant(self.end) - instant(self.start)).total_seconds() / 3600


@dataclass(frozen=True)
class Offers:
    open_seats: list[Offer]
    extra_shifts: list[Offer]  # most answered contacts first; weekends first for volunteers


@dataclass(frozen=True)
class Notice:
    """Something people must be told: `event` and the actors (`responder:<id>`,
    `centre:<id>`) to tell; `assignment_id` names the seat row it is about."""

    event: Literal[
        "claim-pending",
        "claim-confirmed",
        "claim-declined",
        "swap-offered",
        "swap-accepted",
        "swap-approved",
        "swap-declined",
    ]
    recipients: list[str]
    assignment_id: int


@dataclass(frozen=True)
class ClaimResult:
    assignment_id: int
    status: str  # pending or confirmed
    notices: list[Notice] = field(default_factory=list)


@dataclass(frozen=True)
class ShiftView:
    """One of a responder's seats (or a pending claim), or one awaiting a centre's word."""

    id: int
    responder: str
    centre: str
    service: str
    start: dt.datetime
    end: dt.datetime
    kind: str
    status: str
    via: str

    @property
    def hours(self) -> float:
        return (instant(self.end) - instant(self.start)).total_seconds() / 3600


@dataclass(frozen=True)
class MyShifts:
    upcoming: list[ShiftView]  # from today on, pending claims included
    week_hours: float  # this ISO week's worked and confirmed hours
    quarter_hours: float
    max_hours_week: float
    max_hours_quarter: float


# --- a responder ------------------------------------------------------------------------------


@allowed("responder", doing="see their own shifts")
def my_shifts(store: Store, actor: Actor, roster: Path, today: dt.date) -> MyShifts:
    """The responder's shifts from `today` on, and their hours this week and quarter against
    their caps."""
    with store.reading() as session:
        staffed = staffed_quarter(session)
        me = _responder(actor.ident or "", roster, staffed)
        rows = [r for r in seat_rows(session, staffed.staffing_id) if r.responder == me.id]
    views = [_view(r) for r in rows]
    worked = [v for v in views if v.status in WORKED]
    week = iso_week(today)
    return MyShifts(
        upcoming=sorted(
            (v for v in views if v.end.date() >= today), key=lambda v: instant(v.start)
        ),
        week_hours=sum(v.hours for v in worked if iso_week(v.start.date()) == week),
        quarter_hours=sum(v.hours for v in worked),
        max_hours_week=me.max_hours_week,
        max_hours_quarter=me.max_hours_quarter,
    )


@allowed("responder", doing="see the shifts they may claim")
def offers(store: Store, actor: Actor, roster: Path, today: dt.date) -> Offers:
    """The open seats and extra shifts from `today` on that this responder may take."""
    with store.reading() as session:
        staffed = staffed_quarter(session)
        me = _responder(actor.ident or "", roster, staffed)
        rows = seat_rows(session, staffed.staffing_id)
    judge = _Judge(staffed, me, rows)
    seats = [o for o in _open_seats(staffed, rows, me.centre, today) if not judge.breaks(o)]
    extras = [o for o in _extra_shifts(staffed, rows, me, today) if not judge.breaks(o)]
    return Offers(seats, extras)


@allowed("responder", doing="claim shifts")
def claim(store: Store, actor: Actor, roster: Path, offer: Offer, today: dt.date) -> ClaimResult:
    """Take `offer`: every rule is checked again in the transaction. Confirmed at once when the
    centre says so, else pending until the centre confirms."""
    if offer.start.date() < today:
        raise ChangeError("that shift has already begun; choose a later one")
    try:
        with store.transaction() as session:
            staffed = staffed_quarter(session)
            me = _responder(actor.ident or "", roster, staffed)
            rows = seat_rows(session, staffed.staffing_id)
            if offer.kind == "seat":
                still_open = _open_seats(staffed, rows, offer.centre, today, every_seat=True)
                if not any(_same(o, offer) for o in still_open):
                    raise Conflict(
                        "someone else took that seat a moment ago; choose another open seat"
                    )
                seat = offer.seat or 0
            else:
                seat = 1 + sum(1 for r in rows if _row_is(r, offer))
            broken = _Judge(staffed, me, rows).breaks(offer)
            if broken:
                raise ChangeError(
                    "you cannot take that shift: " + "; ".join(RULE_WORDS[b] for b in broken)
                )
            automatic = _auto_confirms(session, me.centre)
            record = SeatAssignmentRecord(
                staffing_id=staffed.staffing_id,
                responder=me.id,
                centre=offer.centre,
                service=offer.service,
                start=offer.start.isoformat(),
                end=offer.end.isoformat(),
                kind=offer.occurrence_kind,
                seat=seat,
                status="confirmed" if automatic else "pending",
                via="claim",
                created_at=repo.now(),
            )
            session.add(record)
            _remember(session, staffed.staffing_id, me)
            session.flush()
            if automatic:
                tell_responders(session, "claim-confirmed", [str(actor)], occurrence_of(record))
            repo.audit(
                session,
                str(actor),
                "claim",
                f"{me.id} claimed {_where(offer)}"
                + (", confirmed by the centre's setting" if automatic else ", awaiting the centre"),
                after=_row_json(record),
            )
            ident, status = record.id, record.status
    except IntegrityError:
        # The store's unique seat: another claim of this seat committed first.
        raise Conflict(
            "someone else took that seat a moment ago; choose another open seat"
        ) from None
    if status == "confirmed":
        notice = Notice("claim-confirmed", [str(actor)], ident)
    else:
        notice = Notice("claim-pending", [f"centre:{me.centre}"], ident)
    return ClaimResult(ident, status, [notice])


@allowed("responder", doing="withdraw claims")
def withdraw(store: Store, actor: Actor, assignment_id: int) -> None:
    """Take back one's own claim while the centre has not confirmed it."""
    with store.transaction() as session:
        record = session.get(SeatAssignmentRecord, assignment_id)
        if record is None or record.responder != actor.ident or record.status != "pending":
            raise NotFound(f"no pending claim {assignment_id} of yours")
        before = _row_json(record)
        session.delete(record)
        repo.audit(
            session, str(actor), "claim-withdraw", f"claim {assignment_id} withdrawn", before=before
        )


# --- a centre ---------------------------------------------------------------------------------


@allowed("centre", doing="see claims awaiting confirmation")
def pending_claims(store: Store, actor: Actor) -> list[ShiftView]:
    """The centre's own claims awaiting its word, oldest first."""
    return _centre_claims(store, actor, "pending")


@allowed("centre", doing="see confirmed claims")
def confirmed_claims(store: Store, actor: Actor) -> list[ShiftView]:
    """The shifts the centre's responders took by a claim and the centre confirmed (or its
    setting did), oldest claim first."""
    return _centre_claims(store, actor, "confirmed")


def _centre_claims(store: Store, actor: Actor, status: str) -> list[ShiftView]:
    with store.reading() as session:
        staffed = staffed_quarter(session)
        rows = seat_rows(session, staffed.staffing_id, (status,))
    return [_view(r) for r in rows if r.centre == actor.ident and r.via == "claim"]


@allowed("centre", doing="confirm claims")
def confirm(store: Store, actor: Actor, roster: Path, assignment_id: int) -> ClaimResult:
    """Confirm a pending claim of the centre's own; its rules are checked again, since the
    responder's other shifts or the roster may have changed meanwhile."""
    _own_claim(store, actor, assignment_id)
    with store.transaction() as session:
        record = _pending(session, assignment_id)
        staffed = staffed_quarter(session)
        me = _responder(record.responder, roster, staffed)
        rows = [r for r in seat_rows(session, staffed.staffing_id) if r.id != record.id]
        offer = _offer_of(record)
        broken = _Judge(staffed, me, rows).breaks(offer)
        if broken:
            raise ChangeError(
                "the claim no longer keeps the rules: "
                + "; ".join(RULE_WORDS[b] for b in broken)
                + "; decline it"
            )
        before = _row_json(record)
        record.status = "confirmed"
        who = f"responder:{record.responder}"
        tell_responders(session, "claim-confirmed", [who], occurrence_of(record))
        repo.audit(
            session,
            str(actor),
            "claim-confirm",
            f"claim {assignment_id} confirmed",
            before=before,
            after=_row_json(record),
        )
    notice = Notice("claim-confirmed", [f"responder:{record.responder}"], assignment_id)
    return ClaimResult(assignment_id, "confirmed", [notice])


@allowed("centre", doing="decline claims")
def decline(store: Store, actor: Actor, assignment_id: int, reason: str) -> ClaimResult:
    """Decline a pending claim of the centre's own: the seat is open again."""
    _own_claim(store, actor, assignment_id)
    with store.transaction() as session:
        record = _pending(session, assignment_id)
        before = _row_json(record)
        session.delete(record)
        repo.audit(
            session,
            str(actor),
            "claim-decline",
            f"claim {assignment_id} declined: {reason}",
            before=before,
        )
    notice = Notice("claim-declined", [f"responder:{before['responder']}"], assignment_id)
    return ClaimResult(assignment_id, "declined", [notice])


@allowed("centre", doing="set how claims are confirmed")
def set_auto_confirm(store: Store, actor: Actor, automatic: bool) -> None:
    """Whether a claim that keeps every rule is confirmed at once, without the centre."""
    with store.transaction() as session:
        found = session.scalar(select(CentreSetting).where(CentreSetting.centre == actor.ident))
        before = None if found is None else found.auto_confirm_claims
        if found is None:
            found = CentreSetting(centre=actor.ident or "")
            session.add(found)
        found.auto_confirm_claims = automatic
        found.updated_by, found.updated_at = str(actor), repo.now()
        repo.audit(
            session,
            str(actor),
            "centre-setting",
            f"claims confirmed at once: {automatic}",
            before={"auto_confirm_claims": before},
            after={"auto_confirm_claims": automatic},
        )


@allowed("centre", doing="read how claims are confirmed")
def auto_confirm(store: Store, actor: Actor) -> bool:
    with store.reading() as session:
        return _auto_confirms(session, actor.ident or "")


# --- the rules ---------------------------------------------------------------------------------


class _Judge:
    """Which rules a responder would break by taking one more shift."""

    def __init__(self, staffed: StaffedQuarter, me: Responder, rows: list[SeatAssignmentRecord]):
        self.staffed = staffed
        self.me = me
        self.team = Roster([me])
        mine = [r for r in rows if r.responder == me.id]
        self.held = [_row(r) for r in mine]
        # The seats check needs the shifts the rows sit on: the centre's, and the claimed extras.
        self.plan = [o for o in staffed.occurrences if o.centre == me.centre] + [
            occurrence_of(r) for r in mine if r.kind == "extra"
        ]
        self.before = self._problems(self.held, [])
        self.available = open_intervals(
            me.availability,
            Period(
                staffed.period.first - dt.timedelta(days=2),
                staffed.period.end + dt.timedelta(days=9),
            ),
        )
        # How many of the centre's responders are on each service at once, for the lines.
        self.busy: dict[str, list[tuple[dt.datetime, dt.datetime, int]]] = defaultdict(list)
        for o in staffed.occurrences:
            if o.centre == me.centre:
                self.busy[o.service].append((instant(o.start), instant(o.end), o.responders))
        for r in rows:
            if r.centre == me.centre and r.kind == "extra":
                o = occurrence_of(r)
                self.busy[o.service].append((instant(o.start), instant(o.end), 1))
        centre = staffed.scenario.centre(me.centre)
        wide = Period(
            staffed.period.first - dt.timedelta(days=1), staffed.period.end + dt.timedelta(days=2)
        )
        self.centre_open = open_intervals(centre.availability, wide)

    def breaks(self, offer: Offer) -> list[str]:
        """The names of the rules (RULE_WORDS) taking `offer` would break."""
        quick = self._quick(offer)
        if quick is not None:
            return [quick]
        occ = Occurrence(offer.start, offer.end, offer.centre, offer.service, 1, _occ_kind(offer))
        row = Row(self.me.id, offer.centre, offer.service, offer.start, offer.end, offer.seat or 1)
        if offer.kind == "extra":
            shifts = [occ]
        elif offer.centre == self.me.centre:
            shifts = []
        else:  # the judge's own plan holds the responder's centre only
            shifts = [o for o in self.staffed.occurrences if o.centre == offer.centre]
        found = self._problems([*self.held, row], shifts)
        broken = sorted({name for name, _problem in found - self.before})
        if offer.kind == "extra":
            broken += self._centre_rules(offer)
        return broken

    def _quick(self, offer: Offer) -> str | None:
        """A rule the validator would find broken too, found without running it: a list of
        hundreds of extra shifts is mostly outside a responder's hours or on their days away."""
        start, end = instant(offer.start), instant(offer.end)
        if not any(a <= start and end <= b for a, b in self.available):
            return "availability"
        day, last = offer.start.date(), (offer.end - dt.timedelta(minutes=1)).date()
        while day <= last:
            if self.me.absent_on(day):
                return "absences"
            day += dt.timedelta(days=1)
        return None

    def _problems(self, rows: list[Row], shifts: list[Occurrence]) -> set[tuple[str, str]]:
        validation = validate_assignment(
            self.staffed.scenario,
            self.staffed.period,
            [*self.plan, *shifts],
            self.team,
            rows,
            None,
            DEFAULT_MIN_REST_HOURS,
        )
        return {(c.name, p) for c in validation.checks.values() for p in c.problems}

    def _centre_rules(self, offer: Offer) -> list[str]:
        scenario = self.staffed.scenario
        centre = scenario.centre(offer.centre)
        start, end = instant(offer.start), instant(offer.end)
        broken = []
        days = {offer.start.date(), (offer.end - dt.timedelta(minutes=1)).date()}
        closed = any(
            centre.is_closed(d) or (d in self.staffed.holidays and not centre.open_on_holidays)
            for d in days
        )
        if closed or not any(a <= start and end <= b for a, b in self.centre_open):
            broken.append("centre")
        lines = centre.lines.get(offer.service, 0)
        on_duty = max(
            (
                sum(n for a, b, n in self.busy[offer.service] if a < t_end and t_start < b)
                for t_start, t_end in _hours(start, end)
            ),
            default=0,
        )
        if on_duty + 1 > lines:
            broken.append("lines")
        return broken


def _hours(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    out, at = [], start
    while at < end:
        out.append((at, min(end, at + dt.timedelta(hours=1))))
        at += dt.timedelta(hours=1)
    return out


# --- what may be offered ------------------------------------------------------------------------


def _open_seats(
    staffed: StaffedQuarter,
    rows: list[SeatAssignmentRecord],
    centre: str,
    today: dt.date,
    every_seat: bool = False,
) -> list[Offer]:
    """The centre's open seats from `today` on: the first open seat of each shift (any of them
    is the same shift to a responder), or `every_seat`."""
    taken = {(r.centre, r.service, r.start, r.end, r.kind, r.seat) for r in rows}
    out = []
    for o in staffed.occurrences:
        if o.centre != centre or o.start.date() < today:
            continue
        for seat in range(1, o.responders + 1):
            if (
                o.centre,
                o.service,
                o.start.isoformat(),
                o.end.isoformat(),
                o.kind,
                seat,
            ) not in taken:
                out.append(
                    Offer(
                        "seat",
                        o.centre,
                        o.service,
                        o.start,
                        o.end,
                        o.kind,
                        seat,
                        None,
                        _weekend_or_holiday(staffed, o.start),
                    )
                )
                if not every_seat:
                    break
    return out


def _extra_shifts(
    staffed: StaffedQuarter, rows: list[SeatAssignmentRecord], me: Responder, today: dt.date
) -> list[Offer]:
    """The extra-shift slots of the services the responder's centre staffs, valued with every
    claimed extra shift on duty (so a claim moves the ranking at once)."""
    scenario = staffed.scenario
    centre = scenario.centre(me.centre)
    claimed = [occurrence_of(r) for r in rows if r.kind == "extra"]
    slots = extra_slots(
        scenario, staffed.period, staffed.holidays, [*staffed.occurrences, *claimed]
    )
    slots = [
        s
        for s in slots
        if s.start.date() >= today
        and s.service in centre.services
        and scenario.can_staff(centre, scenario.service(s.service))
    ]
    order = for_volunteers(slots) if me.needs_debrief else ranked(slots)
    return [
        Offer(
            "extra",
            me.centre,
            s.service,
            s.start,
            s.end,
            "extra",
            None,
            s.gain,
            s.weekend_or_holiday,
        )
        for s in order
    ]


def _weekend_or_holiday(staffed: StaffedQuarter, start: dt.datetime) -> bool:
    day = start.date()
    return day.weekday() >= 5 or day in staffed.holidays


# --- helpers ------------------------------------------------------------------------------------


def _responder(ident: str, roster: Path, staffed: StaffedQuarter) -> Responder:
    """The responder's roster row, read now: a new absence or cap counts at once."""
    found = load_roster(roster, staffed.scenario).by_id().get(ident)
    if found is None:
        raise NotFound(f"{ident} is not on any centre's roster; ask your centre to add you")
    return found


def _own_claim(store: Store, actor: Actor, ident: int) -> None:
    """Refuse (and log) a centre deciding another centre's claim, before any transaction."""
    with store.reading() as session:
        record = session.get(SeatAssignmentRecord, ident)
        centre = None if record is None else record.centre
    if centre is not None and centre != actor.ident:
        refuse(store, actor, f"{actor} may only decide its own centre's claims")


def _pending(session: Session, ident: int) -> SeatAssignmentRecord:
    record = session.get(SeatAssignmentRecord, ident)
    if record is None or record.status != "pending":
        raise NotFound(f"no pending claim {ident}")
    return record


def _remember(session: Session, staffing_id: int, me: Responder) -> None:
    """Put a claimer the staffing did not place on its list of people, so their feed is served."""
    staffing = session.get(StaffingRecord, staffing_id)
    if staffing is not None and me.id not in staffing.people:
        staffing.people = {**staffing.people, me.id: {"centre": me.centre, "role": me.role}}


def _auto_confirms(session: Session, centre: str) -> bool:
    found = session.scalar(select(CentreSetting).where(CentreSetting.centre == centre))
    return bool(found is not None and found.auto_confirm_claims)


def _same(a: Offer, b: Offer) -> bool:
    return (a.centre, a.service, instant(a.start), instant(a.end), a.occurrence_kind, a.seat) == (
        b.centre,
        b.service,
        instant(b.start),
        instant(b.end),
        b.occurrence_kind,
        b.seat,
    )


def _row_is(record: SeatAssignmentRecord, offer: Offer) -> bool:
    o = occurrence_of(record)
    held = (record.centre, record.service, instant(o.start), instant(o.end), record.kind)
    wanted = (offer.centre, offer.service, instant(offer.start), instant(offer.end))
    return held == (*wanted, offer.occurrence_kind)


def _offer_of(record: SeatAssignmentRecord) -> Offer:
    o = occurrence_of(record)
    kind: OfferKind = "extra" if record.kind == "extra" else "seat"
    seat = None if kind == "extra" else record.seat
    return Offer(
        kind, o.centre, o.service, o.start, o.end, record.kind, seat, None, o.start.weekday() >= 5
    )


def _occ_kind(offer: Offer) -> Literal["standing", "holiday-duty", "substitute", "extra"]:
    return repo.kind_of(offer.occurrence_kind)


def _row(record: SeatAssignmentRecord) -> Row:
    o = occurrence_of(record)
    return Row(record.responder, o.centre, o.service, o.start, o.end, record.seat)


def _view(record: SeatAssignmentRecord) -> ShiftView:
    o = occurrence_of(record)
    return ShiftView(
        record.id,
        record.responder,
        o.centre,
        o.service,
        o.start,
        o.end,
        record.kind,
        record.status,
        record.via,
    )


def _where(offer: Offer) -> str:
    start = offer.start.astimezone(HELSINKI)
    what = f"seat {offer.seat}" if offer.kind == "seat" else "an extra shift"
    return f"{what} of {offer.centre} {offer.service} {start:%Y-%m-%d %H:%M}"


def _row_json(record: SeatAssignmentRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "responder": record.responder,
        "centre": record.centre,
        "service": record.service,
        "start": record.start,
        "end": record.end,
        "kind": record.kind,
        "seat": record.seat,
        "status": record.status,
        "via": record.via,
    }
