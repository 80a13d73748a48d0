"""The coordinator's season of closures: one timeline per service of every known closure (filed
or in the network file) with the gaps they leave together, then the filed ones to approve or
return."""

import datetime as dt

import streamlit as st

from rota.app import closures
from rota.domain.errors import ChangeError
from ui import charts, context
from ui.closure_view import dates_text, known_text, season_frame, span_text
from ui.i18n import number, t

who = context.actor()
store = context.store()
context.in_force(who)  # before the first calendar: a note and a stop
today = context.today()
# The summer ahead: the coming one until its end, then next year's.
year = today.year if today.month <= 8 else today.year + 1

st.title(t("page_closures"))
st.header(t("season_title"))
st.caption(t("season_help"))
left, right = st.columns(2)
first = left.date_input(t("season_first"), dt.date(year, 6, 1), format="DD.MM.YYYY")
last = right.date_input(t("season_last"), dt.date(year, 8, 31), format="DD.MM.YYYY")
if last < first:
    st.warning(t("closure_order"))
    st.stop()
try:
    season = closures.season(store, who, first, last)
except ChangeError as error:
    context.refuse(error)

for service, name in season.services.items():
    frame = season_frame(season, service)
    st.subheader(name)
    if frame.empty:
        st.caption(t("season_no_closures"))
        continue
    st.altair_chart(charts.season_chart(frame, first, last + dt.timedelta(days=1)), width="stretch")
    gaps = [g for g in season.gaps if g.service == service]
    with st.expander(t("season_as_text")):
        staff = set(season.staffing[service])
        lines = [f"- {known_text(k)}" for k in season.closures if k.centre in staff]
        if gaps:
            hours = number(sum(g.uncovered_hours for g in gaps), 1)
            spans = ", ".join(span_text(a, b) for g in gaps for a, b in g.uncovered)
            lines.append(f"- {t('season_gaps', hours=hours, spans=spans)}")
        else:
            lines.append(f"- {t('season_no_gaps')}")
        st.markdown("\n".join(lines))

st.header(t("closures_to_decide"))
try:
    pending = closures.list_closures(store, who, status="pending")
except ChangeError as error:
    context.refuse(error)
if not pending:
    st.info(t("closures_none_pending"))
for closure in pending:
    with st.container(border=True):
        st.markdown(
            f"**{closure.name}** {dates_text(closure.first, closure.last)} — {closure.reason}"
        )
        note = st.text_input(t("closure_decision_note"), key=f"note-{closure.id}")
        approve, send_back = st.columns(2)
        try:
            if approve.button(t("closure_approve"), key=f"approve-{closure.id}", type="primary"):
                version = closures.approve(store, who, closure.id, note)
                st.success(t("closure_approved", id=closure.id, version=version))
            if send_back.button(t("closure_return"), key=f"return-{closure.id}"):
                if not note.strip():
                    st.warning(t("closure_return_needs_note"))
                else:
                    closures.return_(store, who, closure.id, note)
                    st.success(t("closure_returned", id=closure.id))
        except ChangeError as error:
            st.error(context.refusal(error))
