"""A centre's roster edited as a table (issue 8): checked by `load_roster`'s rules, written
atomically in the file's own format, and only by the centre itself; the coordinator reads it
without display names."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from rota.app import changes
from rota.app.actors import Actor
from rota.app.roster_access import centre_roster, save_roster
from rota.domain.errors import InputError, PermissionDenied
from rota.domain.scenario import Scenario
from rota.io import roster_file as responders
from rota.io.roster_file import (
    COLUMNS,
    load_roster,
    roster_file,
    roster_table,
    save_centre_roster,
)
from rota.store import Store
from tests.builders import FI_PHONE, SV_PHONE, centre, scenario

HEADER = ",".join(COLUMNS)
NORTH = [
    "n-001,Responder n-001,north,volunteer,fi,fi-phone,mon-fri 16:00-22:00,,8,24,,",
    "n-002,Responder n-002,north,staff,fi; sv,fi-phone; sv-phone,,,30,300,,",
]
SOUTH = ["s-001,Responder s-001,south,staff,fi,fi-phone,,,30,300,,"]


def network() -> Scenario:
    north = centre("north", languages=("fi", "sv"), services=("fi-phone", "sv-phone"))
    return scenario([north, centre("south")], services=[FI_PHONE, SV_PHONE])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A roster folder with north's and south's files."""
    roster = tmp_path / "roster"
    roster.mkdir()
    for name, rows in (("north", NORTH), ("south", SOUTH)):
        (roster / f"{name}.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return roster


def north_table(folder: Path) -> pd.DataFrame:
    return roster_table(folder / "north.csv")


def row(ident: str, centre: str = "north") -> list[str]:
    """A valid roster row as the editor holds it: text cells in COLUMNS order."""
    cells = {"id": ident, "name": f"Responder {ident}", "centre": centre, "role": "staff"}
    cells |= {"languages": "fi", "services": "fi-phone", "max_hours_week": "10"}
    cells["max_hours_quarter"] = "90"
    return [cells.get(column, "") for column in COLUMNS]


# --- reading the table -------------------------------------------------------------------------


def test_the_table_has_every_column_and_rows_numbered_as_in_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    path.write_text("id,name,centre\nn-001,Responder n-001,north\n", encoding="utf-8")
    table = roster_table(path)
    assert list(table.columns) == list(COLUMNS)
    assert list(table.index) == [2]
    assert table.loc[2, "name"] == "Responder n-001" and table.loc[2, "role"] == ""


def test_a_centre_without_a_file_gets_an_empty_table_and_a_new_csv(tmp_path: Path) -> None:
    assert roster_file(tmp_path, "north") == tmp_path / "north.csv"
    assert roster_table(tmp_path / "north.csv").empty
    (tmp_path / "north.xlsx").touch()
    assert roster_file(tmp_path, "north") == tmp_path / "north.xlsx"
    (tmp_path / "north.csv").touch()
    with pytest.raises(InputError, match=r"both north\.csv and north\.xlsx exist; keep one"):
        roster_file(tmp_path, "north")


def test_a_file_with_an_unknown_column_is_not_opened_for_editing(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    path.write_text("id,name,phone\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        roster_table(path)
    assert caught.value.problems == [
        f"{path}: row 1, column phone: unknown column; remove it or rename it to one of: "
        + ", ".join(COLUMNS)
    ]


# --- checking an edited table -------------------------------------------------------------------


def test_an_edited_table_gives_one_line_per_problem_and_writes_nothing(folder: Path) -> None:
    path = folder / "north.csv"
    before = path.read_bytes()
    table = north_table(folder)
    table.loc[2, "role"] = "manager"
    table.loc[2, "max_hours_week"] = "eight"
    table.loc[3, "services"] = "fi-phone; chat"
    table.loc[4] = row("n-001")
    table.loc[5] = row("s-001", centre="")
    table.loc[6] = [None] * len(COLUMNS)  # a row added in the editor and left empty
    with pytest.raises(InputError) as caught:
        save_centre_roster(folder, "north", table, network())
    assert caught.value.problems == [
        f"{path}: row 2, column role: Input should be 'staff', 'volunteer' or 'student'; "
        "got 'manager'",
        f"{path}: row 2, column max_hours_week: Input should be a valid number, unable to parse "
        "string as a number; got 'eight'",
        f"{path}: row 3, column services: north does not staff 'chat'; use some of: fi-phone, "
        "sv-phone",
        f"{path}: row 5, column id: 's-001' is used twice (also {folder / 'south.csv'}: row 2); "
        "give each responder a unique id",
    ]
    assert path.read_bytes() == before
    # Row 4 repeats n-001, but row 2 (n-001) was refused above: only a valid first use counts,
    # as in load_roster. Fixing row 2 brings that duplicate to light.
    table.loc[2, ["role", "max_hours_week"]] = ["staff", "8"]
    table.loc[3, "services"] = "fi-phone"
    table.loc[5, "id"] = "n-005"
    with pytest.raises(InputError) as caught:
        save_centre_roster(folder, "north", table, network())
    assert caught.value.problems == [
        f"{path}: row 4, column id: 'n-001' is used twice (also {path}: row 2); give each "
        "responder a unique id",
    ]
    assert path.read_bytes() == before


def test_a_row_for_another_centre_is_refused(folder: Path) -> None:
    path = folder / "north.csv"
    before = path.read_bytes()
    table = north_table(folder)
    table.loc[2, "centre"] = "south"
    with pytest.raises(InputError) as caught:
        save_centre_roster(folder, "north", table, network())
    assert caught.value.problems == [
        f"{path}: row 2, column centre: 'south' is another centre; north's roster holds only "
        "north's own responders"
    ]
    assert path.read_bytes() == before


# --- saving ------------------------------------------------------------------------------------


def test_a_save_replaces_the_file_atomically_and_reloads_equal(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "north.csv"
    table = north_table(folder)
    table.loc[2, "max_hours_week"] = "12"
    table = table.drop(index=3)
    table.loc[4] = row("n-003", centre="")  # an empty centre is the centre's own
    moves: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        moves.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(responders.os, "replace", replace)
    saved = save_centre_roster(folder, "north", table, network())
    # Written beside the file under a name the roster folder skips, then moved over it.
    ((temporary, target),) = moves
    assert target == path and temporary.parent == folder and temporary.suffix == ".tmp"
    assert sorted(p.name for p in folder.iterdir()) == ["north.csv", "south.csv"]
    reloaded = load_roster(path, network()).responders
    assert reloaded == saved
    assert [(r.id, r.centre, r.max_hours_week) for r in reloaded] == [
        ("n-001", "north", 12),
        ("n-003", "north", 10),
    ]
    assert [r.id for r in load_roster(folder, network()).responders] == ["n-001", "n-003", "s-001"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "north.csv"
    before = path.read_bytes()

    def replace(source: str | Path, target: str | Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(responders.os, "replace", replace)
    with pytest.raises(OSError, match="disk full"):
        save_centre_roster(folder, "north", north_table(folder), network())
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["north.csv", "south.csv"]


def test_an_excel_roster_stays_excel(folder: Path) -> None:
    (folder / "north.csv").unlink()
    path = folder / "north.xlsx"
    pd.DataFrame([row("n-001")], columns=list(COLUMNS)).to_excel(path, index=False)
    table = roster_table(path)
    table.loc[2, "name"] = "Renamed"
    save_centre_roster(folder, "north", table, network())
    assert sorted(p.name for p in folder.iterdir()) == ["north.xlsx", "south.csv"]
    (person,) = load_roster(path, network()).responders
    assert (person.id, person.name) == ("n-001", "Renamed")


def test_a_centre_without_a_file_saves_a_new_csv(tmp_path: Path) -> None:
    folder = tmp_path / "roster"
    table = roster_table(roster_file(folder, "north"))
    table.loc[2] = row("n-001")
    save_centre_roster(folder, "north", table, network())
    assert [r.id for r in load_roster(folder / "north.csv", network()).responders] == ["n-001"]


# --- who may read and save ---------------------------------------------------------------------


def test_the_centre_sees_its_names_and_the_coordinator_only_ids(folder: Path, store: Store) -> None:
    own = centre_roster(store, Actor("centre", "north"), folder, "north")
    assert list(own["name"]) == ["Responder n-001", "Responder n-002"]
    seen = centre_roster(store, Actor("coordinator"), folder, "north")
    assert "name" not in seen.columns and list(seen["id"]) == ["n-001", "n-002"]
    assert not seen.apply(lambda column: column.str.contains("Responder")).any().any()


def test_another_centre_and_a_responder_are_refused_and_logged(folder: Path, store: Store) -> None:
    with pytest.raises(PermissionDenied, match="centre:south may only see its own roster"):
        centre_roster(store, Actor("centre", "south"), folder, "north")
    with pytest.raises(PermissionDenied, match="responder:n-001 may not see rosters"):
        centre_roster(store, Actor("responder", "n-001"), folder, "north")
    for actor in (Actor("coordinator"), Actor("responder", "n-001")):
        with pytest.raises(PermissionDenied, match="may not edit rosters"):
            save_roster(store, actor, folder, north_table(folder), network())
    refused = changes.audit_log(store, Actor("coordinator"))
    assert [(e.actor, e.action) for e in refused] == [
        ("centre:south", "refused"),
        ("responder:n-001", "refused"),
        ("coordinator", "refused"),
        ("responder:n-001", "refused"),
    ]


def test_a_centre_saves_only_its_own_file_and_the_save_is_logged_by_id(
    folder: Path, store: Store
) -> None:
    south = (folder / "south.csv").read_bytes()
    table = north_table(folder).drop(index=3)
    saved = save_roster(store, Actor("centre", "north"), folder, table, network())
    assert [r.id for r in saved] == ["n-001"]
    assert (folder / "south.csv").read_bytes() == south
    (entry,) = changes.audit_log(store, Actor("coordinator"))
    assert (entry.actor, entry.action) == ("centre:north", "roster-save")
    assert entry.before == {"responders": ["n-001", "n-002"]}
    assert entry.after == {"responders": ["n-001"]}
    assert "Responder" not in f"{entry.message} {entry.before} {entry.after}"


def test_a_refused_edit_is_not_logged_as_a_save(folder: Path, store: Store) -> None:
    table = north_table(folder)
    table.loc[2, "centre"] = "south"
    with pytest.raises(InputError):
        save_roster(store, Actor("centre", "north"), folder, table, network())
    assert changes.audit_log(store, Actor("coordinator")) == []
