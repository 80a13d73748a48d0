"""The calendar in force on the dashboard (issue 17): a centre's weeks and the coordinator's import.

The store holds the three-centre network of the change tests (a 00–08, b 08–16, c 16–24 on the
Finnish line every day, 2027Q1) with two things a real calendar has: centre a closes on public
holidays, so b covers a's night on Epiphany (Wed 06.01.2027) with a holiday duty, and centre c
is closed on 10–11.02.2027. Easter Monday (29.03.2027) cancels a's night with no cover.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rota.app import changes, feed_tokens
from rota.app.actors import Actor
from rota.store import Store
from tests.app.test_centre_calendar import EPIPHANY, write_calendar_network
from tests.change_network import TODAY
from tests.ui.test_ui_apptest import page, signed_in, texts
from ui.i18n import TEXT

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "mieli" / "calendar-in-force.csv"
LINE = "MIELI Kriisipuhelin"  # the name of the service fi-phone


@pytest.fixture
def calendar_store(
    store: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Store:
    """The network above as the calendar in force, and the environment of the dashboard."""
    scenario_path, plan_dir = write_calendar_network(tmp_path / "net")
    changes.init_calendar(store, Actor("coordinator"), scenario_path, plan_dir)
    monkeypatch.setenv("ROTA_DATABASE_URL", store_url)
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_SCENARIO", str(scenario_path))
    monkeypatch.setenv("ROTA_FEED_BASE_URL", "https://rota.example.fi")
    monkeypatch.chdir(tmp_path)
    return store


def week(at: AppTest, number: int) -> str:
    """The label of week `number` (its expander)."""
    (label,) = [e.label for e in at.expander if e.label.startswith(f"Week {number} ·")]
    return label


# --- a centre's weeks ------------------------------------------------------------------------


def test_a_centre_sees_its_weeks_with_holidays_named_and_cancelled_dates(
    calendar_store: Store,
) -> None:
    at = page("centre", "centre:a").run()
    assert not at.exception and not at.error
    # 2027Q1 in ISO weeks: week 53 of 2026 (28.12.2026–03.01.2027) to week 13 (29.03–04.04).
    assert len([e for e in at.expander if e.label.startswith("Week ")]) == 14
    assert week(at, 1) == "Week 1 · 04.01.2027–10.01.2027 · Epiphany · 1 cancelled"
    assert week(at, 13) == "Week 13 · 29.03.2027–04.04.2027 · Easter Monday · 1 cancelled"
    assert week(at, 7) == "Week 7 · 15.02.2027–21.02.2027"
    shown = texts(at)
    assert f"- Wed 06.01.2027 00:00–08:00 {LINE} — public holiday: Epiphany 06.01.2027" in shown
    assert (
        f"- Mon 29.03.2027 00:00–08:00 {LINE} — public holiday: Easter Monday 29.03.2027" in shown
    )
    assert "fi-phone" not in shown
    # Week 1: a's nights except Epiphany's, by the service's name and the kind in words.
    weeks = [e for e in at.expander if e.label.startswith("Week 1 ·")]
    (table,) = weeks[0].table
    frame = table.value
    assert len(frame) == 6 and EPIPHANY.strftime("%d.%m.%Y") not in " ".join(frame.index)
    assert set(frame["Service"]) == {LINE}
    assert set(frame["Kind"]) == {"standing shift"}
    assert set(frame["Time"]) == {"00:00–08:00"}


def test_holiday_duties_and_closures_are_marked(calendar_store: Store) -> None:
    at = page("centre", "centre:b").run()
    (weeks,) = [e for e in at.expander if e.label.startswith("Week 1 ·")]
    (table,) = weeks.table
    cover = table.value.loc["Wed 06.01.2027"]
    assert set(cover["Kind"]) == {"standing shift", "holiday duty"}
    assert set(cover["Time"]) == {"00:00–08:00", "08:00–16:00"}
    at = page("centre", "centre:c").run()
    assert week(at, 6) == "Week 6 · 08.02.2027–14.02.2027 · closed 2 d · 2 cancelled"
    assert f"- Wed 10.02.2027 16:00–00:00 {LINE} — centre closed 10.02.2027" in texts(at)


def test_the_weeks_read_in_finnish(calendar_store: Store) -> None:
    at = page("centre", "centre:a", lang="fi").run()
    labels = " ".join(e.label for e in at.expander)
    assert "Vko 1 · 04.01.2027–10.01.2027 · Loppiainen · 1 peruttu" in labels
    assert "Toinen pääsiäispäivä" in labels
    assert "Epiphany" not in labels + texts(at)
    assert "pyhäpäivä: Loppiainen 06.01.2027" in texts(at)


def test_a_centre_cannot_open_another_centres_weeks(calendar_store: Store) -> None:
    at = page("centre", "centre:c")
    at.query_params["centre"] = "a"
    at.run()
    assert "centre:c may only see its own shifts, not a's" in at.error[0].value
    assert not at.expander and not at.table


def test_the_coordinator_picks_any_centres_weeks(calendar_store: Store) -> None:
    at = page("centre", "coordinator")
    at.query_params["centre"] = "a"
    at.run()
    assert not at.error
    assert week(at, 1).endswith("Epiphany · 1 cancelled")


def test_a_centre_makes_and_replaces_its_feed_link(calendar_store: Store) -> None:
    at = page("centre", "centre:c").run()
    at.button(key="issue").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "**https:** `https://rota.example.fi/feeds/" in shown
    assert "webcal://rota.example.fi/feeds/" in shown
    (first,) = active_tokens(calendar_store)
    at.button(key="rotate").click().run()
    assert f"Link #{first} no longer works; the new link is below." in texts(at)
    assert texts(at) != shown
    assert len(active_tokens(calendar_store)) == 1


def active_tokens(store: Store) -> list[int]:
    """The ids of centre c's feed tokens that still open the feed."""
    return [
        k.id
        for k in feed_tokens.list_tokens(store, Actor("centre", "c"), "centre-c")
        if k.revoked_at is None
    ]


