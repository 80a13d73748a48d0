"""Alembic environment: migrates the connection `open_store` hands over, or, run as
`alembic upgrade head` from the repository, the database of $ROTA_DATABASE_URL or data/rota.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from rota.store.engine import WRITE_LOCK, _engine, database_url
from rota.store.models import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening a fresh database at once: one migrates, the other waits.
            connection.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = _engine(database_url(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as own:
        run(own)
        own.commit()
