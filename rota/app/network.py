"""The network as the store keeps it: each calendar version and each plan names the scenario
file it was made under, kept verbatim (so YAML out is byte for byte the YAML that went in), and
read back with the same loader as a file, so its checks and messages are the same."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from rota.app.actors import Actor, allowed
from rota.domain.errors import ChangeError, Conflict, InputError, NotFound
from rota.domain.scenario import Scenario
from rota.io.scenario_file import load_scenario, marked_assumptions
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import AssumptionConfirmation


@lru_cache(maxsize=8)
def stored_scenario(text: str, source: str) -> Scenario:
    """The stored scenario file `text` (read from `source`) as a Scenario."""
    try:
        return _loaded(text, source)
    except InputError as error:
        raise ChangeError(f"the stored scenario no longer loads: {error.problems[0]}") from None


def _loaded(text: str, source: str) -> Scenario:
    """`text` read as the scenario file `source`: InputError lists every problem."""
    with tempfile.TemporaryDirectory() as folder:
        name = Path(source).name or f"{hashlib.sha256(text.encode()).hexdigest()[:8]}.yaml"
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return load_scenario(path)


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


# --- the values the network marks as assumptions ----------------------------------------------


@dataclass(frozen=True)
class AssumptionView:
    """A value of the network in force marked as an assumption, and its confirmation if the
    coordinator confirmed it as it is written now."""

    key: str
    owner: str
    owner_name: str
    field: str
    value: str
    note: str
    confirmed_by: str | None
    confirmed_at: dt.datetime | None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@allowed("coordinator", doing="read the network")
def assumptions(store: Store, actor: Actor) -> list[AssumptionView]:
    """Every value the network in force marks `# ASSUMPTION`, confirmed or not; a value stays
    unconfirmed until the coordinator confirms it as written (a changed value needs it again)."""
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        text, source = current.scenario.text, current.scenario.source
        confirmations = {
            (c.key, c.value): c for c in session.scalars(select(AssumptionConfirmation))
        }
    scenario = stored_scenario(text, source)
    names = {c.id: c.name for c in scenario.centres} | {s.id: s.name for s in scenario.services}
    out = []
    for marked in marked_assumptions(text):
        found = confirmations.get((marked.key, marked.value))
        out.append(
            AssumptionView(
                marked.key,
                marked.owner,
                names.get(marked.owner, marked.owner),
                marked.field,
                marked.value,
                marked.note,
                found.confirmed_by if found else None,
                found.confirmed_at if found else None,
            )
        )
    return out


@allowed("coordinator", doing="confirm an assumption")
def confirm_assumption(store: Store, actor: Actor, key: str) -> None:
    """Confirm the assumed value `key` of the network in force, as it is written now."""
    marked = {a.key: a for a in assumptions(store, actor)}
    if key not in marked:
        raise NotFound(f"the network in force marks no value '{key}' as an assumption")
    found = marked[key]
    if found.confirmed:
        raise Conflict(f"'{key}' is already confirmed as {found.value or 'written'}")
    with store.transaction() as session:
        session.add(
            AssumptionConfirmation(
                key=key, value=found.value, confirmed_by=str(actor), confirmed_at=repo.now()
            )
        )
        repo.audit(
            session,
            str(actor),
            "assumption",
            f"assumed value {key} confirmed as {found.value or 'written'}",
            after={"key": key, "value": found.value},
        )


# --- a network imported as a new version ---------------------------------------------------


@dataclass(frozen=True)
class NetworkDiff:
    """What importing a scenario file would change against the network in force."""

    name: str
    lines: list[str]
    """The unified diff of the two files."""
    centres_added: list[str]
    centres_removed: list[str]
    services_added: list[str]
    services_removed: list[str]
    problems: list[str]
    """Why it cannot be imported; empty when it can."""

    @property
    def same(self) -> bool:
        return not self.lines


@allowed("coordinator", doing="import a network")
def compare_network(store: Store, actor: Actor, text: str, source: str) -> NetworkDiff:
    """The file `text` against the network in force: its problems first (it must load, and
    keep every centre and service the calendar in force names), then what it changes."""
    with store.transaction() as session:
        current = repo.current_version(session)
        if current is None:
            raise NotFound("no calendar yet; import one with `rota calendar import`")
        old_text, old_source = current.scenario.text, current.scenario.source
        calendar = repo.version_of(current)
    old = stored_scenario(old_text, old_source)
    try:
        new = _loaded(text, source)
    except InputError as error:
        return NetworkDiff("", [], [], [], [], [], list(error.problems))
    used_centres = {s.centre for s in calendar.standing} | {d.centre for d in calendar.dated}
    used_services = {s.service for s in calendar.standing} | {d.service for d in calendar.dated}
    problems = [
        f"the calendar in force has duties of centre {c}, which {source} lacks; keep the centre"
        for c in sorted(used_centres - set(new.centres_by_id))
    ] + [
        f"the calendar in force staffs service {s}, which {source} lacks; keep the service"
        for s in sorted(used_services - set(new.services_by_id))
    ]
    diff = difflib.unified_diff(
        old_text.splitlines(), text.splitlines(), "in force", source, lineterm=""
    )
    old_centres, new_centres = set(old.centres_by_id), set(new.centres_by_id)
    old_services, new_services = set(old.services_by_id), set(new.services_by_id)
    return NetworkDiff(
        new.name,
        list(diff),
        sorted(new_centres - old_centres),
        sorted(old_centres - new_centres),
        sorted(new_services - old_services),
        sorted(old_services - new_services),
        problems,
    )


@allowed("coordinator", doing="import a network")
def import_network(store: Store, actor: Actor, text: str, source: str) -> int:
    """Put the scenario file `text` in force as the network of a new calendar version (the
    calendar itself unchanged); returns the version's number."""
    diff = compare_network(store, actor, text, source)
    if diff.problems:
        raise InputError(diff.problems)
    if diff.same:
        raise Conflict(f"{source} is the network in force already; nothing to import")
    with store.transaction() as session:
        current = repo.current_version(session)
        assert current is not None  # compare_network found it
        record = repo.save_scenario(session, diff.name, source, text)
        number = current.number + 1
        repo.add_version(
            session,
            number,
            record,
            repo.version_of(current),
            valid_from=None,
            source=f"network {source}",
            created_by=str(actor),
        )
        repo.audit(
            session,
            str(actor),
            "network",
            f"network {source} imported as the network of calendar version {number}",
            version_number=number,
            after={"source": source, "digest": record.digest},
        )
        return number
