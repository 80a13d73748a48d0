"""Coordinator: the queue of change proposals with their impact reports; approve or reject.

Opened by another role, the page shows what the change service lets that role see, and the
service refuses the decisions.
"""

import pandas as pd
import streamlit as st

from rota.app import changes
from rota.domain.errors import ChangeError
from ui import context
from ui.i18n import t
from ui.impact_view import describe, show_impact

who = context.actor()
store = context.store()
st.title(t("page_queue"))
if flash := st.session_state.pop("flash", None):
    st.success(flash)

try:
    proposals = changes.list_proposals(store, who)
except ChangeError as error:
    context.refuse(error)

names = {s.id: s.name for s in context.in_force(who).scenario.services}
pending = [p for p in proposals if p.status == "pending"]
st.header(f"{t('pending')} ({len(pending)})")
if not pending:
    st.info(t("none_pending"))
for proposal in pending:
    with st.expander(f"#{proposal.id} · {proposal.centre} · {describe(proposal)}", expanded=True):
        st.markdown(f"**{t('reason')}:** {proposal.reason}")
        st.caption(f"{proposal.submitted_by} · {proposal.submitted_on:%d.%m.%Y}")
        try:
            full = changes.show_proposal(store, who, proposal.id)
        except ChangeError as error:
            context.refuse(error)
        if full.impact is not None:
            show_impact(full.impact, names)
        approve, reason, reject = st.columns([1, 3, 1], vertical_alignment="bottom")
        if approve.button(t("approve"), key=f"approve-{proposal.id}", type="primary"):
            try:
                with st.spinner():
                    approved = changes.approve(store, who, proposal.id, context.today())
            except ChangeError as error:
                context.refuse(error)
            version = approved.decision.version if approved.decision else None
            st.session_state["flash"] = t("approved_msg", id=proposal.id, version=version)
            st.rerun()
        why = reason.text_input(t("reject_reason"), key=f"reason-{proposal.id}")
        if reject.button(t("reject"), key=f"reject-{proposal.id}"):
            try:
                changes.reject(store, who, proposal.id, why)
            except ChangeError as error:
                context.refuse(error)
            st.session_state["flash"] = t("rejected_msg", id=proposal.id)
            st.rerun()

decided = [p for p in proposals if p.status != "pending"]
st.header(f"{t('decided')} ({len(decided)})")
if decided:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": p.id,
                    t("centre"): p.centre,
                    t("change"): describe(p),
                    t("status"): p.status,
                    t("decision"): p.decision.reason if p.decision else "",
                }
                for p in decided
            ]
        ),
        hide_index=True,
    )
