"""Sign-in that holds (issue 15): growing delays and locks per account and per address, kept in
the store; every outcome in the audit log, never the password; scrypt outside any write
transaction; and sign-out that leaves nothing of the last user behind."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from rota.app import accounts, changes
from rota.app.accounts import SignInLocked, create_account, verify
from rota.app.actors import Actor
from rota.store import Store, open_store
from rota.store import repository as repo
from rota.store.models import AuditEntry
from tests.change_network import TODAY, write_network

ROOT = Path(__file__).resolve().parents[2]
RIGHT, WRONG = "correct horse", "wrong horse!"


class Clock:
    """The store's clock, moved by hand so delays and locks pass without sleeping."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    ticking = Clock()
    monkeypatch.setattr(repo, "now", ticking)
    return ticking


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty store (tests/conftest.py) with Oulu's account in it."""
    create_account(store, "oulu", RIGHT, "centre:oulu", centres={"oulu"})
    return store


def guess(store: Store, password: str, username: str = "oulu", source: str | None = None) -> str:
    """'ok', 'wrong' or 'locked'."""
    try:
        found = verify(store, username, password, source)
    except SignInLocked:
        return "locked"
    return "wrong" if found is None else "ok"


def test_forty_wrong_passwords_lock_the_account_against_the_right_one(
    store: Store, clock: Clock
) -> None:
    outcomes = []
    for _ in range(40):
        outcomes.append(guess(store, WRONG))
        clock.advance(seconds=5)  # past every delay, and 200 s in all: inside the lock
    assert outcomes[:5] == ["wrong"] * 5 and set(outcomes[5:]) == {"locked"}
    assert guess(store, RIGHT) == "locked"
    clock.advance(minutes=5)
    assert guess(store, RIGHT) == "ok"


def test_each_failure_makes_the_next_attempt_wait_longer(store: Store, clock: Clock) -> None:
    assert guess(store, WRONG) == "wrong"
    assert guess(store, WRONG) == "wrong"  # a typo costs nothing
    for wait in (1, 2, 4):
        with pytest.raises(SignInLocked, match=f"try again in {wait} s"):
            verify(store, "oulu", RIGHT)
        clock.advance(seconds=wait)
        assert guess(store, WRONG) == "wrong"
    with pytest.raises(SignInLocked, match="try again in 300 s"):
        verify(store, "oulu", RIGHT)


def test_each_lock_in_a_row_lasts_twice_as_long(store: Store, clock: Clock) -> None:
    for lock in (5, 10, 20):
        for _ in range(5):
            clock.advance(seconds=10)
            assert guess(store, WRONG) == "wrong"
        clock.advance(minutes=lock, seconds=-1)
        assert guess(store, RIGHT) == "locked"
        clock.advance(seconds=1)
    assert guess(store, RIGHT) == "ok"
    for _ in range(5):
        clock.advance(seconds=10)
        guess(store, WRONG)
    clock.advance(minutes=5)  # a success started the count again
    assert guess(store, RIGHT) == "ok"


def test_failures_older_than_the_window_are_forgotten(store: Store, clock: Clock) -> None:
    for _ in range(4):
        clock.advance(seconds=10)
        assert guess(store, WRONG) == "wrong"
    clock.advance(minutes=16)
    assert guess(store, WRONG) == "wrong"
    clock.advance(seconds=10)
    assert guess(store, RIGHT) == "ok"


def test_an_unknown_username_locks_like_a_real_one(store: Store, clock: Clock) -> None:
    for name in ("oulu", "nobody"):
        outcomes = []
        for _ in range(6):
            clock.advance(seconds=10)
            outcomes.append(guess(store, WRONG, name))
        assert outcomes == ["wrong"] * 5 + ["locked"], name


