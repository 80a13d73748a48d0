"""What a change proposal is (SPEC §1, issue 4): a centre's add, drop, move or resize of one
standing shift from an effective date, applying it to a standing calendar, and the shape of the
impact report the coordinator reads before deciding.

A proposal never edits the calendar in place: applying a change ends the old shift the day
before the effective date and starts the new one on it, so every earlier occurrence stays exactly
as it was promised (R7).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rota.domain.calendar import HELSINKI, Period, add_months, local
from rota.domain.clock import WEEKDAYS, format_clock, parse_clock, span_minutes
from rota.domain.plan import DatedDuty, StandingShift

ChangeKind = Literal["add", "drop", "move", "resize"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("add", "drop", "move", "resize")

_SHIFT = re.compile(
    r"^\s*(?P<service>[a-z0-9][a-z0-9-]*)\s+(?P<day>[a-z]{3})\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*[-–]\s*(?P<end>\d{1,2}:\d{2})"
    r"(?:\s*[x×]\s*(?P<responders>\d+))?\s*$"
)
SHIFT_FORMAT = "SERVICE DAY HH:MM-HH:MM [xN], e.g. 'fi-phone mon 16:00-22:00 x1'"


def parse_shift(centre: str, text: str) -> StandingShift:
    """'fi-phone mon 16:00-22:00 x2' -> the centre's standing shift (one responder by default)."""
    match = _SHIFT.match(text.lower())
    if not match or match.group("day") not in WEEKDAYS:
        raise ValueError(f"'{text}' is not a shift; write {SHIFT_FORMAT}")
    start, end = parse_clock(match.group("start")), parse_clock(match.group("end"))
    if start == end:
        raise ValueError(f"'{text}': start and end are equal; a shift needs a length")
    responders = int(match.group("responders") or 1)
    if responders < 1:
        raise ValueError(f"'{text}': a shift needs at least one responder")
    return StandingShift(
        centre=centre,
        service=match.group("service"),
        weekday=WEEKDAYS.index(match.group("day")),
        start=start % (24 * 60),
        minutes=span_minutes(start, end),
        responders=responders,
    )


class ShiftModel(BaseModel):
    """A standing shift as stored and printed: local wall-clock times, 'end' ≤ 'start' crosses
    midnight."""

    model_config = ConfigDict(frozen=True)

    centre: str
    service: str
    weekday: str = Field(description="mon … sun")
    start: str = Field(description="Local start HH:MM.")
    end: str = Field(description="Local end HH:MM.")
    responders: int = 1
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @classmethod
    def of(cls, shift: StandingShift) -> ShiftModel:
        return cls(
            centre=shift.centre,
            service=shift.service,
            weekday=WEEKDAYS[shift.weekday],
            start=format_clock(shift.start),
            end=format_clock(shift.start + shift.minutes),
            responders=shift.responders,
            valid_from=shift.valid_from,
            valid_until=shift.valid_until,
        )

    def shift(self) -> StandingShift:
        start, end = parse_clock(self.start), parse_clock(self.end)
        return StandingShift(
            centre=self.centre,
            service=self.service,
            weekday=WEEKDAYS.index(self.weekday),
            start=start,
            minutes=span_minutes(start, end),
            responders=self.responders,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )

    def describe(self) -> str:
        return self.shift().describe()


@dataclass(frozen=True)
class ShiftChange:
    """One centre's proposed change: `before` leaves the calendar, `after` joins it, from
    `effective` on. add has no `before`, drop has no `after`."""

    centre: str
    kind: ChangeKind
    before: StandingShift | None
    after: StandingShift | None
    effective: dt.date

    def problems(self) -> list[str]:
        """What makes the change ill-formed on its own (not what it does to the calendar)."""
        out = []
        needs_before, needs_after = self.kind != "add", self.kind != "drop"
        if needs_before != (self.before is not None):
            out.append(
                f"{self.kind}: {'give' if needs_before else 'do not give'} the shift it replaces"
            )
        if needs_after != (self.after is not None):
            out.append(f"{self.kind}: {'give' if needs_after else 'do not give'} the new shift")
        for shift in (self.before, self.after):
            if shift is not None and shift.centre != self.centre:
                out.append(f"shift {shift.describe()} belongs to {shift.centre}, not {self.centre}")
        if self.before is not None and self.after is not None:
            b, a = self.before, self.after
            if (*b.pattern_key, b.responders) == (*a.pattern_key, a.responders):
                out.append("the new shift is the same as the old one; nothing changes")
            elif self.kind == "move" and (b.minutes, b.responders) != (a.minutes, a.responders):
                out.append("move keeps the length and responders; use resize to change them")
            elif self.kind == "resize" and (b.service, b.weekday) != (a.service, a.weekday):
                out.append("resize keeps the service and weekday; use move to change them")
        return out

    @property
    def removed(self) -> list[StandingShift]:
        return [self.before] if self.before is not None else []

    @property
    def added(self) -> list[StandingShift]:
        return [self.after] if self.after is not None else []

    def describe(self) -> str:
        if self.before is None and self.after is not None:
            what = f"add {self.after.describe()}"
        elif self.after is None and self.before is not None:
            what = f"drop {self.before.describe()}"
        else:
            assert self.before is not None and self.after is not None
            what = f"{self.kind} {self.before.describe()} → {self.after.describe()}"
        return f"{what} from {self.effective.isoformat()}"


