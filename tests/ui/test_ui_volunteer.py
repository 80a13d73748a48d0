"""The responder's and the centre's pages of issue 19, run by Streamlit's AppTest: a volunteer
sees their shifts and hours, takes an open seat with one click, the centre confirms it on its
Claims page, and the shift is then the volunteer's, confirmed; in Finnish and Swedish the pages
show no English (the leak test's rule, on a staffed store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rota.app import claims
from rota.app.actors import Actor
from rota.store import Store
from tests.app.volunteer_network import TODAY, staffed_store
from tests.ui.test_ui_apptest import page, texts
from tests.ui.test_ui_language import english_only


@pytest.fixture
def staffed(
    store: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, Path]:
    store, roster = staffed_store(store, tmp_path)
    monkeypatch.setenv("ROTA_DATABASE_URL", store_url)
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_ROSTER", str(roster))
    return store, roster


def test_a_volunteer_takes_a_seat_and_the_centre_confirms(staffed: tuple[Store, Path]) -> None:
    store, roster = staffed
    at = page("responder", "responder:a-free").run()
    assert not at.exception
    assert "Your next shifts" in texts(at) and "No shifts ahead." in texts(at)
    take = [b for b in at.button if b.label == "Take it"]
    assert take
    take[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "The shift is yours pending your centre's confirmation."
    ]
    volunteer = Actor("responder", "a-free")
    mine = claims.my_shifts(store, volunteer, roster, TODAY).upcoming
    assert [s.status for s in mine] == ["pending"]
    centre = page("claims_centre", "centre:a").run()
    assert not centre.exception
    [confirm] = [b for b in centre.button if b.label == "Confirm"]
    confirm.click().run()
    assert not centre.exception
    mine = claims.my_shifts(store, volunteer, roster, TODAY).upcoming
    assert [s.status for s in mine] == ["confirmed"]
    again = page("responder", "responder:a-free").run()
    assert "awaiting the centre" not in texts(again) and "confirmed" in texts(again)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_pages_speak_the_readers_language(staffed: tuple[Store, Path], lang: str) -> None:
    store, roster = staffed
    volunteer = Actor("responder", "a-free")
    first = claims.offers(store, volunteer, roster, TODAY).open_seats[0]
    claims.claim(store, volunteer, roster, first, TODAY)
    leaks = english_only()
    for name, role in (("responder", "responder:a-free"), ("claims_centre", "centre:a")):
        at = page(name, role, lang).run()
        assert not at.exception
        shown = texts(at)
        assert not [leak for leak in leaks if leak in shown], (name, lang)
