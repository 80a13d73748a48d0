"""The sign-in form, shown in place of any page until someone signs in: the address stays, so a
bookmark or a shared deep link opens its page right after signing in."""

import streamlit as st

from rota.app import sessions
from rota.app.accounts import SignInLocked, verify
from ui.context import SESSION_TOKEN, store
from ui.i18n import t


def form() -> None:
    st.title(t("app_title"))
    st.header(t("sign_in_title"))
    with st.form("sign_in"):
        username = st.text_input(t("username"))
        password = st.text_input(t("password"), type="password")
        submitted = st.form_submit_button(t("sign_in"), type="primary")
    if submitted:
        try:
            # The client's address throttles guessing across accounts; None on localhost.
            found = verify(store(), username, password, source=st.context.ip_address)
        except SignInLocked as locked:
            st.error(t("sign_in_locked", seconds=locked.seconds))
        else:
            if found is None:
                st.error(t("bad_sign_in"))
            else:
                st.session_state["account"] = found
                st.session_state[SESSION_TOKEN] = sessions.open_session(store(), found)
                st.rerun()
    st.caption(t("no_accounts"))
