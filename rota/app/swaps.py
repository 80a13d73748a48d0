"""Swaps (issue 19): a responder offers one of their seats, the colleagues who could take it are
listed (and told), one accepts, the centre approves, and the seat changes hands.

A swap changes who sits a seat, never when the shift is: the standing calendar is untouched, so
the two-month notice (R7) does not apply, as fair-workweek rules exempt swaps an employee asks
for. Whoever takes the seat must keep every rule a claim keeps (`rota.app.claims`), R8 included,
so a volunteer never ends up on a shift that ends outside a debrief window; the rules are
checked when the colleagues are listed, when one accepts and again when the centre approves.
Every step is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed, refuse
from rota.app.claims import (
    RULE_WORDS,
    Notice,
    ShiftView,
    _Judge,
    _offer_of,
    _responder,
    _row_json,
    _view,
)
from rota.app.notifications import tell_responders
from rota.app.stored_staffing import (
    WORKED,
    StaffedQuarter,
    occurrence_of,
    seat_rows,
    staffed_quarter,
)
from rota.domain.errors import ChangeError, Conflict, NotFound
from rota.io.roster_file import load_roster
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import SeatAssignmentRecord, SwapRecord


@dataclass(frozen=True)
class Candidate:
    """A colleague who may take the seat, and their hours this quarter (fewest first)."""

    responder: str
    quarter_hours: float


@dataclass(frozen=True)
class SwapView:
    id: int
    shift: ShiftView
    offered_by: str
    taker: str | None
    status: str


@dataclass(frozen=True)
class SwapResult:
    swap: SwapView
    notices: list[Notice]


@allowed("responder", "centre", doing="list who could take a shift")
def candidates(store: Store, actor: Actor, roster: Path, assignment_id: int) -> list[Candidate]:
    """The colleagues of the seat's centre who may take it, fewest hours this quarter first."""
    with store.reading() as session:
        staffed = staffed_quarter(session)
        record = _seat(session, assignment_id)
        rows = seat_rows(session, staffed.staffing_id)
    _check_owner(store, actor, record)
    return _candidates(staffed, roster, record, rows)


@allowed("responder", doing="offer a shift to colleagues")
def offer_swap(
    store: Store, actor: Actor, roster: Path, assignment_id: int, today: dt.date
) -> SwapResult:
    """Offer one's own seat to the colleagues who could take it (they are told)."""
    with store.reading() as session:
        staffed = staffed_quarter(session)
        record = _seat(session, assignment_id)
        rows = seat_rows(session, staffed.staffing_id)
    _check_owner(store, actor, record)
    if record.status not in WORKED or _view(record).start.date() < today:
        raise ChangeError("only a confirmed shift that has not begun can be offered")
    takers = _candidates(staffed, roster, record, rows)
    with store.transaction() as session:
        if _open_swap(session, assignment_id) is not None:
            raise Conflict("that shift is already offered; wait for a colleague to answer")
        swap = SwapRecord(
            assignment_id=assignment_id,
            centre=record.centre,
            offered_by=record.responder,
            status="offered",
            created_at=repo.now(),
        )
        session.add(swap)
        session.flush()
        colleagues = [f"responder:{c.responder}" for c in takers]
        tell_responders(session, "swap-offered", colleagues, occurrence_of(record))
        repo.audit(
            session,
            str(actor),
            "swap-offer",
            f"{record.responder} offers seat {assignment_id} to {len(takers)} colleagues",
            after=_swap_json(swap),
        )
        view = _swap_view(swap, record)
    return SwapResult(view, [Notice("swap-offered", colleagues, assignment_id)])


@allowed("responder", doing="see shifts offered to them")
def offered_to_me(store: Store, actor: Actor, roster: Path) -> list[SwapView]:
    """The swaps still open that this responder may take."""
    with store.reading() as session:
        staffed = staffed_quarter(session)
        rows = seat_rows(session, staffed.staffing_id)
        swaps = list(session.scalars(select(SwapRecord).where(SwapRecord.status == "offered")))
        seats = {r.id: r for r in rows}
    out = []
    for swap in swaps:
        record = seats.get(swap.assignment_id)
        if record is None or record.responder == actor.ident:
            continue
        if any(c.responder == actor.ident for c in _candidates(staffed, roster, record, rows)):
            out.append(_swap_view(swap, record))
    return out


@allowed("responder", doing="take a shift a colleague offers")
def accept_swap(store: Store, actor: Actor, roster: Path, swap_id: int) -> SwapResult:
    """Take an offered seat: the rules are checked for the taker; the centre approves next."""
    with store.transaction() as session:
        swap = _swap(session, swap_id, "offered", "no open offer")
        staffed = staffed_quarter(session)
        record = _seat(session, swap.assignment_id)
        if record.responder == actor.ident:
            raise ChangeError("that is your own shift; a colleague takes it")
        _keeps_rules(staffed, roster, actor.ident or "", record, session)
        before = _swap_json(swap)
        swap.status, swap.taker = "accepted", actor.ident
        offerer = f"responder:{swap.offered_by}"
        tell_responders(session, "swap-accepted", [offerer], occurrence_of(record))
        repo.audit(
            session,
            str(actor),
            "swap-accept",
            f"{actor.ident} takes swap {swap_id}",
            before=before,
            after=_swap_json(swap),
        )
        view = _swap_view(swap, record)
    recipients = [f"responder:{view.offered_by}", f"centre:{record.centre}"]
    return SwapResult(view, [Notice("swap-accepted", recipients, record.id)])


