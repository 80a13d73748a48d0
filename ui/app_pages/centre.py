"""A centre's own standing shifts and the status of its proposals.

The centre comes from the signed-in account; `?centre=ID` asks for another one, which the
change service grants the coordinator only.
"""

import pandas as pd
import streamlit as st

from rota.app import changes
from rota.domain.errors import ChangeError
from ui import context
from ui.i18n import t, weekday
from ui.impact_view import describe

WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

who = context.actor()
store = context.store()
calendar = context.in_force(who)
asked = st.query_params.get("centre")
if who.role == "coordinator":
    centres = [c.id for c in calendar.scenario.centres]
    asked = st.selectbox(
        t("centre"), centres, index=centres.index(asked) if asked in centres else 0
    )
centre = asked or who.ident

try:
    shifts = changes.standing_shifts(store, who, centre)
    proposals = changes.list_proposals(store, who)
except ChangeError as error:
    context.refuse(error)

names = {c.id: c.name for c in calendar.scenario.centres}
st.title(names.get(centre or "", centre or ""))
st.header(t("own_shifts"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("service"): context.service_name(calendar, s.service),
                t("day"): weekday(WEEKDAY_INDEX[s.weekday]),
                t("start"): s.start,
                t("end"): s.end,
                t("responders"): s.responders,
                t("valid_from"): f"{s.valid_from:%d.%m.%Y}" if s.valid_from else "",
                t("valid_until"): f"{s.valid_until:%d.%m.%Y}" if s.valid_until else "",
            }
            for s in shifts
        ]
    ),
    hide_index=True,
)

st.header(t("own_proposals"))
own = [p for p in proposals if p.centre == centre]
if not own:
    st.info(t("no_proposals"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": p.id,
                    t("change"): describe(p),
                    t("reason"): p.reason,
                    t("status"): p.status,
                    t("decision"): p.decision.reason if p.decision else "",
                }
                for p in own
            ]
        ),
        hide_index=True,
    )
