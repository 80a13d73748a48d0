"""One language at a time (issue 20): every page, opened by each role in Finnish and in Swedish,
shows no English — no text only the English catalogue has, no rule title of the validator, no
raw status, no service-layer sentence.

The store holds the three-centre network of the calendar tests (centre a closed on holidays, so
Epiphany and Easter Monday are named; c closed on 10–11.02.2027), one pending, one approved and
one rejected proposal, c's summer closure filed (so the season's timeline has a bar and a gap),
and rosters for b and c. Everything a page shows is collected: texts,
labels, options, table headers and cells, chart titles and data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from rota.app import changes, closures
from rota.app.actors import Actor
from rota.checks.plan import RULE_TITLES
from rota.domain.scenario import Rules
from rota.store import Store
from tests.app.test_centre_calendar import write_calendar_network
from tests.change_network import EFFECTIVE, TODAY
from tests.roster_network import write_rosters
from tests.ui.test_ui_apptest import TIMEOUT, UI, as_, page, wait_for_solve
from ui.i18n import TEXT, Language, holiday_name, number, percent, rule_title, signed, t

LANGUAGES = ("fi", "sv")
COORDINATOR = Actor("coordinator")
# Texts the service layer and the validator write in English, and that once reached pages.
KNOWN_LEAKS = [*RULE_TITLES.values(), "pending", "approved", "rejected", "dashboard"]
# English words no Finnish or Swedish sentence uses: they give away a service-layer message
# ("centre:c may only see its own shifts") or a raw shift ("drop c fi-phone … from …").
ENGLISH_WORDS = ["the", "may", "not", "only", "with", "from", "has", "been", "would"]
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Pages write dates as Finland does, dd.mm.yyyy; 2027-02-01 is how the service layer writes them.
ISO_DATE = r"\b\d{4}-\d{2}-\d{2}\b"


def english_only() -> list[str]:
    """The parts of English catalogue texts (between their placeholders) that no Finnish or
    Swedish text contains; short parts ("OK", "h") are left out, they are not words."""
    others = " ".join(t for entry in TEXT.values() for k, t in entry.items() if k != "en").lower()
    found = set()
    for entry in TEXT.values():
        if entry["en"] in (entry["fi"], entry.get("sv")):
            continue
        for part in PLACEHOLDER.split(entry["en"]):
            part = part.strip(" .,:;()*`·—–-#%+×/\n")
            if len(part) >= 4 and re.search(r"[A-Za-z]{3}", part) and part.lower() not in others:
                found.add(part)
    return sorted(found)


def leak_pattern() -> re.Pattern[str]:
    phrases = [*english_only(), *KNOWN_LEAKS]
    words = [rf"\b{re.escape(p)}\b" for p in phrases] + [rf"\b{w}\b" for w in ENGLISH_WORDS]
    words.append(ISO_DATE)
    return re.compile("|".join(words), re.IGNORECASE)


def shown(at: AppTest) -> list[str]:
    """Every text a person can read on the page."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("error", "success", "info", "warning", "exception"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.expander] + [e.label for e in at.tabs]
    for kind in ("button", "checkbox", "text_input", "text_area", "number_input", "date_input"):
        parts += [e.label for e in getattr(at, kind)]
    for kind in ("selectbox", "radio", "multiselect"):
        for element in getattr(at, kind):
            parts += [element.label, *map(str, element.options)]
    # Download buttons are named by their files (ids in files, the issue says), but for one.
    parts += [b.label for b in at.get("download_button") if "." not in b.label]
    for kind in ("dataframe", "table"):
        for element in getattr(at, kind):
            config = json.loads(getattr(element.proto, "columns", "") or "{}")
            labels = {name: c.get("label") for name, c in config.items() if c.get("label")}
            parts += list(frame_texts(element.value, labels))
    for chart in at.get("arrow_vega_lite_chart"):
        parts += list(chart_texts(chart.proto))
    return parts