# --- the coordinator's import ----------------------------------------------------------------


def test_the_coordinator_imports_the_sample_calendar_and_sees_the_findings(
    calendar_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROTA_SCENARIO", str(ROOT / "fixtures" / "mieli" / "scenario.yaml"))
    at = page("calendar", "coordinator").run()
    assert not at.exception and not at.error
    assert at.button(key="import").disabled
    at.file_uploader(key="standing").set_value((SAMPLE.name, SAMPLE.read_bytes(), "text/csv"))
    at.run()
    at.button(key="import").click().run()
    assert not at.exception and not at.error
    (done,) = [s.value for s in at.success]
    assert done.startswith("Imported as calendar version 2: 120 standing shifts, 0 dated duties")
    (findings,) = [w.value for w in at.warning]
    assert findings.startswith("The calendar already breaks rules (")
    assert "checked 01.12.2026–31.03.2027" in findings
    assert any(m.value.startswith("- **R") for m in at.markdown)
    versions = at.dataframe[0].value
    assert list(versions["Version"]) == [2, 1]
    assert versions["Source"][0] == f"import {SAMPLE.name}"
    assert versions["Who"][0] == "coordinator"
    assert changes.calendar_in_force(calendar_store, Actor("coordinator")).version == 2
    # The same file imports once: the result stays, the button is off until another file comes.
    assert at.button(key="import").disabled
    at.run()
    assert at.success[0].value == done and at.button(key="import").disabled


def test_a_broken_upload_lists_every_problem_and_stores_nothing(calendar_store: Store) -> None:
    broken = (
        "centre;service;weekday;start;end;responders;valid_from;valid_until\n"
        "a;fi-phone;someday;16.00;20.00;1;;\n"
        "atlantis;fi-phone;maanantai;16.00;20.00;1;;\n"
    )
    at = page("calendar", "coordinator").run()
    at.file_uploader(key="standing").set_value(("broken.csv", broken.encode(), "text/csv"))
    at.run()
    at.button(key="import").click().run()
    assert not at.exception
    (shown,) = [e.value for e in at.error]
    lines = shown.split("\n\n")
    assert lines[0] == "The calendar was not stored. Fix these and import again:"
    assert len(lines) == 3
    assert lines[1].startswith("broken.csv: row 2, column weekday")
    assert lines[2].startswith("broken.csv: row 3, column centre")
    assert not at.success
    assert [v.number for v in changes.list_versions(calendar_store, Actor("coordinator"))] == [1]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "fi",
            [
                "broken.csv: rivi 2, sarake weekday: ”someday” ei ole viikonpäivä; kirjoita "
                "maanantai…sunnuntai tai ma…su",
                "broken.csv: rivi 3, sarake start: ”25.00” ei ole vuorokauden aika; käytä "
                "00:00…23:59 tai 24:00",
                "broken.csv: rivi 4, sarake valid_until: 01.09.2026 on ennen alkupäivää "
                "01.10.2026; vuoro lakkaa olemasta voimassa vasta alettuaan",
            ],
        ),
        (
            "sv",
            [
                "broken.csv: rad 2, kolumn weekday: ”someday” är inte en veckodag; skriv "
                "måndag…söndag eller må…sö",
                "broken.csv: rad 3, kolumn start: ”25.00” är inte en tid på dygnet; använd "
                "00:00…23:59 eller 24:00",
                "broken.csv: rad 4, kolumn valid_until: 01.09.2026 ligger före startdagen "
                "01.10.2026; ett pass upphör att gälla först efter att det börjat",
            ],
        ),
    ],
)
def test_an_uploads_problems_are_told_in_the_readers_language(
    calendar_store: Store, lang: str, lines: list[str]
) -> None:
    broken = (
        "centre;service;weekday;start;end;responders;valid_from;valid_until\n"
        "a;fi-phone;someday;16.00;20.00;1;;\n"
        "a;fi-phone;ma;25.00;20.00;1;;\n"
        "a;fi-phone;ti;8.00;12.00;1;1.10.2026;1.9.2026\n"
    )
    at = page("calendar", "coordinator", lang).run()
    at.file_uploader(key="standing").set_value(("broken.csv", broken.encode(), "text/csv"))
    at.run()
    at.button(key="import").click().run()
    (shown,) = [e.value for e in at.error]
    assert shown.split("\n\n")[1:] == lines


