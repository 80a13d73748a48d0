"""The calendar feeds straight from the store (issue 17): `national`, `centre-<id>`,
`service-<id>` and `extra-shifts` of the calendar in force (the newest calendar version), as
bytes, with no folder and no export step in between.

SEQUENCE follows the versions: an event that differs from the same UID in the previous version's
feed gets that feed's SEQUENCE + 1 and an unchanged one keeps it, so after an approval or an
import a subscriber's client replaces exactly the events that changed. Each version's SEQUENCE
rests on the one before, so the first render walks the versions from the first one and keeps
each version's marks (UID -> SEQUENCE, fingerprint); after that a new version costs one render.

A feed is rendered once per version and kept in the process: a poll costs one query for the
newest version number, and the first request after a new version renders it.

Personal feeds (`responder-<id>`) come from the staffing in play (`rota.app.stored_staffing`):
the responder's seats the staffing gave and the claims their centre confirmed. They are rendered
on each request (a few events), so a confirmed claim is in the next poll.
A responder the store's staffing does not know is left to the folders `rota responders assign`
writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from icalendar import Calendar
from sqlalchemy.exc import SQLAlchemyError

from rota.analysis.extra_shifts import extra_slots
from rota.app.network import stored_scenario
from rota.app.stored_staffing import WORKED, occurrence_of, seat_rows, staffed_quarter
from rota.domain.calendar import public_holidays, quarter_of
from rota.domain.errors import NotFound
from rota.domain.plan import Expansion, Plan, expand
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment
from rota.publish.extra_shift_feed import extra_shift_calendar, feed_slots
from rota.publish.feeds import Marks, NamedFeed, feed_events, marks, network_feeds
from rota.publish.personal_feeds import personal_calendar
from rota.store import Store
from rota.store import repository as repo

PERSONAL_FEED = re.compile(r"^responder-(.+)$")

# The feeds a calendar version holds; whether a centre or a service is the network's is
# decided by the version's scenario.
CALENDAR_FEED = re.compile(r"^(national|extra-shifts|centre-.+|service-.+)$")
EXTRA_SHIFTS = "extra-shifts"

log = logging.getLogger("rota.app.store_feeds")

_T = TypeVar("_T")


@dataclass(frozen=True)
class RenderedFeed:
    version: int  # the calendar version it shows
    body: bytes
    digest: str  # SHA-256 of `body`, hex


@dataclass(frozen=True)
class _Version:
    """A stored calendar version, expanded into its occurrences."""

    scenario: Scenario
    plan: Plan
    expansion: Expansion
    holidays: dict[dt.date, str]


class StoreFeeds:
    """The calendar feeds of the calendar in force, rendered once per version.

    Reads only (`Store.reading`), so a render never waits for a writer. A version that cannot be
    rendered (its stored scenario no longer loads) is logged once, and each feed keeps being
    served as the last version that rendered; a store that does not answer raises
    SQLAlchemyError for the caller to answer as it answers any store outage."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._served: dict[str, RenderedFeed] = {}
        self._network = _Chain(_network_feeds)
        self._extra_shifts = _Chain(_extra_shift_calendar)
        self._broken: set[int] = set()
        # One render at a time: requests arriving together for a new version wait for the
        # first one's render instead of each doing it.
        self._rendering = threading.Lock()

    def get(self, name: str) -> RenderedFeed | None:
        """The feed `name` of the calendar in force; None when the store holds no calendar, or
        its calendar no such feed."""
        personal = PERSONAL_FEED.match(name)
        if personal is not None:
            return self._personal(personal.group(1))
        if not CALENDAR_FEED.match(name):
            return None
        with self.store.reading() as session:
            number = repo.current_number(session)
        if number is None:
            return None
        served = self._served.get(name)
        if served is not None and served.version == number:
            return served
        with self._rendering:
            served = self._served.get(name)
            if (served is not None and served.version == number) or number in self._broken:
                return served
            try:
                body = self._render(number, name)
            except SQLAlchemyError:
                raise
            # A version that does not render must not take the feed down: serve the last one.
            except Exception:
                log.exception("calendar version %d does not render; serving the last one", number)
                self._broken.add(number)
                return served
            if body is None:
                return None
            rendered = RenderedFeed(number, body, hashlib.sha256(body).hexdigest())
            self._served[name] = rendered
            return rendered

    def _personal(self, ident: str) -> RenderedFeed | None:
        with self.store.reading() as session:
            try:
                staffed = staffed_quarter(session)
            except NotFound:
                return None
            known = staffed.people.get(ident)
            if known is None:
                return None
            rows = [
                r for r in seat_rows(session, staffed.staffing_id, WORKED) if r.responder == ident
            ]
        owner = _Owner(ident, known["centre"], known["role"] != "staff")
        seats = [SeatAssignment(ident, occurrence_of(r), r.seat) for r in rows]
        body = personal_calendar(staffed.scenario, staffed.period, staffed.holidays, owner, seats)
        return RenderedFeed(staffed.version, body, hashlib.sha256(body).hexdigest())

    def _render(self, number: int, name: str) -> bytes | None:
        if name == EXTRA_SHIFTS:
            calendar = self._extra_shifts.at(number, self._version)
            return calendar.to_ical() if calendar is not None else None
        feeds = self._network.at(number, self._version)
        feed = feeds.get(name) if feeds is not None else None
        return feed.to_ical() if feed is not None else None

    def _version(self, number: int) -> _Version | None:
        with self.store.reading() as session:
            record = repo.get_version(session, number)
            if record is None:
                return None
            calendar = repo.version_of(record)
            scenario = stored_scenario(record.scenario.text, record.scenario.source)
        holidays = public_holidays(calendar.covered, scenario.holidays.extra)
        plan = Plan(calendar.covered, calendar.standing, calendar.dated)
        return _Version(scenario, plan, expand(plan, scenario, holidays), holidays)


