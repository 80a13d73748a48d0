"""Calendar feeds (SPEC §6): the plan's occurrences as iCalendar files people subscribe to.

Each standing shift is one weekly series (RRULE with UNTIL, EXDATE for cancelled dates); dated
duties and occurrences kept from a baseline that no standing shift explains are single events.
Expanding `national.ics` gives exactly the occurrences of `shifts.csv`.

Clients disagree around the DST changes, so the feeds never leave them a choice:

- They compute a recurrence's end by adding the master's length as wall-clock time, but take
  that length differently (python-dateutil clients as a wall difference, ical.js as a real one),
  and RFC 5545 says a DTEND-length is exact. A series' master is therefore always an ordinary
  date, and every date where wall and real time part is a RECURRENCE-ID override with its own
  DTSTART and DTEND; a leading such date becomes a single event of its own.
- A nonexistent wall time (03:00 on the spring night) is read before the gap by RFC 5545 and
  dateutil but after it by ical.js, and a repeated one (03:00 on the autumn night) first by RFC
  5545 and second by ical.js. Overrides and single events write such a time as the wall time
  the instant really has (04:00) or, when that is repeated too, in UTC; RECURRENCE-ID and EXDATE
  keep DTSTART's wall time, which every client matches against its own recurrence; UNTIL is
  the later reading of the last start, so no client drops it.
- The VTIMEZONE is the compact yearly-RRULE form, which ical.js and Outlook read correctly.

Output is byte-identical for identical input: UIDs are hashes of what makes a shift the same
shift, DTSTAMP is the period's first instant, and SEQUENCE only rises when an event's content
fingerprint (X-ROTA-FINGERPRINT) differs from the previous plan's feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from icalendar import (
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from rota.domain.calendar import HELSINKI, instant, local
from rota.domain.clock import format_clock
from rota.domain.plan import Expansion, Kind, Occurrence, Plan, StandingShift
from rota.domain.scenario import Scenario, Service

UID_DOMAIN = "rota.mieli"
PRODID = "-//MIELI ry//rota duty planner//EN"
TTL = dt.timedelta(hours=12)
FINGERPRINT = "X-ROTA-FINGERPRINT"
_UNFINGERPRINTED = ("DTSTAMP", "SEQUENCE", FINGERPRINT)
# UID -> (SEQUENCE, fingerprint) of a feed's events: what the next feed's SEQUENCE rises from.
Marks = dict[str, tuple[int, str]]
_DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
_KIND_TITLES: dict[Kind, str] = {
    "standing": "Duty",
    "holiday-duty": "Holiday duty",
    "substitute": "Substitute duty",
    "extra": "Extra shift",
}
_AT_START = "At shift start: check the shared notes for the shift."
# RFC 5545 §3.3.11: TEXT holds no control character but HTAB (line breaks are escaped as \n).
_CONTROLS = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x09), *range(0x0B, 0x20), 0x7F]}
_CONTROLS.update({0x0D: "\n"})


@dataclass
class FeedEvent:
    """Every component sharing one UID: a series' master and overrides, or a single event."""

    uid: str
    centre: str
    service: str
    first: dt.datetime
    components: list[Event] = field(default_factory=list)


@dataclass
class _Series:
    shift: StandingShift
    uid: str
    by_date: dict[dt.date, Occurrence] = field(default_factory=dict)


@dataclass(frozen=True)
class NamedFeed:
    """One feed of the network (national, centre-<id>, service-<id>) before it is written."""

    name: str
    title: str
    description: str
    events: list[FeedEvent]

    def to_ical(self) -> bytes:
        return build_calendar(self.name, self.title, self.description, self.events).to_ical()


def write_feeds(
    folder: Path,
    scenario: Scenario,
    plan: Plan,
    expansion: Expansion,
    previous_folder: Path | None = None,
) -> None:
    """feeds/national.ics, feeds/centre-<id>.ics and feeds/service-<id>.ics in `folder`.

    With `previous_folder` (a previous plan's output directory), an event whose content changed
    since that plan's feeds gets the next SEQUENCE; unchanged events keep theirs.
    """
    previous = {}
    if previous_folder is not None:
        previous = _previous_events(previous_folder / "feeds" / "national.ics")
    events = feed_events(scenario, plan, expansion, previous)
    out = folder / "feeds"
    out.mkdir(parents=True, exist_ok=True)
    for feed in network_feeds(scenario, events).values():
        (out / f"{feed.name}.ics").write_bytes(feed.to_ical())


