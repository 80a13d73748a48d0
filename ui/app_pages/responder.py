"""A responder: the subscribe links of their calendar feed (https and webcal, with a QR code), and
where one more responder helps most."""

import importlib
import io
from types import ModuleType

import pandas as pd
import segno
import streamlit as st

from rota.analysis.coverage import coverage_rows
from rota.app import feed_tokens
from rota.domain.errors import ChangeError
from rota.web import server
from ui import context
from ui.i18n import t, weekday

LISTED = 10


def optional(module: str) -> ModuleType | None:
    """A module another issue adds; the page works without it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


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
    url = server.feed_url(context.feed_base_url(), issued.secret)
    st.session_state["subscribe_url"] = url
url = st.session_state.get("subscribe_url")
if url:
    webcal = server.webcal_url(url)
    links, code = st.columns([3, 1])
    links.markdown(f"**https:** `{url}`")
    links.markdown(f"**webcal:** [{webcal}]({webcal})")
    links.caption(t("link_once"))
    image = io.BytesIO()
    segno.make(webcal, error="m").save(image, kind="png", scale=5)
    code.image(image.getvalue(), caption="webcal")

st.header(t("extra_title"))
names = {s.id: s.name for s in calendar.scenario.services}
period = calendar.calendar.covered
extra = optional("rota.analysis.extra_shifts")
if extra is not None:
    st.caption(t("extra_help"))
    slots = [
        s
        for s in extra.extra_slots(
            calendar.scenario, period, calendar.holidays, calendar.occurrences
        )
        if s.start.date() >= today
    ]
    for title, chosen in (
        (t("anyone"), extra.ranked(slots)[:LISTED]),
        (t("volunteers"), extra.for_volunteers(slots)[:LISTED]),
    ):
        st.subheader(title)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("service"): names.get(s.service, s.service),
                        t("when"): f"{weekday(s.start.weekday())} {s.start:%d.%m.%Y %H:%M}–"
                        f"{s.end:%H:%M}",
                        t("holiday"): s.holiday or "",
                        t("on_duty"): s.on_duty,
                        t("gain"): round(s.gain, 1),
                    }
                    for s in chosen
                ]
            ),
            hide_index=True,
        )
else:
    st.caption(t("thinnest_help"))
    rows = [
        r
        for r in coverage_rows(calendar.scenario, period, calendar.holidays, calendar.occurrences)
        if r.required and r.start.date() >= today
    ]
    rows.sort(key=lambda r: (r.responders - r.required, -r.offered, r.start))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("service"): names.get(r.service, r.service),
                    t("when"): f"{weekday(r.start.weekday())} {r.start:%d.%m.%Y %H:%M}",
                    t("on_duty"): r.responders,
                    t("required"): r.required,
                }
                for r in rows[:LISTED]
            ]
        ),
        hide_index=True,
    )
