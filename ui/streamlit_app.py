"""The rota dashboard: sign in, then the pages of your role.

Start it with `rota dashboard`. Each page calls the same service functions as the command line
(`rota.app.planning`, `rota.app.changes`, `rota.app.accounts`), which also decide who may do what.
"""

import streamlit as st

from ui.context import account, actor_text
from ui.i18n import LANGUAGES, t

st.set_page_config(page_title=t("app_title"), page_icon=":material/call:", layout="wide")

with st.sidebar:
    st.radio(
        t("language"),
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )

signed_in = account()
sign_in = st.Page(
    "app_pages/sign_in.py", title=t("sign_in"), icon=":material/login:", url_path="sign-in"
)
plan = st.Page(
    "app_pages/plan.py", title=t("page_plan"), icon=":material/calendar_month:", url_path="plan"
)
queue = st.Page(
    "app_pages/proposals.py", title=t("page_queue"), icon=":material/inbox:", url_path="proposals"
)
centre = st.Page(
    "app_pages/centre.py", title=t("page_centre"), icon=":material/home:", url_path="centre"
)
propose = st.Page(
    "app_pages/propose.py", title=t("page_propose"), icon=":material/edit:", url_path="propose"
)
calendar = st.Page(
    "app_pages/calendar.py",
    title=t("page_calendar"),
    icon=":material/upload_file:",
    url_path="calendar",
)
claims_page = st.Page(
    "app_pages/claims_centre.py",
    title=t("page_claims"),
    icon=":material/how_to_reg:",
    url_path="claims",
)
roster = st.Page(
    "app_pages/roster.py", title=t("page_roster"), icon=":material/group:", url_path="roster"
)
responder = st.Page(
    "app_pages/responder.py",
    title=t("page_responder"),
    icon=":material/smartphone:",
    url_path="responder",
)

if signed_in is None:
    pages = [sign_in]
else:
    pages = {
        "coordinator": [plan, queue, calendar, roster],
        "centre": [centre, propose, claims_page, roster],
        "responder": [responder],
    }[signed_in.role]
    with st.sidebar:
        who = f"{signed_in.username} ({actor_text(str(signed_in.actor))})"
        st.caption(t("signed_in_as", who=who))
        if st.button(t("sign_out")):
            # Everything goes, not a list of known keys: a page may keep a secret (a subscribe
            # link) under a key this list would not know, and the next person would see it.
            st.session_state.clear()
            st.rerun()

st.navigation(pages).run()
