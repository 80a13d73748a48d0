"""Sign in with an account made by `rota accounts add`."""

import streamlit as st

from rota.app.accounts import SignInLocked, verify
from ui.context import store
from ui.i18n import t

st.title(t("app_title"))
st.subheader(t("sign_in_title"))
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
            st.rerun()
st.caption(t("no_accounts"))
