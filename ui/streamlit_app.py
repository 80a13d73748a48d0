"""The rota dashboard: sign in, then the pages of your role.

Start it with `rota dashboard`. Each page calls the same service functions as the command line
(`rota.app.planning`, `rota.app.changes`, `rota.app.accounts`), which also decide who may do what.

Every page is registered for everyone, with our own menu of the role's pages in the sidebar, so
an address always resolves: signed out, any page shows the sign-in form and opens after it; a
page of another role says so instead of Streamlit's "Page not found". A session survives a
reload through its cookie (`ui.context.account`).
"""

import streamlit as st

from rota.app import sessions
from ui import sign_in
from ui.context import SESSION_TOKEN, account, actor_text, keep_session_cookie, store
from ui.i18n import LANGUAGES, t

st.set_page_config(page_title=t("app_title"), page_icon=":material/call:", layout="wide")

signed_in = account()


def home() -> None:
    """The address without a page: the sign-in form, or the first page of the role."""
    if signed_in is None:
        sign_in.form()
    else:
        st.switch_page(menus[signed_in.role][0])


start = st.Page(home, title=t("sign_in"), icon=":material/login:", url_path="", default=True)
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
closures = st.Page(
    "app_pages/closures.py",
    title=t("page_closures"),
    icon=":material/beach_access:",
    url_path="closures",
)
network_page = st.Page(
    "app_pages/network.py", title=t("page_network"), icon=":material/hub:", url_path="network"
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
menus = {
    "coordinator": [plan, queue, closures, network_page, calendar, roster],
    "centre": [centre, propose, claims_page, roster],
    "responder": [responder],
}

every_page = [start, plan, queue, closures, network_page, calendar, centre, propose, claims_page]
current = st.navigation([*every_page, roster, responder], position="hidden")

with st.sidebar:
    st.radio(
        t("language"),
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )
    if signed_in is not None:
        for item in menus[signed_in.role]:
            st.page_link(item)
        who = f"{signed_in.username} ({actor_text(str(signed_in.actor))})"
        st.caption(t("signed_in_as", who=who))
        if st.button(t("sign_out")):
            sessions.end_session(store(), st.session_state.get(SESSION_TOKEN, ""))
            # Everything goes but the language, not a list of known keys: a page may keep a
            # secret (a subscribe link) under a key this list would not know.
            chosen = st.session_state.get("lang")
            st.session_state.clear()
            if chosen:
                st.session_state["lang"] = chosen
            st.rerun()
    keep_session_cookie()

mine = [] if signed_in is None else menus[signed_in.role]
if current.url_path == start.url_path or signed_in is None:
    home()
elif current.url_path not in {p.url_path for p in mine}:
    st.warning(t("not_your_page", page=current.title))
    st.page_link(mine[0])
else:
    current.run()
