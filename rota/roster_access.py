"""Who may read and edit which centre's roster (issue 8), as the dashboard does it.

A centre's contact person reads and edits the centre's own roster. The coordinator reads any
centre's, without the display names: those are personal data that only the owning centre sees
(SPEC §2). Responders and other centres are refused. As in `rota.changes`, the rule is kept
here, where the work is done, so a page opened by the wrong role is refused, not only hidden;
refusals and saves land in the audit log, which names responders by id only.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pandas as pd

from rota.changes import Actor, PermissionDenied
from rota.responders import Responder, roster_file, roster_table, save_centre_roster
from rota.scenario import Scenario
from rota.store import Store
from rota.store import repository as repo

PERSONAL = ("name",)  # columns only the owning centre sees


def centre_roster(store: Store, actor: Actor, folder: Path, centre: str) -> pd.DataFrame:
    """The centre's roster as a table of text cells: whole for the centre itself, without the
    personal columns for the coordinator."""
    if actor.role == "responder":
        _refuse(store, actor, f"{actor} may not see rosters")
    if actor.role == "centre" and centre != actor.ident:
        _refuse(store, actor, f"{actor} may only see its own roster, not {centre}'s")
    table = roster_table(roster_file(folder, centre))
    return table if actor.role == "centre" else table.drop(columns=list(PERSONAL))


def save_roster(
    store: Store, actor: Actor, folder: Path, table: pd.DataFrame, scenario: Scenario
) -> list[Responder]:
    """Replace the actor's own centre's roster with `table` (see `save_centre_roster`); only a
    centre may, and only its own."""
    if actor.role != "centre" or actor.ident is None:
        _refuse(store, actor, f"{actor} may not edit rosters; only a centre may edit its own")
    centre = actor.ident
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


def _refuse(store: Store, actor: Actor, message: str) -> NoReturn:
    """Log the refused attempt, then raise."""
    with store.transaction() as session:
        repo.audit(session, str(actor), "refused", message)
    raise PermissionDenied(message)