def earliest_effective(today: dt.date, notice_months: int) -> dt.date:
    """R7: the first date a change agreed today may take effect."""
    return add_months(today, notice_months)


@dataclass(frozen=True)
class CalendarVersion:
    """A standing-calendar version: the weekly shifts with their validity, the dated duties the
    plan added, and the dates its dated duties were planned for."""

    number: int
    standing: list[StandingShift]
    dated: list[DatedDuty]
    covered: Period

    def in_force(self, day: dt.date) -> list[StandingShift]:
        """The weekly pattern on a date."""
        return [
            s
            for s in self.standing
            if (s.valid_from is None or s.valid_from <= day)
            and (s.valid_until is None or day <= s.valid_until)
        ]

    def find(self, shift: StandingShift, day: dt.date) -> StandingShift | None:
        """The calendar's shift with the same pattern and responders in force on a date."""
        key = (*shift.pattern_key, shift.responders)
        return next((s for s in self.in_force(day) if (*s.pattern_key, s.responders) == key), None)


def apply_changes(
    standing: list[StandingShift],
    removed: list[StandingShift],
    added: list[StandingShift],
    effective: dt.date,
) -> list[StandingShift]:
    """The standing calendar with `removed` ended the day before `effective` and `added` valid
    from it. A removed shift that only starts on or after `effective` disappears altogether."""
    out = list(standing)
    for gone in removed:
        key = (*gone.pattern_key, gone.responders)
        for i, shift in enumerate(out):
            if (*shift.pattern_key, shift.responders) != key:
                continue
            if shift.valid_until is not None and shift.valid_until < effective:
                continue
            if shift.valid_from is not None and shift.valid_from >= effective:
                del out[i]
            else:
                out[i] = replace(shift, valid_until=effective - dt.timedelta(days=1))
            break
        else:
            raise ValueError(f"{gone.describe()} is not in the calendar on {effective}")
    out.extend(replace(s, valid_from=effective, valid_until=None) for s in added)
    return sorted(out)


# --- the impact report ----------------------------------------------------------------------


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RuleBreak(Frozen):
    """Violations of one rule on one service at the same weekly hours, on one or more dates."""

    rule: str
    service: str | None = None
    weekday: str | None = Field(default=None, description="mon … sun, where the rule names hours")
    hours: str | None = Field(default=None, description="Local 'HH:MM–HH:MM'.")
    dates: list[dt.date] = Field(default_factory=list)
    message: str = Field(description="The validator's sentence for the first such violation.")

    def describe(self) -> str:
        where = " ".join(p for p in (self.service, self.weekday, self.hours) if p)
        if len(self.dates) > 1:
            when = f" on {len(self.dates)} dates {self.dates[0]} … {self.dates[-1]}"
        elif self.dates:
            when = f" on {self.dates[0]}"
        else:
            when = ""
        return f"{' '.join(p for p in (self.rule, where) if p)}{when}: {self.message}"


class ServiceImpact(Frozen):
    """Responder-hours and expected answered contacts over the analysed period."""

    service: str
    responder_hours_before: float
    responder_hours_after: float
    responder_hours_repaired: float
    answered_before: float
    answered_after: float
    answered_repaired: float


class RepairStep(Frozen):
    """One change to another centre's standing calendar: the shift leaves or joins it."""

    action: Literal["remove", "add"]
    shift: ShiftModel

    def describe(self) -> str:
        return f"{self.shift.centre}: {self.action} {self.shift.describe()}"


class DutyStep(Frozen):
    """A one-off duty another centre takes on one date, where no weekly shift can help: a
    holiday or a closure cancels the weekly shifts that would cover it (R6)."""

    action: Literal["duty"] = "duty"
    centre: str
    service: str
    kind: Literal["holiday-duty", "substitute"]
    date: dt.date = Field(description="Local date the duty starts on.")
    start: str = Field(description="Local start HH:MM.")
    end: str = Field(description="Local end HH:MM; 'end' ≤ 'start' ends on the next day.")
    responders: int = 1

    @classmethod
    def of(cls, duty: DatedDuty) -> DutyStep:
        start, end = duty.start.astimezone(HELSINKI), duty.end.astimezone(HELSINKI)
        kind = duty.kind
        assert kind in ("holiday-duty", "substitute"), f"a repair adds no {kind} duty"
        return cls(
            centre=duty.centre,
            service=duty.service,
            kind=kind,
            date=start.date(),
            start=format_clock(start.hour * 60 + start.minute),
            end=format_clock(end.hour * 60 + end.minute),
            responders=duty.responders,
        )

    def duty(self) -> DatedDuty:
        start = parse_clock(self.start)
        minutes = span_minutes(start, parse_clock(self.end))
        return DatedDuty(
            start=local(self.date, start),
            end=local(self.date, start + minutes),
            centre=self.centre,
            service=self.service,
            responders=self.responders,
            kind=self.kind,
        )

    def describe(self) -> str:
        what = "holiday duty" if self.kind == "holiday-duty" else "substitute duty"
        weekday = WEEKDAYS[self.date.weekday()].capitalize()
        return (
            f"{self.centre}: {what} {self.service} {weekday} {self.date.isoformat()} "
            f"{self.start}–{self.end} ×{self.responders} (this date only)"
        )