def network_feeds(scenario: Scenario, events: list[FeedEvent]) -> dict[str, NamedFeed]:
    """The network's feeds by name, each with its share of the national feed's `events`."""
    feeds = [
        NamedFeed("national", "Crisis duty: all centres", _national_description(scenario), events)
    ]
    for centre in scenario.centres:
        feeds.append(
            NamedFeed(
                f"centre-{centre.id}",
                f"Crisis duty: {centre.name}",
                f"Duty shifts of {centre.name} on the national crisis lines.",
                [e for e in events if e.centre == centre.id],
            )
        )
    for service in scenario.services:
        feeds.append(
            NamedFeed(
                f"service-{service.id}",
                f"Crisis duty: {service.name}",
                f"Every centre's duty shifts on {_service_line(service)}.",
                [e for e in events if e.service == service.id],
            )
        )
    return {feed.name: feed for feed in feeds}


def feed_events(
    scenario: Scenario,
    plan: Plan,
    expansion: Expansion,
    previous: Marks | None = None,
) -> list[FeedEvent]:
    """The national feed's events in a stable order, SEQUENCE set against `previous` (the
    marks of the previous plan's feed)."""
    stamp = instant(plan.period.start_instant)
    series, singles = _group(plan, expansion)
    events: list[FeedEvent] = []
    for one in series:
        master, loose = _series_events(scenario, expansion, one, stamp)
        if master is not None:
            events.append(master)
        singles.extend(loose)
    events.extend(_single_events(scenario, singles, stamp))
    for event in events:
        mark_sequence(event.components, event.uid, previous or {})
    return sorted(events, key=lambda e: (instant(e.first), e.centre, e.service, e.uid))


def helsinki_timezone() -> Timezone:
    """Europe/Helsinki in the compact form: EU rules since 1983, one yearly RRULE per change."""
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 10, 25, 4, 0))
    standard.add("tzoffsetfrom", dt.timedelta(hours=3))
    standard.add("tzoffsetto", dt.timedelta(hours=2))
    standard.add("tzname", "EET")
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    daylight = TimezoneDaylight()
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 3, 0))
    daylight.add("tzoffsetfrom", dt.timedelta(hours=2))
    daylight.add("tzoffsetto", dt.timedelta(hours=3))
    daylight.add("tzname", "EEST")
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    timezone = Timezone()
    timezone.add("tzid", "Europe/Helsinki")
    timezone.add_component(standard)
    timezone.add_component(daylight)
    return timezone


# --- grouping the occurrences -------------------------------------------------------------


def _group(plan: Plan, expansion: Expansion) -> tuple[list[_Series], list[Occurrence]]:
    """Standing occurrences by the shift they come from; everything else as single events.

    A kept occurrence (copied from the baseline's shifts.csv, so without its shift) joins the
    series of the standing shift that starts at its wall time on its date, so the series keeps
    its UID across re-plans.
    """
    series = {shift: _Series(shift, uid) for shift, uid in _series_uids(plan.standing).items()}
    singles: list[Occurrence] = []
    for occurrence in expansion.occurrences:
        shift = occurrence.shift or _kept_shift(plan.standing, occurrence)
        day = occurrence.start.date()
        if shift is None or shift not in series or day in series[shift].by_date:
            singles.append(occurrence)
        else:
            series[shift].by_date[day] = occurrence
    return [s for s in series.values() if s.by_date], singles


def _series_uids(standing: list[StandingShift]) -> dict[StandingShift, str]:
    """A UID per standing shift from what makes it the same shift (centre, service, weekday,
    start, length); later versions of the same shift add their first date."""
    uids: dict[StandingShift, str] = {}
    seen: set[str] = set()
    for shift in sorted(standing, key=lambda s: (s.pattern_key, s.valid_from or dt.date.min)):
        uid = stable_uid("standing", *shift.pattern_key)
        if uid in seen:
            uid = stable_uid("standing", *shift.pattern_key, shift.valid_from)
        seen.add(uid)
        uids[shift] = uid
    return uids


def _kept_shift(standing: list[StandingShift], occurrence: Occurrence) -> StandingShift | None:
    if occurrence.kind != "standing":
        return None
    start = occurrence.start
    minute = start.hour * 60 + start.minute
    for shift in sorted(standing):
        same = (shift.centre, shift.service, shift.start, shift.minutes, shift.responders) == (
            occurrence.centre,
            occurrence.service,
            minute,
            occurrence.wall_minutes,
            occurrence.responders,
        )
        if same and shift.starts_on(start.date()):
            return shift
    return None


# --- events -------------------------------------------------------------------------------


