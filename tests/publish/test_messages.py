"""The notification e-mails' words (issue 19): every event in Finnish, Swedish and English, with
no English left in the other two, Finnish dates, Helsinki times and an .ics that holds the
shift's real instants across a DST change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from rota.domain.calendar import HELSINKI, instant
from rota.domain.notices import (
    LANGUAGES,
    ClaimConfirmed,
    Language,
    Notice,
    ProposalDecided,
    ProposalSubmitted,
    SeatStillOpen,
    ShiftReminder,
    SwapAccepted,
    SwapOffered,
    kind_of,
)
from rota.domain.plan import Occurrence, StandingShift
from rota.domain.proposals import ShiftChange
from rota.domain.scenario import Scenario
from rota.publish.messages import render
from tests.change_network import write_network

STAMP = dt.datetime(2027, 1, 10, 9, tzinfo=dt.UTC)
SHIFT = Occurrence(
    dt.datetime(2027, 1, 16, 16, tzinfo=HELSINKI),
    dt.datetime(2027, 1, 16, 22, tzinfo=HELSINKI),
    "b",
    "fi-phone",
    1,
    "extra",
)
CHANGE = ShiftChange(
    "b",
    "move",
    StandingShift("b", "fi-phone", 3, 8 * 60, 8 * 60),
    StandingShift("b", "fi-phone", 4, 8 * 60, 8 * 60),
    dt.date(2027, 2, 1),
)
NOTICES: list[Notice] = [
    ProposalSubmitted(7, CHANGE),
    ProposalDecided(7, CHANGE, True, ""),
    ProposalDecided(7, CHANGE, False, "coverage"),
    ShiftReminder(SHIFT),
    SeatStillOpen(SHIFT, 2, 3),
    ClaimConfirmed(SHIFT),
    SwapOffered(SHIFT),
    SwapAccepted(SHIFT),
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder: Path = tmp_path_factory.mktemp("net")
    return write_network(folder)[2]


def english_words(scenario: Scenario, notice: Notice) -> set[str]:
    """The English message's words that are not names, numbers or dates."""
    message = render(notice, "en", scenario, STAMP)
    names = {"MIELI", "Kriisipuhelin", "B", "(rota).", "rota", "MIELI's", "coverage"}
    return {
        word
        for word in (message.subject + " " + message.body).split()
        if word.isalpha() and len(word) > 3 and word not in names
    }


@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: kind_of(n))
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_english_word_is_left_in_a_finnish_or_swedish_message(
    scenario: Scenario, notice: Notice, language: Language
) -> None:
    message = render(notice, language, scenario, STAMP)
    words = set((message.subject + " " + message.body).split())
    assert not words & english_words(scenario, notice)


@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: kind_of(n))
def test_each_language_has_its_own_subject_and_body(scenario: Scenario, notice: Notice) -> None:
    rendered = [render(notice, language, scenario, STAMP) for language in LANGUAGES]
    assert len({m.subject for m in rendered}) == 3
    assert len({m.body for m in rendered}) == 3
    assert all(m.kind == kind_of(notice) for m in rendered)
    # A message about one dated shift carries it; a standing-shift proposal names no date.
    dated = not isinstance(notice, ProposalSubmitted | ProposalDecided)
    assert all((m.ics is not None) == dated for m in rendered)


def test_dates_are_finnish_and_times_helsinki_in_every_language(scenario: Scenario) -> None:
    lines = {
        language: render(ShiftReminder(SHIFT), language, scenario, STAMP).body.splitlines()[1]
        for language in LANGUAGES
    }
    assert lines == {
        "fi": "lauantai 16.1.2027 klo 16.00–22.00, MIELI Kriisipuhelin, B",
        "sv": "lördag 16.1.2027 kl. 16.00–22.00, MIELI Kriisipuhelin, B",
        "en": "Saturday 16.1.2027 16:00–22:00, MIELI Kriisipuhelin, B",
    }


def test_a_proposal_names_both_shifts_as_weekly_times(scenario: Scenario) -> None:
    body = render(ProposalSubmitted(7, CHANGE), "fi", scenario, STAMP).body
    assert "B ehdottaa muutosta: vuoron siirto, voimaan 1.2.2027." in body
    assert "Nykyinen vuoro: torstaisin klo 08.00–16.00, MIELI Kriisipuhelin (1 päivystäjä)" in body
    assert "Uusi vuoro: perjantaisin klo 08.00–16.00, MIELI Kriisipuhelin (1 päivystäjä)" in body


def test_the_ics_keeps_a_night_shift_across_the_autumn_dst_change(scenario: Scenario) -> None:
    # 31.10.2027: clocks go back at 04:00, so 00:00–08:00 lasts nine real hours.
    night = Occurrence(
        dt.datetime(2027, 10, 31, 0, tzinfo=HELSINKI),
        dt.datetime(2027, 10, 31, 8, tzinfo=HELSINKI),
        "a",
        "fi-phone",
        1,
        "standing",
    )
    message = render(ShiftReminder(night), "sv", scenario, STAMP)
    assert message.ics is not None
    (event,) = Calendar.from_ical(message.ics).events
    assert instant(event.start) == instant(night.start)
    assert instant(event.end) - instant(event.start) == dt.timedelta(hours=9)
    assert str(event["SUMMARY"]) == "Jourpass: MIELI Kriisipuhelin, A"
    assert event.DTSTAMP == STAMP
    assert "söndag 31.10.2027 kl. 00.00–08.00" in message.body


def test_a_shift_of_a_centre_the_network_no_longer_has_is_still_told(scenario: Scenario) -> None:
    """The message names it by id rather than failing, so the action that queued it stands."""
    gone = Occurrence(SHIFT.start, SHIFT.end, "closed-centre", "fax-line", 1, "standing")
    message = render(SwapOffered(gone), "fi", scenario, STAMP)
    assert "lauantai 16.1.2027 klo 16.00–22.00, fax-line, closed-centre" in message.body
    assert message.ics is not None
    (event,) = Calendar.from_ical(message.ics).events
    assert str(event["SUMMARY"]) == "Päivystysvuoro: fax-line, closed-centre"
    assert "LOCATION" not in event
