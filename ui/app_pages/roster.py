"""A centre's roster of responders: its contact person edits and saves it; the coordinator reads
any centre's by pseudonymous id only. `rota.app.roster_access` decides who may do what, and
`rota.io.roster_file` checks and writes the file, by the rules `rota responders assign`
reads it with.
"""

import hashlib

import streamlit as st

from rota.app import roster_access
from rota.app.roster_access import COLUMNS, roster_file
from rota.domain.errors import ChangeError, InputError
from ui import context
from ui.i18n import t

who = context.actor()
store = context.store()
calendar = context.in_force(who)
folder = context.roster_folder()
names = {c.id: c.name for c in calendar.scenario.centres}
if who.role == "coordinator":
    centre = st.selectbox(t("centre"), list(names), format_func=names.__getitem__)
else:
    centre = who.ident or ""

try:
    table = roster_access.centre_roster(store, who, folder, centre)
except ChangeError as error:
    context.refuse(error)
except InputError as error:
    st.error("\n\n".join(error.problems))
    st.stop()

st.title(t("roster_title", centre=names.get(centre, centre)))
columns = {
    column: st.column_config.TextColumn(help=t(f"roster_col_{column}"))
    for column in COLUMNS
    if column in table.columns
}

if who.role == "coordinator":
    st.caption(t("roster_ids_only"))
    st.dataframe(table, hide_index=True, column_config=columns)
    st.stop()

saved = st.session_state.pop("roster_saved", None)
if saved:
    st.success(saved)
st.caption(t("roster_help", file=roster_file(folder, centre).name))
columns["_index"] = st.column_config.NumberColumn(t("row"), help=t("row_help"))
columns["centre"] = st.column_config.TextColumn(
    help=t("roster_col_centre"), default=centre, disabled=True
)
# The editor's edits name rows by position. Keyed by the file's content, it starts afresh once
# the file has changed (saved here or elsewhere) rather than apply old edits to other rows.
version = hashlib.sha256(table.to_csv().encode("utf-8")).hexdigest()[:16]
with st.form("roster"):
    edited = st.data_editor(
        table,
        key=f"roster-{version}",
        num_rows="dynamic",
        hide_index=False,
        column_config=columns,
    )
    submitted = st.form_submit_button(t("save_roster"), type="primary")
if submitted:
    try:
        responders = roster_access.save_roster(store, who, folder, edited, calendar.scenario)
    except ChangeError as error:
        context.refuse(error)
    except InputError as error:
        st.error("\n\n".join([t("roster_not_saved"), *error.problems]))
    else:
        st.session_state["roster_saved"] = t("roster_saved", count=len(responders))
        st.rerun()
