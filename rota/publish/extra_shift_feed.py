"""feeds/extra-shifts.ics: the open seats and the extra shifts most worth taking, as a calendar
anyone may subscribe to (the ranking itself is `rota.analysis.extra_shifts`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from icalendar import Calendar, Event

from rota.analysis.extra_shifts import (
    FEED_SLOTS,
    ExtraSlot,
    OpenSeatShift,
    for_volunteers,
    ranked,
)
from rota.domain.calendar import Period, instant
from rota.domain.scenario import Scenario
from rota.publish.feeds import (
    Marks,
    build_calendar,
    clean_text,
    mark_sequence,
    stable_uid,
    text,
    unambiguous,
)


def extra_shift_calendar(
    scenario: Scenario,
    period: Period,
    slots: list[ExtraSlot],
    open_shifts: Sequence[OpenSeatShift] = (),
    previous: Marks | None = None,
) -> Calendar:
    """feeds/extra-shifts.ics: one event per shift with open seats, then one per listed slot,
    transparent so that none blocks a subscriber's own calendar; UIDs and DTSTAMP are stable
    for identical input. An event that changed since `previous` (the marks of the feed
    subscribers hold) gets the next SEQUENCE."""
    description = (
        f"Open extra shifts in {period.label or period.first} where one more responder "
        "answers the most contacts. Volunteers: weekends and public holidays first."
    )
    if open_shifts:
        description = (
            "First the open seats: seats of the plan's shifts that their centre could not fill. "
            + description
        )
    calendar = build_calendar("extra-shifts", "Crisis duty: extra shifts wanted", description, [])
    stamp = instant(period.start_instant)
    events = [_open_seat_event(scenario, shift, stamp) for shift in open_shifts]
    for rank, slot in enumerate(ranked(slots), start=1):
        service = scenario.service(slot.service)
        when = "weekend or public holiday" if slot.weekend_or_holiday else "weekday"
        if slot.holiday:
            when = f"public holiday: {slot.holiday}"
        lines = [
            f"One more responder on {service.name} answers about {slot.gain:.1f} more "
            f"contacts in these {scenario.rules.min_shift_hours:g} hours (rank {rank}).",
            f"On duty now: {slot.on_duty}. Contacts expected: {slot.offered:.0f}.",
            f"When: {when}.",
            "Agree the shift with your centre's contact person.",
        ]
        event = Event.new(
            uid=stable_uid(
                "extra",
                slot.service,
                instant(slot.start).isoformat(),
                instant(slot.end).isoformat(),
            ),
            stamp=stamp,
            start=unambiguous(slot.start),
            end=unambiguous(slot.end),
            summary=clean_text(f"Extra shift wanted: {service.name} (+{slot.gain:.1f} answered)"),
            description=clean_text("\n".join(lines)),
        )
        event.add("transp", "TRANSPARENT")
        event.add("x-rota-service", text(service.id))
        event.add("x-rota-kind", "extra")
        event.add("x-rota-gain", f"{slot.gain:.2f}")
        event.add("x-rota-volunteer-first", "TRUE" if slot.weekend_or_holiday else "FALSE")
        events.append(event)
    for event in events:
        mark_sequence([event], str(event["UID"]), previous or {})
        calendar.add_component(event)
    return calendar


def write_extra_shift_feed(
    path: Path,
    scenario: Scenario,
    period: Period,
    slots: list[ExtraSlot],
    open_shifts: Sequence[OpenSeatShift] = (),
) -> list[ExtraSlot]:
    """Write the feed of every open seat and the `feed_slots`; returns those slots."""
    chosen = feed_slots(slots)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(extra_shift_calendar(scenario, period, chosen, open_shifts).to_ical())
    return chosen


def feed_slots(slots: list[ExtraSlot]) -> list[ExtraSlot]:
    """The slots the feed lists: the FEED_SLOTS best for anyone and for volunteers, ranked."""
    return ranked(list({*ranked(slots)[:FEED_SLOTS], *for_volunteers(slots)[:FEED_SLOTS]}))


def _open_seat_event(scenario: Scenario, shift: OpenSeatShift, stamp: dt.datetime) -> Event:
    centre, service = scenario.centre(shift.centre), scenario.service(shift.service)
    seats = "one seat" if shift.seats == 1 else f"{shift.seats} seats"
    when = "weekend or public holiday" if shift.weekend_or_holiday else "weekday"
    if shift.holiday:
        when = f"public holiday: {shift.holiday}"
    title = f"Open seat: {service.name}, {centre.name}"
    if shift.seats > 1:
        title += f" (×{shift.seats})"
    lines = [
        f"{centre.name} could not fill {seats} of this shift with its own "
        "responders, and the plan counts on every seat: the line's promised hours.",
        f"When: {when}.",
        f"Agree the shift with the contact person of {centre.name}.",
    ]
    event = Event.new(
        uid=stable_uid(
            "open-seat",
            shift.kind,
            shift.centre,
            shift.service,
            instant(shift.start),
            instant(shift.end),
        ),
        stamp=stamp,
        start=unambiguous(shift.start),
        end=unambiguous(shift.end),
        summary=clean_text(title),
        description=clean_text("\n".join(lines)),
    )
    event.add("transp", "TRANSPARENT")
    event.add("x-rota-centre", text(centre.id))
    event.add("x-rota-service", text(service.id))
    event.add("x-rota-kind", "open-seat")
    event.add("x-rota-seats", str(shift.seats))
    event.add("x-rota-volunteer-first", "TRUE" if shift.weekend_or_holiday else "FALSE")
    return event
