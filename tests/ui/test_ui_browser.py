"""End to end in a real browser: `rota dashboard` on a free localhost port, driven by Playwright in
headless Debian Chromium. A centre proposes, the coordinator approves and plans a quarter, a
responder makes a subscribe link; a centre edits its roster. Full-page screenshots of each page
go to test-artifacts/.

The store starts with the three-centre calendar of the change tests (no solve needed); the plan
page solves that network's next quarter from the calendar in force with a 5-second limit and
publishes it after reading the diff. ROTA_ROSTER names a folder with rosters for centres b and c.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from rota.app import changes
from rota.app.accounts import create_account
from rota.app.actors import Actor
from rota.store import open_store
from tests.change_network import TODAY, write_network
from tests.roster_network import NAMES, write_rosters

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
WAIT = 90_000  # ms: a page's first run imports the solver stack on a busy machine

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (make test installs it as root)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_rosters(tmp_path_factory.mktemp("roster"))


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory, roster: Path) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("dashboard")
    url = f"sqlite:///{folder / 'rota.db'}"
    scenario, plan_dir, _ = write_network(folder / "net")
    store = open_store(url)
    changes.init_calendar(store, Actor("coordinator"), scenario, plan_dir)
    for username, role in (
        ("coord", "coordinator"),
        ("centre-c", "centre:c"),
        ("r1", "responder:r1"),
    ):
        create_account(store, username, PASSWORD, role)
    store.close()
    port = free_port()
    env = {
        **os.environ,
        "ROTA_TODAY": TODAY.isoformat(),
        "ROTA_FEED_BASE_URL": "https://rota.example.fi",
        "ROTA_ROSTER": str(roster),
    }
    log = (folder / "dashboard.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "rota"),
            "dashboard",
            "--db",
            url,
            "--scenario",
            str(scenario),
            "--port",
            str(port),
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        (folder / "dashboard.log").read_text(encoding="utf-8")
                    ) from None
                time.sleep(0.3)
        yield base, url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def accessibility(page: Page, name: str) -> list[dict[str, Any]]:
    """axe-core's critical and serious violations on the page as it stands; every finding
    (any impact) is kept in test-artifacts/axe/<name>.json."""
    if not AXE.exists():
        raise AssertionError(f"no {AXE}: `make test` installs it (npm ci --prefix tests/js)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))"
    )
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{name}.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    return [v for v in found if v["impact"] in ("critical", "serious")]


def shot(page: Page, name: str) -> None:
    """Check the page with axe-core (no critical or serious violation), then save a full-page
    screenshot. Streamlit scrolls its main pane, not the document: grow the viewport to the
    pane's height so the screenshot holds the whole page."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-testid=stApp]:not([data-test-script-state=running])").wait_for()
    page.wait_for_timeout(800)  # data frames paint on a canvas after the run ends
    failures = accessibility(page, name)
    assert not failures, f"{name}: " + json.dumps(failures, indent=2, ensure_ascii=False)
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...Array.from("
        "document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]'))"
        ".map(e => e.scrollHeight))"
    )
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 1000})


def sign_in(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    started = time.monotonic()
    page.goto(base)
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    loaded = time.monotonic() - started
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_text("Kirjautunut:").wait_for()
    print(
        f"\n{username}: sign-in page {loaded:.1f} s, signed in {time.monotonic() - started:.1f} s"
    )
    return page


def test_propose_approve_plan_and_subscribe_in_a_browser(
    dashboard: tuple[str, str], browser: Browser
) -> None:
    base, url = dashboard

    # A centre sees its shifts and proposes to drop one, reading the impact first.
    page = sign_in(browser, base, "centre-c")
    expect(page.get_by_role("heading", name="Keskuksen vakiovuorot")).to_be_visible()
    shot(page, "1-centre-shifts")
    page.get_by_role("link", name="Uusi muutosehdotus").click()
    page.get_by_text("Aikaisin sallittu päivä: 01.02.2027").wait_for()
    page.get_by_text("poista vuoro").click()
    page.get_by_label("Perustelu").fill("evening staff on leave")
    page.get_by_role("button", name="Näytä vaikutus").click()
    page.get_by_text("Rikotut säännöt").wait_for()
    shot(page, "2-centre-proposal-impact")
    page.get_by_role("button", name="Lähetä ehdotus").click()
    page.get_by_text("Ehdotus 1 lähetetty").wait_for()
    shot(page, "3-centre-proposal-submitted")

    # The coordinator approves it from the queue.
    page = sign_in(browser, base, "coord")
    page.get_by_role("link", name="Muutosehdotukset").click()
    page.get_by_text("Odottavat (1)").wait_for()
    shot(page, "4-coordinator-queue")
    page.get_by_role("button", name="Hyväksy").click()
    page.get_by_text("Ehdotus 1 hyväksytty: kalenteriversio 2.").wait_for()
    shot(page, "5-coordinator-approved")
    store = open_store(url)
    assert [p.status for p in changes.list_proposals(store, Actor("coordinator"))] == ["approved"]
    store.close()

    # ... then plans a quarter: the heat maps and the rule table render.
    page.get_by_role("link", name="Suunnittelu").click()
    page.get_by_label("Aikaraja (s)").fill("5")
    started = time.monotonic()
    page.get_by_role("button", name="Ratkaise").click()
    page.get_by_role("button", name="Keskeytä").wait_for()
    shot(page, "6-coordinator-solving")
    page.get_by_role("heading", name="Kattavuus viikoittain").wait_for()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first).to_be_visible()
    print(f"Solve to heat map: {time.monotonic() - started:.1f} s")
    assert charts.count() >= 2  # the Finnish line's heat map, the load and the quarter calendar
    rules = page.get_by_role("table").filter(has_text="R7")
    expect(rules).to_be_visible()
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6", "R7"):
        expect(rules.get_by_role("cell", name=rule, exact=True)).to_be_visible()
    shot(page, "7-coordinator-plan")

    # The plan page opens with what publishing would change; Publish waits for the tick.
    page.get_by_text("Muutokset voimassa olevaan kalenteriin (versio 2):").wait_for()
    publish = page.get_by_role("button", name="Julkaise vakiokalenteriksi")
    expect(publish).to_be_disabled()
    shot(page, "7a-coordinator-publish-diff")
    page.get_by_text("Olen lukenut muutokset; julkaise ne.").click()
    expect(publish).to_be_enabled()
    publish.click()
    page.get_by_text("Julkaistu kalenteriversiona 3.").wait_for()
    shot(page, "7b-coordinator-published")
    store = open_store(url)
    versions = changes.list_versions(store, Actor("coordinator"))
    assert [(v.number, v.source) for v in versions][-1] == (3, "plan 1")
    store.close()

    # A responder makes a subscribe link and sees its QR code.
    page = sign_in(browser, base, "r1")
    page.get_by_role("button", name="Luo tilauslinkki").click()
    page.get_by_text("webcal://rota.example.fi/feeds/").wait_for()
    expect(page.get_by_role("img").last).to_be_visible()
    shot(page, "8-responder")


