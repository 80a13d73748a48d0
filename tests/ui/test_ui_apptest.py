"""The dashboard's pages run headless with streamlit.testing, as each role and as the wrong one.

The store holds the three-centre calendar of the change tests (a 00–08, b 08–16, c 16–24 on
the Finnish line every day). The wrong-role tests open a page directly, as someone whose menu
would not list it: the change service, not the menu, refuses them.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rota.app import changes, network
from rota.app.accounts import AccountView, create_account
from rota.app.actors import Actor
from rota.domain.errors import InputError
from rota.store import Store
from tests.change_network import EFFECTIVE, TODAY
from tests.roster_network import NAMES, write_rosters
from ui.solve_job import SolveJob

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
TINY = ROOT / "tests" / "fixtures" / "tiny.yaml"
TIMEOUT = 60


@pytest.fixture
def store(
    network_store: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Store:
    """The test network's store, and the environment that points the dashboard at it."""
    monkeypatch.setenv("ROTA_DATABASE_URL", store_url)
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_SCENARIO", str(tmp_path / "net" / "scenario.yaml"))
    monkeypatch.setenv("ROTA_FEED_BASE_URL", "https://rota.example.fi")
    monkeypatch.chdir(tmp_path)
    return network_store


def as_(role: str) -> AccountView:
    actor = Actor.parse(role)
    return AccountView(
        username=str(actor).replace(":", "-"),
        role=actor.role,
        centre_id=actor.ident if actor.role == "centre" else None,
        responder_id=actor.ident if actor.role == "responder" else None,
        created_at=dt.datetime.now(dt.UTC),
    )