class Repair(Frozen):
    status: Literal["not-needed", "found", "partial", "none"]
    steps: list[Annotated[RepairStep | DutyStep, Field(discriminator="action")]] = Field(
        default_factory=list,
        description="Standing shifts removed and added, then dated duties added.",
    )
    changed_shifts: int = Field(
        default=0, description="Standing responder-shifts added plus removed."
    )
    valid_from: dt.date | None = Field(
        default=None, description="When the repair's shifts take effect."
    )
    why: list[str] = Field(
        default_factory=list, description="Why no complete repair exists, in words."
    )
    solver_status: str = ""
    solver_seconds: float = 0.0

    @property
    def removed(self) -> list[StandingShift]:
        return [s.shift.shift() for s in self.steps if s.action == "remove"]

    @property
    def added(self) -> list[StandingShift]:
        return [s.shift.shift() for s in self.steps if s.action == "add"]

    @property
    def duties(self) -> list[DatedDuty]:
        return [s.duty() for s in self.steps if s.action == "duty"]

    def size(self) -> str:
        """'2 changed responder-shifts and 1 dated duty', naming only what the repair has."""
        duties = sum(s.responders for s in self.steps if s.action == "duty")
        parts = [f"{self.changed_shifts} changed responder-shifts"] if self.changed_shifts else []
        if duties:
            parts.append(f"{duties} dated {'duty' if duties == 1 else 'duties'}")
        return " and ".join(parts) or "no changes"


class ImpactReport(Frozen):
    """What a proposal does to national coverage, and the smallest repair that restores it."""

    change: str
    base_version: int
    period_first: dt.date
    period_end: dt.date = Field(description="Exclusive.")
    breaks: list[RuleBreak] = Field(
        default_factory=list, description="Hard-rule violations the change adds."
    )
    resolved: list[RuleBreak] = Field(
        default_factory=list, description="Hard-rule violations the change removes."
    )
    remaining: list[RuleBreak] = Field(
        default_factory=list, description="Violations the change adds that the repair leaves."
    )
    services: list[ServiceImpact] = Field(default_factory=list)
    repair: Repair
    seconds: float = 0.0


def render_impact(report: ImpactReport) -> list[str]:
    """The report as lines of text for the terminal."""
    last = report.period_end - dt.timedelta(days=1)
    out = [
        f"Impact of: {report.change}",
        f"  analysed {report.period_first} … {last} against calendar version "
        f"{report.base_version} in {report.seconds:.2f} s",
    ]
    if report.breaks:
        out.append("  Hard rules the change breaks:")
        out += [f"    {b.describe()}" for b in report.breaks]
    else:
        out.append("  The change breaks no hard rule.")
    if report.resolved:
        out.append("  Violations the change removes:")
        out += [f"    {b.describe()}" for b in report.resolved]
    out.append("  Per service (responder-hours; expected answered contacts):")
    for s in report.services:
        out.append(
            f"    {s.service:<10} hours {s.responder_hours_before:8.0f} → "
            f"{s.responder_hours_after:8.0f} (repaired {s.responder_hours_repaired:8.0f});  "
            f"answered {s.answered_before:9.1f} → {s.answered_after:9.1f} "
            f"({s.answered_after - s.answered_before:+.1f}; repaired "
            f"{s.answered_repaired - s.answered_before:+.1f})"
        )
    repair = report.repair
    if repair.status == "not-needed":
        out.append("  Repair: not needed.")
    elif repair.status == "found":
        out.append(
            f"  Repair ({repair.size()}, from {repair.valid_from}; restores every hard rule):"
        )
        out += [f"    {step.describe()}" for step in repair.steps]
    else:
        label = "partial" if repair.status == "partial" else "none"
        out.append(f"  Repair: {label} — no change to other centres restores every hard rule:")
        out += [f"    {step.describe()}" for step in repair.steps]
        out += [f"    why: {why}" for why in repair.why]
        if report.remaining:
            out.append("  Still broken with the best repair:")
            out += [f"    {b.describe()}" for b in report.remaining]
    return out