@allowed("centre", doing="see swaps awaiting approval")
def pending_swaps(store: Store, actor: Actor) -> list[SwapView]:
    with store.reading() as session:
        swaps = session.scalars(
            select(SwapRecord).where(
                SwapRecord.status == "accepted", SwapRecord.centre == actor.ident
            )
        )
        return [_swap_view(s, _seat(session, s.assignment_id)) for s in swaps]


@allowed("centre", doing="approve swaps")
def approve_swap(store: Store, actor: Actor, roster: Path, swap_id: int) -> SwapResult:
    """The seat changes hands: the rules are checked once more for the taker; the shift's
    times stay as they are."""
    _check_centre(store, actor, swap_id)
    with store.transaction() as session:
        swap = _swap(session, swap_id, "accepted", "no accepted swap")
        staffed = staffed_quarter(session)
        record = _seat(session, swap.assignment_id)
        taker = swap.taker or ""
        _keeps_rules(staffed, roster, taker, record, session)
        before = {"seat": _row_json(record), "swap": _swap_json(swap)}
        record.responder, record.via = taker, "swap"
        swap.status, swap.decided_by, swap.decided_at = "approved", str(actor), repo.now()
        repo.audit(
            session,
            str(actor),
            "swap-approve",
            f"seat {record.id} handed from {swap.offered_by} to {taker}",
            before=before,
            after={"seat": _row_json(record), "swap": _swap_json(swap)},
        )
        view = _swap_view(swap, record)
    recipients = [f"responder:{view.offered_by}", f"responder:{taker}"]
    return SwapResult(view, [Notice("swap-approved", recipients, record.id)])


@allowed("centre", doing="decline swaps")
def decline_swap(store: Store, actor: Actor, swap_id: int) -> SwapResult:
    """The seat stays with the responder who offered it."""
    _check_centre(store, actor, swap_id)
    with store.transaction() as session:
        swap = _swap(session, swap_id, "accepted", "no accepted swap")
        record = _seat(session, swap.assignment_id)
        before = _swap_json(swap)
        swap.status, swap.decided_by, swap.decided_at = "declined", str(actor), repo.now()
        repo.audit(
            session,
            str(actor),
            "swap-decline",
            f"swap {swap_id} declined",
            before=before,
            after=_swap_json(swap),
        )
        view = _swap_view(swap, record)
    recipients = [f"responder:{view.offered_by}", f"responder:{view.taker}"]
    return SwapResult(view, [Notice("swap-declined", recipients, record.id)])


# --- steps ---------------------------------------------------------------------------------------


def _candidates(
    staffed: StaffedQuarter,
    roster: Path,
    record: SeatAssignmentRecord,
    rows: list[SeatAssignmentRecord],
) -> list[Candidate]:
    others = [r for r in rows if r.id != record.id]
    offer = _offer_of(record)
    team = load_roster(roster, staffed.scenario)
    hours: dict[str, float] = {}
    for r in others:
        if r.status in WORKED:
            view = _view(r)
            hours[r.responder] = hours.get(r.responder, 0.0) + view.hours
    found = [
        Candidate(person.id, hours.get(person.id, 0.0))
        for person in team.responders
        if person.centre == record.centre
        and person.id != record.responder
        and not _Judge(staffed, person, others).breaks(offer)
    ]
    return sorted(found, key=lambda c: (c.quarter_hours, c.responder))


def _keeps_rules(
    staffed: StaffedQuarter,
    roster: Path,
    taker: str,
    record: SeatAssignmentRecord,
    session: Session,
) -> None:
    person = _responder(taker, roster, staffed)
    if person.centre != record.centre:
        raise ChangeError("the shift is not at your centre")
    others = [r for r in seat_rows(session, staffed.staffing_id) if r.id != record.id]
    broken = _Judge(staffed, person, others).breaks(_offer_of(record))
    if broken:
        raise ChangeError(
            f"{taker} cannot take that shift: " + "; ".join(RULE_WORDS[b] for b in broken)
        )


def _seat(session: Session, ident: int) -> SeatAssignmentRecord:
    record = session.get(SeatAssignmentRecord, ident)
    if record is None:
        raise NotFound(f"no shift {ident}")
    return record


def _swap(session: Session, ident: int, status: str, what: str) -> SwapRecord:
    swap = session.get(SwapRecord, ident)
    if swap is None or swap.status != status:
        raise NotFound(f"{what} {ident}")
    return swap


def _open_swap(session: Session, assignment_id: int) -> SwapRecord | None:
    return session.scalar(
        select(SwapRecord).where(
            SwapRecord.assignment_id == assignment_id,
            SwapRecord.status.in_(("offered", "accepted")),
        )
    )


def _check_owner(store: Store, actor: Actor, record: SeatAssignmentRecord) -> None:
    """A responder acts on their own seat, a centre on its own centre's."""
    mine = record.responder if actor.role == "responder" else record.centre
    if mine != actor.ident:
        refuse(store, actor, f"{actor} may only offer or look at its own shifts")


def _check_centre(store: Store, actor: Actor, swap_id: int) -> None:
    with store.reading() as session:
        swap = session.get(SwapRecord, swap_id)
        centre = None if swap is None else swap.centre
    if centre is not None and centre != actor.ident:
        refuse(store, actor, f"{actor} may only decide its own centre's swaps")


def _swap_view(swap: SwapRecord, record: SeatAssignmentRecord) -> SwapView:
    return SwapView(swap.id, _view(record), swap.offered_by, swap.taker, swap.status)


def _swap_json(swap: SwapRecord) -> dict[str, object]:
    return {
        "id": swap.id,
        "assignment": swap.assignment_id,
        "offered_by": swap.offered_by,
        "taker": swap.taker,
        "status": swap.status,
    }
