"""Reading a scenario file (SPEC §6): one test per validation error.

Each bad case starts from the valid `fixtures/tiny.yaml`, breaks one thing, and checks that the
loader reports exactly one line: the file, the exact path inside it, what is wrong and how to fix
it. Exactly one line also guards against knock-on reports from a single mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from rota.domain.errors import InputError
from rota.io.scenario_file import load_scenario

TESTS = Path(__file__).parents[1]
TINY = TESTS / "fixtures" / "tiny.yaml"
MIELI = TESTS.parent / "fixtures" / "mieli" / "scenario.yaml"

Raw = dict[str, Any]


def tiny() -> Raw:
    raw: Raw = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    return raw


def write(folder: Path, raw: object) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return caught.value.problems


# --- one bad value, one line -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One broken tiny.yaml: what to change, where the loader must point, what it must say."""

    id: str
    change: Callable[[Raw], object]
    path: str
    says: tuple[str, ...]


def setting(*keys: str | int, value: object) -> Callable[[Raw], object]:
    def change(raw: Raw) -> None:
        node: Any = raw
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def removing(*keys: str | int) -> Callable[[Raw], object]:
    def change(raw: Raw) -> None:
        node: Any = raw
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


def both(*changes: Callable[[Raw], object]) -> Callable[[Raw], object]:
    def change(raw: Raw) -> None:
        for step in changes:
            step(raw)

    return change


def sv_start(value: str) -> Callable[[Raw], object]:
    return setting("services", 1, "hours", 0, "start", value=value)


