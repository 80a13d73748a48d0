"""How a proposal and its impact report read on a page: in the reader's language, with centres
and services by name, rules by their titles, dates as dd.mm.yyyy.

The service layer's own sentences (`ImpactReport.change`, `RuleBreak.message`, `Repair.why`)
are English; they are rebuilt here from the typed fields instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from rota.app.changes import ProposalView
from rota.domain.clock import WEEKDAYS
from rota.domain.proposals import DutyStep, ImpactReport, RepairStep, RuleBreak, ShiftModel
from rota.domain.scenario import Rules, Scenario
from ui.i18n import date_text, language, number, rule_title, signed, t, weekday

# A loss of expected answered contacts smaller than this is rounding, not worth a warning.
LOSS_NOTICED = 0.05
OCCURRENCE_KINDS = {
    "standing": "occ_standing",
    "holiday-duty": "occ_holiday_duty",
    "substitute": "occ_substitute",
    "extra": "occ_extra",
}


@dataclass(frozen=True)
class Names:
    """What a page shows instead of ids: the network's service and centre names, and the rules'
    numbers for their titles."""

    services: dict[str, str]
    centres: dict[str, str]
    rules: Rules

    @classmethod
    def of(cls, scenario: Scenario) -> Names:
        return cls(
            {s.id: s.name for s in scenario.services},
            {c.id: c.name for c in scenario.centres},
            scenario.rules,
        )

    def service(self, ident: str) -> str:
        return self.services.get(ident, ident)

    def centre(self, ident: str) -> str:
        return self.centres.get(ident, ident)


def shift_text(shift: ShiftModel, names: Names) -> str:
    """'MIELI Kriisipuhelin to 16:00–24:00 ×1'."""
    day = weekday(WEEKDAYS.index(shift.weekday))
    return f"{names.service(shift.service)} {day} {shift.start}–{shift.end} ×{shift.responders}"


def change_text(
    kind: str,
    before: ShiftModel | None,
    after: ShiftModel | None,
    effective: dt.date,
    names: Names,
) -> str:
    """'siirrä vuoro: C MIELI Kriisipuhelin ma 08:00–12:00 ×1 → … (voimaan 01.02.2027)'."""
    either = before or after
    centre = names.centre(either.centre) if either else ""
    shifts = " → ".join(shift_text(s, names) for s in (before, after) if s is not None)
    when = f"{t('effective').lower()} {date_text(effective)}"
    return f"{t(f'kind_{kind}')}: {centre} {shifts} ({when})"


def describe(view: ProposalView, names: Names) -> str:
    return change_text(view.kind, view.before, view.after, view.effective, names)


def status_text(status: str) -> str:
    return t(f"status_{status}")


def decision_text(view: ProposalView) -> str:
    """An approval by its date (the service's own note is English); a rejection by the reason
    the coordinator wrote."""
    decision = view.decision
    if decision is None:
        return ""
    if decision.outcome == "approved":
        return t("decision_approved", date=date_text(decision.decided_at.date()))
    return decision.reason


def break_text(found: RuleBreak, names: Names) -> str:
    """A rule break: the rule and its title, then where and when."""
    where = [names.service(found.service) if found.service else ""]
    where.append(weekday(WEEKDAYS.index(found.weekday)) if found.weekday else "")
    where.append(found.hours or "")
    if len(found.dates) > 1:
        first, last = date_text(found.dates[0]), date_text(found.dates[-1])
        when = t("finding_dates", count=len(found.dates), first=first, last=last)
    else:
        when = " ".join(date_text(d) for d in found.dates)
    place = " ".join(p for p in (*where, when) if p)
    title = rule_title(found.rule, names.rules)
    return f"**{found.rule}** {title}" + (f" — {place}" if place else "")


def step_text(step: RepairStep | DutyStep, names: Names) -> str:
    if isinstance(step, RepairStep):
        key = "step_add" if step.action == "add" else "step_remove"
        return t(key, centre=names.centre(step.shift.centre), shift=shift_text(step.shift, names))
    day = f"{weekday(step.date.weekday())} {date_text(step.date)}"
    shift = f"{names.service(step.service)} {day} {step.start}–{step.end} ×{step.responders}"
    kind = t(OCCURRENCE_KINDS[step.kind])
    return t("step_duty", centre=names.centre(step.centre), kind=kind, shift=shift)


def loss_warning(report: ImpactReport, names: Names) -> None:
    """A change that loses expected answered contacts is flagged as plainly as a rule break,
    with the services that lose and what the suggested repair gives back."""
    change = sum(s.answered_after - s.answered_before for s in report.services)
    if change >= -LOSS_NOTICED:
        return
    losing = [
        f"{names.service(s.service)} {signed(s.answered_after - s.answered_before, 1)}"
        for s in report.services
        if s.answered_after - s.answered_before < -LOSS_NOTICED
    ]
    last = report.period_end - dt.timedelta(days=1)
    text = t(
        "impact_loss",
        change=signed(change, 1),
        first=date_text(report.period_first),
        last=date_text(last),
        services=", ".join(losing),
    )
    if report.repair.steps:
        repaired = sum(s.answered_repaired - s.answered_before for s in report.services)
        text += " " + t("impact_loss_repaired", change=signed(repaired, 1))
    st.warning(text, icon=":material/trending_down:")


def show_impact(report: ImpactReport, change: str, names: Names) -> None:
    st.markdown(f"**{t('impact')}:** {change}")
    if report.breaks:
        st.markdown(f"**{t('breaks')}**")
        st.markdown("\n".join(f"- {break_text(b, names)}" for b in report.breaks))
    else:
        st.success(t("breaks_none"))
    loss_warning(report, names)
    if report.services:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("service"): names.service(s.service),
                        t("col_hours_before"): number(s.responder_hours_before),
                        t("col_hours_after"): number(s.responder_hours_after),
                        t("col_hours_repaired"): number(s.responder_hours_repaired),
                        t("col_answered"): signed(s.answered_after - s.answered_before, 1),
                        t("col_answered_repaired"): signed(
                            s.answered_repaired - s.answered_before, 1
                        ),
                    }
                    for s in report.services
                ]
            ),
            hide_index=True,
        )
    repair = report.repair
    st.markdown(f"**{t('repair')}** ({t(f'repair_status_{repair.status}')})")
    if repair.status == "not-needed":
        st.caption(t("repair_none_needed"))
    lines = [f"- {step_text(step, names)}" for step in repair.steps]
    if repair.why:
        # The service says why in English sentences: whole on an English page, in short on others.
        english = language() == "en"
        lines += [f"- {why}" for why in repair.why] if english else [f"- {t('repair_incomplete')}"]
    if report.remaining:
        lines += [f"- ⚠ {break_text(b, names)}" for b in report.remaining]
    if lines:
        st.markdown("\n".join(lines))
