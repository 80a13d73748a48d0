"""Coordinator: plan a quarter. The solve runs in a child process; a fragment polls it.

The network is one the store holds (the one in force first: approved closures included); only
before the first calendar, when the store has none, is it a scenario file's path.
"""

from pathlib import Path

import streamlit as st

from rota.app import network
from rota.app.accounts import authorize
from rota.domain.calendar import HELSINKI, next_quarter, parse_quarter, quarter_of
from rota.domain.errors import ChangeError, InputError
from ui import context, plan_view
from ui.i18n import date_text, language, percent, t
from ui.solve_job import SolveJob

who = context.actor()
try:
    authorize(who, "plan")
except ChangeError as error:
    context.refuse(error)

st.title(t("page_plan"))
st.caption(t("plan_intro"))

signed_in = context.account()
username = signed_in.username if signed_in else ""
job: SolveJob | None = st.session_state.get("solve_job") or context.solve_of(username)
if job is not None:
    st.session_state["solve_job"] = job
running = job is not None and job.state == "running"
today = context.today()
quarters = [quarter_of(today).label]
while len(quarters) < 5:
    quarters.append(next_quarter(parse_quarter(quarters[-1]).first))

try:
    networks = network.network_versions(context.store(), who)
except ChangeError as error:
    context.refuse(error)


lang = language()  # bound now: the selectbox calls its format_func again later


def network_label(found: network.NetworkVersion) -> str:
    return t(
        "network_version",
        lang,
        name=found.name,
        version=found.version,
        date=date_text(found.created_at.astimezone(HELSINKI).date()),
    )


with st.form("plan"):
    left, middle, date, right = st.columns([3, 1, 1, 1])
    if networks:
        chosen = left.selectbox(t("network"), networks, format_func=network_label, key="network")
    else:
        scenario = left.text_input(t("scenario"), str(context.default_scenario()))
    quarter = middle.selectbox(t("quarter"), quarters, index=1, key="quarter")
    # A later planning date moves the notice later; an earlier one would promise the past.
    planned_on = date.date_input(t("planning_date"), today, min_value=today, format="DD.MM.YYYY")
    limit = right.number_input(t("time_limit"), min_value=5, max_value=900, value=60, step=5)
    solve = st.form_submit_button(t("solve"), type="primary", disabled=running)

if solve and not running:
    try:
        if networks:
            # The solve's child reads a file: the stored network is written out verbatim.
            path = Path("data/plans/networks") / f"{chosen.digest[:12]}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                network.network_yaml(context.store(), who, chosen.version), encoding="utf-8"
            )
        else:
            path = Path(scenario)
        job = SolveJob(
            who,
            path,
            quarter,
            max(planned_on, today),
            float(limit),
            Path("data/plans"),
            context.store(),
        )
    except ChangeError as error:
        context.refuse(error)
    except InputError as error:
        st.error("\n\n".join(error.problems))
        st.stop()
    except ValueError as error:
        st.error(str(error))
        st.stop()
    st.session_state["solve_job"] = job
    context.keep_solve(username, job)
    st.session_state.pop("plan_result", None)
    st.rerun()  # the form again, its Solve button disabled while this one runs


@st.fragment(run_every=1.0 if running else None)
def progress() -> None:
    """Polls the solve; when it ends, reruns the whole page once to show the result."""
    current: SolveJob | None = st.session_state.get("solve_job")
    if current is None:
        return
    state = current.state
    if state != "running":
        if st.session_state.get("plan_result_of") != id(current):
            st.session_state["plan_result_of"] = id(current)
            st.rerun(scope="app")
        if state == "cancelled":
            st.warning(t("cancelled"))
        elif state == "failed":
            st.error(t("failed", why=current.error))
        return
    share = min(current.elapsed / max(current.time_limit, 1.0), 0.99)
    st.progress(share, text=t("solving", seconds=current.elapsed))
    found = current.progress
    st.caption(t("progress_line", gap=percent(found.gap, 2)) if found else t("progress_wait"))
    if st.button(t("cancel"), key="cancel"):
        current.cancel()
        st.rerun(scope="app")


progress()

if job is not None and job.state == "done" and job.result is not None:
    plan_view.show(job.result)
