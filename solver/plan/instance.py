"""Everything the CP-SAT model needs, worked out before the model is built.

Following the CP-SAT primer's advice, the model does no preprocessing: this module turns a
scenario, a period and the commitments already in force into candidate shifts, weekly slots with
their requirements, and the dated slots where the quarter differs from a plain week (holidays,
closures, the notice boundary).

Time is counted in slots of `slot_minutes` from Monday 00:00 local wall-clock time. Coverage is
wall-clock: a shift 00:00–04:00 covers the slots 00–04 on every date, whatever DST does to the
real length of that night.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rota.domain.calendar import Period, instant, is_weekend, local
from rota.domain.clock import MINUTES_PER_DAY, MINUTES_PER_WEEK
from rota.domain.demand import DemandProfile, flat_marginal_values, marginal_answered
from rota.domain.plan import DatedDuty, Kind, Occurrence, StandingShift, cancellation_reason
from rota.domain.scenario import Scenario, Window

Pair = tuple[str, str]  # (centre id, service id)


@dataclass(frozen=True)
class Candidate:
    """A standing shift the model may use: weekday-relative start slot and length in slots."""

    centre: str
    service: str
    start: int  # weekly slot
    length: int  # slots

    def covers(self, slot: int, slots_per_week: int) -> bool:
        return (slot - self.start) % slots_per_week < self.length

    def offset(self, slot: int, slots_per_week: int) -> int:
        """How many slots after the shift's start `slot` lies."""
        return (slot - self.start) % slots_per_week

    def shift(
        self, slot_minutes: int, responders: int, valid_from: dt.date | None = None
    ) -> StandingShift:
        """The standing shift this candidate is, on a grid of `slot_minutes`."""
        per_day = MINUTES_PER_DAY // slot_minutes
        return StandingShift(
            centre=self.centre,
            service=self.service,
            weekday=self.start // per_day,
            start=(self.start % per_day) * slot_minutes,
            minutes=self.length * slot_minutes,
            responders=responders,
            valid_from=valid_from,
        )


@dataclass(frozen=True)
class DatedCandidate:
    centre: str
    service: str
    day: dt.date
    start: int  # slot of the day
    length: int  # slots
    kind: str

    def duty(self, slot_minutes: int, responders: int) -> DatedDuty:
        """The dated duty this candidate is, on a grid of `slot_minutes`: on a weekend or
        holiday evening a holiday duty, any other a substitute during a closure."""
        kind: Kind = "holiday-duty" if self.kind == "holiday-duty" else "substitute"
        return DatedDuty(
            start=local(self.day, self.start * slot_minutes),
            end=local(self.day, (self.start + self.length) * slot_minutes),
            centre=self.centre,
            service=self.service,
            responders=responders,
            kind=kind,
        )


@dataclass
class DatedSlot:
    """One slot of one date for one service, where the quarter differs from the plain week."""

    service: str
    day: dt.date
    slot: int  # slot of the day
    required: int
    required_group: int  # R5: responders from the holiday-duty group
    inactive: dict[str, list[Candidate]]  # per centre: pattern shifts cancelled or not yet valid
    fixed: dict[str, int]  # per centre: responders from occurrences already promised
    dated: list[DatedCandidate]

    @cached_property
    def dated_by_centre(self) -> dict[str, list[DatedCandidate]]:
        """The dated duties that may cover this slot, per centre (read once the layer is built)."""
        out: dict[str, list[DatedCandidate]] = defaultdict(list)
        for duty in self.dated:
            out[duty.centre].append(duty)
        return dict(out)


