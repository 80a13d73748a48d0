"""A centre's duty agreement as data (rota.app.agreements), on the network of
tests/closure_network.py: Pohjanmaa and Vaasa each have one line of the Swedish line
(Tue/Thu/Fri 09–13) and a standing shift on each of its days. Today is 1.12.2026, so a change
may take effect on 1.2.2027 at the earliest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rota.app import agreements, changes
from rota.app.actors import Actor
from rota.app.agreements import Impossible
from rota.app.network import network_scenario, network_yaml
from rota.domain.errors import ChangeError, Conflict, NoticeTooShort, PermissionDenied
from rota.store import Store
from tests.change_network import EFFECTIVE, TODAY
from tests.closure_network import load_closure_network

COORDINATOR = Actor("coordinator")
POHJANMAA = Actor("centre", "pohjanmaa")
VAASA = Actor("centre", "vaasa")
NO_SWEDISH = {"lines": {"sv-phone": 0}}


@pytest.fixture
def closure_store(store: Store, tmp_path: Path) -> Store:
    load_closure_network(store, tmp_path / "net")
    return store


def test_the_agreement_is_the_centres_terms_in_the_network(closure_store: Store) -> None:
    found = agreements.agreement(closure_store, VAASA, "vaasa")
    assert (found.name, found.version) == ("Vaasa", 1)
    assert found.terms == {
        "availability": [
            {
                "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "start": "00:00",
                "end": "24:00",
            }
        ],
        "weekly_hours": {"min": 0, "max": 20},
        "lines": {"sv-phone": 1},
        "languages": ["fi", "sv"],
        "services": ["sv-phone"],
        "debrief": [],
    }


def test_lines_that_make_the_swedish_line_impossible_are_flagged_before_submission(
    closure_store: Store,
) -> None:
    # Pohjanmaa giving up its line leaves Vaasa's: nothing impossible, but its own shifts break.
    alone = agreements.preview(closure_store, POHJANMAA, "pohjanmaa", NO_SWEDISH, EFFECTIVE, TODAY)
    assert alone.impossible == []
    assert [(s.weekday, s.start) for s in alone.broken_shifts] == [(1, 540), (3, 540), (4, 540)]
    ident = agreements.propose(
        closure_store, POHJANMAA, "pohjanmaa", NO_SWEDISH, EFFECTIVE, "no Swedish staff", TODAY
    )
    assert agreements.approve(closure_store, COORDINATOR, ident) == 2
    assert network_scenario(closure_store, COORDINATOR).centre("pohjanmaa").lines == {"sv-phone": 0}
    assert "{sv-phone: 0}" in network_yaml(closure_store, COORDINATOR)  # rewritten in place

    found = agreements.preview(closure_store, VAASA, "vaasa", NO_SWEDISH, EFFECTIVE, TODAY)
    assert found.impossible == [
        Impossible("R3", "sv-phone", day, 9 * 60, 13 * 60, 1, 0) for day in (1, 3, 4)
    ]


def test_a_weekly_commitment_beyond_the_availability_is_flagged(closure_store: Store) -> None:
    terms = {"availability": [{"days": ["mon"], "start": "08:00", "end": "16:00"}]}
    found = agreements.preview(
        closure_store,
        VAASA,
        "vaasa",
        {**terms, "weekly_hours": {"min": 10, "max": 20}},
        EFFECTIVE,
        TODAY,
    )
    assert Impossible("R4", None, None, None, None, 10, 8) in found.impossible
    # The Tue/Thu/Fri shifts fall outside Monday's hours.
    assert len(found.broken_shifts) == 3


def test_a_centre_changes_only_its_own_agreement_with_notice(closure_store: Store) -> None:
    with pytest.raises(
        PermissionDenied, match="centre:vaasa may only change the agreement of vaasa"
    ):
        agreements.propose(closure_store, VAASA, "pohjanmaa", NO_SWEDISH, EFFECTIVE, "x", TODAY)
    with pytest.raises(PermissionDenied, match="may only change the agreement of vaasa"):
        agreements.preview(closure_store, VAASA, "pohjanmaa", NO_SWEDISH, EFFECTIVE, TODAY)
    with pytest.raises(PermissionDenied, match="may only read the agreement of vaasa"):
        agreements.agreement(closure_store, VAASA, "pohjanmaa")
    with pytest.raises(NoticeTooShort, match="earliest allowed date 2027-02-01"):
        agreements.propose(
            closure_store, VAASA, "vaasa", NO_SWEDISH, dt.date(2027, 1, 15), "x", TODAY
        )
    with pytest.raises(ChangeError, match="'en-phone' is not a service of the network"):
        agreements.preview(
            closure_store, VAASA, "vaasa", {"lines": {"en-phone": 1}}, EFFECTIVE, TODAY
        )
    with pytest.raises(ChangeError, match="lines for fi-phone, which the centre would not offer"):
        agreements.preview(
            closure_store,
            VAASA,
            "vaasa",
            {"lines": {"fi-phone": 1, "sv-phone": 1}},
            EFFECTIVE,
            TODAY,
        )
    with pytest.raises(ChangeError, match=r"weekly_hours: Value error, min 30\.0 is above max 20"):
        agreements.preview(
            closure_store,
            VAASA,
            "vaasa",
            {"weekly_hours": {"min": 30, "max": 20}},
            EFFECTIVE,
            TODAY,
        )
    ident = agreements.propose(closure_store, VAASA, "vaasa", NO_SWEDISH, EFFECTIVE, "x", TODAY)
    with pytest.raises(PermissionDenied, match="may not approve an agreement change"):
        agreements.approve(closure_store, VAASA, ident)
    with pytest.raises(PermissionDenied, match="only see its own agreement"):
        agreements.list_changes(closure_store, VAASA, "pohjanmaa")
    agreements.return_(closure_store, COORDINATOR, ident, "keep the line")
    (view,) = agreements.list_changes(closure_store, VAASA)
    assert (view.status, view.decision) == ("returned", "keep the line")
    with pytest.raises(Conflict, match="already returned"):
        agreements.approve(closure_store, COORDINATOR, ident)
    refused = [e for e in changes.audit_log(closure_store, COORDINATOR) if e.action == "refused"]
    assert len(refused) == 6