def test_a_centre_edits_its_roster_in_a_browser(
    dashboard: tuple[str, str], roster: Path, browser: Browser
) -> None:
    base, _url = dashboard
    path = roster / "c.csv"
    page = sign_in(browser, base, "centre-c")
    page.get_by_role("link", name="Päivystäjälista").click()
    page.get_by_role("heading", name="Päivystäjät: C").wait_for()
    grid = page.locator("[data-testid=stDataFrame] canvas").first
    expect(grid).to_be_visible()
    # The grid is drawn on a canvas, but it keeps an accessible table of its cells inside the
    # canvas element (as a screen reader reads it). Keyboard focus on the grid selects a cell;
    # focusing a cell of that table then selects it, and Enter opens its editor: no mouse
    # position, and each step waits for the state the grid itself reports.
    header = grid.locator("th", has_text=re.compile("^max_hours_week$"))
    cell = grid.locator(f"#glide-cell-{header.get_attribute('aria-colindex')}-0")
    expect(cell).to_have_text("20")
    grid.focus()
    expect(grid.locator("td[aria-selected=true]")).to_have_count(1)
    cell.focus()
    expect(cell).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    editor.fill("12")
    editor.press("Enter")
    expect(cell).to_have_text("12")
    shot(page, "9-centre-roster-edited")
    page.get_by_role("button", name="Tallenna päivystäjälista").click()
    page.get_by_text("Päivystäjälista tallennettu: 2 päivystäjää.").wait_for()
    shot(page, "10-centre-roster-saved")
    assert "c-1,Aino Virtanen,c,staff,fi,fi-phone,,,12,200" in path.read_text(encoding="utf-8")

    # A responder's menu has no roster page. (r1 made its link in the test before: one link per
    # responder, so the page offers to replace it, not to make another.)
    page = sign_in(browser, base, "r1")
    expect(page.get_by_role("button", name="Vaihda linkki")).to_be_visible()
    expect(page.get_by_role("link", name="Päivystäjälista")).to_have_count(0)
    assert not any(name in page.content() for names in NAMES.values() for name in names)


def test_a_session_survives_a_reload_and_a_deep_link_until_signed_out(
    dashboard: tuple[str, str], browser: Browser
) -> None:
    base, _url = dashboard
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT)

    # A deep link opened signed out shows the sign-in form at that address, then the page.
    page.goto(f"{base}/proposals")
    page.get_by_label("Käyttäjätunnus").fill("coord")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("heading", name="Muutosehdotukset").first.wait_for()
    assert page.url.endswith("/proposals")
    shot(page, "11-deep-link-after-sign-in")

    # A reload keeps the session; so does a bookmark opened in a second tab.
    page.reload()
    page.get_by_role("heading", name="Muutosehdotukset").first.wait_for()
    expect(page.get_by_text("Kirjautunut:")).to_be_visible()
    tab = context.new_page()
    tab.set_default_timeout(WAIT)
    tab.goto(f"{base}/plan")
    tab.get_by_role("button", name="Ratkaise").wait_for()
    assert "Page not found" not in tab.content()

    # A solve started before a reload is found again after it, and its result shown.
    tab.get_by_label("Aikaraja (s)").fill("5")
    tab.get_by_role("button", name="Ratkaise").click()
    tab.get_by_role("button", name="Keskeytä").wait_for()
    expect(tab.get_by_role("button", name="Ratkaise")).to_be_disabled()
    tab.reload()
    tab.get_by_role("heading", name="Kattavuus viikoittain").wait_for()
    shot(tab, "12-solve-found-after-reload")

    # Signing out ends the session: neither a reload nor the other tab is signed in any more.
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.get_by_label("Käyttäjätunnus").wait_for()
    page.reload()
    page.get_by_label("Käyttäjätunnus").wait_for()
    tab.reload()
    tab.get_by_label("Käyttäjätunnus").wait_for()
    expect(tab.get_by_text("Kirjautunut:")).to_have_count(0)
    context.close()
