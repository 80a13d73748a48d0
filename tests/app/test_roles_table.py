"""Who may call each use case (issue 15), as one table: every public service function of the
change service, the calendar import, a centre's weeks, accounts, feed tokens and rosters is
called as each of five actors, and exactly the allowed ones get past the role checks (a refusal
is `PermissionDenied`; any other outcome — done, or refused for another reason — means the role
was let through).

The objects belong to centre b and responder b-1 of the three-centre network: "centre:b" acts
for itself, "centre:c" for another centre, "responder:b-1" for itself, "responder:c-1" for
another.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import pytest

from rota.app import (
    accounts,
    agreements,
    calendar_import,
    centre_calendar,
    changes,
    claims,
    closures,
    feed_tokens,
    notifications,
    plans,
    roster_access,
    sessions,
    stored_staffing,
    swaps,
)
from rota.app import network as stored_network  # `network` is this file's fixture
from rota.app.actors import ALLOWED, Actor
from rota.domain.errors import PermissionDenied
from rota.io.roster_file import roster_table
from rota.io.scenario_file import load_scenario
from rota.io.smtp import SmtpSettings
from rota.store import Store, open_store
from tests.change_network import EFFECTIVE, TODAY, write_network
from tests.roster_network import write_rosters

COORDINATOR, SELF, OTHER = "coordinator", "centre:b", "centre:c"
RESPONDER, OTHER_RESPONDER = "responder:b-1", "responder:c-1"
ACTORS = (COORDINATOR, SELF, OTHER, RESPONDER, OTHER_RESPONDER)
MODULES = (
    changes,
    closures,
    agreements,
    accounts,
    feed_tokens,
    roster_access,
    calendar_import,
    centre_calendar,
    plans,
    stored_network,
    notifications,
    sessions,
    claims,
    stored_staffing,
    swaps,
)
B_SHIFT = "fi-phone thu 08:00-16:00"
LINES = {"lines": {"fi-phone": 2}}
CLOSED = (EFFECTIVE + dt.timedelta(days=28), EFFECTIVE + dt.timedelta(days=34))


@dataclass
class Network:
    store: Store
    folder: Path

    @cached_property
    def paths(self) -> tuple[Path, Path]:
        scenario, plan_dir, _ = write_network(self.folder / "net")
        return scenario, plan_dir

    @cached_property
    def proposal(self) -> int:
        view = changes.propose(
            self.store, Actor("centre", "b"), "drop", EFFECTIVE, "leave", TODAY, shift=B_SHIFT
        )
        return view.id

    @cached_property
    def token(self) -> int:
        return feed_tokens.issue(self.store, Actor("coordinator"), "centre-b").token.id

    @cached_property
    def rosters(self) -> Path:
        return write_rosters(self.folder / "roster")


Call = Callable[[Network, Actor], object]


def propose(n: Network, a: Actor) -> object:
    return changes.propose(n.store, a, "drop", EFFECTIVE, "leave", TODAY, centre="b", shift=B_SHIFT)


def save_roster(n: Network, a: Actor) -> object:
    table = roster_table(n.rosters / f"{a.ident}.csv")
    return roster_access.save_roster(n.store, a, n.rosters, table, load_scenario(n.paths[0]))


# use case → (the actors let through, how to call it)
TABLE: dict[str, tuple[set[str], Call]] = {
    # Before a staffing, a responder's or a centre's call gets past the role check and stops at
    # the missing staffing (NotFound), which the table counts as let through.
    "stored_staffing.staff_in_store": (
        {COORDINATOR},
        lambda n, a: stored_staffing.staff_in_store(n.store, a, n.rosters, "2027Q1", 1.0, 1),
    ),
    "claims.my_shifts": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: claims.my_shifts(n.store, a, n.rosters, TODAY),
    ),
    "claims.offers": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: claims.offers(n.store, a, n.rosters, TODAY),
    ),
    "claims.claim": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: claims.claim(n.store, a, n.rosters, cast(Any, None), TODAY),
    ),
    "claims.withdraw": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: claims.withdraw(n.store, a, 999),
    ),
    "claims.pending_claims": ({SELF, OTHER}, lambda n, a: claims.pending_claims(n.store, a)),
    "claims.confirmed_claims": ({SELF, OTHER}, lambda n, a: claims.confirmed_claims(n.store, a)),
    "claims.confirm": ({SELF, OTHER}, lambda n, a: claims.confirm(n.store, a, n.rosters, 999)),
    "claims.decline": ({SELF, OTHER}, lambda n, a: claims.decline(n.store, a, 999, "no")),
    "claims.set_auto_confirm": (
        {SELF, OTHER},
        lambda n, a: claims.set_auto_confirm(n.store, a, automatic=False),
    ),
    "claims.auto_confirm": ({SELF, OTHER}, lambda n, a: claims.auto_confirm(n.store, a)),
    "swaps.candidates": (
        {SELF, OTHER, RESPONDER, OTHER_RESPONDER},
        lambda n, a: swaps.candidates(n.store, a, n.rosters, 999),
    ),
    "swaps.offer_swap": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: swaps.offer_swap(n.store, a, n.rosters, 999, TODAY),
    ),
    "swaps.offered_to_me": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: swaps.offered_to_me(n.store, a, n.rosters),
    ),
    "swaps.accept_swap": (
        {RESPONDER, OTHER_RESPONDER},
        lambda n, a: swaps.accept_swap(n.store, a, n.rosters, 999),
    ),
    "swaps.pending_swaps": ({SELF, OTHER}, lambda n, a: swaps.pending_swaps(n.store, a)),
    "swaps.approve_swap": (
        {SELF, OTHER},
        lambda n, a: swaps.approve_swap(n.store, a, n.rosters, 999),
    ),
    "swaps.decline_swap": ({SELF, OTHER}, lambda n, a: swaps.decline_swap(n.store, a, 999)),
    "changes.init_calendar": (
        {COORDINATOR},
        lambda n, a: changes.init_calendar(n.store, a, *n.paths),
    ),
    "calendar_import.import_calendar": (
        {COORDINATOR},
        lambda n, a: calendar_import.import_calendar(
            n.store, a, n.paths[0], n.paths[1] / "standing.csv", today=TODAY
        ),
    ),
    "plans.baseline_in_force": (
        {COORDINATOR},
        lambda n, a: plans.baseline_in_force(n.store, a),
    ),
    # No plan is solved for a role check: the coordinator's call gets past the check and fails
    # on the missing outcome, which the table counts as let through.
    "plans.record_plan": (
        {COORDINATOR},
        lambda n, a: plans.record_plan(n.store, a, cast(Any, None), n.paths[0], 1),
    ),
    "plans.preview": ({COORDINATOR}, lambda n, a: plans.preview(n.store, a, 999, TODAY)),
    "plans.publish": ({COORDINATOR}, lambda n, a: plans.publish(n.store, a, 999, 1, TODAY)),
    "network.network_yaml": ({COORDINATOR}, lambda n, a: stored_network.network_yaml(n.store, a)),
    "network.network_scenario": (
        {COORDINATOR},
        lambda n, a: stored_network.network_scenario(n.store, a),
    ),
    "network.network_versions": (
        {COORDINATOR},
        lambda n, a: stored_network.network_versions(n.store, a),
    ),
    "network.assumptions": ({COORDINATOR}, lambda n, a: stored_network.assumptions(n.store, a)),
    "network.confirm_assumption": (
        {COORDINATOR},
        lambda n, a: stored_network.confirm_assumption(n.store, a, "x.y"),
    ),
    "network.compare_network": (
        {COORDINATOR},
        lambda n, a: stored_network.compare_network(n.store, a, "name: x\n", "x.yaml"),
    ),
    "network.import_network": (
        {COORDINATOR},
        lambda n, a: stored_network.import_network(n.store, a, "name: x\n", "x.yaml"),
    ),
    "agreements.agreement": (
        {COORDINATOR, SELF},
        lambda n, a: agreements.agreement(n.store, a, "b"),
    ),
    "agreements.preview": (
        {COORDINATOR, SELF},
        lambda n, a: agreements.preview(n.store, a, "b", LINES, EFFECTIVE, TODAY),
    ),
    "agreements.propose": (
        {COORDINATOR, SELF},
        lambda n, a: agreements.propose(n.store, a, "b", LINES, EFFECTIVE, "more", TODAY),
    ),
    "agreements.approve": ({COORDINATOR}, lambda n, a: agreements.approve(n.store, a, 999)),
    "agreements.return_": (
        {COORDINATOR},
        lambda n, a: agreements.return_(n.store, a, 999, "no"),
    ),
    "agreements.list_changes": (
        {COORDINATOR, SELF},
        lambda n, a: agreements.list_changes(n.store, a, "b"),
    ),
    "closures.preview": (
        {COORDINATOR, SELF},
        lambda n, a: closures.preview(n.store, a, "b", *CLOSED, TODAY),
    ),
    "closures.file": (
        {COORDINATOR, SELF},
        lambda n, a: closures.file(n.store, a, "b", *CLOSED, "vacation", TODAY),
    ),
    "closures.approve": ({COORDINATOR}, lambda n, a: closures.approve(n.store, a, 999)),
    "closures.return_": ({COORDINATOR}, lambda n, a: closures.return_(n.store, a, 999, "no")),
    "closures.list_closures": (
        {COORDINATOR, SELF},
        lambda n, a: closures.list_closures(n.store, a, "b"),
    ),
    "closures.season": ({COORDINATOR}, lambda n, a: closures.season(n.store, a, *CLOSED)),
    "changes.propose": ({COORDINATOR, SELF}, propose),
    "changes.preview": (
        {COORDINATOR, SELF},
        lambda n, a: changes.preview(
            n.store, a, "drop", EFFECTIVE, TODAY, centre="b", shift=B_SHIFT
        ),
    ),
    "changes.earliest_allowed": (
        {COORDINATOR, SELF, OTHER},
        lambda n, a: changes.earliest_allowed(n.store, a, TODAY),
    ),
    "changes.calendar_in_force": (set(ACTORS), lambda n, a: changes.calendar_in_force(n.store, a)),
    "centre_calendar.centre_weeks": (
        {COORDINATOR, SELF},
        lambda n, a: centre_calendar.centre_weeks(n.store, a, "b", TODAY),
    ),
    "changes.standing_shifts": (
        {COORDINATOR, SELF},
        lambda n, a: changes.standing_shifts(n.store, a, "b"),
    ),
    "changes.list_proposals": (set(ACTORS), lambda n, a: changes.list_proposals(n.store, a)),
    "changes.show_proposal": (
        {COORDINATOR, SELF},
        lambda n, a: changes.show_proposal(n.store, a, n.proposal),
    ),
    "changes.approve": (
        {COORDINATOR},
        lambda n, a: changes.approve(n.store, a, n.proposal, TODAY, force=True),
    ),
    "changes.reject": ({COORDINATOR}, lambda n, a: changes.reject(n.store, a, n.proposal, "no")),
    "changes.list_versions": ({COORDINATOR}, lambda n, a: changes.list_versions(n.store, a)),
    "changes.audit_log": (
        {COORDINATOR, SELF},
        lambda n, a: changes.audit_log(n.store, a, n.proposal),
    ),
    "changes.export_calendar": (
        {COORDINATOR},
        lambda n, a: changes.export_calendar(n.store, a, n.folder / "export"),
    ),
    "accounts.list_accounts": ({COORDINATOR}, lambda n, a: accounts.list_accounts(n.store, a)),
    "accounts.set_disabled": (
        {COORDINATOR},
        lambda n, a: accounts.set_disabled(n.store, a, "nobody"),
    ),
    "accounts.remove_account": (
        {COORDINATOR},
        lambda n, a: accounts.remove_account(n.store, a, "nobody"),
    ),
    "accounts.set_contact": (
        {COORDINATOR},
        lambda n, a: accounts.set_contact(n.store, a, "nobody", "x@example.org"),
    ),
    "notifications.remind": (
        {COORDINATOR},
        lambda n, a: notifications.remind(n.store, a, TODAY, [], []),
    ),
    # Nothing is queued, so the coordinator's run sends nothing and needs no server.
    "notifications.deliver": (
        {COORDINATOR},
        lambda n, a: notifications.deliver(n.store, a, SmtpSettings("127.0.0.1", 1, "r@x.example")),
    ),
    "notifications.remind_from_store": (
        {COORDINATOR},
        lambda n, a: notifications.remind_from_store(n.store, a, TODAY),
    ),
    "notifications.remind_from_folder": (
        {COORDINATOR},
        lambda n, a: notifications.remind_from_folder(n.store, a, TODAY, n.folder / "none"),
    ),
    "notifications.outbox_status": (
        {COORDINATOR},
        lambda n, a: notifications.outbox_status(n.store, a),
    ),
    "accounts.change_password": (
        {COORDINATOR},
        lambda n, a: accounts.change_password(n.store, a, "nobody", "x"),
    ),
    "feed_tokens.issue": (
        {COORDINATOR, SELF},
        lambda n, a: feed_tokens.issue(n.store, a, "centre-b"),
    ),
    "feed_tokens.rotate": (
        {COORDINATOR, SELF},
        lambda n, a: feed_tokens.rotate(n.store, a, n.token),
    ),
    "feed_tokens.revoke": (
        {COORDINATOR, SELF},
        lambda n, a: feed_tokens.revoke(n.store, a, n.token),
    ),
    "feed_tokens.list_tokens": (
        {COORDINATOR, SELF},
        lambda n, a: feed_tokens.list_tokens(n.store, a, "centre-b"),
    ),
    "roster_access.centre_roster": (
        {COORDINATOR, SELF},
        lambda n, a: roster_access.centre_roster(n.store, a, n.rosters, "b"),
    ),
    # A centre only ever saves its own roster, so the other centre saves its own too.
    "roster_access.save_roster": ({SELF, OTHER}, save_roster),
}

# Public functions that act for no signed-in actor, and why each is safe without one.
NO_ACTOR = {
    # Reads inside the session of a use case that checked its actor (claims, personal feeds).
    "stored_staffing.seat_rows",
    "stored_staffing.occurrence_of",
    "stored_staffing.staffed_quarter",
    "stored_staffing.newest_staffing",
    "stored_staffing.stored_seats",
    "changes.centre_ids",  # the network's ids, which roles are checked against
    "changes.network",
    "changes.export_problems",  # checks a folder name before the store is opened
    "accounts.hash_password",
    "accounts.check_password",
    "accounts.needs_rehash",
    "accounts.password_problem",
    "accounts.role_problem",
    "accounts.create_account",  # the shell's bootstrap of the first coordinator
    "accounts.verify",  # signing in is how one becomes an actor
    "accounts.authorize",  # the dashboard's own role check
    "accounts.contact_problems",
    "accounts.account_view",  # a stored account as the use cases return it
    # Signing in opens a session and a session's token is the key to it, as a feed's is.
    "sessions.open_session",
    "sessions.resume",
    "sessions.end_session",
    # Called inside a use case's own transaction, which has checked its actor.
    "notifications.enqueue",
    "notifications.coordinators",
    "notifications.centre_staff",
    "notifications.responder_accounts",
    "notifications.tell_responders",
    "notifications.mail_settings",  # reads the environment, touches no store
    "feed_tokens.token_hash",
    "feed_tokens.resolve",  # the feed server: the token is the key
    "feed_tokens.own_feed",
    "feed_tokens.feed_url",  # an address from a secret the caller already holds
    "feed_tokens.webcal_url",
}


def public_functions() -> set[str]:
    return {
        f"{module.__name__.removeprefix('rota.app.')}.{name}"
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    }


def test_every_public_function_is_in_the_table_or_acts_for_no_one() -> None:
    assert public_functions() == set(TABLE) | NO_ACTOR
    declared = {name.removeprefix("rota.app.") for name in ALLOWED}
    assert declared == set(TABLE)


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    store = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    built = Network(store, tmp_path)
    changes.init_calendar(store, Actor("coordinator"), *built.paths)
    yield built
    store.close()


def passes(call: Call, n: Network, actor: Actor) -> bool:
    try:
        call(n, actor)
    except PermissionDenied:
        return False
    except Exception:  # refused for another reason: the role itself was let through
        return True
    return True


@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_exactly_the_allowed_actors_pass(network: Network, use_case: str) -> None:
    allowed, call = TABLE[use_case]
    # The refused first: an allowed call may change what the others would find.
    order = sorted(ACTORS, key=lambda a: a in allowed)
    let_through = {a for a in order if passes(call, network, Actor.parse(a))}
    assert let_through == allowed


def refusal(call: Callable[[int], Any], ident: int) -> str:
    """The refusal's message with the id asked for blanked out."""
    with pytest.raises(PermissionDenied) as raised:
        call(ident)
    return str(raised.value).replace(str(ident), "N")


