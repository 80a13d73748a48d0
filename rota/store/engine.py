"""Engines, transactions and migrations.

Every write is one transaction. On SQLite the file runs in WAL mode with a busy timeout and each
transaction begins IMMEDIATE, taking the write lock up front: a deferred transaction that reads
and then writes fails at once with "database is locked" when another writer got there first,
whatever the timeout; an immediate one waits its turn. `synchronous=FULL` makes a commit durable
once acknowledged, also across a power cut.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rota.domain.errors import InputError

ENV_URL = "ROTA_DATABASE_URL"
DEFAULT_URL = "sqlite:///data/rota.db"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 60_000
WRITE_LOCK = 7290413  # PostgreSQL advisory-lock key for writers and migrations
READ_ONLY = "rota_read_only"  # execution option: begin without taking the write lock


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $ROTA_DATABASE_URL, else data/rota.db. A bare
    postgresql:// URL gets the psycopg 3 driver (SQLAlchemy would otherwise want psycopg2)."""
    url = url or os.environ.get(ENV_URL) or DEFAULT_URL
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Store:
    """A database with an up-to-date schema, and the one way to write to it: `transaction()`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on leaving, rolled back on any error."""
        with self._sessions() as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                # Serialise writers the way SQLite's write lock does, so the optimistic version
                # check and the insert of the next version see the same state.
                session.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only: takes neither SQLite's write lock nor the advisory lock,
        so a reader (the feed server) never waits for a writer; WAL gives it a snapshot."""
        with self.engine.connect() as connection:
            connection.execution_options(**{READ_ONLY: True})
            with Session(connection) as session:
                yield session  # closing the session ends the transaction, writing nothing

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, migrate: bool = True) -> Store:
    """Open (and create) the store at `url`, applying any pending migration. A URL that is
    malformed or names a database that cannot be opened is an InputError of one line."""
    source = "--db" if url else ENV_URL if os.environ.get(ENV_URL) else "database"
    url = database_url(url)
    example = "write sqlite:///path/to/rota.db or postgresql://user:password@host/db"
    try:
        engine = _engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as error:
        raise InputError(
            [f"{source}: '{_masked(url)}' is not a database URL ({_first_line(error)}); {example}"]
        ) from None
    except OSError as error:
        raise InputError(
            [f"{source}: '{_masked(url)}': its folder cannot be made ({error.strerror}); {example}"]
        ) from None
    except _NoFolder as error:
        raise InputError(
            [
                f"{source}: '{_masked(url)}': the folder {error} does not exist; create it, or "
                "check the path"
            ]
        ) from None
    except _InMemory:
        raise InputError(
            [f"{source}: '{_masked(url)}' is a database in memory, kept nowhere; {example}"]
        ) from None
    try:
        if migrate:
            upgrade(engine)
    except (SQLAlchemyError, OSError, ValueError) as error:
        engine.dispose()
        reason = _first_line(getattr(error, "orig", None) or error)
        raise InputError(
            [
                f"{source}: cannot open the database at '{_masked(url)}' ({reason}); check the "
                "path, host, user and password"
            ]
        ) from None
    return Store(engine)


def _masked(url: str) -> str:
    """The URL as it may be shown: never its password."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class _NoFolder(Exception):
    """A SQLite file named in a folder that does not exist (a mistyped path, most likely)."""


class _InMemory(Exception):
    """A SQLite database in memory: every command would start from an empty store."""


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if not parsed.database or parsed.database == ":memory:":
        raise _InMemory
    folder = Path(parsed.database).parent
    if url == DEFAULT_URL:
        folder.mkdir(parents=True, exist_ok=True)  # the default store's folder comes with it
    elif not folder.is_dir():
        # A given URL's folder is not made: a typo would otherwise be a new, empty store.
        raise _NoFolder(folder)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the sqlite3 module, decide how transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
