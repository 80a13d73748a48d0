"""Personal calendar feeds: `feeds/responder-<id>.ics` with only that responder's shifts.

A personal feed is private (SPEC §2, anonymity): it holds the responder's own shifts and
nothing that names anyone else — no other pseudonym, no display name, not even the owner's
(the owner knows who they are; a leaked feed should not tell others). Events are single events
per shift, written with the national feeds' DST-safe times and VTIMEZONE, so every client shows
them at the right wall time across the DST changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Protocol

from rota.domain.calendar import Period, instant
from rota.domain.debrief import NationalDebrief, debrief_source
from rota.domain.responders import Responder
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment
from rota.publish.feeds import (
    FeedEvent,
    build_calendar,
    build_event,
    event_description,
    stable_uid,
    unambiguous,
)


class FeedOwner(Protocol):
    """Who a personal feed is for: a roster's `Responder`, or the store's record of one."""

    @property
    def id(self) -> str: ...
    @property
    def centre(self) -> str: ...
    @property
    def needs_debrief(self) -> bool: ...


def personal_feed_name(responder_id: str) -> str:
    return f"responder-{responder_id}"


def write_personal_feeds(
    folder: Path,
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    responders: list[Responder],
    assignments: list[SeatAssignment],
    national: NationalDebrief | None = None,
) -> list[Path]:
    """One feed per responder on the roster (empty when they have no shift this quarter)."""
    folder.mkdir(parents=True, exist_ok=True)
    mine: dict[str, list[SeatAssignment]] = defaultdict(list)
    for row in assignments:
        mine[row.responder].append(row)
    written = []
    for responder in responders:
        calendar = personal_calendar(
            scenario, period, holidays, responder, mine[responder.id], national
        )
        path = folder / f"{personal_feed_name(responder.id)}.ics"
        path.write_bytes(calendar)
        written.append(path)
    return written


def personal_calendar(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    responder: FeedOwner,
    rows: list[SeatAssignment],
    national: NationalDebrief | None = None,
) -> bytes:
    """The iCalendar bytes of one responder's feed."""
    stamp = instant(period.start_instant)
    events: list[FeedEvent] = []
    for row in sorted(rows, key=lambda r: instant(r.occurrence.start)):
        occ = row.occurrence
        uid = stable_uid("responder", responder.id, occ.centre, occ.service, instant(occ.start))
        description = event_description(scenario, occ.centre, occ.service, occ.responders, occ.kind)
        if responder.needs_debrief:
            source = debrief_source(scenario.centre(occ.centre), occ.end, holidays, national)
            where = "at your centre" if source == "centre" else "with the national debrief service"
            description += f"\nDebrief after the shift: {where}."
        component = build_event(
            scenario,
            uid,
            stamp,
            occ,
            unambiguous(occ.start),
            unambiguous(occ.end),
            description,
        )
        component.add("sequence", 0)
        events.append(FeedEvent(uid, occ.centre, occ.service, occ.start, [component]))
    centre = scenario.centre(responder.centre)
    calendar = build_calendar(
        personal_feed_name(responder.id),
        f"My crisis duty shifts ({centre.name})",
        f"Your own duty shifts in {period.label}; private to you, do not share the link.",
        events,
    )
    return bytes(calendar.to_ical())
