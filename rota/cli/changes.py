"""`rota changes`: centres propose changes to their standing shifts, the coordinator decides.

Thin on purpose: every command parses its options, calls one function of `rota.app.changes` (where
roles, the notice check and the audit log live) and prints the result, as text or as JSON.
Exit codes: 0 done, 2 refused or bad input (one line on stderr saying why).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from rota.app import changes
from rota.app.actors import Actor
from rota.app.changes import AuditView, ProposalView, VersionView
from rota.app.store import DEFAULT_URL, ENV_URL
from rota.cli.common import EXIT_REFUSED, opened_store
from rota.domain.errors import ChangeError
from rota.domain.proposals import CHANGE_KINDS, SHIFT_FORMAT, render_impact

changes_app = typer.Typer(
    help=(
        "Propose, review and decide changes to the standing calendar.\n\n"
        "Centres propose (add, drop, move or resize one standing shift from an effective "
        "date); each proposal is checked for notice (R7) and gets an impact report with a "
        "minimal repair; the coordinator approves (a new calendar version) or rejects. "
        "Everything is stored and audit-logged.\n\n"
        f"The store is --db URL, else ${ENV_URL}, else {DEFAULT_URL} (SQLite; a "
        "postgresql://user:pass@host/db URL works too).\n\n"
        "Roles (--as): coordinator; centre:<id> (proposes for itself, sees its own "
        "proposals); responder:<id> (reads approved changes).\n\n"
        "Start with: rota changes init fixtures/mieli/scenario.yaml --from out/2027Q1 "
        "--as coordinator"
    ),
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Database URL (default ${ENV_URL}, else {DEFAULT_URL})."),
]
AsOption = Annotated[
    str,
    typer.Option("--as", help="Who is acting: coordinator, centre:<id> or responder:<id>."),
]
TodayOption = Annotated[
    str | None,
    typer.Option(help="Today's date YYYY-MM-DD (the notice counts from it); default: today."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@changes_app.command()
def init(
    scenario: Annotated[Path, typer.Argument(help="The scenario YAML the plan was made with.")],
    plan_dir: Annotated[
        Path, typer.Option("--from", help="A plan output directory (standing.csv, shifts.csv).")
    ],
    db: DbOption = None,
    as_: AsOption = "coordinator",
    as_json: JsonOption = False,
) -> None:
    """Import a plan's output directory as the newest calendar version."""
    with opened_store(db) as store:
        version = changes.init_calendar(store, _actor(as_), scenario, plan_dir)
        _print(version, as_json, _version_lines)


