"""The coordinator's network (rota.app.network): values marked as assumptions stay listed until
confirmed as written; a scenario file is imported as a new version after its diff is seen.
The store holds the network of tests/closure_network.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from rota.app import changes
from rota.app.actors import Actor
from rota.app.network import (
    assumptions,
    compare_network,
    confirm_assumption,
    import_network,
    network_scenario,
    network_yaml,
)
from rota.domain.errors import Conflict, InputError, NotFound, PermissionDenied
from rota.store import Store
from tests.closure_network import load_closure_network

COORDINATOR = Actor("coordinator")


@pytest.fixture
def closure_store(store: Store, tmp_path: Path) -> Store:
    load_closure_network(store, tmp_path / "net")
    return store


def marked(text: str, line: str, note: str) -> str:
    """The file with `line` (e.g. '    weekly_hours:') marked as an assumption."""
    assert text.count(line) >= 1
    return text.replace(line, f"{line}  # ASSUMPTION {note}", 1)


def test_an_imported_network_shows_its_diff_and_becomes_a_new_version(
    closure_store: Store,
) -> None:
    text = network_yaml(closure_store, COORDINATOR)
    edited = text.replace("name: three centres", "name: three centres and two", 1)
    diff = compare_network(closure_store, COORDINATOR, edited, "network.yaml")
    assert diff.problems == [] and not diff.same
    assert "-name: three centres" in diff.lines and "+name: three centres and two" in diff.lines
    assert import_network(closure_store, COORDINATOR, edited, "network.yaml") == 2
    assert network_scenario(closure_store, COORDINATOR).name == "three centres and two"
    with pytest.raises(Conflict, match="is the network in force already"):
        import_network(closure_store, COORDINATOR, edited, "network.yaml")
    (entry,) = [e for e in changes.audit_log(closure_store, COORDINATOR) if e.action == "network"]
    assert entry.message == "network network.yaml imported as the network of calendar version 2"


def test_a_network_that_drops_a_staffed_centre_or_does_not_load_is_refused(
    closure_store: Store,
) -> None:
    text = network_yaml(closure_store, COORDINATOR)
    without_vaasa = text[: text.index("- id: vaasa")].rstrip() + "\n"
    diff = compare_network(closure_store, COORDINATOR, without_vaasa, "less.yaml")
    assert diff.problems == [
        "the calendar in force has duties of centre vaasa, which less.yaml lacks; keep the centre"
    ]
    with pytest.raises(InputError):
        import_network(closure_store, COORDINATOR, without_vaasa, "less.yaml")
    broken = compare_network(closure_store, COORDINATOR, "name: x\n", "broken.yaml")
    assert broken.problems and all("broken.yaml" in p for p in broken.problems)
    with pytest.raises(PermissionDenied, match="may not import a network"):
        compare_network(closure_store, Actor("centre", "vaasa"), text, "x.yaml")


def test_an_assumed_value_stays_listed_until_confirmed_as_written(closure_store: Store) -> None:
    text = network_yaml(closure_store, COORDINATOR)
    first = marked(text, "- id: vaasa\n  name: Vaasa", "(name from the seeds' list)")
    import_network(closure_store, COORDINATOR, first, "marked.yaml")
    (found,) = assumptions(closure_store, COORDINATOR)
    assert (found.key, found.owner_name, found.field, found.value) == (
        "vaasa.name",
        "Vaasa",
        "name",
        "Vaasa",
    )
    assert found.note == "(name from the seeds' list)" and not found.confirmed
    confirm_assumption(closure_store, COORDINATOR, "vaasa.name")
    (found,) = assumptions(closure_store, COORDINATOR)
    assert found.confirmed and found.confirmed_by == "coordinator"
    with pytest.raises(Conflict, match="already confirmed"):
        confirm_assumption(closure_store, COORDINATOR, "vaasa.name")
    with pytest.raises(NotFound, match=r"marks no value 'vaasa\.lines'"):
        confirm_assumption(closure_store, COORDINATOR, "vaasa.lines")
    with pytest.raises(PermissionDenied, match="may not confirm an assumption"):
        confirm_assumption(closure_store, Actor("centre", "vaasa"), "vaasa.name")
    # A new value is a new assumption: listed as unconfirmed again.
    renamed = first.replace("name: Vaasa  #", "name: Vasa  #", 1)
    import_network(closure_store, COORDINATOR, renamed, "renamed.yaml")
    (found,) = assumptions(closure_store, COORDINATOR)
    assert (found.value, found.confirmed) == ("Vasa", False)
