"""How a proposal and its impact report read on a page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rota.app.changes import ProposalView
from rota.domain.proposals import ImpactReport
from ui.i18n import t


def describe(view: ProposalView) -> str:
    """'move fi-phone mon 08:00–12:00 ×1 → fi-phone tue 08:00–12:00 ×1 from 2027-02-01'."""
    shift = view.after or view.before
    what = f"{view.kind} {shift.describe()}" if shift else view.kind
    if view.before and view.after:
        what = f"{view.kind} {view.before.describe()} → {view.after.describe()}"
    return f"{what} ({t('effective').lower()} {view.effective:%d.%m.%Y})"


def show_impact(report: ImpactReport, names: dict[str, str] | None = None) -> None:
    names = names or {}
    st.markdown(f"**{t('impact')}:** {report.change}")
    if report.breaks:
        st.markdown(f"**{t('breaks')}**")
        st.markdown("\n".join(f"- {b.describe()}" for b in report.breaks))
    else:
        st.success(t("breaks_none"))
    if report.services:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("service"): names.get(s.service, s.service),
                        t("col_hours_before"): round(s.responder_hours_before),
                        t("col_hours_after"): round(s.responder_hours_after),
                        t("col_hours_repaired"): round(s.responder_hours_repaired),
                        t("col_answered"): round(s.answered_after - s.answered_before, 1),
                        t("col_answered_repaired"): round(
                            s.answered_repaired - s.answered_before, 1
                        ),
                    }
                    for s in report.services
                ]
            ),
            hide_index=True,
        )
    repair = report.repair
    st.markdown(f"**{t('repair')}** ({repair.status})")
    if repair.status == "not-needed":
        st.caption(t("repair_none_needed"))
    lines = [f"- {step.describe()}" for step in repair.steps]
    lines += [f"- {why}" for why in repair.why]
    if report.remaining:
        lines += [f"- ⚠ {b.describe()}" for b in report.remaining]
    if lines:
        st.markdown("\n".join(lines))
