"""The network as the store keeps it: each calendar version and each plan names the scenario
file it was made under, kept verbatim (so YAML out is byte for byte the YAML that went in), and
read back with the same loader as a file, so its checks and messages are the same."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rota.app.actors import Actor, allowed
from rota.domain.errors import ChangeError, InputError, NotFound
from rota.domain.scenario import Scenario
from rota.io.scenario_file import load_scenario
from rota.store import Store
from rota.store import repository as repo


@lru_cache(maxsize=8)
def stored_scenario(text: str, source: str) -> Scenario:
    """The stored scenario file `text` (read from `source`) as a Scenario."""
    with tempfile.TemporaryDirectory() as folder:
        name = Path(source).name or f"{hashlib.sha256(text.encode()).hexdigest()[:8]}.yaml"
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            return load_scenario(path)
        except InputError as error:
            raise ChangeError(f"the stored scenario no longer loads: {error.problems[0]}") from None


@allowed("coordinator", doing="export the network")
def network_yaml(store: Store, actor: Actor, version: int | None = None) -> str:
    """The scenario file a calendar version (default: the one in force) was made under, as it
    was read in: the network is versioned with the calendar."""
    with store.transaction() as session:
        record = repo.get_version(session, version) if version else repo.current_version(session)
        if record is None:
            raise NotFound(f"no calendar version {version or ''}".strip())
        return record.scenario.text


@allowed("coordinator", doing="read the network")
def network_scenario(store: Store, actor: Actor, version: int | None = None) -> Scenario:
    """The network a calendar version (default: the one in force) is under, loaded: what the
    next plan is made under, approved closures and agreement changes included."""
    with store.transaction() as session:
        record = repo.get_version(session, version) if version else repo.current_version(session)
        if record is None:
            raise NotFound(f"no calendar version {version or ''}".strip())
        text, source = record.scenario.text, record.scenario.source
    return stored_scenario(text, source)


@dataclass(frozen=True)
class NetworkVersion:
    """A network the store holds: the first calendar version made under it, and where it
    came from (an import, an approved closure, a publication)."""

    version: int
    name: str
    source: str
    created_at: dt.datetime
    digest: str


@allowed("coordinator", doing="read the network")
def network_versions(store: Store, actor: Actor) -> list[NetworkVersion]:
    """Every network the calendar has been under, newest first; the first is in force."""
    seen: dict[int, NetworkVersion] = {}
    with store.transaction() as session:
        for record in repo.list_versions(session):
            if record.scenario_id not in seen:
                seen[record.scenario_id] = NetworkVersion(
                    record.number,
                    record.scenario.name,
                    record.source,
                    record.created_at,
                    record.scenario.digest,
                )
        newest = repo.current_version(session)
        current = newest.scenario_id if newest is not None else None
    ordered = sorted(seen.items(), key=lambda item: item[1].version, reverse=True)
    # The network in force first, even when an older calendar version went back to it.
    return [v for k, v in ordered if k == current] + [v for k, v in ordered if k != current]
