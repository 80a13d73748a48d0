"""report.md: the validator's verdict, the gaps in words, load, shares and solver statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rota.analysis.centre_load import centre_loads, holiday_evening_hours
from rota.analysis.coverage import CoverageRow, answered_by_service
from rota.analysis.extra_shifts import ExtraSlot, for_volunteers, ranked
from rota.analysis.whatif import BLOCK_HOURS, WhatIf
from rota.checks.explain import explain_gap
from rota.checks.plan import Validation
from rota.domain.calendar import Period
from rota.domain.plan import Expansion, StandingShift
from rota.domain.scenario import Scenario

MAX_LISTED = 40


@dataclass(frozen=True)
class SolverStats:
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    variables: int
    constraints: int


@dataclass(frozen=True)
class Change:
    centre: str
    service: str
    old: str
    new: str
    effective: dt.date


def render_report(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    standing: list[StandingShift],
    expansion: Expansion,
    validation: Validation,
    coverage: list[CoverageRow],
    stats: SolverStats,
    changes: list[Change] | None = None,
    notice_date: dt.date | None = None,
    whatif: WhatIf | None = None,
    extra: list[ExtraSlot] | None = None,
) -> str:
    status = (
        "FEASIBLE — every hard rule holds"
        if validation.passed
        else ("INFEASIBLE — hard rules could not all be met (see Gaps)")
    )
    out = [
        f"# Duty plan {period.label}: {scenario.name}",
        "",
        f"**Status: {status}.**",
        "",
        f"Period {period.first} – {period.end - dt.timedelta(days=1)} (Europe/Helsinki). "
        f"{len(expansion.occurrences)} occurrences, {len(expansion.cancellations)} standing dates "
        f"cancelled for holidays or closures.",
    ]
    if notice_date:
        out.append(f"Changes take effect from {notice_date} (two-month notice).")
    out += [
        "",
        "## Rule check (independent validator)",
        "",
        "| Rule | What | Result | Checked | Violations |",
        "|---|---|---|---|---|",
    ]
    for check in validation.checks.values():
        result = "n/a" if not check.applicable else ("pass" if check.passed else "FAIL")
        out.append(
            f"| {check.rule} | {check.title} | {result} | {check.checked} | "
            f"{len(check.violations)} |"
        )
    out += ["", "## Gaps and violations", ""]
    violations = validation.violations()
    if not violations:
        out.append("None.")
    for violation in violations[:MAX_LISTED]:
        line = f"- {violation.rule}: {violation.message}"
        if violation.rule in {"R2", "R3", "R5"} and violation.service and violation.start:
            why = explain_gap(scenario, holidays, violation.service, violation.start)
            line += f" — {why}"
        out.append(line)
    if len(violations) > MAX_LISTED:
        out.append(f"- … and {len(violations) - MAX_LISTED} more.")

    out += _holidays_section(holidays, period)
    out += _load_section(scenario, standing, expansion, period)
    out += _holiday_share_section(scenario, expansion, holidays, period)
    out += _answered_section(scenario, coverage, period)
    if whatif is not None:
        out += _whatif_section(whatif)
    if extra is not None:
        out += _extra_section(scenario, extra)
    out += _dated_section(expansion)
    if changes is not None:
        out += ["", "## Changes from the calendar in force", ""]
        if not changes:
            out.append("None: the standing calendar is unchanged.")
        else:
            out += ["| Centre | Service | Old | New | Effective |", "|---|---|---|---|---|"]
            out += [
                f"| {c.centre} | {c.service} | {c.old} | {c.new} | {c.effective} |" for c in changes
            ]
    out += [
        "",
        "## Solver",
        "",
        "| Status | Objective | Bound | Gap | Time | Variables | Constraints |",
        "|---|---|---|---|---|---|---|",
        f"| {stats.status} | {stats.objective:.0f} | {stats.bound:.0f} | {stats.gap:.2%} | "
        f"{stats.seconds:.1f} s | {stats.variables} | {stats.constraints} |",
        "",
        "The objective is minimised: minus expected answered contacts (hundredths, per plain "
        "week × weeks in force) plus the costs of the soft rules S2–S4.",
    ]
    if scenario.assumptions:
        out += ["", "## Assumptions in the scenario", ""]
        out += [f"- **{a.about}**: {a.note}" for a in scenario.assumptions]
    return "\n".join(out) + "\n"


def _holidays_section(holidays: dict[dt.date, str], period: Period) -> list[str]:
    inside = [(d, n) for d, n in holidays.items() if period.contains(d)]
    out = ["", "## Public holidays", ""]
    out += [f"- {d} ({d.strftime('%a')}): {n}" for d, n in inside] or ["None."]
    return out


def _load_section(
    scenario: Scenario, standing: list[StandingShift], expansion: Expansion, period: Period
) -> list[str]:
    weeks = len(period.dates()) / 7
    out = [
        "",
        "## Load per centre",
        "",
        "| Centre | Standing h/week | Commitment | Quarter hours | Per week on average |",
        "|---|---|---|---|---|",
    ]
    for load in centre_loads(scenario, period, standing, expansion.occurrences):
        out.append(
            f"| {load.centre} | {load.standing_weekly_hours:g} | {load.commitment_min:g}–"
            f"{load.commitment_max:g} | {load.quarter_hours:g} | "
            f"{load.quarter_hours / weeks:.1f} |"
        )
    return out


def _holiday_share_section(
    scenario: Scenario, expansion: Expansion, holidays: dict[dt.date, str], period: Period
) -> list[str]:
    if not scenario.rules.holiday_duty_group:
        return []
    hours = holiday_evening_hours(scenario, period, holidays, expansion.occurrences)
    total = sum(hours.values()) or 1.0
    out = [
        "",
        "## Holiday and weekend evening duty (R5, S2)",
        "",
        "| Centre | Responder-hours | Share |",
        "|---|---|---|",
    ]
    out += [f"| {c} | {h:g} | {h / total:.0%} |" for c, h in hours.items()]
    return out


def _answered_section(scenario: Scenario, coverage: list[CoverageRow], period: Period) -> list[str]:
    days = len(period.dates())
    out = [
        "",
        "## Expected answered contacts (queueing model, SPEC §5)",
        "",
        "| Service | Offered (quarter) | Answered (quarter) | Answered / week | "
        "Answered / year (annualised) | Answer rate |",
        "|---|---|---|---|---|---|",
    ]
    for figures in answered_by_service(scenario, coverage):
        o, a = figures.offered, figures.answered
        rate = "—" if figures.rate is None else f"{figures.rate:.0%}"
        out.append(
            f"| {figures.service} | {o:,.0f} | {a:,.0f} | {a / days * 7:,.0f} | "
            f"{a / days * 365:,.0f} | {rate} |"
        )
    return out


def _whatif_section(whatif: WhatIf) -> list[str]:
    name = "the baseline calendar" if whatif.reference == "baseline" else "a flat calendar"
    if whatif.reference == "baseline":
        reference = (
            "the baseline's standing calendar, in force for the whole quarter (without its "
            "dated duties)"
        )
    else:
        reference = (
            "a flat calendar: each service's responder-hours of this plan spread evenly over "
            "its open hours (x responders in every open hour; where x is not whole, the mean "
            "of ⌊x⌋ and ⌊x⌋ + 1 in proportion, as if the extra hours fell anywhere)"
        )
    out = [
        "",
        f"## What-if: this plan against {name}, same responder-hours",
        "",
        f"Reference: {reference}. Both are evaluated hour by hour with the Erlang-A model of "
        "coverage.csv; figures are per average week of the quarter.",
        "",
        "| Service | Responder-h / week (plan) | (reference) | Answered / week (plan) | "
        "(reference) | Gain | Ceiling¹ |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in whatif.services:
        top = "—" if s.ceiling_answered is None else f"{s.ceiling_answered:,.0f}"
        out.append(
            f"| {s.service} | {s.plan_hours:,.0f} | {s.reference_hours:,.0f} | "
            f"{s.plan_answered:,.0f} | {s.reference_answered:,.0f} | {s.gain:+.1%} | {top} |"
        )
    plan_hours = sum(s.plan_hours for s in whatif.services)
    reference_hours = sum(s.reference_hours for s in whatif.services)
    ceilings = [s.ceiling_answered for s in whatif.services]
    top = "—" if None in ceilings else f"{sum(c or 0.0 for c in ceilings):,.0f}"
    out += [
        f"| **all** | {plan_hours:,.0f} | {reference_hours:,.0f} | "
        f"{whatif.plan_answered:,.0f} | {whatif.reference_answered:,.0f} | "
        f"**{whatif.gain:+.1%}** | {top} |",
        "",
        "¹ The most any calendar with the plan's responder-hours could answer: every open hour "
        "at its minimum, none above the network's lines, each further responder-hour where the "
        "next responder answers most. It ignores shift lengths, availability and weekly "
        "commitments, so it bounds what placement can win.",
    ]
    if reference_hours and abs(plan_hours - reference_hours) > 0.005 * reference_hours:
        out += [
            "",
            f"The responder-hours differ, so compare answered per responder-hour: "
            f"{whatif.plan_answered / plan_hours:.2f} in the plan, "
            f"{whatif.reference_answered / reference_hours:.2f} in the reference.",
        ]
    added, removed = whatif.moved()
    out += [
        "",
        f"Where the difference comes from ({BLOCK_HOURS}-hour weekday blocks, plan minus "
        "reference, per week):",
        "",
        "| Service | Block | Responder-h / week | Answered / week |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {b.service} | {b.describe()} | {b.responder_hours:+,.1f} | {b.answered:+,.1f} |"
        for b in [*added, *removed]
    ]
    return out


def _extra_section(scenario: Scenario, extra: list[ExtraSlot], count: int = 5) -> list[str]:
    hours = f"{scenario.rules.min_shift_hours:g}"
    out = [
        "",
        "## Extra shifts wanted (feeds/extra-shifts.ics)",
        "",
        f"Open {hours}-hour slots where one more responder answers the most contacts; "
        "volunteers are steered to weekends and public holidays first. Full list: "
        "`rota extra-shifts`.",
        "",
    ]
    if not extra:
        return [*out, "None: every open hour is at its line capacity."]
    out += ["| For | Service | When | On duty | Answered + |", "|---|---|---|---|---|"]
    chosen = [("anyone", s) for s in ranked(extra)[:count]]
    chosen += [("volunteers", s) for s in for_volunteers(extra)[:count]]
    out += [
        f"| {who} | {s.service} | {s.describe()}{' (' + s.holiday + ')' if s.holiday else ''} "
        f"| {s.on_duty} | {s.gain:.1f} |"
        for who, s in chosen
    ]
    return out


def _dated_section(expansion: Expansion) -> list[str]:
    dated = [o for o in expansion.occurrences if o.kind != "standing"]
    out = ["", "## Dated duties (holiday duty, substitutes)", ""]
    if not dated:
        return [*out, "None."]
    out += ["| Centre | Service | Start | End | Responders | Kind |", "|---|---|---|---|---|---|"]
    out += [
        f"| {o.centre} | {o.service} | {o.start:%a %Y-%m-%d %H:%M} | {o.end:%a %H:%M} | "
        f"{o.responders} | {o.kind} |"
        for o in dated
    ]
    return out
