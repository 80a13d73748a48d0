"""Dashboard accounts: salted scrypt hashes, constant-time checks, roles as change-service actors,
the `rota accounts` command and the 0003_accounts migration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from typer.testing import CliRunner

from rota import accounts
from rota.accounts import AccountError, authorize, check_password, create_account, hash_password
from rota.changes import Actor, PermissionDenied
from rota.cli import app
from rota.store import Store, open_store
from rota.store.engine import alembic_config


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    yield opened
    opened.close()


def test_a_hash_is_salted_and_checks_only_the_right_password() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$") and "correct horse" not in first
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct horsE", first)
    assert not check_password("correct horse", "not a hash")


def test_verify_returns_the_account_only_for_the_right_password(store: Store) -> None:
    create_account(store, "Oulu", "correct horse", "centre:oulu")
    found = accounts.verify(store, "oulu", "correct horse")
    assert found is not None and found.username == "oulu"
    assert found.actor == Actor("centre", "oulu")
    assert accounts.verify(store, "oulu", "wrong horse") is None


def test_an_unknown_username_costs_the_same_password_check(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = accounts.check_password
    monkeypatch.setattr(accounts, "check_password", lambda p, s: checked.append(s) or real(p, s))
    assert accounts.verify(store, "nobody", "correct horse") is None
    assert len(checked) == 1 and checked[0].startswith("scrypt$")


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("Bad Name", "correct horse", "coordinator", "is not a username"),
        ("oulu", "short", "centre:oulu", "at least 8 characters"),
        ("oulu", "correct horse", "centre", "is not a role"),
        ("oulu", "correct horse", "centre:atlantis", "'atlantis' is not a centre"),
    ],
)
def test_bad_accounts_are_refused(
    store: Store, username: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(Exception, match=message):
        create_account(store, username, password, role, centres={"oulu", "turku"})


def test_a_username_is_taken_once(store: Store) -> None:
    create_account(store, "oulu", "correct horse", "centre:oulu")
    with pytest.raises(AccountError, match="taken"):
        create_account(store, "oulu", "another horse", "centre:turku")


def test_roles_map_onto_the_change_services_actors(store: Store) -> None:
    for username, role in (("c", "coordinator"), ("o", "centre:oulu"), ("r", "responder:r7")):
        assert create_account(store, username, "correct horse", role).actor == Actor.parse(role)


def test_only_the_coordinator_plans_and_lists_accounts(store: Store) -> None:
    authorize(Actor("coordinator"), "plan")
    for actor in (Actor("centre", "oulu"), Actor("responder", "r7")):
        with pytest.raises(PermissionDenied, match="may not plan"):
            authorize(actor, "plan")
        with pytest.raises(PermissionDenied, match="may not list accounts"):
            accounts.list_accounts(store, actor)


def test_rota_accounts_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    runner = CliRunner()
    args = ["accounts", "add", "oulu", "--role", "centre:oulu", "--password-stdin", "--db", url]
    result = runner.invoke(app, args, input="correct horse\n")
    assert result.exit_code == 0, result.output
    assert "acting as centre:oulu" in result.output
    again = runner.invoke(app, args, input="correct horse\n")
    assert again.exit_code == 2 and "taken" in again.output
    store = open_store(url)
    assert accounts.verify(store, "oulu", "correct horse") is not None
    store.close()


def test_the_accounts_migration_follows_feed_tokens(store: Store) -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_current_head() == "0003_accounts"
    assert scripts.get_revision("0003_accounts").down_revision == "0002_feed_tokens"
    columns = {c["name"] for c in inspect(store.engine).get_columns("accounts")}
    assert columns == {
        "id",
        "username",
        "password_hash",
        "role",
        "centre_id",
        "responder_id",
        "created_at",
    }
