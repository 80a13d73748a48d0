"""One calendar from the same-named feeds of several published folders (`rota serve --feeds A
--feeds B`), so that a subscriber to `national` keeps seeing this quarter when the next quarter's
plan is published beside it.

Events are copied as they are, with one VTIMEZONE per TZID. The care is in the UIDs: a standing
shift keeps its UID from quarter to quarter (`rota.publish.feeds` derives it from what makes it the
same shift), and a night shift across the quarter boundary is in both quarters' feeds. Two masters
with one UID are invalid (RFC 5545: UID and RECURRENCE-ID name one instance): a client may keep
either one and drop the other's dates. So, for a UID in several folders:

- the copy that starts last keeps the UID. It is the plan in force from then on, and when it was
  planned on the earlier one as its baseline `rota plan` already raised its SEQUENCE, so clients
  take it as the new version of that event; merging never changes the newest plan's events.
- every earlier copy ends where the next one starts (its RRULE gets an UNTIL, its overrides and
  single events from then on are left out), so the boundary night is shown once, and gets a UID
  of its own, derived from the UID and the copy's first start: it stays the same as long as the
  copy is merged, whatever else is published beside it.

Copies that start together (the same quarter published twice) leave the UID to the folder given
last. The calendar's own properties (name, description, refresh interval) are the last folder's.
rota ends every series with UNTIL (never COUNT), which is what the cut relies on.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from icalendar import Calendar, Component

from rota.domain.calendar import HELSINKI
from rota.publish.feeds import stable_uid

_ONE_SECOND = dt.timedelta(seconds=1)


@dataclass
class _Copy:
    """The components one folder's feed has under one UID."""

    source: int
    components: list[Component]

    @property
    def first(self) -> dt.datetime:
        return min(_moment(c.decoded("DTSTART")) for c in self.components)


def check_feed(body: bytes) -> None:
    """Raises ValueError saying why `body` is not a whole calendar that `merge_calendars` can
    take: one VCALENDAR to its END line, every event with a UID and readable dates and rules."""
    if not body.rstrip().endswith(b"END:VCALENDAR"):
        raise ValueError("it does not end with END:VCALENDAR (cut short?)")
    calendar = Calendar.from_ical(body)
    if calendar.name != "VCALENDAR":
        raise ValueError(f"it holds a {calendar.name}, not a VCALENDAR")
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE":
            if "TZID" not in component:
                raise ValueError("a VTIMEZONE has no TZID")
            continue
        if "UID" not in component:
            raise ValueError(f"a {component.name} has no UID")
        dates = [component.decoded("DTSTART", None)]
        if "RECURRENCE-ID" in component:
            dates.append(component.decoded("RECURRENCE-ID"))
        if not all(isinstance(date, dt.date) for date in dates):
            raise ValueError(f"{component['UID']}: DTSTART or RECURRENCE-ID is not a date")
        if "RRULE" in component:
            rule = component.decoded("RRULE")
            if not isinstance(rule, dict) or not all(
                isinstance(u, dt.date) for u in rule.get("UNTIL", [])
            ):
                raise ValueError(f"{component['UID']}: RRULE cannot be read")


def merge_calendars(sources: list[bytes]) -> bytes:
    """The same-named feeds of several folders (the .ics files' bytes, in the folders' order)
    as one calendar."""
    calendars = [Calendar.from_ical(body) for body in sources]
    timezones: dict[str, Component] = {}
    copies: dict[str, list[_Copy]] = {}
    order: list[tuple[str, int]] = []
    for index, calendar in enumerate(calendars):
        for component in calendar.subcomponents:
            if component.name == "VTIMEZONE":
                timezones[str(component["TZID"])] = component
                continue
            uid = str(component["UID"])
            found = copies.setdefault(uid, [])
            if not found or found[-1].source != index:
                found.append(_Copy(index, []))
                order.append((uid, index))
            found[-1].components.append(component)
    kept = {
        (uid, copy.source): components
        for uid, found in copies.items()
        for copy, components in _without_overlaps(uid, found)
    }
    merged = calendars[-1]
    merged.subcomponents = list(timezones.values())
    for key in order:
        merged.subcomponents += kept.get(key, [])
    return merged.to_ical()


def _without_overlaps(uid: str, found: list[_Copy]) -> list[tuple[_Copy, list[Component]]]:
    """Each copy of one UID with the components it keeps: the last to start whole, every
    earlier one cut where the next starts and under a UID of its own."""
    if len(found) == 1:
        return [(found[0], found[0].components)]
    ordered = sorted(found, key=lambda c: (c.first, c.source))
    out = [(ordered[-1], ordered[-1].components)]
    for copy, following in itertools.pairwise(ordered):
        own = stable_uid(uid, copy.first.isoformat())
        components = [_renamed(c, own) for c in _before(copy.components, following.first)]
        out.append((copy, components))
    return out


def _before(components: list[Component], cutoff: dt.datetime) -> list[Component]:
    """The components for what starts before `cutoff`; a series ends one second before it."""
    out = []
    for component in components:
        if "RECURRENCE-ID" in component:
            if _moment(component.decoded("RECURRENCE-ID")) < cutoff:
                out.append(component)
        elif _moment(component.decoded("DTSTART")) < cutoff:
            if "RRULE" in component:
                rule = component.decoded("RRULE")  # the component's own rule, changed in place
                until = [_moment(u) for u in rule.get("UNTIL", [])]
                rule["UNTIL"] = [min([*until, cutoff - _ONE_SECOND])]
            out.append(component)
    return out


def _renamed(component: Component, uid: str) -> Component:
    component["UID"] = uid
    return component


def _moment(value: dt.datetime | dt.date) -> dt.datetime:
    """A DTSTART, RECURRENCE-ID or UNTIL as an instant (UTC); a floating time or a date is read
    in Helsinki, the feeds' X-WR-TIMEZONE."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=HELSINKI)
    return value.astimezone(dt.UTC)
