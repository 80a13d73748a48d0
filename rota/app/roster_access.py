"""Who may read and edit which centre's roster (issue 8), as the dashboard does it.

A centre's contact person reads and edits the centre's own roster. The coordinator reads any
centre's, without the display names: those are personal data that only the owning centre sees
(SPEC §2). Responders and other centres are refused. As in `rota.app.changes`, the rule is kept
here, where the work is done, so a page opened by the wrong role is refused, not only hidden;
refusals and saves land in the audit log, which names responders by id only. A centre id names
a file (`<centre>.csv`), so it is checked against the network's centres before any path is
built from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from rota.app.actors import Actor, allowed, refuse
from rota.app.changes import centre_ids
from rota.domain.errors import ChangeError
from rota.domain.responders import Responder
from rota.domain.scenario import Scenario
from rota.io.roster_file import COLUMNS, roster_file, roster_table, save_centre_roster
from rota.store import Store
from rota.store import repository as repo

# The table's columns and the file's name, for the roster page.
__all__ = ["COLUMNS", "centre_roster", "roster_file", "save_roster"]

PERSONAL = ("name",)
CENTRE_ID = re.compile(
    r"^[a-z0-9][a-z0-9-]{0,99}$"
)  # the scenario's Identifier pattern  # columns only the owning centre sees


@allowed("coordinator", "centre", doing="see rosters")
def centre_roster(store: Store, actor: Actor, folder: Path, centre: str) -> pd.DataFrame:
    """The centre's roster as a table of text cells: whole for the centre itself, without the
    personal columns for the coordinator."""
    if actor.role == "centre" and centre != actor.ident:
        refuse(store, actor, f"{actor} may only see its own roster, not {centre}'s")
    _check_centre(centre, centre_ids(store))
    table = roster_table(roster_file(folder, centre))
    return table if actor.role == "centre" else table.drop(columns=list(PERSONAL))


@allowed("centre", doing="edit rosters")
def save_roster(
    store: Store, actor: Actor, folder: Path, table: pd.DataFrame, scenario: Scenario
) -> list[Responder]:
    """Replace the actor's own centre's roster with `table` (see `save_centre_roster`); only a
    centre may, and only its own."""
    centre = actor.ident or ""
    _check_centre(centre, {c.id for c in scenario.centres})
    before = [i.strip() for i in roster_table(roster_file(folder, centre))["id"] if i.strip()]
    with store.transaction() as session:
        # The file is written inside the transaction: a save that fails leaves no audit entry.
        saved = save_centre_roster(folder, centre, table, scenario)
        repo.audit(
            session,
            str(actor),
            "roster-save",
            f"roster of {centre} saved: {len(saved)} responders",
            before={"responders": before},
            after={"responders": [r.id for r in saved]},
        )
    return saved


def _check_centre(centre: str, known: set[str] | None) -> None:
    """Before a path is built from `centre`: one of the network's centres, or, before the first
    calendar, at least an id (so never '..' or a '/')."""
    if centre in known if known is not None else CENTRE_ID.match(centre):
        return
    raise ChangeError(f"'{centre}' is not a centre of the network")