def _series_events(
    scenario: Scenario, expansion: Expansion, series: _Series, stamp: dt.datetime
) -> tuple[FeedEvent | None, list[Occurrence]]:
    """The weekly series of one standing shift, and the leading dates it cannot carry."""
    shift = series.shift
    dates = sorted(series.by_date)
    loose: list[Occurrence] = []
    while dates and _needs_override(shift, series.by_date[dates[0]]):
        loose.append(series.by_date[dates.pop(0)])
    if not dates:
        return None, loose
    first, last = dates[0], dates[-1]
    cancelled = [c for c in expansion.cancellations if c.shift == shift]
    description = event_description(
        scenario, shift.centre, shift.service, shift.responders, "standing"
    )
    when = (
        f"{_DAY_NAMES[shift.weekday]} {format_clock(shift.start)}–"
        f"{format_clock(shift.start + shift.minutes)} Helsinki time"
    )
    description = f"Standing shift: {when}.\n{description}"
    if cancelled:
        notes = "; ".join(c.reason for c in cancelled)
        description += f"\nCancelled: {notes}."
    master = build_event(
        scenario,
        series.uid,
        stamp,
        series.by_date[first],
        local(first, shift.start),
        local(first, shift.start + shift.minutes),
        description,
    )
    master.add("rrule", {"freq": "weekly", "until": _latest_reading(local(last, shift.start))})
    exdates = [local(day, shift.start) for day in _weekly(first, last) if day not in series.by_date]
    if exdates:
        master.add("exdate", exdates)
    event = FeedEvent(
        series.uid, shift.centre, shift.service, series.by_date[first].start, [master]
    )
    for day in dates[1:]:
        occurrence = series.by_date[day]
        if _needs_override(shift, occurrence):
            override = build_event(
                scenario,
                series.uid,
                stamp,
                occurrence,
                unambiguous(occurrence.start),
                unambiguous(occurrence.end),
                description,
            )
            override.add("recurrence-id", local(day, shift.start))
            event.components.append(override)
    return event, loose


def _single_events(
    scenario: Scenario, occurrences: list[Occurrence], stamp: dt.datetime
) -> list[FeedEvent]:
    events: list[FeedEvent] = []
    seen: set[str] = set()
    for occurrence in sorted(occurrences, key=lambda o: (instant(o.start), o.centre, o.service)):
        start = instant(occurrence.start)
        uid = stable_uid(occurrence.kind, occurrence.centre, occurrence.service, start)
        while uid in seen:
            uid = stable_uid(uid)
        seen.add(uid)
        description = event_description(
            scenario,
            occurrence.centre,
            occurrence.service,
            occurrence.responders,
            occurrence.kind,
        )
        component = build_event(
            scenario,
            uid,
            stamp,
            occurrence,
            unambiguous(occurrence.start),
            unambiguous(occurrence.end),
            description,
        )
        events.append(
            FeedEvent(uid, occurrence.centre, occurrence.service, occurrence.start, [component])
        )
    return events


def build_event(
    scenario: Scenario,
    uid: str,
    stamp: dt.datetime,
    occurrence: Occurrence,
    start: dt.datetime,
    end: dt.datetime,
    description: str,
) -> Event:
    centre = scenario.centre(occurrence.centre)
    service = scenario.service(occurrence.service)
    title = f"{_KIND_TITLES[occurrence.kind]}: {service.name}, {centre.name}"
    if occurrence.responders > 1:
        title += f" (×{occurrence.responders})"
    event = Event.new(
        uid=uid,
        stamp=stamp,
        start=start,
        end=end,
        summary=clean_text(title),
        description=clean_text(description),
        location=clean_text(", ".join(centre.cities)) or None,
    )
    # Machine-readable tags: the tests read them back; they name no person.
    event.add("x-rota-centre", text(centre.id))
    event.add("x-rota-service", text(service.id))
    event.add("x-rota-responders", str(occurrence.responders))
    event.add("x-rota-kind", occurrence.kind)
    return event


def event_description(
    scenario: Scenario, centre_id: str, service_id: str, responders: int, kind: Kind
) -> str:
    centre, service = scenario.centre(centre_id), scenario.service(service_id)
    lines = [
        f"{_KIND_TITLES[kind]} on {_service_line(service)}.",
        f"Centre: {centre.name}.",
        f"Responders on duty: {responders}.",
        _AT_START,
    ]
    return "\n".join(lines)


def _service_line(service: Service) -> str:
    if service.number:
        return f"{service.name} (phone {service.number})"
    return f"{service.name} ({service.channel})"


