"""A responder: the subscribe links of their calendar feed (https and webcal, with a QR code), and
where one more responder helps most."""

import io

import pandas as pd
import segno
import streamlit as st

from rota.app import extra_shifts, feed_tokens
from rota.domain.errors import ChangeError
from ui import context
from ui.i18n import holiday_name, number, t, weekday

LISTED = 10


who = context.actor()
store = context.store()
calendar = context.in_force(who)
today = context.today()
st.title(t("page_responder"))

st.header(t("subscribe_title"))
st.caption(t("subscribe_help"))
feed = feed_tokens.own_feed(who) or "national"
if st.button(t("make_link"), type="primary"):
    try:
        issued = feed_tokens.issue(store, who, feed, label="dashboard")
    except ChangeError as error:
        context.refuse(error)
    st.session_state["subscribe_url"] = feed_tokens.feed_url(context.feed_base_url(), issued.secret)
url: str | None = st.session_state.get("subscribe_url")
if url:
    webcal = feed_tokens.webcal_url(url)
    links, code = st.columns([3, 1])
    links.markdown(f"**https:** `{url}`")
    links.markdown(f"**webcal:** [{webcal}]({webcal})")
    links.caption(t("link_once"))
    image = io.BytesIO()
    segno.make(webcal, error="m").save(image, kind="png", scale=5)
    code.image(image.getvalue(), caption="webcal", alt=t("qr_alt"))

st.header(t("extra_title"))
st.caption(t("extra_help"))
names = {s.id: s.name for s in calendar.scenario.services}
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
                    t("service"): names.get(s.service, s.service),
                    t("when"): f"{weekday(s.start.weekday())} {s.start:%d.%m.%Y %H:%M}–"
                    f"{s.end:%H:%M}",
                    t("holiday"): holiday_name(s.start.date()) if s.holiday else "",
                    t("on_duty"): s.on_duty,
                    t("gain"): number(s.gain, 1),
                }
                for s in chosen
            ]
        ),
        hide_index=True,
    )