def test_a_refusal_does_not_tell_whether_the_object_exists(network: Network) -> None:
    other = Actor("centre", "c")
    for call, existing in (
        (lambda ident: feed_tokens.rotate(network.store, other, ident), network.token),
        (lambda ident: feed_tokens.revoke(network.store, other, ident), network.token),
        (lambda ident: changes.show_proposal(network.store, other, ident), network.proposal),
        (lambda ident: changes.audit_log(network.store, other, ident), network.proposal),
    ):
        assert refusal(call, existing) == refusal(call, 999)


def test_ids_in_paths_are_checked_against_the_network(network: Network) -> None:
    with pytest.raises(changes.ChangeError, match="is not a centre of the network"):
        roster_access.centre_roster(
            network.store, Actor("coordinator"), network.rosters, "../../evil"
        )
    with pytest.raises(changes.ChangeError, match="is not a centre of the network"):
        roster_access.centre_roster(network.store, Actor("coordinator"), network.rosters, "zz")


@pytest.mark.parametrize(
    ("feed", "said"),
    [
        ("centre-atlantis", "'atlantis' is not a centre of three centres"),
        ("service-fax", "'fax' is not a service of three centres"),
        ("regional", "is not a feed the network publishes"),
        ("responder-", "is not a feed the network publishes"),
    ],
)
def test_tokens_are_issued_only_for_feeds_the_network_publishes(
    network: Network, feed: str, said: str
) -> None:
    with pytest.raises(changes.ChangeError, match=said):
        feed_tokens.issue(network.store, Actor("coordinator"), feed)


@pytest.mark.parametrize(
    "feed", ["national", "extra-shifts", "centre-a", "service-fi-phone", "responder-b-1"]
)
def test_every_published_feed_can_get_a_token(network: Network, feed: str) -> None:
    assert feed_tokens.issue(network.store, Actor("coordinator"), feed).token.feed == feed