def page(name: str, role: str | None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(UI / "app_pages" / f"{name}.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if role is not None:
        at.session_state["account"] = as_(role)
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "title", "header", "subheader")
        for e in getattr(at, kind)
    ]
    parts += [
        e.value for kind in ("error", "success", "info", "warning") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def propose_drop(store: Store, centre: str = "c", start: str = "16:00-24:00") -> int:
    view = changes.propose(
        store,
        Actor("centre", centre),
        "drop",
        EFFECTIVE,
        "evening staff on leave",
        TODAY,
        shift=f"fi-phone thu {start}",
    )
    return view.id


# --- sign-in and navigation ------------------------------------------------------------------


def test_signing_in_with_the_right_password_opens_the_roles_pages(store: Store) -> None:
    create_account(store, "oulu", "correct horse", "centre:c")
    at = AppTest.from_file(str(UI / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    at.text_input[0].input("oulu")
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    assert "Väärä käyttäjätunnus tai salasana." in [e.value for e in at.error]
    assert "account" not in at.session_state
    at.text_input[0].input("oulu")
    at.text_input[1].input("correct horse")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["account"].actor == Actor("centre", "c")
    assert at.title[0].value == "C"  # the centre page, its own


def test_a_page_opened_without_signing_in_asks_to_sign_in(store: Store) -> None:
    at = page("proposals", None).run()
    assert [w.value for w in at.warning] == ["Sign in first."]


def test_finnish_is_the_default_language(store: Store) -> None:
    at = AppTest.from_file(str(UI / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    assert at.header[0].value == "Kirjaudu sisään"


# --- centre ----------------------------------------------------------------------------------


def test_a_centre_sees_its_own_standing_shifts_and_proposals(store: Store) -> None:
    mine = propose_drop(store, "c")
    propose_drop(store, "b", "08:00-16:00")
    at = page("centre", "centre:c").run()
    assert not at.exception and not at.error
    shifts, proposals = at.dataframe[0].value, at.dataframe[1].value
    assert len(shifts) == 7 and set(shifts["Start"]) == {"16:00"}
    assert list(proposals["#"]) == [mine]


def test_a_centre_cannot_see_another_centres_shifts(store: Store) -> None:
    at = page("centre", "centre:c")
    at.query_params["centre"] = "a"
    at.run()
    assert not at.dataframe
    assert "centre:c may only see its own shifts, not a's" in at.error[0].value


def test_the_coordinator_sees_any_centres_shifts(store: Store) -> None:
    at = page("centre", "coordinator")
    at.query_params["centre"] = "a"
    at.run()
    assert not at.error
    assert set(at.dataframe[0].value["Start"]) == {"00:00"}


def test_a_responder_cannot_see_centres_shifts(store: Store) -> None:
    at = page("centre", "responder:r1").run()
    assert "may not list centres' standing shifts" in at.error[0].value


def test_the_proposal_form_checks_notice_as_the_date_changes(store: Store) -> None:
    at = page("propose", "centre:c").run()
    assert not at.exception
    assert "Earliest allowed date: 01.02.2027 (2 months' notice, R7)." in texts(at)
    assert [s.value for s in at.success] == ["The notice is long enough."]
    at.date_input[0].set_value(dt.date(2027, 1, 15)).run()
    assert "Notice too short: the earliest allowed date is 01.02.2027." in [
        e.value for e in at.error
    ]
    assert all(b.disabled for b in at.button)


def test_a_centre_sees_the_impact_before_submitting_and_then_submits(store: Store) -> None:
    at = page("propose", "centre:c").run()
    at.radio(key="kind").set_value("drop").run()
    assert at.selectbox(key="before").value.start == "16:00"
    at.button[0].click().run()  # show the impact
    assert not at.exception
    assert "Rules broken" in texts(at)
    assert "R2" in texts(at)
    # The lost answered contacts are flagged as plainly as the broken rule.
    (loss,) = [w.value for w in at.warning]
    assert loss.startswith("The change loses expected answered contacts: -")
    assert "(MIELI Kriisipuhelin -" in loss
    assert changes.list_proposals(store, Actor("coordinator")) == []
    at.text_area(key="reason").input("evening staff on leave")
    at.button[1].click().run()
    assert not at.exception
    stored = changes.list_proposals(store, Actor("coordinator"))
    assert [(p.centre, p.kind, p.status) for p in stored] == [("c", "drop", "pending")]
    assert f"Proposal {stored[0].id} submitted" in texts(at)


def test_a_responder_cannot_propose(store: Store) -> None:
    at = page("propose", "responder:r1").run()
    assert "may not list centres' standing shifts" in at.error[0].value
    assert not at.button


# --- rosters ---------------------------------------------------------------------------------


@pytest.fixture
def roster(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """b.csv and c.csv in the folder ROTA_ROSTER names."""
    folder = write_rosters(tmp_path / "roster")
    monkeypatch.setenv("ROTA_ROSTER", str(folder))
    return folder


def edit_roster(at: AppTest, edits: dict[str, list[object] | dict[int, dict[str, str]]]) -> None:
    """Make the editor's edits as the browser would send them, then press save."""
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [],
        **edits,
    }
    at.button[0].click().run()


def shown_cells(at: AppTest) -> str:
    return "\n".join(frame.value.to_csv() for frame in at.dataframe)


def test_a_centre_edits_its_roster_and_saves_it(store: Store, roster: Path) -> None:
    path = roster / "c.csv"
    at = page("roster", "centre:c").run()
    assert not at.exception and not at.error
    assert list(at.data_editor[0].value["name"]) == list(NAMES["c"])
    edit_roster(
        at,
        {
            "edited_rows": {0: {"max_hours_week": "12"}},
            "added_rows": [
                {"id": "c-3", "name": "Ella Nieminen", "role": "volunteer", "languages": "fi"}
                | {"services": "fi-phone", "max_hours_week": "8", "max_hours_quarter": "40"}
            ],
            "deleted_rows": [1],
        },
    )
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Roster saved: 2 responders."]
    text = path.read_text(encoding="utf-8")
    assert "c-1,Aino Virtanen,c,staff,fi,fi-phone,,,12,200" in text
    assert "c-3,Ella Nieminen,c,volunteer" in text and "Cecilia Koski" not in text
    # The editor shows the saved file afresh, its edits not applied a second time.
    assert list(at.data_editor[0].value["id"]) == ["c-1", "c-3"]


def test_an_invalid_roster_edit_shows_the_problem_and_writes_nothing(
    store: Store, roster: Path
) -> None:
    path = roster / "c.csv"
    before = path.read_bytes()
    at = page("roster", "centre:c").run()
    edit_roster(at, {"edited_rows": {1: {"role": "manager", "max_hours_week": "eight"}}})
    assert not at.exception
    (shown,) = [e.value for e in at.error]
    assert shown.split("\n\n") == [
        "The roster was not saved. Fix these and save again:",
        f"{path}: row 3, column role: Input should be 'staff', 'volunteer' or 'student'; "
        "got 'manager'",
        f"{path}: row 3, column max_hours_week: Input should be a valid number, unable to parse "
        "string as a number; got 'eight'",
    ]
    assert path.read_bytes() == before


def test_another_centre_and_the_coordinator_do_not_see_a_centres_names(
    store: Store, roster: Path
) -> None:
    at = page("roster", "centre:b").run()
    assert not at.exception
    assert list(at.data_editor[0].value["name"]) == list(NAMES["b"])
    assert not any(name in shown_cells(at) for name in NAMES["c"])
    at = page("roster", "coordinator").run()
    at.selectbox[0].set_value("c").run()
    assert not at.exception and not at.data_editor  # read-only
    (frame,) = at.dataframe
    assert list(frame.value["id"]) == ["c-1", "c-2"] and "name" not in frame.value.columns
    assert not any(name in shown_cells(at) for names in NAMES.values() for name in names)


def signed_in(store: Store, username: str, role: str) -> AppTest:
    create_account(store, username, "correct horse", role)
    at = AppTest.from_file(str(UI / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    at.text_input[0].input(username)
    at.text_input[1].input("correct horse")
    at.button[0].click().run()
    assert at.session_state["account"].actor == Actor.parse(role)
    return at


def test_a_responder_has_no_roster_page(store: Store, roster: Path) -> None:
    at = signed_in(store, "centre-c", "centre:c")
    at.switch_page("app_pages/roster.py").run()  # in a centre's menu
    assert at.title[0].value == "Päivystäjät: C"
    at = signed_in(store, "aino", "responder:c-1")
    at.switch_page("app_pages/roster.py").run()  # not in a responder's menu: an address says so
    assert [w.value for w in at.warning] == ["Sivu ”Päivystäjälista” ei kuulu roolisi sivuihin."]
    assert not at.dataframe and not at.title
    # ... and opened anyway, the roster service refuses it.
    at = page("roster", "responder:c-1").run()
    assert "responder:c-1 may not see rosters" in at.error[0].value
    assert not at.dataframe


# --- coordinator: the queue ------------------------------------------------------------------


def test_the_coordinator_approves_from_the_queue_with_the_impact_shown(store: Store) -> None:
    ident = propose_drop(store)
    at = page("proposals", "coordinator").run()
    assert not at.exception
    assert "Pending (1)" in texts(at)
    assert "Rules broken" in texts(at) and "Repair" in texts(at)
    at.button(key=f"approve-{ident}").click().run()
    assert not at.exception, at.exception
    assert changes.show_proposal(store, Actor("coordinator"), ident).status == "approved"
    assert f"Proposal {ident} approved: calendar version 2." in texts(at)
    assert "Decided (1)" in texts(at)


def test_the_coordinator_rejects_with_a_reason(store: Store) -> None:
    ident = propose_drop(store)
    at = page("proposals", "coordinator").run()
    at.text_input(key=f"reason-{ident}").input("no cover for Thursdays")
    at.button(key=f"reject-{ident}").click().run()
    view = changes.show_proposal(store, Actor("coordinator"), ident)
    assert view.status == "rejected" and view.decision is not None
    assert view.decision.reason == "no cover for Thursdays"


def test_a_centre_on_the_queue_sees_only_its_own_and_cannot_approve(store: Store) -> None:
    own = propose_drop(store, "c")
    other = propose_drop(store, "b", "08:00-16:00")
    at = page("proposals", "centre:c").run()
    assert f"#{own}" in texts(at) or any(f"#{own}" in e.label for e in at.expander)
    assert not any(f"#{other} " in e.label for e in at.expander)
    at.button(key=f"approve-{own}").click().run()
    assert "centre:c may not approve proposals; only the coordinator may" in at.error[0].value
    assert changes.show_proposal(store, Actor("coordinator"), own).status == "pending"


def test_a_responder_on_the_queue_is_refused(store: Store) -> None:
    propose_drop(store)
    at = page("proposals", "responder:r1").run()
    assert not at.expander  # responders see approved changes only, and none is approved


# --- coordinator: planning -------------------------------------------------------------------


def test_only_the_coordinator_may_plan(store: Store) -> None:
    for role in ("centre:c", "responder:r1"):
        at = page("plan", role).run()
        assert "may not plan; only the coordinator may" in at.error[0].value
        assert not at.button


def wait_for_solve(at: AppTest, limit: float = 120) -> AppTest:
    """Rerun the page as the fragment's timer would, until the solve ends."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(1)
        at.run()
        job = at.session_state["solve_job"]
        if job.state != "running":
            return at.run()
    raise AssertionError("the solve did not end in time")


def test_the_coordinator_solves_a_quarter_and_sees_the_result(store: Store, tmp_path: Path) -> None:
    at = page("plan", "coordinator").run()
    assert not at.exception
    # The network is the store's: the one in force, as the calendar was imported with it.
    (network,) = at.selectbox(key="network").options
    assert network.startswith("three centres — from calendar version 1")
    at.selectbox(key="quarter").set_value("2027Q1")
    at.number_input[0].set_value(5)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["solve_job"].state == "running"
    wait_for_solve(at)
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers[:4] == ["Answered contacts", "Publishing", "Coverage by week", "Rules R1–R7"]
    # The answers first: answered contacts per service, with the change against the calendar
    # in force and the answer rate; the solver's figures in words, behind a fold.
    (metric,) = at.metric
    assert metric.label == "MIELI Kriisipuhelin" and metric.value.replace(",", "").isdigit()
    assert "answer rate " in texts(at) and "change against the calendar in force" in texts(at)
    (details,) = [e for e in at.expander if e.label == "The solver's figures"]
    assert "the best possible" in details.markdown[0].value
    assert "objective" not in texts(at).split("The solve took")[0]
    assert "| R2 | Finnish line always staffed |" in texts(at)
    assert "MIELI Kriisipuhelin" in {s.value for s in at.subheader}
    assert "In the night to 28.03.2027 the clocks go forward" in texts(at)
    job = at.session_state["solve_job"]
    assert (job.folder / "report.md").exists() and (job.folder / "feeds" / "national.ics").exists()
    # Publishing waits for the diff to be confirmed.
    assert "Changes to the calendar in force (version 1):" in texts(at)
    assert at.button(key="publish").disabled
    at.checkbox(key=f"confirm-{job.result.plan}").check().run()
    at.button(key="publish").click().run()
    assert "Published as calendar version 2." in texts(at)


def test_a_plan_of_another_network_is_refused_before_solving(store: Store, tmp_path: Path) -> None:
    # The page offers only the store's networks; a file of another network, given to the solve
    # all the same, is refused before it starts.
    with pytest.raises(InputError, match="the calendar in force: centre: unknown centres a, b, c"):
        SolveJob(Actor("coordinator"), TINY, "2027Q1", TODAY, 5, tmp_path / "plans", store)


def test_before_the_first_calendar_the_network_is_a_scenario_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROTA_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_SCENARIO", str(TINY))
    monkeypatch.chdir(tmp_path)
    at = page("plan", "coordinator").run()
    assert not at.exception
    assert at.text_input[0].value == str(TINY)
    assert not at.selectbox(key="quarter").disabled


def test_a_solve_can_be_cancelled(store: Store) -> None:
    at = page("plan", "coordinator").run()
    at.selectbox(key="quarter").set_value("2027Q1")
    at.number_input[0].set_value(120)
    at.button[0].click().run()
    at.button(key="cancel").click().run()
    assert at.session_state["solve_job"].state == "cancelled"
    assert "The solve was cancelled." in texts(at)


def test_a_running_solve_disables_solve_and_is_found_again_after_a_reload(store: Store) -> None:
    at = page("plan", "coordinator").run()
    at.selectbox(key="quarter").set_value("2027Q1")
    at.number_input[0].set_value(120)
    at.button[0].click().run()
    job = at.session_state["solve_job"]
    assert job.state == "running"
    assert at.button[0].label == "Solve" and at.button[0].disabled
    reloaded = page("plan", "coordinator").run()  # a new browser session of the same account
    assert reloaded.session_state["solve_job"] is job
    assert reloaded.button[0].disabled
    reloaded.button(key="cancel").click().run()
    assert job.state == "cancelled"
    other = page("plan", "centre:c").run()  # a solve is its starter's, no one else's
    assert "solve_job" not in other.session_state


def test_a_bad_scenario_is_listed_before_solving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only before the first calendar is a file named: the store has no network yet.
    monkeypatch.setenv("ROTA_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nservices: []\ncentres: []\n", encoding="utf-8")
    at = page("plan", "coordinator").run()
    at.text_input[0].input(str(bad))
    at.button[0].click().run()
    assert "bad.yaml" in at.error[0].value
    assert "solve_job" not in at.session_state


# --- responder -------------------------------------------------------------------------------


def test_a_responder_gets_subscribe_links_with_a_qr_code_and_extra_shifts(store: Store) -> None:
    at = page("responder", "responder:r1").run()
    assert not at.exception
    at.button[0].click().run()
    assert not at.exception
    shown = texts(at)
    assert "**https:** `https://rota.example.fi/feeds/" in shown
    assert "webcal://rota.example.fi/feeds/" in shown
    (image,) = at.get("image")
    assert image.proto.imgs[0].alt == "QR code: the subscribe link for a phone's calendar"
    assert at.dataframe and len(at.dataframe[0].value) > 0


# --- the network ------------------------------------------------------------------------------


def test_the_coordinator_reads_the_network_and_confirms_an_assumption(store: Store) -> None:
    coordinator = Actor("coordinator")
    text = network.network_yaml(store, coordinator)
    marked = text.replace("    max: 100\n", "    max: 100  # ASSUMPTION (no agreement yet)\n", 1)
    network.import_network(store, coordinator, marked, "marked.yaml")
    at = page("network", "coordinator").run()
    assert not at.exception
    assert [h.value for h in at.header][:4] == [
        "Centres",
        "Services and their hours",
        "Holiday and weekend evening duty group",
        "Rules",
    ]
    assert "- Shift length 4–8 h" in texts(at)
    assert "1 of 1 values the network file marks as assumptions are unconfirmed" in texts(at)
    at.button(key="confirm_assumption").click().run()
    assert "Confirmed: A · weekly_hours.max" in texts(at)
    assert "Every assumption is confirmed." in texts(at.run())
    assert at.get("download_button")[0].label == "Download the network (YAML)"


def test_a_centre_proposes_an_agreement_change_the_coordinator_approves(store: Store) -> None:
    at = page("centre", "centre:c").run()
    assert "Change a term to see its impact." in texts(at)
    at.number_input(key="agreement_lines_fi-phone").set_value(0).run()
    assert "Standing shifts in force the change would no longer allow:" in texts(at)
    assert "- MIELI Kriisipuhelin Sun 16:00–24:00" in texts(at)
    at.button(key="agreement_submit").click().run()
    assert "Write why the agreement changes." in texts(at)
    at.text_input(key="agreement_reason").input("fewer evening staff").run()
    at.button(key="agreement_submit").click().run()
    assert "Agreement change 1 submitted; the coordinator decides." in texts(at)

    at = page("network", "coordinator").run()
    assert "- Lines by service: MIELI Kriisipuhelin 1 → MIELI Kriisipuhelin 0" in texts(at)
    at.button(key="agreement-approve-1").click().run()
    assert "Agreement change 1 approved: calendar version 2 has it in its network." in texts(at)
    assert network.network_scenario(store, Actor("coordinator")).centre("c").lines == {
        "fi-phone": 0
    }
