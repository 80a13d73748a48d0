"""A centre proposes a change to one of its standing shifts: the notice is checked as the date
changes (with the earliest allowed date shown) and the impact is shown before submitting."""

import datetime as dt

import streamlit as st

from rota.app import changes
from rota.domain.clock import WEEKDAYS, span_minutes
from rota.domain.errors import ChangeError, NoticeTooShort
from rota.domain.plan import StandingShift
from rota.domain.proposals import CHANGE_KINDS, ShiftModel
from ui import context
from ui.i18n import language, t, weekday
from ui.impact_view import Names, change_text, show_impact

who = context.actor()
store = context.store()
calendar = context.in_force(who)
names = Names.of(calendar.scenario)
today = context.today()
lang = language()  # bound now: widgets call their format_func again later
st.title(t("page_propose"))
if flash := st.session_state.pop("flash", None):
    st.success(flash)

# A centre proposes for itself; the coordinator for any centre (the page is for no one else).
centre = (
    st.selectbox(t("centre"), list(names.centres), format_func=names.centre)
    if who.role == "coordinator"
    else who.ident
) or ""
try:
    own = changes.standing_shifts(store, who, centre)
    earliest = changes.earliest_allowed(store, who, today)
except ChangeError as error:
    context.refuse(error)
current = [s for s in own if s.valid_until is None or s.valid_until >= earliest]
services = [
    s.id
    for s in calendar.scenario.services
    if centre and s.id in calendar.scenario.centre(centre).services
]

kind = st.radio(
    t("kind"), CHANGE_KINDS, format_func=lambda k: t(f"kind_{k}", lang), horizontal=True, key="kind"
)
before = None
if kind != "add":
    before = st.selectbox(
        t("which_shift"),
        current,
        format_func=lambda s: (
            f"{context.service_name(calendar, s.service)} "
            f"{weekday(WEEKDAYS.index(s.weekday), lang)} {s.start}–{s.end} ×{s.responders}"
        ),
        key="before",
    )
after = None
if kind != "drop":
    st.markdown(f"**{t('new_shift')}**")
    service, day, start, end, count = st.columns(5)
    chosen_service = service.selectbox(
        t("service"),
        services,
        format_func=lambda s: context.service_name(calendar, s),
        index=services.index(before.service) if before and before.service in services else 0,
        key="service",
    )
    chosen_day = day.selectbox(
        t("day"),
        range(7),
        format_func=lambda i: weekday(i, lang),
        index=WEEKDAYS.index(before.weekday) if before else 0,
        key="day",
    )
    starts = start.time_input(
        t("start"), dt.time.fromisoformat(before.start) if before else dt.time(16), step=3600
    )
    ends = end.time_input(
        t("end"), dt.time.fromisoformat(before.end) if before else dt.time(20), step=3600
    )
    responders = count.number_input(
        t("responders"), min_value=1, max_value=9, value=before.responders if before else 1
    )
    begin, finish = starts.hour * 60 + starts.minute, ends.hour * 60 + ends.minute
    after = StandingShift(
        centre, chosen_service, chosen_day, begin, span_minutes(begin, finish), int(responders)
    )

effective = st.date_input(t("effective_date"), value=earliest, format="DD.MM.YYYY")
months = calendar.scenario.rules.change_notice_months
st.caption(t("earliest", date=f"{earliest:%d.%m.%Y}", months=months))
if effective < earliest:
    st.error(t("notice_short", date=f"{earliest:%d.%m.%Y}"))
else:
    st.success(t("notice_ok"))
reason = st.text_area(t("reason"), key="reason")

# A drop names the shift it ends; a move or resize also the shift it becomes; an add only that.
shift = before.shift() if before is not None else after
to = after if before is not None else None

show, submit = st.columns(2)
if show.button(t("show_impact"), disabled=effective < earliest):
    try:
        with st.spinner():
            report = changes.preview(
                store, who, kind, effective, today, centre=centre, shift=shift, to=to
            )
    except NoticeTooShort:  # the buttons are off before `earliest`; the service decides still
        st.error(t("notice_short", date=f"{earliest:%d.%m.%Y}"))
    except ChangeError as error:
        st.error(context.refusal(error))
    else:
        new = ShiftModel.of(after) if after is not None else None
        show_impact(report, change_text(kind, before, new, effective, names), names)
if submit.button(t("submit"), type="primary", disabled=effective < earliest):
    if not reason.strip():
        # The service refuses it too, but in the words of its command-line flag.
        st.error(t("change_reason_needed"))
        st.stop()
    try:
        with st.spinner():
            view = changes.propose(
                store, who, kind, effective, reason, today, centre=centre, shift=shift, to=to
            )
    except NoticeTooShort:  # the buttons are off before `earliest`; the service decides still
        st.error(t("notice_short", date=f"{earliest:%d.%m.%Y}"))
    except ChangeError as error:
        st.error(context.refusal(error))
    else:
        st.session_state["flash"] = t("submitted", id=view.id)
        st.rerun()