def _national_description(scenario: Scenario) -> str:
    return f"Every centre's duty shifts in {scenario.name}."


def build_calendar(name: str, title: str, description: str, events: list[FeedEvent]) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, uid=f"{name}@{UID_DOMAIN}")
    # Calendar.new(name=, description=) writes NAME and the X-WR- copies unescaped
    # (icalendar 7 types them as unknown), so a ';', ',', backslash or line break in a
    # network's name would break the feed: every copy is written as TEXT here.
    calendar.add("description", text(description))
    calendar.add("x-wr-caldesc", text(description))
    calendar.add("name", text(title))
    calendar.add("x-wr-calname", text(title))
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("refresh-interval", TTL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(TTL))
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    calendar.add_component(helsinki_timezone())
    for event in events:
        for component in event.components:
            calendar.add_component(component)
    return calendar


def clean_text(value: str) -> str:
    """`value` without the control characters TEXT may not hold (a CR becomes a line break)."""
    return value.replace("\r\n", "\n").translate(_CONTROLS)


def text(value: str) -> vText:
    """`value` as an escaped TEXT value, whatever property it is written to."""
    return vText(clean_text(value))


# --- DST-safe times -----------------------------------------------------------------------


def _needs_override(shift: StandingShift, occurrence: Occurrence) -> bool:
    """Whether a client could read this date of the series differently from the plan."""
    start = local(occurrence.start.date(), shift.start)
    end = local(occurrence.start.date(), shift.start + shift.minutes)
    real_minutes = (instant(end) - instant(start)).total_seconds() / 60
    return (
        instant(occurrence.start) != instant(start)
        or instant(occurrence.end) != instant(end)
        or occurrence.responders != shift.responders
        or not (_is_plain(start) and _is_plain(end))
        or real_minutes != shift.minutes
    )


def _is_plain(moment: dt.datetime) -> bool:
    """The wall time exists exactly once (neither in the spring gap nor the autumn repeat)."""
    naive = moment.replace(tzinfo=None)
    early, late = naive.replace(tzinfo=HELSINKI, fold=0), naive.replace(tzinfo=HELSINKI, fold=1)
    return early.utcoffset() == late.utcoffset()


def unambiguous(moment: dt.datetime) -> dt.datetime:
    """The same instant as a wall time every client reads alike, or in UTC if there is none."""
    if _is_plain(moment):
        return moment
    real = instant(moment).astimezone(HELSINKI)
    return real if _is_plain(real) else instant(moment)


def _latest_reading(moment: dt.datetime) -> dt.datetime:
    """The later of the instants a client may give this wall time, in UTC (for UNTIL)."""
    naive = moment.replace(tzinfo=None)
    return max(instant(naive.replace(tzinfo=HELSINKI, fold=f)) for f in (0, 1))


def _weekly(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=7)


# --- identity and change ------------------------------------------------------------------


def stable_uid(*parts: object) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:20]
    return f"{digest}@{UID_DOMAIN}"


def _fingerprint(components: list[Event]) -> str:
    """A hash of what a subscriber sees, so a re-plan can tell which events changed."""
    digest = hashlib.sha256()
    for component in components:
        for line in component.content_lines():
            if line and not line.startswith(_UNFINGERPRINTED):
                digest.update(line.encode())
                digest.update(b"\n")
    return digest.hexdigest()[:32]


def mark_sequence(components: list[Event], uid: str, previous: Marks) -> None:
    """Give the components of the event `uid` its SEQUENCE — that of the feed `previous` marks,
    one higher if what a subscriber sees changed since; 0 for an event new to the feed — and
    the fingerprint the next feed compares against."""
    print_ = _fingerprint(components)
    sequence = 0
    if uid in previous:
        old_sequence, old_print = previous[uid]
        sequence = old_sequence if old_print == print_ else old_sequence + 1
    for component in components:
        component.add("sequence", sequence)
        component.add(FINGERPRINT, print_)


def marks(components: Iterable[Component]) -> Marks:
    """UID -> (SEQUENCE, fingerprint) of a feed's events, what the next feed compares against."""
    found: Marks = {}
    for component in components:
        uid = str(component.get("UID", ""))
        sequence = int(component.get("SEQUENCE", 0))
        found[uid] = (
            max(sequence, found.get(uid, (0, ""))[0]),
            str(component.get(FINGERPRINT, "")),
        )
    return found


def _previous_events(path: Path) -> Marks:
    """The marks of a previous plan's national feed; {} if there is none."""
    if not path.is_file():
        return {}
    return marks(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
