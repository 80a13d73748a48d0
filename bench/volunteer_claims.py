"""What a volunteer is offered on the fixture, and how long a claim takes (issue 19).

Run after `rota calendar import` and `rota responders staff` on a store:
    python -m bench.volunteer_claims --db sqlite:///data/rota.db --roster fixtures/mieli/roster
It prints, over every volunteer of the roster (or every n-th, `--every`), the median number of
open seats and extra shifts offered from the quarter's first day, and the median time of the
first offer's claim and its confirmation by the centre (the claim is then declined, so the
store is left as it was).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rota.app import claims
from rota.app.actors import Actor
from rota.app.stored_staffing import staffed_quarter
from rota.io.roster_file import load_roster
from rota.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--roster", type=Path, required=True)
    parser.add_argument("--claims", type=int, default=15, help="claims timed")
    parser.add_argument("--every", type=int, default=1, help="every n-th volunteer only")
    args = parser.parse_args()
    store = open_store(args.db)
    with store.reading() as session:
        staffed = staffed_quarter(session)
    today = staffed.period.first
    volunteers = [
        r for r in load_roster(args.roster, staffed.scenario).responders if r.role == "volunteer"
    ][:: args.every]
    seats: list[int] = []
    extras: list[int] = []
    offer_seconds: list[float] = []
    claim_seconds: list[float] = []
    for person in volunteers:
        who = Actor("responder", person.id)
        started = time.perf_counter()
        offered = claims.offers(store, who, args.roster, today)
        offer_seconds.append(time.perf_counter() - started)
        seats.append(len(offered.open_seats))
        extras.append(len(offered.extra_shifts))
        if len(claim_seconds) < args.claims and offered.extra_shifts:
            started = time.perf_counter()
            done = claims.claim(store, who, args.roster, offered.extra_shifts[0], today)
            centre = Actor("centre", person.centre)
            if done.status == "pending":
                claims.confirm(store, centre, args.roster, done.assignment_id)
            claim_seconds.append(time.perf_counter() - started)
            claims.set_auto_confirm(store, centre, False)
            _undo(store, centre, done.assignment_id)
    print(f"volunteers: {len(volunteers)}")
    print(f"open seats offered: median {statistics.median(seats)}, max {max(seats)}")
    print(f"extra shifts offered: median {statistics.median(extras)}, max {max(extras)}")
    print(f"offers listed in: median {statistics.median(offer_seconds):.2f} s")
    print(
        f"claim + centre confirmation: median {statistics.median(claim_seconds):.2f} s "
        f"over {len(claim_seconds)} claims"
    )


def _undo(store: object, centre: Actor, ident: int) -> None:
    """Give the claimed seat back (a confirmed row is made pending, then declined)."""
    from rota.store.models import SeatAssignmentRecord

    assert hasattr(store, "transaction")
    with store.transaction() as session:
        record = session.get(SeatAssignmentRecord, ident)
        if record is not None:
            record.status = "pending"
    claims.decline(store, centre, ident, "benchmark")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
