"""The store as the interfaces see it: opened once with its URL and handed to every use case.
The interfaces never query it themselves; only the use cases do."""

from rota.store import Store, open_store
from rota.store.engine import DEFAULT_URL, ENV_URL, database_url

__all__ = ["DEFAULT_URL", "ENV_URL", "Store", "database_url", "open_store"]
