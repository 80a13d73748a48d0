"""Swaps (issue 19): a responder offers a seat, the colleagues who may take it are listed
fewest hours first, one accepts, the centre approves, the seat changes hands and its times do
not; a volunteer never takes a shift that ends without a debrief; only the seat's centre decides.

The network is tests/app/volunteer_network.py; a's claims are confirmed at once here, so each
test starts from a confirmed seat.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from rota.app import changes, claims, notifications, swaps
from rota.app.actors import Actor
from rota.domain.errors import ChangeError
from rota.store import Store
from tests.app.test_claims import CENTRE_A, responder, seat
from tests.app.test_notifications import add_account
from tests.app.volunteer_network import SATURDAY, TODAY, staffed_store
from tests.mail_server import attached_calendar, body, running_server


@pytest.fixture
def staffed(store: Store, tmp_path: Path) -> tuple[Store, Path]:
    store, roster = staffed_store(store, tmp_path)
    claims.set_auto_confirm(store, CENTRE_A, True)
    return store, roster


def test_a_swap_end_to_end(staffed: tuple[Store, Path]) -> None:
    store, roster = staffed
    held = claims.claim(
        store, responder("a-free"), roster, seat(store, roster, SATURDAY, 16), TODAY
    )
    # a-other holds the 18–22 the same evening, which overlaps: it is not listed.
    late = seat(store, roster, SATURDAY, 18, who="a-other")
    claims.claim(store, responder("a-other"), roster, late, TODAY)
    listed = swaps.candidates(store, responder("a-free"), roster, held.assignment_id)
    names = [c.responder for c in listed]
    assert "a-away" not in names and "a-weekdays" not in names and "a-sv" not in names
    assert "a-other" not in names and "a-week" in names
    assert [c.quarter_hours for c in listed] == sorted(c.quarter_hours for c in listed)
    offered = swaps.offer_swap(store, responder("a-free"), roster, held.assignment_id, TODAY)
    assert offered.notices[0].event == "swap-offered"
    assert offered.notices[0].recipients == [f"responder:{n}" for n in names]
    taker = "a-week"
    assert [s.id for s in swaps.offered_to_me(store, responder(taker), roster)] == [offered.swap.id]
    accepted = swaps.accept_swap(store, responder(taker), roster, offered.swap.id)
    assert accepted.notices[0].recipients == ["responder:a-free", "centre:a"]
    assert [s.id for s in swaps.pending_swaps(store, CENTRE_A)] == [offered.swap.id]
    approved = swaps.approve_swap(store, CENTRE_A, roster, offered.swap.id)
    assert set(approved.notices[0].recipients) == {"responder:a-free", f"responder:{taker}"}
    theirs = claims.my_shifts(store, responder(taker), roster, TODAY).upcoming
    assert [(s.start, s.end, s.via) for s in theirs] == [
        (offered.swap.shift.start, offered.swap.shift.end, "swap")
    ]
    assert claims.my_shifts(store, responder("a-free"), roster, TODAY).upcoming == []
    log = changes.audit_log(store, Actor("coordinator"))
    assert [e.action for e in log if e.action.startswith("swap")] == [
        "swap-offer",
        "swap-accept",
        "swap-approve",
    ]


def test_a_volunteers_swap_never_ends_outside_a_debrief_window(
    staffed: tuple[Store, Path],
) -> None:
    """a-staff2 holds a Tuesday 09–13 (it ends at 13:00 on a weekday: no debrief); of the
    colleagues only staff may take it, and a volunteer who tries is refused."""
    store, roster = staffed
    morning = seat(store, roster, None, 9, who="a-staff2")
    held = claims.claim(store, responder("a-staff2"), roster, morning, TODAY)
    listed = swaps.candidates(store, responder("a-staff2"), roster, held.assignment_id)
    assert [c.responder for c in listed] == ["a-staff"] or listed == []
    offered = swaps.offer_swap(store, responder("a-staff2"), roster, held.assignment_id, TODAY)
    assert swaps.offered_to_me(store, responder("a-free"), roster) == []
    with pytest.raises(ChangeError, match="no debriefing"):
        swaps.accept_swap(store, responder("a-free"), roster, offered.swap.id)


def test_only_the_seats_centre_approves_and_only_the_holder_offers(
    staffed: tuple[Store, Path],
) -> None:
    store, roster = staffed
    held = claims.claim(
        store, responder("a-free"), roster, seat(store, roster, SATURDAY, 16), TODAY
    )
    with pytest.raises(ChangeError):
        swaps.offer_swap(store, responder("a-other"), roster, held.assignment_id, TODAY)
    offered = swaps.offer_swap(store, responder("a-free"), roster, held.assignment_id, TODAY)
    swaps.accept_swap(store, responder("a-week"), roster, offered.swap.id)
    with pytest.raises(ChangeError):
        swaps.approve_swap(store, Actor("centre", "b"), roster, offered.swap.id)
    declined = swaps.decline_swap(store, CENTRE_A, offered.swap.id)
    assert declined.swap.status == "declined"
    mine = claims.my_shifts(store, responder("a-free"), roster, TODAY).upcoming
    assert [s.id for s in mine] == [held.assignment_id]


def test_a_shift_that_has_begun_cannot_be_offered(staffed: tuple[Store, Path]) -> None:
    store, roster = staffed
    held = claims.claim(
        store, responder("a-free"), roster, seat(store, roster, SATURDAY, 16), TODAY
    )
    with pytest.raises(ChangeError, match="has not begun"):
        swaps.offer_swap(
            store, responder("a-free"), roster, held.assignment_id, SATURDAY + dt.timedelta(days=1)
        )


def test_a_claim_and_a_swap_are_told_by_email_through_a_real_smtp_server(
    staffed: tuple[Store, Path],
) -> None:
    store, roster = staffed
    for ident, language in (("a-free", "fi"), ("a-week", "sv"), ("a-other", "en")):
        add_account(store, ident, f"responder:{ident}", f"{ident}@example.fi", language)
    # The centre confirms at once: the claimant hears of it with the shift attached.
    held = claims.claim(
        store, responder("a-free"), roster, seat(store, roster, SATURDAY, 16), TODAY
    )
    offered = swaps.offer_swap(store, responder("a-free"), roster, held.assignment_id, TODAY)
    swaps.accept_swap(store, responder("a-week"), roster, offered.swap.id)
    with contextlib.closing(running_server()) as server:
        inbox, settings = next(server)
        report = notifications.deliver(store, Actor("coordinator"), settings)
    assert report.failed == 0
    languages = {m["To"]: [] for m in inbox.messages}
    for message in inbox.messages:
        languages[message["To"]].append(message["Content-Language"])
    # a-free: the claim confirmed, then a colleague took the offer; each colleague who may take
    # it: the offer, in their own language.
    assert languages == {
        "a-free@example.fi": ["fi", "fi"],
        "a-week@example.fi": ["sv"],
        "a-other@example.fi": ["en"],
    }
    for message in inbox.messages:
        ics = attached_calendar(message)
        assert ics is not None
        (event,) = ics.walk("VEVENT")
        assert event.decoded("DTSTART") == offered.swap.shift.start
        # Pseudonymous: no message names the other responder.
        text = body(message)
        assert not any(ident in text for ident in ("a-free", "a-week", "a-other"))


def test_reminders_come_from_the_staffing_in_the_store_claims_included(
    staffed: tuple[Store, Path],
) -> None:
    store, roster = staffed
    add_account(store, "a-free", "responder:a-free", "a-free@example.fi")
    add_account(store, "centre-a", "centre:a", "a@example.fi")
    claims.claim(store, responder("a-free"), roster, seat(store, roster, SATURDAY, 16), TODAY)
    eve = SATURDAY - dt.timedelta(days=1)
    coordinator = Actor("coordinator")
    report = notifications.remind_from_store(store, coordinator, eve, open_days=1)
    assert report.reminders == 1  # the claimed seat, confirmed by the centre's setting
    assert report.alerts >= 1  # the evening's other seats no one holds, to centre a
    again = notifications.remind_from_store(store, coordinator, eve, open_days=1)
    assert (again.reminders, again.alerts) == (0, 0)
