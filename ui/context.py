"""What every page needs: the store, the signed-in actor, today's date and the default scenario.

Configured by environment variables, which `rota dashboard` sets: ROTA_DATABASE_URL (the store),
ROTA_SCENARIO (the scenario the coordinator plans with by default), ROTA_FEED_BASE_URL (the public
address of `rota serve`, for subscribe links) and ROTA_TODAY (a fixed planning date, for demos
and tests). ROTA_ROSTER, passed through from the environment, is the roster folder the centres
edit: one file per centre, `<centre-id>.csv` or `.xlsx` (default data/roster, beside the default
store).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import NoReturn

import streamlit as st

from rota.app import sessions
from rota.app.accounts import AccountView
from rota.app.actors import Actor
from rota.app.changes import CalendarInForce, calendar_in_force, network
from rota.app.store import Store, database_url, open_store
from rota.domain.errors import ChangeError, Conflict, NotFound, NoticeTooShort, PermissionDenied
from ui.i18n import language, t
from ui.solve_job import SolveJob

ENV_SCENARIO = "ROTA_SCENARIO"
ENV_TODAY = "ROTA_TODAY"
ENV_FEED_BASE = "ROTA_FEED_BASE_URL"
ENV_ROSTER = "ROTA_ROSTER"
SESSION_COOKIE = "rota_session"
SESSION_TOKEN = "session_token"  # the session state's key for the token of the signed-in session
DEFAULT_SCENARIO = Path("fixtures/mieli/scenario.yaml")
DEFAULT_ROSTER = Path("data/roster")
DEFAULT_FEED_BASE = "http://127.0.0.1:8765"


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _solves() -> dict[tuple[str, str], SolveJob]:
    return {}


def solve_of(username: str) -> SolveJob | None:
    """The account's latest solve in this dashboard process, running or done: a reload or a
    second tab finds it again (a solve belongs to whoever started it, not to a browser tab)."""
    return _solves().get((database_url(), username))


def keep_solve(username: str, job: SolveJob) -> None:
    _solves()[(database_url(), username)] = job


def default_scenario() -> Path:
    return Path(os.environ.get(ENV_SCENARIO) or DEFAULT_SCENARIO)


def roster_folder() -> Path:
    return Path(os.environ.get(ENV_ROSTER) or DEFAULT_ROSTER)


def today() -> dt.date:
    fixed = os.environ.get(ENV_TODAY)
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def feed_base_url() -> str:
    return os.environ.get(ENV_FEED_BASE) or DEFAULT_FEED_BASE


def account() -> AccountView | None:
    """The signed-in account. A new browser connection (a reload, a bookmark, a deep link)
    brings the session cookie; a held session is checked on every run, so signing out elsewhere,
    a changed password or a disabled account take effect at the next click."""
    token = st.session_state.get(SESSION_TOKEN)
    if token is None and "account" not in st.session_state:
        token = _cookie()
    if isinstance(token, str) and token:
        resumed = sessions.resume(store(), token)
        if resumed is None:
            st.session_state.pop("account", None)
            st.session_state.pop(SESSION_TOKEN, None)
            return None
        st.session_state["account"], st.session_state[SESSION_TOKEN] = resumed, token
    found = st.session_state.get("account")
    return found if isinstance(found, AccountView) else None


def _cookie() -> str | None:
    """The session cookie the browser sent when it connected (none in a test without one)."""
    held = st.context.cookies.get(SESSION_COOKIE)
    return held if isinstance(held, str) else None


def keep_session_cookie() -> None:
    """Give the browser the session's cookie, or take away one that no longer opens a session.
    Streamlit cannot set a cookie from the server, so a line of script in the page does; the
    cookie is for this site only (SameSite=Strict) and lives no longer than the session."""
    token = st.session_state.get(SESSION_TOKEN)
    held = _cookie()
    if token and held != token:
        seconds = int(sessions.LIFETIME.total_seconds())
        value = f"{SESSION_COOKIE}={token}; Path=/; Max-Age={seconds}; SameSite=Strict"
    elif held and not token:
        value = f"{SESSION_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict"
    else:
        return
    secure = '+ (location.protocol === "https:" ? "; Secure" : "")'
    st.html(f"<script>document.cookie = {value!r} {secure};</script>", unsafe_allow_javascript=True)


def actor() -> Actor:
    """The signed-in actor; a page opened without signing in stops here."""
    signed_in = account()
    if signed_in is None:
        st.warning(t("sign_in_first"))
        st.stop()
    return signed_in.actor


# A refusal's type decides its text; the service's own sentence is English, so only an English
# page shows it whole.
REFUSALS: list[tuple[type[ChangeError], str]] = [
    (PermissionDenied, "refused_permission"),
    (NoticeTooShort, "refused_notice"),
    (Conflict, "refused_conflict"),
    (NotFound, "refused_not_found"),
    (ChangeError, "refused_other"),
]


def refusal(error: ChangeError) -> str:
    """The service's refusal in the reader's language."""
    if language() == "en":
        return t("refused", why=error)
    key = next(key for kind, key in REFUSALS if isinstance(error, kind))
    signed_in = account()
    return t(key, who=actor_text(str(signed_in.actor)) if signed_in else "")


def refuse(error: ChangeError) -> NoReturn:
    """Show the service's refusal and stop the page."""
    st.error(refusal(error))
    st.stop()


def actor_text(actor: str, centres: dict[str, str] | None = None) -> str:
    """Who did something, in words: the coordinator, a centre by its name, a responder by id."""
    try:
        who = Actor.parse(actor)
    except ChangeError:
        return actor  # not an actor: a name the store was given, shown as it is
    if who.role == "coordinator":
        return t("actor_coordinator")
    if who.role == "centre":
        ident = who.ident or ""
        return (centres if centres is not None else network_centres()).get(ident, ident)
    return t("actor_responder", id=who.ident)


def in_force(who: Actor) -> CalendarInForce:
    """The newest calendar version, expanded; before the first one, a note and a stop."""
    try:
        found = calendar_in_force(store(), who)
    except NotFound:
        st.info(t("no_calendar"))
        st.stop()
    except ChangeError as error:
        refuse(error)
    return found


def service_name(calendar: CalendarInForce, service: str) -> str:
    """The name the public knows the service by."""
    names = {s.id: s.name for s in calendar.scenario.services}
    return names.get(service, service)


def network_centres() -> dict[str, str]:
    """The names of the centres of the calendar in force, for a page that has not read it (a
    refusal may come before); none before the first calendar."""
    scenario = network(store())
    return {} if scenario is None else {c.id: c.name for c in scenario.centres}