def test_every_problem_a_calendar_file_can_have_is_in_the_catalogue() -> None:
    """A code without its text would fall back to English on a Finnish page."""
    source = "\n".join(
        (ROOT / path).read_text(encoding="utf-8")
        for path in ("rota/io/calendar_file.py", "rota/app/calendar_import.py")
    )
    codes = set(re.findall(r'_Said\(\s*"(\w+)"', source))
    text = r'(?:(?:f?"[^"]*"\s*)+|\w+)'  # a text in one or more literals, or a name
    codes |= set(re.findall(rf'Problem\(\s*[\w.()]+,\s*{text},\s*"(\w+)"', source))
    # The id problems' codes are made from the column: no_centre, unknown_service, …
    codes |= {f"{kind}_{what}" for kind in ("no", "unknown") for what in ("centre", "service")}
    assert len(codes) >= 30
    assert sorted(c for c in codes if f"problem_{c}" not in TEXT) == []


@pytest.mark.parametrize("role", ["centre:c", "responder:c-1"])
def test_only_the_coordinator_opens_the_calendar_page(calendar_store: Store, role: str) -> None:
    at = page("calendar", role).run()
    assert "may not list calendar versions; only the coordinator may" in at.error[0].value
    assert not at.file_uploader and not at.button


def test_dated_duties_uploaded_beside_the_standing_calendar_reach_the_centres_weeks(
    calendar_store: Store, tmp_path: Path
) -> None:
    standing = (tmp_path / "net" / "plan" / "standing.csv").read_bytes()
    dated = (
        "centre,service,start,end,responders,kind\n"
        "b,fi-phone,06.01.2027 00.00,06.01.2027 08.00,1,holiday-duty\n"
    )
    at = page("calendar", "coordinator").run()
    at.file_uploader(key="standing").set_value(("vakiovuorot.csv", standing, "text/csv"))
    at.file_uploader(key="dated").set_value(("pyhat.csv", dated.encode(), "text/csv"))
    at.run()
    at.button(key="import").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith(
        "Imported as calendar version 2: 21 standing shifts, 1 dated duties, 3 centres."
    )
    assert at.dataframe[0].value["Source"][0] == "import vakiovuorot.csv and pyhat.csv"
    at = page("centre", "centre:b").run()
    (weeks,) = [e for e in at.expander if e.label.startswith("Week 1 ·")]
    assert "holiday duty" in set(weeks.table[0].value["Kind"])


def test_the_calendar_page_is_in_the_coordinators_menu_only(calendar_store: Store) -> None:
    at = signed_in(calendar_store, "koordinaattori", "coordinator")
    at.switch_page("app_pages/calendar.py").run()
    assert not at.exception
    assert at.title[0].value == "Voimassa oleva kalenteri"
    at = signed_in(calendar_store, "oulu", "centre:c")
    at.switch_page("app_pages/calendar.py").run()  # not a centre's page: its address says so
    assert [w.value for w in at.warning] == [
        "Sivu ”Voimassa oleva kalenteri” ei kuulu roolisi sivuihin."
    ]
    assert not at.title and not at.file_uploader
