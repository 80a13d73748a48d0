"""Reading the calendar in force from the network's own spreadsheet (issue 17): one test per rule
of the reader, on the tiny network (north, south, west; fi-phone and sv-phone)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rota.domain.calendar import HELSINKI, instant
from rota.domain.errors import InputError
from rota.domain.plan import DatedDuty, StandingShift
from rota.io import calendar_file
from rota.io.calendar_file import read_calendar
from rota.io.scenario_file import load_scenario

TINY = load_scenario(Path(__file__).parents[1] / "fixtures" / "tiny.yaml")
MIELI = Path(__file__).parents[2] / "fixtures" / "mieli"
HEADER = "centre,service,weekday,start,end,responders,valid_from,valid_until"
DATED_HEADER = "centre,service,start,end,responders,kind"


def csv_file(folder: Path, *lines: str, name: str = "calendar.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
    return path


def standing(path: Path) -> list[StandingShift]:
    return read_calendar(path, None, TINY).standing


def problems(standing_path: Path, dated_path: Path | None = None) -> list[str]:
    with pytest.raises(InputError) as raised:
        read_calendar(standing_path, dated_path, TINY)
    return raised.value.problems


@pytest.mark.parametrize(
    ("name", "weekday"),
    [
        ("maanantai", 0),
        ("ma", 0),
        ("Ma.", 0),
        ("TIISTAI", 1),
        ("ke", 2),
        ("torstai", 3),
        ("pe", 4),
        ("Lauantai", 5),
        ("su", 6),
        ("monday", 0),
        ("Tue", 1),
        ("Wednesday", 2),
        ("thu", 3),
        ("FRIDAY", 4),
        ("sat", 5),
        ("Sunday", 6),
        ("måndag", 0),
        ("on", 2),
        ("fr", 4),
        ("lö", 5),
        ("Söndag", 6),
    ],
)
def test_weekdays_in_finnish_english_and_swedish(tmp_path: Path, name: str, weekday: int) -> None:
    path = csv_file(tmp_path, HEADER, f"north,fi-phone,{name},08:00,16:00,1,,")

    assert [s.weekday for s in standing(path)] == [weekday]


@pytest.mark.parametrize(
    ("start", "end", "minute", "minutes"),
    [
        ("16:00", "20:00", 960, 240),
        ("9:00", "13:00", 540, 240),
        ("16.00", "22.00", 960, 360),
        ("8.30", "12.30", 510, 240),
        ("16:00:00", "22:00:00", 960, 360),
        ("16.00", "24.00", 960, 480),
        ("20.00", "24:00", 1200, 240),
        ("22.00", "6.00", 1320, 480),  # crosses midnight
        ("0.00", "0.00", 0, 1440),  # the whole day; R1 is the validator's to judge
    ],
)
def test_times_in_colon_and_finnish_dot_notation(
    tmp_path: Path, start: str, end: str, minute: int, minutes: int
) -> None:
    path = csv_file(tmp_path, HEADER, f"north,fi-phone,ma,{start},{end},1,,")

    (shift,) = standing(path)

    assert (shift.start, shift.minutes) == (minute, minutes)


def test_semicolons_with_the_bom_read_as_commas_without(tmp_path: Path) -> None:
    rows = ["north,fi-phone,ma,16.00,22.00,2,1.10.2026,", "south,sv-phone,mon,16:00,20:00,,,"]
    commas = csv_file(tmp_path, HEADER, *rows, name="commas.csv")
    finnish = csv_file(
        tmp_path, *(r.replace(",", ";") for r in [HEADER, *rows]), name="fi.csv", bom=True
    )

    assert (
        standing(finnish)
        == standing(commas)
        == [
            StandingShift("north", "fi-phone", 0, 960, 360, 2, dt.date(2026, 10, 1)),
            StandingShift("south", "sv-phone", 0, 960, 240, 1),
        ]
    )


def test_empty_responders_mean_one_and_dates_are_iso_or_finnish(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "north,fi-phone,ma,8.00,16.00,,2026-10-01,31.3.2027")

    (shift,) = standing(path)

    assert shift.responders == 1
    assert (shift.valid_from, shift.valid_until) == (dt.date(2026, 10, 1), dt.date(2027, 3, 31))


def test_columns_in_any_order_and_case_and_optional_ones_left_out(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "Weekday,Start,End,Centre,Service", "ti,9.00,13.00,west,fi-phone")

    assert standing(path) == [StandingShift("west", "fi-phone", 1, 540, 240)]


def test_every_problem_at_once_with_row_and_column(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        HEADER.replace(",", ";"),
        "north;fi-phone;maanantia;16.00;22.00;1;;",
        "",  # a blank row is skipped but still counted, as a spreadsheet numbers it
        "east;fax;ti;25.00;16.61;0;2026-02-30;",
        "south;fi-phone;ke;8.00;16.00;x;1.10.2026;1.9.2026",
        "south;fi-phone;to;24.00;8.00;1;;",
        "west;fi-phone;pe;8.00;16.00;1;1.1.1999;",
    )

    assert problems(path) == [
        f"{path}: row 2, column weekday: 'maanantia' is not a weekday; "
        "write maanantai…sunnuntai, ma…su, monday…sunday or mon…sun",
        f"{path}: row 4, column centre: unknown centre 'east'; use one of: north, south, west",
        f"{path}: row 4, column service: unknown service 'fax'; use one of: fi-phone, sv-phone",
        f"{path}: row 4, column start: '25:00' is not a time of day; use 00:00…23:59 or 24:00",
        f"{path}: row 4, column end: '16:61' is not a time of day; use 00:00…23:59 or 24:00",
        f"{path}: row 4, column responders: '0' is not a whole number from 1 to 50; write "
        "the number of responders, or leave it empty for 1",
        f"{path}: row 4, column valid_from: '2026-02-30' is no such date; check the day and month",
        f"{path}: row 5, column responders: 'x' is not a whole number from 1 to 50; write the "
        "number of responders, or leave it empty for 1",
        f"{path}: row 5, column valid_until: 2026-09-01 is before valid_from 2026-10-01; a "
        "shift ends after it starts to be valid",
        f"{path}: row 6, column start: 24:00 ends a day; a shift starting at midnight starts "
        "at 00:00",
        f"{path}: row 7, column valid_from: 1999-01-01 is not in the years 2000–2199 a plan covers",
    ]


def test_header_problems_name_each_column(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "centre,service,day,start,start,responders", "north,fi-phone")

    assert problems(path) == [
        f"{path}: row 1, column day: unknown column; rename it to one of centre, service, "
        "weekday, start, end, responders, valid_from, valid_until or delete it",
        f"{path}: row 1: column weekday is missing; add it to the header",
        f"{path}: row 1: column end is missing; add it to the header",
        f"{path}: row 1, column start: named twice; keep one",
    ]


def test_the_same_shift_twice_is_refused(tmp_path: Path) -> None:
    """Pasted twice, or written twice with other responders: either way the responders would
    add up unseen. The same hours with another validity are two versions of a shift."""
    path = csv_file(
        tmp_path,
        HEADER,
        "north,fi-phone,ma,8.00,16.00,,,",
        "north,fi-phone,maanantai,8:00,16:00,2,,",
        "north,fi-phone,ma,8.00,16.00,1,1.2.2027,",
    )

    assert problems(path) == [
        f"{path}: row 3: the same shift as row 2 (north fi-phone mon 08:00–16:00 ×2); delete "
        "one, or write the responders of both in one row"
    ]


def test_cells_beyond_the_header_are_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "north,fi-phone,ma,8.00,16.00,1,,,note")

    assert problems(path) == [
        f"{path}: row 2: 1 cell(s) beyond the named columns; clear them or name their column in "
        "the header"
    ]


def test_files_that_are_no_calendar(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\nnorth,fi-phone,lördag,8.00,16.00,1,,\n".encode("latin-1"))
    old_excel = csv_file(tmp_path, HEADER, name="calendar.xls")
    empty = csv_file(tmp_path, "", name="empty.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")

    assert problems(latin) == [
        f"{latin}: not UTF-8 text (byte 83); save it as CSV UTF-8 or as .xlsx"
    ]
    assert problems(old_excel) == [
        f"{old_excel}: not a calendar file; save it as .csv (UTF-8) or .xlsx"
    ]
    assert problems(empty) == [f"{empty}: the file is empty; write the header row ({HEADER})"]
    assert problems(fake) == [f"{fake}: not an Excel workbook; save it as .xlsx or as .csv"]
    assert problems(tmp_path / "nope.csv") == [
        f"{tmp_path / 'nope.csv'}: file not found; check the path"
    ]


def test_input_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_file, "MAX_FILE_BYTES", 1_000)
    monkeypatch.setattr(calendar_file, "MAX_ROWS", 3)
    monkeypatch.setattr(calendar_file, "MAX_UNPACKED_BYTES", 10_000)
    big = csv_file(tmp_path, HEADER, *["north,fi-phone,ma,8.00,16.00,1,,"] * 40, name="big.csv")
    long = csv_file(tmp_path, HEADER, *["north,fi-phone,ma,8.00,16.00,1,,"] * 4, name="long.csv")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", " " * 20_000)

    assert problems(big) == [
        f"{big}: is larger than 1,000 bytes, more than any calendar needs; check the file"
    ]
    assert problems(long) == [
        f"{long}: 4 rows are more than any network's calendar (3); remove the rows that are no "
        "shifts"
    ]
    assert problems(bomb) == [
        f"{bomb}: the workbook unpacks to 20,000 bytes, more than the 10,000 any calendar needs; "
        "keep only the calendar in the first sheet"
    ]


# --- Excel --------------------------------------------------------------------------------------


def workbook(path: Path, rows: list[list[Any]], formats: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def test_excel_cells_as_excel_types_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "calendar.xlsx",
        [
            HEADER.split(","),
            ["north", "fi-phone", "Maanantai", dt.time(16), 1.0, 2, dt.datetime(2026, 10, 1)],
            [None] * 8,
            ["south", "sv-phone", "ma", "16.00", "20.00", None, dt.date(2026, 10, 1), None],
            ["west", "fi-phone", "la", 22, dt.time(6), 1.0, None, "31.3.2027"],
        ],
        # Excel's 24:00 is the serial 1.0 shown as a time; openpyxl reads it as 1900-01-01 00:00.
        {"E2": "hh:mm"},
    )

    assert standing(path) == [
        StandingShift("north", "fi-phone", 0, 960, 480, 2, dt.date(2026, 10, 1)),
        StandingShift("south", "sv-phone", 0, 960, 240, 1, dt.date(2026, 10, 1)),
        StandingShift("west", "fi-phone", 5, 1320, 480, 1, None, dt.date(2027, 3, 31)),
    ]


def test_excel_problems_count_rows_as_the_sheet_shows_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "calendar.xlsx",
        [
            HEADER.split(","),
            [None] * 8,
            ["north", "fi-phone", "ma", 16.3, dt.time(20, 0, 30), 1.5, None, None],
            # Serials a day or more, shown as times: 24:00 may only end a shift, 36:00 nothing.
            ["north", "fi-phone", "ti", 1.0, 1.5, 1, None, None],
        ],
        {"D4": "hh:mm", "E4": "hh:mm"},
    )

    assert problems(path) == [
        f"{path}: row 3, column start: the number 16.3 is not a time; format the column as time "
        "or text and write HH:MM or H.MM, e.g. 16:30 or 16.30",
        f"{path}: row 3, column end: the time cell 20:00:30 is not a time of day 00:00…24:00 in "
        "whole minutes; write HH:MM",
        f"{path}: row 3, column responders: '1.5' is not a whole number from 1 to 50; write "
        "the number of responders, or leave it empty for 1",
        f"{path}: row 4, column start: 24:00 ends a day; a shift starting at midnight starts "
        "at 00:00",
        f"{path}: row 4, column end: the time cell 1 day, 12:00:00 is not a time of day "
        "00:00…24:00 in whole minutes; write HH:MM",
    ]


def test_excel_dated_duties_are_helsinki_wall_clock(tmp_path: Path) -> None:
    dated = workbook(
        tmp_path / "dated.xlsx",
        [
            DATED_HEADER.split(","),
            [
                "north",
                "fi-phone",
                dt.datetime(2026, 12, 24, 16),
                dt.datetime(2026, 12, 25),
                1,
                "holiday-duty",
            ],
        ],
    )
    path = csv_file(tmp_path, HEADER, "north,fi-phone,ma,8.00,16.00,1,,")

    (duty,) = read_calendar(path, dated, TINY).dated

    assert duty.start == dt.datetime(2026, 12, 24, 16, tzinfo=HELSINKI)
    assert instant(duty.end) - instant(duty.start) == dt.timedelta(hours=8)


# --- dated duties -------------------------------------------------------------------------------


def test_dated_duties_local_finnish_and_iso_with_offset(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "north,fi-phone,ma,8.00,16.00,1,,")
    dated = csv_file(
        tmp_path,
        DATED_HEADER.replace(",", ";"),
        "south;fi-phone;24.12.2026 16.00;24.12.2026 24.00;;holiday-duty",
        "west;fi-phone;2026-12-31T16:00:00+02:00;2027-01-01T00:00:00+02:00;2;substitute",
        "north;fi-phone;2026-11-07 10:00;2026-11-07 14:00;1;Extra",
        name="dated.csv",
    )

    duties = read_calendar(path, dated, TINY).dated

    # Kept as Helsinki wall time whatever offset was written, as the rest of the calendar is.
    assert {d.start.tzinfo for d in duties} == {d.end.tzinfo for d in duties} == {HELSINKI}
    assert duties == [
        DatedDuty(
            dt.datetime(2026, 11, 7, 10, tzinfo=HELSINKI),
            dt.datetime(2026, 11, 7, 14, tzinfo=HELSINKI),
            "north",
            "fi-phone",
            1,
            "extra",
        ),
        DatedDuty(
            dt.datetime(2026, 12, 24, 16, tzinfo=HELSINKI),
            dt.datetime(2026, 12, 25, 0, tzinfo=HELSINKI),
            "south",
            "fi-phone",
            1,
            "holiday-duty",
        ),
        DatedDuty(
            dt.datetime(2026, 12, 31, 16, tzinfo=HELSINKI),
            dt.datetime(2027, 1, 1, 0, tzinfo=HELSINKI),
            "west",
            "fi-phone",
            2,
            "substitute",
        ),
    ]


def test_a_dated_duty_over_the_autumn_dst_change_keeps_its_wall_clock(tmp_path: Path) -> None:
    """On 2026-10-25 Helsinki clocks go back at 04:00: 00:00–08:00 local lasts nine real hours,
    and a local 03:30 is the first of the two (summer time, +03:00)."""
    path = csv_file(tmp_path, HEADER, "north,fi-phone,ma,8.00,16.00,1,,")
    dated = csv_file(
        tmp_path,
        DATED_HEADER,
        "north,fi-phone,25.10.2026 0.00,25.10.2026 8.00,1,substitute",
        "south,fi-phone,2026-10-25 03:30,2026-10-25 08:00,1,extra",
        name="dated.csv",
    )

    night, early = read_calendar(path, dated, TINY).dated

    assert (night.start.hour, night.end.hour) == (0, 8)
    assert instant(night.end) - instant(night.start) == dt.timedelta(hours=9)
    assert early.start.utcoffset() == dt.timedelta(hours=3)
    assert instant(early.end) - instant(early.start) == dt.timedelta(hours=5, minutes=30)


def test_dated_problems_with_both_files_at_once(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "north,fi-phone,maan,8.00,16.00,1,,")
    dated = csv_file(
        tmp_path,
        DATED_HEADER,
        "north,fi-phone,2026-12-24 16:00,2026-12-24 12:00,1,holiday-duty",
        "north,fi-phone,2026-12-24,2026-12-24T20:00:00,1,standing",
        "atlantis,fi-phone,24.12.2026 16.00,25.12.2026 20.00,1,extra",
        name="dated.csv",
    )

    assert problems(path, dated) == [
        f"{path}: row 2, column weekday: 'maan' is not a weekday; write maanantai…sunnuntai, "
        "ma…su, monday…sunday or mon…sun",
        f"{dated}: row 2, column end: 2026-12-24T12:00:00+02:00 is not after the start "
        "2026-12-24T16:00:00+02:00 within a day; a dated duty ends after it starts and lasts at "
        "most 24 hours",
        f"{dated}: row 3, column start: '2026-12-24' is not a date and time; write local time "
        "2026-12-24 16:00 or 24.12.2026 16.00, or ISO with the offset 2026-12-24T16:00:00+02:00",
        f"{dated}: row 3, column kind: 'standing' is not a kind of dated duty; write one of "
        "holiday-duty, substitute, extra",
        f"{dated}: row 4, column centre: unknown centre 'atlantis'; use one of: north, south, west",
        f"{dated}: row 4, column end: 2026-12-25T20:00:00+02:00 is not after the start "
        "2026-12-24T16:00:00+02:00 within a day; a dated duty ends after it starts and lasts at "
        "most 24 hours",
    ]


# --- the sample ---------------------------------------------------------------------------------


def test_the_sample_reads_in_the_networks_own_spreadsheet_style() -> None:
    sample = MIELI / "calendar-in-force.csv"
    raw = sample.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8" BOM
    assert b";maanantai;" in raw and b";16.00;" in raw and b";24.00;" in raw

    shifts = read_calendar(sample, None, load_scenario(MIELI / "scenario.yaml")).standing

    assert len(shifts) == 120
    assert {s.weekday for s in shifts} == set(range(7))
    assert len({s.centre for s in shifts}) == 21
