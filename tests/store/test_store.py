"""The store itself: migrations on open, SQLite settings, unique version numbers, decided-once
proposals, timezone-aware times, and the URL rules."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from rota.domain.calendar import Period
from rota.domain.plan import StandingShift
from rota.domain.proposals import CalendarVersion
from rota.store import Store, database_url, open_store
from rota.store import repository as repo
from rota.store.engine import alembic_config
from rota.store.models import Base

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "alembic_version",
    "audit_log",
    "calendar_versions",
    "dated_duties",
    "decisions",
    "plans",
    "proposals",
    "scenarios",
    "standing_shifts",
}


def calendar() -> CalendarVersion:
    shift = StandingShift("a", "fi-phone", 0, 0, 480)
    return CalendarVersion(0, [shift], [], Period(dt.date(2027, 1, 1), dt.date(2027, 4, 1)))


def test_opening_a_fresh_database_migrates_it_to_the_newest_schema(store: Store) -> None:
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_the_migrations_make_exactly_the_tables_the_models_describe(store: Store) -> None:
    """A model column without a migration (or the reverse) would work in tests that create
    tables from the migrations only until someone reads that column."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_opening_it_again_keeps_what_is_there(store: Store, store_url: str) -> None:
    with store.transaction() as session:
        repo.audit(session, "coordinator", "import", "kept")
    again = open_store(store_url)
    with again.transaction() as session:
        assert [e.message for e in repo.audit_entries(session)] == ["kept"]
    again.close()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 60_000
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_two_versions_cannot_take_the_same_number(store: Store) -> None:
    with store.transaction() as session:
        scenario = repo.save_scenario(session, "net", "net.yaml", "name: net\n")
        repo.add_version(session, 1, scenario, calendar(), None, "import", "coordinator")
    with pytest.raises(IntegrityError), store.transaction() as session:
        scenario = repo.save_scenario(session, "net", "net.yaml", "name: net\n")
        repo.add_version(session, 1, scenario, calendar(), None, "import", "coordinator")
    with store.transaction() as session:
        assert repo.current_number(session) == 1
        [version] = repo.list_versions(session)
        assert repo.version_of(version).standing == calendar().standing


def test_a_proposal_is_closed_once(store: Store) -> None:
    with store.transaction() as session:
        record = repo.add_proposal(
            session,
            centre="a",
            kind="add",
            before=None,
            after={"service": "fi-phone"},
            effective=dt.date(2027, 2, 1),
            reason="r",
            base_version=1,
            impact=None,
            submitted_by="centre:a",
            submitted_on=dt.date(2026, 12, 1),
        )
        ident = record.id
    with store.transaction() as session:
        assert repo.close_proposal(session, ident, "approved")
        assert not repo.close_proposal(session, ident, "rejected")
    with store.transaction() as session:
        found = repo.get_proposal(session, ident)
        assert found is not None and found.status == "approved"
        assert found.after == {"service": "fi-phone"}
        assert found.submitted_at.tzinfo is not None


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        repo.audit(session, "coordinator", "import", "rolled back")
        raise RuntimeError("crash before commit")
    with store.transaction() as session:
        assert repo.audit_entries(session) == []


def test_times_come_back_timezone_aware_in_utc(store: Store) -> None:
    with store.transaction() as session:
        entry = repo.audit(session, "coordinator", "import", "t")
        ident = entry.id
    with store.transaction() as session:
        [found] = repo.audit_entries(session)
        assert found.id == ident
        assert found.at.utcoffset() == dt.timedelta(0)
        assert abs(found.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_the_database_url_comes_from_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ROTA_DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///data/rota.db"
    monkeypatch.setenv("ROTA_DATABASE_URL", "sqlite:////srv/rota.db")
    assert database_url() == "sqlite:////srv/rota.db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_alembic_migrates_from_the_repository_by_hand(tmp_path: Path) -> None:
    target = tmp_path / "by-hand.db"
    env = {**os.environ, "ROTA_DATABASE_URL": f"sqlite:///{target}", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True
    )
    store = open_store(f"sqlite:///{target}", migrate=False)
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    store.close()
