"""Every page of every role, in Finnish, Swedish and English, in a real browser (issue 20): each
state is checked with axe-core (no critical or serious violation) and saved as a screenshot in
test-artifacts/ (`tour-<role>-<language>-<n>.png`, the findings in test-artifacts/axe/).

The dashboard and its store are `test_ui_browser`'s (the three-centre calendar, rosters for b
and c), started again for this module.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.test_ui_browser import browser, dashboard, roster, shot, sign_in

__all__ = ["browser", "dashboard", "roster"]  # the fixtures this module's tests use

LANGUAGES = {
    "fi": ("Suomi", "Kirjautunut:"),
    "sv": ("Svenska", "Inloggad:"),
    "en": ("English", "Signed in:"),
}
PAGES = {"coord": 6, "centre-c": 4, "r1": 1}  # the length of each role's menu


@pytest.mark.parametrize("username", list(PAGES))
def test_every_page_of_a_role_in_every_language_passes_axe(
    dashboard: tuple[str, str], browser: Browser, username: str
) -> None:
    base, _url = dashboard
    page = sign_in(browser, base, username)
    for lang, (label, signed_in) in LANGUAGES.items():
        page.locator("[data-testid=stSidebar]").get_by_text(label, exact=True).click()
        page.get_by_text(signed_in).wait_for()
        menu = page.locator("[data-testid=stSidebar] a")
        expect(menu).to_have_count(PAGES[username])
        for index in range(PAGES[username]):
            link = menu.nth(index)
            target = link.get_attribute("href")
            link.click()
            page.wait_for_url(re.compile(f"/{target}$"))
            shot(page, f"tour-{username}-{lang}-{index + 1}")