def frame_texts(frame: object, labels: dict[str, str]) -> Iterator[str]:
    """A table's headings (as labelled on the page) and its text cells."""
    columns = getattr(frame, "columns", [])
    yield from (labels.get(str(c), str(c)) for c in columns)
    yield from (str(i) for i in getattr(frame, "index", []) if isinstance(i, str))
    for column in columns:
        yield from (str(v) for v in frame[column] if isinstance(v, str))  # type: ignore[index]


def chart_texts(proto: object) -> Iterator[str]:
    """A chart's titles, tooltip titles, axis labels and the text cells of its data."""
    spec = json.loads(getattr(proto, "spec", "") or "{}")
    yield from _titles(spec)
    for dataset in getattr(proto, "datasets", []):
        table = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all()
        for column in table.column_names:
            yield from (v for v in table.column(column).to_pylist() if isinstance(v, str))


def _titles(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "labelExpr") and isinstance(value, str):
                yield value
            else:
                yield from _titles(value)
    elif isinstance(node, list):
        for item in node:
            yield from _titles(item)


def leaks(at: AppTest) -> list[str]:
    assert not at.exception, at.exception
    pattern = leak_pattern()
    return sorted(
        {
            f"{m.group(0)!r} in {text[:90]!r}"
            for text in shown(at)
            for m in [pattern.search(text)]
            if m
        }
    )


@pytest.fixture
def network(store: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The calendar network in force, proposals in each state, rosters, and the dashboard's
    environment."""
    scenario_path, plan_dir = write_calendar_network(tmp_path / "net")
    changes.init_calendar(store, COORDINATOR, scenario_path, plan_dir)
    propose(store, "c", "16:00-24:00")
    approved = propose(store, "b", "08:00-16:00")
    changes.approve(store, COORDINATOR, approved, TODAY, force=True)
    rejected = propose(store, "c", "16:00-24:00")
    changes.reject(store, COORDINATOR, rejected, "ilta pysyy miehitettynä")
    summer = (dt.date(2027, 7, 5), dt.date(2027, 7, 11))
    closures.file(store, Actor("centre", "c"), "c", *summer, "kesäloma", TODAY)
    monkeypatch.setenv("ROTA_DATABASE_URL", store_url)
    monkeypatch.setenv("ROTA_TODAY", TODAY.isoformat())
    monkeypatch.setenv("ROTA_SCENARIO", str(scenario_path))
    monkeypatch.setenv("ROTA_FEED_BASE_URL", "https://rota.example.fi")
    monkeypatch.setenv("ROTA_ROSTER", str(write_rosters(tmp_path / "roster")))
    monkeypatch.chdir(tmp_path)
    return store


def propose(store: Store, centre: str, hours: str) -> int:
    """A drop of the centre's Thursday shift, with a reason as a centre writes one."""
    reason = "iltavuoron päivystäjät lomalla"
    shift = f"fi-phone thu {hours}"
    view = changes.propose(
        store, Actor("centre", centre), "drop", EFFECTIVE, reason, TODAY, shift=shift
    )
    return view.id


PAGES = [
    ("proposals", "coordinator", {}),
    ("calendar", "coordinator", {}),
    ("closures", "coordinator", {}),
    ("network", "coordinator", {}),
    ("network", "centre:c", {}),  # refused
    ("closures", "centre:c", {}),  # refused
    ("roster", "coordinator", {}),
    ("centre", "coordinator", {"centre": "a"}),
    ("centre", "centre:c", {}),
    ("centre", "centre:c", {"centre": "a"}),  # refused
    ("propose", "centre:c", {}),
    ("proposals", "centre:c", {}),
    ("roster", "centre:c", {}),
    ("responder", "responder:c-1", {}),
    ("plan", "centre:c", {}),  # refused
    ("propose", "responder:c-1", {}),  # refused
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "role", "query"), PAGES)
def test_a_page_speaks_one_language(
    network: Store, name: str, role: str, query: dict[str, str], lang: str
) -> None:
    at = page(name, role, lang)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if name == "propose" and role.startswith("centre"):
        at.radio(key="kind").set_value("drop").run()
        at.button[0].click().run()  # the impact report
    if name == "centre" and not at.error:
        at.button(key="issue").click().run()  # a feed link, listed to be replaced
    found = leaks(at)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ["coordinator", "centre:c", "responder:c-1", None])