# In tiny.yaml: services[0] fi-phone (always), services[1] sv-phone (Mon 16-20);
# centres[0] north (fi), centres[1] south (fi, sv; offers sv-phone), centres[2] west (fi);
# holiday_duty_group [north, south].
CASES = [
    Case(
        "unknown-top-level-key",
        setting("colour", value="blue"),
        "colour",
        ("unknown key", "remove it or fix its spelling", "allowed here: name, timezone,"),
    ),
    Case(
        "unknown-nested-key-in-centre",
        setting("centres", 1, "weekly_hourz", value={"min": 1, "max": 2}),
        "centres[1].weekly_hourz",
        ("unknown key", "allowed here: id, name, cities, languages, services, lines, weekly_hours"),
    ),
    Case(
        "unknown-nested-key-in-window",
        setting("services", 1, "hours", 0, "stat", value="16:00"),
        "services[1].hours[0].stat",
        ("unknown key", "allowed here: days, start, end"),
    ),
    Case(
        "unknown-nested-key-in-rules",
        setting("rules", "min_shift", value=4),
        "rules.min_shift",
        ("unknown key", "allowed here: min_shift_hours, max_shift_hours"),
    ),
    Case(
        "missing-required-key",
        removing("centres", 0, "weekly_hours"),
        "centres[0].weekly_hours",
        ("required key is missing", "add it"),
    ),
    Case(
        "missing-scenario-name",
        removing("name"),
        "name",
        ("required key is missing", "add it"),
    ),
    Case(
        "unknown-service-in-centre-services",
        setting("centres", 0, "services", value=["fi-phone", "fi-chat"]),
        "centres[0].services[1]",
        ("unknown service 'fi-chat'", "use one of: fi-phone, sv-phone"),
    ),
    Case(
        "unknown-service-in-lines",
        setting("centres", 0, "lines", value={"fi-phone": 1, "fi-chat": 1}),
        "centres[0].lines.fi-chat",
        ("unknown service 'fi-chat'", "use one of: fi-phone, sv-phone"),
    ),
    Case(
        "lines-for-service-not-offered",
        setting("centres", 0, "lines", value={"fi-phone": 1, "sv-phone": 1}),
        "centres[0].lines.sv-phone",
        ("does not offer 'sv-phone'", "add it to services or remove this line count"),
    ),
    Case(
        "missing-line-count-for-offered-service",
        setting("centres", 1, "lines", value={"fi-phone": 1}),
        "centres[1].lines",
        ("no line count for 'sv-phone'", "add 'sv-phone: N'"),
    ),
    Case(
        "service-language-not-spoken-by-centre",
        setting("centres", 1, "languages", value=["fi"]),
        "centres[1].services[1]",
        ("'sv-phone' is in sv", "add the language or drop the service"),
    ),
    Case(
        "duplicate-centre-id",
        setting("centres", 2, "id", value="north"),
        "centres[2].id",
        ("'north' is used twice (also centres[0])", "give each a unique id"),
    ),
    Case(
        # The second fi-phone is Swedish-speaking; only the duplicate may be reported, not that
        # the Finnish-only centres now "offer a Swedish service".
        "duplicate-service-id",
        both(
            setting("services", 1, "id", value="fi-phone"),
            setting("centres", 1, "services", value=["fi-phone"]),
            setting("centres", 1, "lines", value={"fi-phone": 1}),
        ),
        "services[1].id",
        ("'fi-phone' is used twice (also services[0])", "give each a unique id"),
    ),
    Case(
        "holiday-duty-group-names-unknown-centre",
        setting("rules", "holiday_duty_group", value=["north", "east"]),
        "rules.holiday_duty_group[1]",
        ("unknown centre 'east'", "use one of: north, south, west"),
    ),
    Case(
        "finnish-line-names-unknown-service",
        setting("rules", "finnish_line", value="fi-chat"),
        "rules.finnish_line",
        ("unknown service 'fi-chat'", "use one of: fi-phone, sv-phone"),
    ),
    Case(
        "window-of-zero-length",
        setting("services", 1, "hours", 0, "end", value="16:00"),
        "services[1].hours[0]",
        ("start and end are equal", "needs a length"),
    ),
    Case(
        "evening-of-zero-length",
        setting("rules", "evening", value={"start": "16:00", "end": "16:00"}),
        "rules.evening",
        ("start and end are equal", "needs a length"),
    ),
    Case(
        "window-starting-at-24",
        sv_start("24:00"),
        "services[1].hours[0]",
        ("start 24:00 is not a start", "write 00:00 on the next day"),
    ),
    Case(
        "time-hour-25",
        sv_start("25:00"),
        "services[1].hours[0].start",
        ("'25:00' is not a time of day", "use 00:00…23:59 or 24:00"),
    ),
    Case(
        "time-minute-60",
        sv_start("16:60"),
        "services[1].hours[0].start",
        ("'16:60' is not a time of day", "use 00:00…23:59 or 24:00"),
    ),
    Case(
        "time-in-words",
        sv_start("noon"),
        "services[1].hours[0].start",
        ("'noon' is not a time", "write HH:MM"),
    ),
    Case(
        "time-as-number",
        setting("services", 1, "hours", 0, "start", value=960),
        "services[1].hours[0].start",
        ("write the time as a quoted string", '"16:00"'),
    ),
    Case(
        "time-off-the-slot-grid",
        sv_start("16:30"),
        "services[1].hours[0].start",
        ("16:30 is not on the 60-minute grid", "round it to a multiple of 60 minutes"),
    ),
    Case(
        "shift-length-off-the-slot-grid",
        setting("rules", "min_shift_hours", value=4.5),
        "rules.min_shift_hours",
        ("4.5 h is not a whole number of 60-minute slots", "round it"),
    ),
    Case(
        # 45 is not allowed; the times must not also be reported as off a 45-minute grid.
        "slot-minutes-not-allowed",
        setting("slot_minutes", value=45),
        "slot_minutes",
        ("15, 20, 30 or 60", "got 45"),
    ),
    Case(
        "negative-lines",
        setting("centres", 0, "lines", "fi-phone", value=-1),
        "centres[0].lines.fi-phone",
        ("greater than or equal to 0", "got -1"),
    ),
    Case(
        "negative-weekly-hours-min",
        setting("centres", 0, "weekly_hours", "min", value=-5),
        "centres[0].weekly_hours.min",
        ("greater than or equal to 0", "got -5"),
    ),
    Case(
        "negative-min-responders",
        setting("services", 0, "min_responders", value=-1),
        "services[0].min_responders",
        ("greater than or equal to 0", "got -1"),
    ),
    Case(
        "weekly-hours-min-above-max",
        setting("centres", 0, "weekly_hours", value={"min": 90, "max": 80}),
        "centres[0].weekly_hours",
        ("min 90.0 is above max 80.0", "swap them"),
    ),
    Case(
        "min-shift-above-max-shift",
        setting("rules", "min_shift_hours", value=9),
        "rules",
        ("min_shift_hours 9.0 is above max_shift_hours 8.0", "swap them"),
    ),
    Case(
        "closure-ends-before-it-starts",
        setting("centres", 0, "closures", value=[{"start": "2027-02-10", "end": "2027-02-01"}]),
        "centres[0].closures[0]",
        ("end 2027-02-01 is before start 2027-02-10", "swap them"),
    ),
    Case(
        "closure-date-does-not-exist",
        setting("centres", 0, "closures", value=[{"start": "2027-02-30", "end": "2027-03-01"}]),
        "centres[0].closures[0].start",
        ("'2027-02-30' is not a date", "write YYYY-MM-DD"),
    ),
    Case(
        "holiday-date-in-words",
        setting("holidays", "extra", value=["tomorrow"]),
        "holidays.extra[0]",
        ("'tomorrow' is not a date", "write YYYY-MM-DD"),
    ),
    Case(
        "holiday-date-with-a-time",
        setting("holidays", "extra", value=["2027-01-01 10:00"]),
        "holidays.extra[0]",
        ("'2027-01-01 10:00' is not a date", "write YYYY-MM-DD"),
    ),
    Case(
        "uppercase-id",
        setting("centres", 2, "id", value="West"),
        "centres[2].id",
        ("'West' is not a valid id", "use lowercase letters, digits and '-'"),
    ),
    Case(
        "channel-not-allowed",
        setting("services", 0, "channel", value="fax"),
        "services[0].channel",
        ("'phone' or 'chat'", "got 'fax'"),
    ),
    Case(
        # Only the bad language is reported, not that centres "do not speak" it.
        "service-language-not-allowed",
        setting("services", 1, "language", value="de"),
        "services[1].language",
        ("'fi', 'sv' or 'en'", "got 'de'"),
    ),
    Case(
        "centre-language-not-allowed",
        setting("centres", 0, "languages", value=["fi", "de"]),
        "centres[0].languages[1]",
        ("'fi', 'sv' or 'en'", "got 'de'"),
    ),
    Case(
        "weekday-not-allowed",
        setting("services", 1, "hours", 0, "days", value=["monday"]),
        "services[1].hours[0].days[0]",
        ("'mon', 'tue',", "got 'monday'"),
    ),
    Case(
        "opening-hours-neither-always-nor-windows",
        setting("services", 1, "hours", value="sometimes"),
        "services[1].hours",
        ("'sometimes' is not an opening time", "write 'always' or a list of windows"),
    ),
    Case(
        "window-not-a-mapping",
        setting("services", 1, "hours", value=["mon 16-20"]),
        "services[1].hours[0]",
        ("expected a mapping", "days, start, end"),
    ),
    Case(
        "weekly-hours-left-empty",
        setting("centres", 0, "weekly_hours", value=None),
        "centres[0].weekly_hours",
        ("expected a mapping", "min, max"),
    ),
    Case(
        # Without a readable service list, references to services cannot be judged.
        "services-not-a-list",
        setting("services", value="fi-phone"),
        "services",
        ("valid list",),
    ),
    Case(
        "centre-services-not-a-list",
        setting("centres", 0, "services", value="fi-phone"),
        "centres[0].services",
        ("valid list",),
    ),
    Case(
        # One line for the missing folder, not one per file that is then missing too.
        "baseline-folder-does-not-exist",
        setting("baseline", value="previous-plan"),
        "baseline",
        ("does not exist", "point baseline at the output directory of a previous 'rota plan'"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_value_is_reported_once_with_path_and_fix(case: Case, tmp_path: Path) -> None:
    raw = tiny()
    case.change(raw)
    path = write(tmp_path, raw)

    problems = problems_of(path)

    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: {case.path}: "), problems[0]
    for words in case.says:
        assert words in problems[0]


def test_case_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


# --- YAML and file problems --------------------------------------------------------------------


def test_yaml_syntax_error_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\nservices:\n  - id: a\n   name: b\n", encoding="utf-8")

    assert problems_of(path) == [
        f"{path}: line 4, column 4: YAML syntax error: expected <block end>, but found "
        "'<block mapping start>'; fix the indentation or quoting"
    ]


def test_file_not_found(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"

    assert problems_of(path) == [f"{path}: file not found; check the path"]


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes(b"name: \xff\xfe\n")

    (problem,) = problems_of(path)

    assert problem.startswith(f"{path}: cannot be read")
    assert problem.endswith("save it as UTF-8 text")


@pytest.mark.parametrize(
    "text", ["- a\n- b\n", "just words\n", ""], ids=["list", "scalar", "empty-file"]
)
def test_top_level_not_a_mapping(text: str, tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")

    assert problems_of(path) == [
        f"{path}: (top level): expected a mapping of keys (name, services, centres…)"
    ]


# --- several problems at once ------------------------------------------------------------------


def test_every_problem_is_reported_at_once_one_line_each(tmp_path: Path) -> None:
    raw = tiny()
    raw["colour"] = "blue"
    raw["centres"][2]["id"] = "West"
    raw["centres"][0]["lines"]["fi-phone"] = -2
    raw["services"][1]["hours"][0]["end"] = "25:00"
    raw["rules"]["holiday_duty_group"] = ["north", "east"]
    path = write(tmp_path, raw)

    with pytest.raises(InputError) as caught:
        load_scenario(path)
    problems = caught.value.problems

    paths = sorted(p.removeprefix(f"{path}: ").split(": ")[0] for p in problems)
    assert paths == [
        "centres[0].lines.fi-phone",
        "centres[2].id",
        "colour",
        "rules.holiday_duty_group[1]",
        "services[1].hours[0].end",
    ]
    assert all(p.startswith(f"{path}: ") and "\n" not in p for p in problems)
    assert str(caught.value) == "\n".join(problems)


# --- valid files -------------------------------------------------------------------------------


def test_tiny_fixture_loads() -> None:
    scenario = load_scenario(TINY)

    assert [c.id for c in scenario.centres] == ["north", "south", "west"]
    assert scenario.rules.holiday_duty_group == ["north", "south"]
    assert scenario.service("fi-phone").always_open
    sv = scenario.service("sv-phone")
    assert not sv.always_open
    assert [(w.days, w.start, w.end) for w in sv.hours] == [(["mon"], 16 * 60, 20 * 60)]
    assert [c.id for c in scenario.centres if scenario.can_staff(c, sv)] == ["south"]


def test_unquoted_times_stay_strings(tmp_path: Path) -> None:
    # YAML 1.1 reads an unquoted 16:00 as the base-60 integer 960; the loader keeps it "16:00".
    text = TINY.read_text(encoding="utf-8")
    quoted = 'start: "16:00", end: "20:00"'
    assert quoted in text
    path = tmp_path / "scenario.yaml"
    path.write_text(text.replace(quoted, "start: 16:00, end: 20:00"), encoding="utf-8")

    scenario = load_scenario(path)

    window = scenario.service("sv-phone").hours[0]
    assert (window.start, window.end) == (16 * 60, 20 * 60)
    assert scenario == load_scenario(TINY)


def test_existing_baseline_folder_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "previous-plan"
    folder.mkdir()
    (folder / "standing.csv").write_text("", encoding="utf-8")
    (folder / "shifts.csv").write_text("", encoding="utf-8")
    raw = tiny()
    raw["baseline"] = "previous-plan"

    assert load_scenario(write(tmp_path, raw)).baseline == "previous-plan"


def test_mieli_fixture_loads() -> None:
    scenario = load_scenario(MIELI)

    assert len(scenario.centres) >= 20
    assert scenario.service(scenario.rules.finnish_line).always_open
