"""`rota extra-shifts`: the ranked open seats and extra shifts, as tables or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rota.app.extra_shifts import ExtraSlot, OpenSeatShift, find_extra_shifts
from rota.cli.common import fail
from rota.domain.calendar import Period
from rota.domain.errors import InputError


def extra_shifts(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (SPEC §6).")],
    quarter: Annotated[str, typer.Option(help="Quarter, e.g. 2027Q1.")],
    plan_dir: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="Output directory of the plan in force (its shifts.csv); "
            "without it the quarter is planned first.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="iCal feed to write; default with --plan: PLAN/feeds/extra-shifts.ics."
        ),
    ] = None,
    open_seats: Annotated[
        Path | None,
        typer.Option(
            "--open-seats",
            help="open-seats.csv of 'rota responders assign' on the --plan (or its output "
            "folder): seats the centres could not fill, listed before every slot.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    limit: Annotated[
        int, typer.Option(help="Entries listed per list: open seats and each ranking.")
    ] = 20,
    time_limit: Annotated[
        float, typer.Option(help="Solver time limit in seconds when planning first.")
    ] = 20.0,
) -> None:
    """Rank open extra-shift slots by the contacts one more responder would answer.

    A second ranking, for volunteers, puts weekends and public holidays first. With
    --open-seats, the plan's seats that no responder of the centre could take come first:
    the plan counts on them, and the slots are valued as if they were taken."""

    def planning_first(period: Period) -> None:
        typer.echo(f"No --plan: planning {period.label} first ({time_limit:g} s)…", err=True)

    try:
        found = find_extra_shifts(
            scenario, quarter, plan_dir, out, open_seats, limit, time_limit, planning_first
        )
    except InputError as error:
        raise fail(error.problems) from None
    loaded, period, slots, feed = found.scenario, found.period, found.slots, found.feed
    best, volunteers = found.best, found.volunteers
    unfilled, open_shifts = found.unfilled, found.open_shifts
    if as_json:
        record = {
            "quarter": period.label,
            "hours": loaded.rules.min_shift_hours,
            # None without --open-seats, so "not given" never reads as "none open".
            "open_seats": None
            if unfilled is None
            else [open_seat_record(s) for s in open_shifts[:limit]],
            "open_seats_total": None if unfilled is None else len(unfilled),
            "by_gain": [as_record(s) for s in best],
            "for_volunteers": [as_record(s) for s in volunteers],
            "feed": str(feed) if feed is not None else None,
        }
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    hours = f"{loaded.rules.min_shift_hours:g}"
    typer.echo(
        f"Extra shifts {period.label}: {len(slots)} open {hours}-hour slots; "
        "'Answered +' is what one more responder adds there."
    )
    if unfilled is not None:
        typer.echo(
            f"\nOPEN SEATS first — {len(unfilled)} on {len(open_shifts)} shifts of the plan "
            "that no responder of their centre could take; the plan counts on them:"
        )
        if open_shifts:
            shown = open_shifts[:limit]
            more = len(open_shifts) - len(shown)
            typer.echo("\n".join(open_seat_table(shown)))
            if more:
                typer.echo(f"  … and {more} more shifts (raise --limit to list them)")
    typer.echo("\nBy answered contacts gained:")
    typer.echo("\n".join(table(best)))
    typer.echo("\nVolunteers: weekends and public holidays first:")
    typer.echo("\n".join(table(volunteers)))
    if feed is not None:
        typer.echo(f"\nWrote {feed}")


def as_record(slot: ExtraSlot) -> dict[str, object]:
    """A JSON-ready record of one slot."""
    return {
        "service": slot.service,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "on_duty": slot.on_duty,
        "offered": round(slot.offered, 2),
        "gain": round(slot.gain, 3),
        "weekend_or_holiday": slot.weekend_or_holiday,
        "holiday": slot.holiday,
    }


def open_seat_record(shift: OpenSeatShift) -> dict[str, object]:
    """A JSON-ready record of one shift's open seats; no responder is named, none is known."""
    return {
        "type": "open-seat",
        "centre": shift.centre,
        "service": shift.service,
        "start": shift.start.isoformat(),
        "end": shift.end.isoformat(),
        "kind": shift.kind,
        "seats": shift.seats,
        "weekend_or_holiday": shift.weekend_or_holiday,
        "holiday": shift.holiday,
    }


def open_seat_table(shifts: list[OpenSeatShift]) -> list[str]:
    """Plain-text table lines, each row marked as an open seat."""
    header = f"{'#':>3}  {'':<9}  {'Service':<10} {'Centre':<12} {'When':<28} {'Seats':>5}"
    lines = [f"{header}  Volunteer first"]
    for rank, shift in enumerate(shifts, start=1):
        flag = shift.holiday or ("weekend" if shift.weekend_or_holiday else "")
        lines.append(
            f"{rank:>3}  OPEN SEAT  {shift.service:<10} {shift.centre:<12} "
            f"{shift.describe():<28} {shift.seats:>5}  {flag}"
        )
    return lines


def table(slots: list[ExtraSlot]) -> list[str]:
    """Plain-text table lines, ranked as given."""
    header = f"{'#':>3}  {'Service':<10} {'When':<28} {'On duty':>7}  {'Answered +':>10}"
    lines = [f"{header}  Volunteer first"]
    for rank, slot in enumerate(slots, start=1):
        flag = slot.holiday or ("weekend" if slot.weekend_or_holiday else "")
        lines.append(
            f"{rank:>3}  {slot.service:<10} {slot.describe():<28} {slot.on_duty:>7}  "
            f"{slot.gain:>10.1f}  {flag}"
        )
    return lines