def test_the_menu_and_the_first_page_speak_one_language(
    network: Store, role: str | None, lang: str
) -> None:
    at = AppTest.from_file(str(UI / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if role is not None:
        at.session_state["account"] = as_(role)
    found = leaks(at.run())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_reason_is_asked_for_in_words_not_by_the_cli_flag(
    network: Store, lang: str
) -> None:
    at = page("propose", "centre:c", lang).run()
    at.button[1].click().run()  # submit, no reason written
    assert [e.value for e in at.error] == [t("change_reason_needed", lang)]
    at = page("proposals", "coordinator", lang).run()
    (pending,) = [b.key for b in at.button if b.key and b.key.startswith("reject-")]
    at.button(key=pending).click().run()
    assert [e.value for e in at.error] == [t("reason_needed", lang)]
    assert "--reason" not in "\n".join(shown(at))


def test_a_solved_quarter_speaks_one_language(network: Store) -> None:
    at = page("plan", "coordinator", "fi").run()
    at.selectbox(key="quarter").set_value("2027Q1")
    at.number_input[0].set_value(5)
    at.button[0].click().run()
    wait_for_solve(at)
    found = {"fi": leaks(at)}
    at.session_state["lang"] = "sv"
    found["sv"] = leaks(at.run())
    assert found == {"fi": [], "sv": []}, "\n".join(found["fi"] + found["sv"])


def test_the_english_interface_is_what_the_test_looks_for(network: Store) -> None:
    """The check finds English where there is some: the same page in English leaks."""
    at = page("centre", "centre:c", "en").run()
    assert leaks(at)


# --- the catalogue and the formats -----------------------------------------------------------


def test_every_text_is_in_all_three_languages_with_the_same_values() -> None:
    for key, entry in TEXT.items():
        assert set(entry) == {"fi", "sv", "en"}, key
        names = {lang: sorted(PLACEHOLDER.findall(text)) for lang, text in entry.items()}
        assert names["fi"] == names["sv"] == names["en"], key


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", ["1\u00a0234,5", "−3\u00a0068\u00a0353", "+17,3", "0,09\u00a0%"]),
        ("sv", ["1\u00a0234,5", "−3\u00a0068\u00a0353", "+17,3", "0,09\u00a0%"]),
        ("en", ["1,234.5", "-3,068,353", "+17.3", "0.09%"]),
    ],
)
def test_numbers_are_written_as_the_reader_writes_them(lang: Language, expected: list[str]) -> None:
    shown = [
        number(1234.5, 1, lang),
        number(-3068353, lang=lang),
        signed(17.3, 1, lang),
        percent(0.0009, 2, lang),
    ]
    assert shown == expected


def test_holidays_and_rule_titles_read_in_the_interface_language() -> None:
    easter_monday, extra = dt.date(2027, 3, 29), dt.date(2027, 5, 5)
    assert [holiday_name(easter_monday, lang) for lang in ("fi", "sv", "en")] == [
        "Toinen pääsiäispäivä",
        "Annandag påsk",
        "Easter Monday",
    ]
    assert holiday_name(extra, "sv") == "Extra ledig dag"
    rules = Rules(min_shift_hours=4, max_shift_hours=6, change_notice_months=3)
    assert rule_title("R1", rules, "fi") == "Vuoron pituus 4–6 h"
    assert rule_title("R1", rules, "sv") == "Passets längd 4–6 h"
    assert rule_title("R7", rules, "sv") == "Varsel 3 mån.: utlovade pass består"