@dataclass(frozen=True)
class _Owner:
    id: str
    centre: str
    needs_debrief: bool


class _Chain(Generic[_T]):
    """Feeds whose SEQUENCE rests on the previous version's: `build` makes a version's feeds
    from the marks of the version before; the marks of every version made are kept."""

    def __init__(self, build: Callable[[_Version, Marks], tuple[_T, Marks]]) -> None:
        self.build = build
        self.marks: dict[int, Marks] = {}
        self.newest: tuple[int, _T] | None = None

    def at(self, number: int, version: Callable[[int], _Version | None]) -> _T | None:
        """The feeds of version `number`, made after those of every version before it whose
        marks are not known yet."""
        if self.newest is not None and self.newest[0] == number:
            return self.newest[1]
        start = max((n for n in self.marks if n < number), default=0)
        previous = self.marks.get(start, {})
        made: _T | None = None
        for n in range(start + 1, number + 1):
            loaded = version(n)
            if loaded is None:  # a number no version took
                continue
            made, previous = self.build(loaded, previous)
            self.marks[n] = previous
        if made is not None:
            self.newest = (number, made)
        return made


def _network_feeds(version: _Version, previous: Marks) -> tuple[dict[str, NamedFeed], Marks]:
    events = feed_events(version.scenario, version.plan, version.expansion, previous)
    feeds = network_feeds(version.scenario, events)
    return feeds, marks(c for event in events for c in event.components)


def _extra_shift_calendar(version: _Version, previous: Marks) -> tuple[Calendar, Marks]:
    """The slots where one more responder helps most over the version's planned dates, as
    `rota extra-shifts --plan` lists them; without open seats, which come from assignments."""
    period = version.plan.period
    quarter = quarter_of(period.first)
    if (quarter.first, quarter.end) == (period.first, period.end):
        period = quarter  # named as a plan's feed names it: "Open extra shifts in 2027Q1"
    slots = extra_slots(version.scenario, period, version.holidays, version.expansion.occurrences)
    calendar = extra_shift_calendar(version.scenario, period, feed_slots(slots), (), previous)
    return calendar, marks(calendar.walk("VEVENT"))
