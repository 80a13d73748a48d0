"""The scenario file as text (rota.io.scenario_file): a closure written in where a person would
write it, and the values marked `# ASSUMPTION` found with the centre or service they belong to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from rota.io.scenario_file import load_scenario, marked_assumptions, with_closure

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "mieli" / "scenario.yaml"
SUMMER = (dt.date(2027, 7, 1), dt.date(2027, 7, 14))


def test_a_closure_is_added_to_any_centre_keeping_every_comment(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if "#" in line]
    for centre in (c["id"] for c in yaml.safe_load(text)["centres"]):
        edited = with_closure(text, centre, *SUMMER, 'Kesäloma "A"')
        assert [line for line in edited.splitlines() if "#" in line] == comments
        path = tmp_path / "scenario.yaml"
        path.write_text(edited, encoding="utf-8")
        closures = load_scenario(path).centre(centre).closures
        assert (closures[-1].start, closures[-1].end, closures[-1].reason) == (
            *SUMMER,
            'Kesäloma "A"',
        )


def test_a_file_without_room_for_the_line_is_written_anew_with_the_same_values() -> None:
    text = "name: n\ncentres: [{id: a, name: A, closures: []}]\n"
    edited = with_closure(text, "a", *SUMMER, "x")
    data = yaml.safe_load(edited)
    assert data["centres"][0]["closures"] == [{"start": SUMMER[0], "end": SUMMER[1], "reason": "x"}]


def test_assumed_values_are_found_with_their_owner() -> None:
    found = {m.key: m for m in marked_assumptions(FIXTURE.read_text(encoding="utf-8"))}
    helsinki = found["helsinki.weekly_hours"]
    assert (helsinki.owner, helsinki.field, helsinki.value) == (
        "helsinki",
        "weekly_hours",
        "{min: 20, max: 90}",
    )
    assert found["fi-phone.demand.handle_minutes"].note == "(calibrated: ~111,000 answered a year)"
    # Prose comments that mention the word are not values.
    assert not [k for k in found if k.startswith("rules.")]