@dataclass
class Instance:
    scenario: Scenario
    period: Period
    holidays: dict[dt.date, str]
    slot_minutes: int
    pattern_from: dt.date
    candidates: dict[Pair, list[Candidate]]
    required: dict[tuple[str, int], int]  # (service, weekly slot) -> responders on a plain week
    group_slots: list[int]  # weekly slots of weekend evenings (R5)
    pattern_weeks: float  # how many weeks the new pattern is in force within the period
    values: dict[tuple[str, int], list[int]]  # (service, weekly slot) -> value of k-th responder
    dated_slots: list[DatedSlot]
    dated_candidates: list[DatedCandidate]
    baseline: dict[tuple[str, str, int, int], int] = field(default_factory=dict)
    fixed_occurrences: list[Occurrence] = field(default_factory=list)
    kept_until: dt.datetime | None = None

    @property
    def slots_per_week(self) -> int:
        return MINUTES_PER_WEEK // self.slot_minutes

    @property
    def slots_per_day(self) -> int:
        return MINUTES_PER_DAY // self.slot_minutes

    def pairs(self) -> list[Pair]:
        return list(self.candidates)

    def lines(self, centre: str, service: str) -> int:
        return self.scenario.centre(centre).lines.get(service, 0)


def slots_of(windows: list[Window], slot_minutes: int) -> set[int]:
    slots: set[int] = set()
    for window in windows:
        for start, end in window.week_intervals():
            slots.update(range(start // slot_minutes, -(-end // slot_minutes)))
    return slots


def build_instance(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    pattern_from: dt.date | None = None,
    fixed_occurrences: list[Occurrence] | None = None,
    baseline_standing: list[StandingShift] | None = None,
    kept_until: dt.datetime | None = None,
) -> Instance:
    """Prepare the model data. Occurrences starting before `pattern_from` are fixed (R7)."""
    g = scenario.slot_minutes
    per_week, per_day = MINUTES_PER_WEEK // g, MINUTES_PER_DAY // g
    rules = scenario.rules
    lengths = range(int(rules.min_shift_hours * 60) // g, int(rules.max_shift_hours * 60) // g + 1)
    pattern_from = pattern_from or period.first - dt.timedelta(days=1)
    fixed_occurrences = fixed_occurrences or []

    open_slots = {s.id: slots_of(s.hours, g) for s in scenario.services}
    candidates: dict[Pair, list[Candidate]] = {}
    for centre in scenario.centres:
        available = slots_of(centre.availability, g)
        for service in scenario.services:
            if not scenario.can_staff(centre, service) or centre.lines.get(service.id, 0) == 0:
                continue
            allowed = available & open_slots[service.id]
            candidates[(centre.id, service.id)] = [
                Candidate(centre.id, service.id, start, length)
                for start in sorted(allowed)
                for length in lengths
                if all((start + i) % per_week in allowed for i in range(length))
            ]

    required = {
        (s.id, slot): s.min_responders for s in scenario.services for slot in open_slots[s.id]
    }
    evening = _evening_slots(scenario, g)
    group_slots = sorted(d * per_day + h for d in (5, 6) for h in evening)

    pattern_days = [d for d in period.dates() if d >= pattern_from]
    pattern_weeks = len(pattern_days) / 7

    values = _values(scenario, candidates, per_week, g, pattern_days or period.dates(), holidays)
    instance = Instance(
        scenario=scenario,
        period=period,
        holidays=holidays,
        slot_minutes=g,
        pattern_from=pattern_from,
        candidates=candidates,
        required=required,
        group_slots=group_slots,
        pattern_weeks=pattern_weeks,
        values=values,
        dated_slots=[],
        dated_candidates=[],
        fixed_occurrences=fixed_occurrences,
        kept_until=kept_until,
    )
    if baseline_standing:
        instance.baseline = {
            (b.centre, b.service, b.week_start // g, b.minutes // g): b.responders
            for b in baseline_standing
        }
    _add_dated_layer(instance, evening)
    return instance


def _evening_slots(scenario: Scenario, g: int) -> list[int]:
    evening = scenario.rules.evening
    return list(range(evening.start // g, (evening.start + evening.length) // g))


def _values(
    scenario: Scenario,
    candidates: dict[Pair, list[Candidate]],
    per_week: int,
    g: int,
    days: list[dt.date],
    holidays: dict[dt.date, str],
) -> dict[tuple[str, int], list[int]]:
    """Integer value (hundredths of an answered contact per week) of the k-th responder.

    S1 counts what coverage.csv counts: a weekly slot's value is the sum, over the `days` of its
    weekday, of each date's Erlang-A increments at that date's own rate (month and date factors
    applied, nothing offered on a holiday the service is closed), divided by the weeks in
    `days`; the rules multiply it back by those weeks. A sum of non-increasing sequences is
    non-increasing, so the objective stays concave.
    """
    caps: dict[tuple[str, int], int] = defaultdict(int)
    for (centre_id, service_id), cands in candidates.items():
        lines = scenario.centre(centre_id).lines[service_id]
        covered = {(c.start + i) % per_week for c in cands for i in range(c.length)}
        for slot in covered:
            caps[(service_id, slot)] += lines
    per_day = per_week // 7
    by_weekday: dict[int, list[dt.date]] = defaultdict(list)
    for day in days:
        by_weekday[day.weekday()].append(day)
    profiles = {s.id: DemandProfile(s.demand) for s in scenario.services if s.demand is not None}
    values: dict[tuple[str, int], list[int]] = {}
    hours_per_slot = g / 60
    for (service_id, slot), cap in caps.items():
        service = scenario.service(service_id)
        profile = profiles.get(service_id)
        if profile is None:
            marginal = flat_marginal_values(cap)
        else:
            minute = (slot % per_day) * g
            dates = by_weekday.get(slot // per_day, [])
            rates: Counter[float] = Counter(
                0.0
                if day in holidays and not service.open_on_holidays
                else profile.rate_at(day, minute)
                for day in dates
            )
            weeks = len(days) / 7
            if not rates:
                rates[profile.weekly_rate(slot * g)] = 1
                weeks = 1.0
            marginal = [0.0] * cap
            for rate, count in rates.items():
                curve = _marginal(rate, profile.handle_minutes, profile.patience_minutes, cap)
                for k, value in enumerate(curve):
                    marginal[k] += value * count / weeks
        values[(service_id, slot)] = [round(100 * v * hours_per_slot) for v in marginal]
    return values


@lru_cache(maxsize=65536)
def _marginal(rate: float, handle: float, patience: float, cap: int) -> tuple[float, ...]:
    return tuple(marginal_answered(rate, handle, patience, cap))


def _add_dated_layer(instance: Instance, evening: list[int]) -> None:
    """Dated slots where the quarter may differ from the plain week, and the dated duties that
    may restore the rules there: holidays, closures, and the days before the notice date."""
    scenario, period = instance.scenario, instance.period
    g, per_week, per_day = instance.slot_minutes, instance.slots_per_week, instance.slots_per_day
    holidays = instance.holidays
    days = [period.first - dt.timedelta(days=1), *period.dates()]

    fixed: dict[tuple[str, dt.date, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for occ in instance.fixed_occurrences:
        for day, slot in _wall_slots(occ, g):
            fixed[(occ.service, day, slot)][occ.centre] += occ.responders

    exceptional: set[dt.date] = set()
    # The day after the period counts too: a night shift of its last evening touches it, so a
    # holiday or closure there (New Year's Day after Q4) cancels that shift.
    for day in [*days, period.end]:
        if day in holidays or any(c.is_closed(day) for c in scenario.centres):
            exceptional.update({day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)})
    if instance.pattern_from > days[0]:
        span = (min(instance.pattern_from, period.end) - days[0]).days + 1
        exceptional.update(days[0] + dt.timedelta(days=i) for i in range(span))
    exceptional.update(key[1] for key in fixed)
    exceptional &= set(days)

    covering: dict[tuple[str, int], list[tuple[Candidate, int]]] = defaultdict(list)
    for cands in instance.candidates.values():
        for cand in cands:
            for offset in range(cand.length):
                covering[(cand.service, (cand.start + offset) % per_week)].append((cand, offset))

    cancelled: dict[tuple[str, str, tuple[dt.date, ...]], bool] = {}

    def is_cancelled(centre: str, service: str, touched: tuple[dt.date, ...]) -> bool:
        key = (centre, service, touched)
        if key not in cancelled:
            reason = cancellation_reason(scenario, holidays, centre, service, list(touched))
            cancelled[key] = reason is not None
        return cancelled[key]

    def pattern_inactive(cand: Candidate, start_day: dt.date) -> bool:
        if start_day < instance.pattern_from:
            return True
        return is_cancelled(
            cand.centre,
            cand.service,
            _touched(start_day, cand.start % per_day, cand.length, per_day),
        )

    group = set(scenario.rules.holiday_duty_group)
    finnish = scenario.rules.finnish_line
    slots: dict[tuple[str, dt.date, int], DatedSlot] = {}
    for day in sorted(exceptional):
        in_period = period.contains(day)
        for service in scenario.services:
            closed_today = day in holidays and not service.open_on_holidays
            for slot in range(per_day):
                wslot = day.weekday() * per_day + slot
                required = instance.required.get((service.id, wslot), 0)
                group_wanted = (
                    service.id == finnish
                    and in_period
                    and bool(group)
                    and (is_weekend(day) or day in holidays)
                    and slot in evening
                )
                inactive: dict[str, list[Candidate]] = defaultdict(list)
                for cand, offset in covering.get((service.id, wslot), []):
                    start_day = day + dt.timedelta(days=(slot - offset) // per_day)
                    if pattern_inactive(cand, start_day):
                        inactive[cand.centre].append(cand)
                slots[(service.id, day, slot)] = DatedSlot(
                    service=service.id,
                    day=day,
                    slot=slot,
                    required=required if in_period and not closed_today else 0,
                    required_group=1 if group_wanted else 0,
                    inactive=dict(inactive),
                    fixed=dict(fixed.get((service.id, day, slot), {})),
                    dated=[],
                )

    kept_until = instance.kept_until
    for (centre_id, service_id), cands in instance.candidates.items():
        allowed = {(c.start + i) % per_week for c in cands for i in range(c.length)}
        lengths = sorted({c.length for c in cands})
        dated_lengths = sorted({lengths[0], lengths[-1]}) if lengths else []
        for day in sorted(exceptional):
            for start in range(per_day):
                for length in dated_lengths:
                    keys = [
                        (
                            service_id,
                            day + dt.timedelta(days=(start + i) // per_day),
                            (start + i) % per_day,
                        )
                        for i in range(length)
                    ]
                    if not all(key in slots for key in keys):
                        continue
                    if not any(slots[k].required or slots[k].required_group for k in keys):
                        continue
                    wstart = day.weekday() * per_day + start
                    if any((wstart + i) % per_week not in allowed for i in range(length)):
                        continue
                    if kept_until is not None and instant(local(day, start * g)) < instant(
                        kept_until
                    ):
                        continue
                    if is_cancelled(centre_id, service_id, _touched(day, start, length, per_day)):
                        continue
                    kind = "holiday-duty" if day in holidays or is_weekend(day) else "substitute"
                    dated = DatedCandidate(centre_id, service_id, day, start, length, kind)
                    instance.dated_candidates.append(dated)
                    for key in keys:
                        slots[key].dated.append(dated)

    instance.dated_slots = list(slots.values())


def _touched(day: dt.date, start: int, length: int, per_day: int) -> tuple[dt.date, ...]:
    """Local dates touched by `length` slots from slot `start` of `day`."""
    last = start + length - 1
    return tuple(day + dt.timedelta(days=i) for i in range(last // per_day + 1))


def _wall_slots(occ: Occurrence, g: int) -> list[tuple[dt.date, int]]:
    """(local date, slot of day) for every wall-clock slot an occurrence covers."""
    per_day = MINUTES_PER_DAY // g
    start = occ.start.replace(tzinfo=None)
    count = occ.wall_minutes // g
    first = (start.hour * 60 + start.minute) // g
    out = []
    for i in range(count):
        index = first + i
        out.append((start.date() + dt.timedelta(days=index // per_day), index % per_day))
    return out
