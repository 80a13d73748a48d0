"""A responder: their next shifts and hours against their caps, their one calendar link (https
and webcal, with a QR code; replaced on request), and the open seats and extra shifts they may
take, each with a button that claims it (before a staffing: where one more responder helps
most)."""

import io

import pandas as pd
import segno
import streamlit as st

from rota.app import claims, extra_shifts, feed_tokens, swaps
from rota.domain.errors import ChangeError, Conflict, NotFound
from ui import context
from ui.i18n import date_text, holiday_name, number, t, weekday

LISTED = 10


def when(start, end) -> str:  # type: ignore[no-untyped-def]
    return f"{weekday(start.weekday())} {date_text(start.date())} {start:%H:%M}–{end:%H:%M}"


who = context.actor()
store = context.store()
calendar = context.in_force(who)
today = context.today()
roster = context.roster_folder()
centres = {c.id: c.name for c in calendar.scenario.centres}
st.title(t("page_responder"))

st.header(t("my_shifts_title"))
mine: claims.MyShifts | None
try:
    mine = claims.my_shifts(store, who, roster, today)
except NotFound as error:
    st.info(t("not_on_roster" if "roster" in str(error) else "no_staffing"))
    mine = None
if mine is not None:
    week, quarter = st.columns(2)
    for column, label, hours, cap in (
        (week, "my_hours_week", mine.week_hours, mine.max_hours_week),
        (quarter, "my_hours_quarter", mine.quarter_hours, mine.max_hours_quarter),
    ):
        column.metric(
            t(label), number(hours, 1), t("of_cap", cap=number(cap, 1)), delta_color="off"
        )
    if not mine.upcoming:
        st.caption(t("no_shifts_yet"))
    for shift in mine.upcoming:
        text, state, button = st.columns([3, 2, 1])
        text.markdown(
            f"**{when(shift.start, shift.end)}** · {context.service_name(calendar, shift.service)}"
            f" · {centres.get(shift.centre, shift.centre)}"
        )
        state.caption(t(f"seat_status_{shift.status}"))
        if shift.status != "pending" and button.button(t("offer_swap"), key=f"swap-{shift.id}"):
            try:
                put_up = swaps.offer_swap(store, who, roster, shift.id, today)
            except ChangeError as error:
                context.refuse(error)
            count = len(put_up.notices[0].recipients)
            st.info(t("swap_offered", count=count) if count else t("swap_none"))
    waiting = swaps.offered_to_me(store, who, roster)
    if waiting:
        st.subheader(t("swaps_for_me_title"))
    for swap in waiting:
        text, button = st.columns([5, 1])
        text.markdown(
            f"**{when(swap.shift.start, swap.shift.end)}** · "
            f"{context.service_name(calendar, swap.shift.service)}"
        )
        if button.button(t("accept_swap"), key=f"accept-{swap.id}"):
            try:
                swaps.accept_swap(store, who, roster, swap.id)
            except ChangeError:
                st.warning(t("claim_refused"))
            else:
                st.success(t("swap_accepted"))

st.header(t("subscribe_title"))
st.caption(t("subscribe_help"))
feed = feed_tokens.own_feed(who) or "national"
active = [k for k in feed_tokens.list_tokens(store, who, feed) if k.status == "active"]
issued = None
try:
    if not active and st.button(t("make_link"), type="primary"):
        issued = feed_tokens.issue(store, who, feed, label="dashboard")
    elif active:
        st.caption(t("link_active", date=date_text(active[-1].created_at.date())))
        if st.button(t("rotate_link")):
            issued = feed_tokens.rotate(store, who, active[-1].id)
except ChangeError as error:
    context.refuse(error)
if issued is not None:
    st.session_state["subscribe_url"] = feed_tokens.feed_url(context.feed_base_url(), issued.secret)
url: str | None = st.session_state.get("subscribe_url")
if url:
    webcal = feed_tokens.webcal_url(url)
    links, code = st.columns([3, 1])
    links.markdown(f"**https:** `{url}`")
    links.markdown(f"**webcal:** [{webcal}]({webcal})")
    links.caption(t("link_kept"))
    image = io.BytesIO()
    segno.make(webcal, error="m").save(image, kind="png", scale=5)
    code.image(image.getvalue(), caption="webcal", alt=t("qr_alt"))

if mine is None:
    # Before a staffing there is nothing to claim; where help counts most is still worth seeing.
    st.header(t("extra_title"))
    st.caption(t("extra_help"))
    anyone, volunteers = extra_shifts.rankings(
        calendar.scenario,
        calendar.calendar.covered,
        calendar.holidays,
        calendar.occurrences,
        since=today,
        limit=LISTED,
    )
    for title, chosen in ((t("anyone"), anyone), (t("volunteers"), volunteers)):
        st.subheader(title)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("service"): context.service_name(calendar, s.service),
                        t("when"): when(s.start, s.end),
                        t("holiday"): holiday_name(s.start.date()) if s.holiday else "",
                        t("on_duty"): s.on_duty,
                        t("gain"): number(s.gain, 1),
                    }
                    for s in chosen
                ]
            ),
            hide_index=True,
        )
else:
    st.header(t("offers_title"))
    st.caption(t("offers_help"))
    offered = claims.offers(store, who, roster, today)
    for title, listed in (
        (t("open_seats_title"), offered.open_seats[:LISTED]),
        (t("extra_shifts_title"), offered.extra_shifts[:LISTED]),
    ):
        st.subheader(title)
        if not listed:
            st.caption(t("none_offered"))
        for index, offer in enumerate(listed):
            text, extra, button = st.columns([3, 2, 1])
            day = offer.start.date()
            holiday = holiday_name(day) if day in calendar.holidays else ""
            text.markdown(
                f"**{when(offer.start, offer.end)}** · "
                f"{context.service_name(calendar, offer.service)}"
            )
            notes = [holiday] if holiday else []
            if offer.gain is not None:
                notes.append(f"{t('gain')}: {number(offer.gain, 1)}")
            extra.caption(" · ".join(notes))
            if button.button(t("claim"), key=f"claim-{offer.kind}-{index}"):
                try:
                    result = claims.claim(store, who, roster, offer, today)
                except Conflict:
                    st.warning(t("claim_taken"))
                except ChangeError:
                    st.warning(t("claim_refused"))
                else:
                    st.session_state["claimed"] = result.status
                    st.rerun()
    claimed = st.session_state.pop("claimed", None)
    if claimed:
        st.success(t("claimed_confirmed" if claimed == "confirmed" else "claimed_pending"))