def test_one_address_guessing_many_accounts_is_locked_too(store: Store, clock: Clock) -> None:
    for i in range(20):
        clock.advance(seconds=31)  # past the longest delay: 10 min in all, inside the window
        assert guess(store, WRONG, f"user{i}", source="203.0.113.9") == "wrong"
    assert guess(store, RIGHT, source="203.0.113.9") == "locked"
    assert guess(store, RIGHT, source="198.51.100.4") == "ok"


def test_the_count_is_shared_by_every_process_on_the_store(
    store: Store, clock: Clock, tmp_path: Path
) -> None:
    other = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    try:
        for i in range(5):
            clock.advance(seconds=10)
            guess(store if i % 2 else other, WRONG)
        assert guess(other, RIGHT) == "locked"
    finally:
        other.close()


def test_every_sign_in_is_audited_without_the_password(store: Store, clock: Clock) -> None:
    guess(store, WRONG, source="203.0.113.9")
    guess(store, RIGHT, source="203.0.113.9")
    guess(store, WRONG, "nobody")
    for _ in range(6):
        clock.advance(seconds=10)
        guess(store, WRONG)
    with store.reading() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.actor.like("sign-in%"))))
    logged = [(e.actor, e.action, e.message) for e in entries]
    assert logged[:3] == [
        ("sign-in:oulu", "sign-in-failed", "sign-in failed from 203.0.113.9: wrong password"),
        ("sign-in:oulu", "sign-in", "signed in from 203.0.113.9"),
        ("sign-in:nobody", "sign-in-failed", "sign-in failed: unknown username"),
    ]
    assert logged[-1] == ("sign-in:oulu", "sign-in-refused", "sign-in refused: locked")
    assert not any(RIGHT in repr(e.__dict__) or WRONG in repr(e.__dict__) for e in entries)


def test_a_disabled_account_cannot_sign_in(store: Store) -> None:
    accounts.set_disabled(store, Actor("coordinator"), "oulu")
    assert guess(store, RIGHT) == "wrong"


def test_the_password_is_hashed_outside_any_write_transaction(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writable: list[bool] = []
    real = accounts.check_password

    def while_hashing(password: str, stored: str) -> bool:
        # Another writer gets the write lock at once while the hash runs.
        probe = sqlite3.connect(tmp_path / "rota.db", timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            writable.append(True)
        except sqlite3.OperationalError:
            writable.append(False)
        finally:
            probe.close()
        return real(password, stored)

    monkeypatch.setattr(accounts, "check_password", while_hashing)
    assert verify(store, "oulu", RIGHT) is not None
    assert writable == [True]


# --- the dashboard ---------------------------------------------------------------------------


@pytest.fixture
def dashboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'ui.db'}"
    monkeypatch.setenv("ROTA_DATABASE_URL", url)
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_FEED_BASE_URL", "https://rota.example.fi")
    monkeypatch.chdir(tmp_path)
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    opened = open_store(url)
    changes.init_calendar(opened, Actor("coordinator"), scenario, plan_dir)
    create_account(opened, "anna", RIGHT, "responder:r1")
    create_account(opened, "bert", "battery staple", "responder:r2")
    yield opened
    opened.close()


def sign_in(at: AppTest, username: str, password: str) -> None:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()


def test_signing_out_leaves_nothing_for_the_next_person(dashboard: Store) -> None:
    at = AppTest.from_file(str(ROOT / "ui" / "streamlit_app.py"), default_timeout=60).run()
    sign_in(at, "anna", RIGHT)
    make_link = next(b for b in at.button if b.label == "Luo tilauslinkki")
    make_link.click().run()
    secret_url = at.session_state["subscribe_url"]
    assert secret_url.startswith("https://rota.example.fi/feeds/")
    next(b for b in at.sidebar.button if b.label == "Kirjaudu ulos").click().run()
    assert not at.exception
    assert "subscribe_url" not in at.session_state and "account" not in at.session_state
    sign_in(at, "bert", "battery staple")
    assert at.session_state["account"].username == "bert"
    shown = "\n".join(str(e.value) for e in at.markdown)
    assert secret_url not in shown and "/feeds/" not in shown
