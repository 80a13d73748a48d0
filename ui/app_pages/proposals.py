"""Coordinator: the queue of change proposals with their impact reports; approve or reject.

Opened by another role, the page shows what the change service lets that role see, and the
service refuses the decisions.
"""

import pandas as pd
import streamlit as st

from rota.app import changes
from rota.domain.errors import ChangeError
from ui import context
from ui.i18n import date_text, t
from ui.impact_view import Names, decision_text, describe, show_impact, status_text

who = context.actor()
store = context.store()
st.title(t("page_queue"))
if flash := st.session_state.pop("flash", None):
    st.success(flash)

try:
    proposals = changes.list_proposals(store, who)
except ChangeError as error:
    context.refuse(error)

names = Names.of(context.in_force(who).scenario)
pending = [p for p in proposals if p.status == "pending"]
st.header(f"{t('pending')} ({len(pending)})")
if not pending:
    st.info(t("none_pending"))
for proposal in pending:
    label = f"#{proposal.id} · {names.centre(proposal.centre)} · {describe(proposal, names)}"
    with st.expander(label, expanded=True):
        st.markdown(f"**{t('reason')}:** {proposal.reason}")
        by = context.actor_text(proposal.submitted_by, names.centres)
        st.caption(f"{by} · {date_text(proposal.submitted_on)}")
        try:
            full = changes.show_proposal(store, who, proposal.id)
        except ChangeError as error:
            context.refuse(error)
        if full.impact is not None:
            show_impact(full.impact, describe(full, names), names)
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
            if not why.strip():
                # The service refuses it too, but in the words of its command-line flag.
                st.error(t("reason_needed"))
                st.stop()
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
                    t("centre"): names.centre(p.centre),
                    t("change"): describe(p, names),
                    t("status"): status_text(p.status),
                    t("decision"): decision_text(p),
                }
                for p in decided
            ]
        ),
        hide_index=True,
    )