@changes_app.command()
def propose(
    kind: Annotated[str, typer.Argument(help=f"One of {', '.join(CHANGE_KINDS)}.")],
    as_: AsOption,
    effective: Annotated[str, typer.Option(help="Date the change takes effect, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why the change is needed.")],
    shift: Annotated[
        str,
        typer.Option(help=f"The shift to add, or the one to drop/move/resize: {SHIFT_FORMAT}."),
    ],
    to: Annotated[
        str | None, typer.Option(help="move/resize: the shift it becomes, same format.")
    ] = None,
    centre: Annotated[
        str | None, typer.Option(help="The centre (default: the one in --as centre:<id>).")
    ] = None,
    db: DbOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Propose a change; prints the impact report (rules broken, coverage, repair)."""
    with opened_store(db) as store:
        view = changes.propose(
            store,
            _actor(as_),
            kind,
            _date("--effective", effective),
            reason,
            _today(today),
            centre=centre,
            shift=shift,
            to=to,
        )
        _print(view, as_json, _proposal_lines)


@changes_app.command("list")
def list_(
    as_: AsOption,
    status: Annotated[
        str | None, typer.Option(help="Only pending, approved or rejected proposals.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the proposals you may see."""
    with opened_store(db) as store:
        views = changes.list_proposals(store, _actor(as_), status)
        if as_json:
            typer.echo(json.dumps([v.model_dump(mode="json") for v in views], indent=2))
            return
        if not views:
            typer.echo("No proposals.")
        for v in views:
            typer.echo(_summary(v))


@changes_app.command()
def show(
    proposal: Annotated[int, typer.Argument(help="Proposal number.")],
    as_: AsOption,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a proposal with its impact report and decision."""
    with opened_store(db) as store:
        _print(changes.show_proposal(store, _actor(as_), proposal), as_json, _proposal_lines)


@changes_app.command()
def approve(
    proposal: Annotated[int, typer.Argument(help="Proposal number.")],
    as_: AsOption,
    force: Annotated[
        bool, typer.Option(help="Approve even if the result breaks a hard rule.")
    ] = False,
    db: DbOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Approve: the change and its repair become a new calendar version (coordinator)."""
    with opened_store(db) as store:
        view = changes.approve(store, _actor(as_), proposal, _today(today), force=force)
        _print(view, as_json, _proposal_lines)


@changes_app.command()
def reject(
    proposal: Annotated[int, typer.Argument(help="Proposal number.")],
    as_: AsOption,
    reason: Annotated[str, typer.Option(help="Why the proposal is rejected.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reject a proposal with a reason (coordinator)."""
    with opened_store(db) as store:
        _print(changes.reject(store, _actor(as_), proposal, reason), as_json, _proposal_lines)


@changes_app.command()
def versions(as_: AsOption, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the standing-calendar versions."""
    with opened_store(db) as store:
        views = changes.list_versions(store, _actor(as_))
        if as_json:
            typer.echo(json.dumps([v.model_dump(mode="json") for v in views], indent=2))
            return
        for v in views:
            typer.echo("\n".join(_version_lines(v)))


@changes_app.command()
def log(
    as_: AsOption,
    proposal: Annotated[int | None, typer.Option(help="Only this proposal's steps.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The audit log: who did what, when, with before and after."""
    with opened_store(db) as store:
        entries = changes.audit_log(store, _actor(as_), proposal)
        if as_json:
            typer.echo(json.dumps([e.model_dump(mode="json") for e in entries], indent=2))
            return
        for e in entries:
            typer.echo(_audit_line(e))


@changes_app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Directory to write.")],
    as_: AsOption = "coordinator",
    version: Annotated[int | None, typer.Option(help="Version number; default newest.")] = None,
    previous: Annotated[
        Path | None,
        typer.Option(help="Earlier export whose feeds SEQUENCE counts on (default: --out)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a calendar version as standing.csv, shifts.csv and feeds/ (a baseline for
    `rota plan`; changed feed events get a higher SEQUENCE)."""
    problems = changes.export_problems(out, previous)
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(EXIT_REFUSED)
    with opened_store(db) as store:
        changes.export_calendar(store, _actor(as_), out, version, previous)
    typer.echo(f"Wrote {out}/ (standing.csv, shifts.csv, feeds/)")


# --- plumbing ----------------------------------------------------------------------------------


def _actor(text: str) -> Actor:
    return Actor.parse(text)


def _date(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ChangeError(f"{option}: '{text}' is not a date; write YYYY-MM-DD") from None


def _today(text: str | None) -> dt.date:
    return dt.date.today() if text is None else _date("--today", text)


def _print(view: BaseModel, as_json: bool, lines: Any) -> None:
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
    else:
        typer.echo("\n".join(lines(view)))


def _summary(v: ProposalView) -> str:
    shift = v.after or v.before
    what = f"{v.kind} {shift.describe()}" if shift else v.kind
    if v.before and v.after:
        what = f"{v.kind} {v.before.describe()} → {v.after.describe()}"
    return f"#{v.id:<4} {v.status:<9} {v.centre:<18} {what} from {v.effective}"


def _proposal_lines(v: ProposalView) -> list[str]:
    out = [
        _summary(v),
        f"  reason: {v.reason}",
        f"  submitted by {v.submitted_by} on {v.submitted_on} against calendar version "
        f"{v.base_version}",
    ]
    if v.impact is not None:
        out += ["  " + line for line in render_impact(v.impact)]
    if v.decision is not None:
        d = v.decision
        version = f"; calendar version {d.version}" if d.version else ""
        out.append(
            f"  {d.outcome} by {d.decided_by} at {d.decided_at:%Y-%m-%d %H:%M} UTC: "
            f"{d.reason}{version}"
        )
    return out


def _version_lines(v: VersionView) -> list[str]:
    since = f", valid from {v.valid_from}" if v.valid_from else ""
    return [
        f"calendar version {v.number}{since}: {v.source}, by {v.created_by} at "
        f"{v.created_at:%Y-%m-%d %H:%M} UTC; {v.standing_shifts} standing shifts, "
        f"{v.dated_duties} dated duties planned {v.covered_first} … "
        f"{v.covered_end - dt.timedelta(days=1)}"
    ]


def _audit_line(e: AuditView) -> str:
    return f"{e.at:%Y-%m-%d %H:%M:%S} {e.actor:<22} {e.action:<8} {e.message}"
