"""A centre: the claims and swaps of its own responders awaiting its word, each decided with one
click, and its setting that confirms a claim at once when every rule holds."""

import streamlit as st

from rota.app import claims, swaps
from rota.domain.errors import ChangeError, NotFound
from ui import context
from ui.i18n import date_text, t, weekday

who = context.actor()
store = context.store()
calendar = context.in_force(who)
roster = context.roster_folder()
st.title(t("page_claims"))

automatic = st.toggle(t("auto_confirm"), value=claims.auto_confirm(store, who))
if automatic != claims.auto_confirm(store, who):
    claims.set_auto_confirm(store, who, automatic)

st.header(t("claims_pending_title"))
try:
    waiting = claims.pending_claims(store, who)
except NotFound:
    st.info(t("no_staffing"))
    st.stop()
if not waiting:
    st.caption(t("no_pending_claims"))
for claim in waiting:
    start, end = claim.start, claim.end
    text, yes, no = st.columns([4, 1, 1])
    kind = t("extra_kind") if claim.kind == "extra" else t("seat_kind")
    text.markdown(
        f"**{weekday(start.weekday())} {date_text(start.date())} {start:%H:%M}–{end:%H:%M}** · "
        f"{context.service_name(calendar, claim.service)} · {kind} · "
        f"{t('responder')} {claim.responder}"
    )
    try:
        if yes.button(t("confirm"), key=f"confirm-{claim.id}", type="primary"):
            claims.confirm(store, who, roster, claim.id)
            st.rerun()
        if no.button(t("decline"), key=f"decline-{claim.id}"):
            claims.decline(store, who, claim.id, t("declined_reason", "en"))
            st.rerun()
    except ChangeError as error:
        context.refuse(error)

st.header(t("swaps_pending_title"))
accepted = swaps.pending_swaps(store, who)
if not accepted:
    st.caption(t("no_pending_swaps"))
for swap in accepted:
    start, end = swap.shift.start, swap.shift.end
    text, yes, no = st.columns([4, 1, 1])
    text.markdown(
        f"**{weekday(start.weekday())} {date_text(start.date())} {start:%H:%M}–{end:%H:%M}** · "
        f"{context.service_name(calendar, swap.shift.service)} · "
        + t("swap_from_to", giver=swap.offered_by, taker=swap.taker or "")
    )
    try:
        if yes.button(t("approve"), key=f"approve-{swap.id}", type="primary"):
            swaps.approve_swap(store, who, roster, swap.id)
            st.rerun()
        if no.button(t("decline"), key=f"decline-swap-{swap.id}"):
            swaps.decline_swap(store, who, swap.id)
            st.rerun()
    except ChangeError as error:
        context.refuse(error)

st.header(t("claims_confirmed_title"))
taken = claims.confirmed_claims(store, who)
if not taken:
    st.caption(t("none_offered"))
for claim in taken:
    start, end = claim.start, claim.end
    kind = t("extra_kind") if claim.kind == "extra" else t("seat_kind")
    st.markdown(
        f"{weekday(start.weekday())} {date_text(start.date())} {start:%H:%M}–{end:%H:%M} · "
        f"{context.service_name(calendar, claim.service)} · {kind} · "
        f"{t('responder')} {claim.responder}"
    )
