"""Dashboard sessions (issue 20): a session opened at sign-in resumes from its cookie token until
it expires, is signed out, or its account loses the right to sign in; the store keeps only the
token's hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from rota.app import accounts, sessions
from rota.app.accounts import create_account
from rota.app.actors import Actor
from rota.store import Store
from rota.store.models import AuditEntry, DashboardSession

COORDINATOR = Actor("coordinator")
PASSWORD = "correct horse"


def _signed_in(store: Store, username: str = "oulu") -> str:
    create_account(store, username, PASSWORD, "centre:oulu", centres={"oulu"})
    found = accounts.verify(store, username, PASSWORD)
    assert found is not None
    return sessions.open_session(store, found)


def test_a_session_resumes_as_its_account_and_the_store_keeps_only_a_hash(store: Store) -> None:
    token = _signed_in(store)
    resumed = sessions.resume(store, token)
    assert resumed is not None and resumed.actor == Actor("centre", "oulu")
    with store.transaction() as session:
        kept = session.scalars(select(DashboardSession.token_hash)).all()
    assert len(kept) == 1 and token not in kept[0]
    assert sessions.resume(store, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert sessions.resume(store, "") is None
    assert sessions.resume(store, "x" * 10_000) is None


def test_a_session_expires_after_a_working_day(store: Store) -> None:
    token = _signed_in(store)
    now = dt.datetime.now(dt.UTC)
    assert sessions.resume(store, token, now + sessions.LIFETIME - dt.timedelta(minutes=1))
    assert sessions.resume(store, token, now + sessions.LIFETIME + dt.timedelta(minutes=1)) is None


def test_signing_out_ends_the_session_everywhere_and_is_audited(store: Store) -> None:
    token = _signed_in(store)
    other = sessions.open_session(store, accounts.list_accounts(store, COORDINATOR)[0])
    sessions.end_session(store, token)
    assert sessions.resume(store, token) is None
    assert sessions.resume(store, other) is not None  # another browser stays signed in
    with store.transaction() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "sign-out" in actions


def test_a_changed_password_or_a_disabled_account_ends_its_sessions(store: Store) -> None:
    token = _signed_in(store)
    accounts.change_password(store, COORDINATOR, "oulu", "battery staple 2")
    assert sessions.resume(store, token) is None
    fresh = sessions.open_session(store, accounts.list_accounts(store, COORDINATOR)[0])
    accounts.set_disabled(store, COORDINATOR, "oulu")
    assert sessions.resume(store, fresh) is None
    accounts.set_disabled(store, COORDINATOR, "oulu", disabled=False)
    assert sessions.resume(store, fresh) is None  # enabling again does not revive it


def test_a_removed_account_takes_its_sessions_with_it(store: Store) -> None:
    token = _signed_in(store)
    accounts.remove_account(store, COORDINATOR, "oulu")
    assert sessions.resume(store, token) is None
    with store.transaction() as session:
        assert session.scalars(select(DashboardSession)).all() == []
