"""The persistent store for proposals, decisions, calendar versions and the audit log.

SQLite is the embedded default (`data/rota.db`); PostgreSQL by URL. Opening a store brings its
schema up to date with the Alembic migrations, so a fresh file or database is ready at once.
"""

from rota.store.engine import DEFAULT_URL, Store, database_url, open_store

__all__ = ["DEFAULT_URL", "Store", "database_url", "open_store"]
