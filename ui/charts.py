"""Altair charts of a planned quarter: coverage heat maps, the quarter calendar, centre load.

Plain functions from domain results to data frames and charts; the pages only place them.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from rota.app.figures import CentreLoad, CoverageRow
from rota.domain.calendar import HELSINKI, Period
from rota.domain.scenario import Scenario
from ui.i18n import holiday_name, number, t, weekday

HOURS_A_WEEK = 168


def heat_frame(rows: list[CoverageRow], service: str, period: Period) -> pd.DataFrame:
    """One cell per week of the quarter and local hour of the week. On the autumn DST night an
    hour happens twice: the cell shows the thinner of the two."""
    monday = period.first - dt.timedelta(days=period.first.weekday())
    cells: dict[tuple[int, int], dict[str, object]] = {}
    for row in rows:
        if row.service != service or (row.required == 0 and row.responders == 0):
            continue  # closed and nobody on duty: no cell
        day = row.start.date()
        week = (day - monday).days // 7
        hour = day.weekday() * 24 + row.start.hour
        key = (week, hour)
        if key in cells and int(str(cells[key]["responders"])) <= row.responders:
            continue
        week_start = monday + dt.timedelta(weeks=week)
        cells[key] = {
            "week": f"{week_start:%d.%m.}",
            "week_order": week,
            "hour": hour,
            "hour_end": hour + 1,
            "responders": row.responders,
            "required": row.required,
            "gap": row.responders < row.required,
            "when": f"{weekday(day.weekday())} {day:%d.%m.%Y} {row.start:%H:%M}",
            "answered": number(row.expected_answered, 1),
        }
    return pd.DataFrame(list(cells.values()))


def heat_chart(frame: pd.DataFrame) -> alt.LayerChart:
    # A tick every six hours: the day's name at midnight, the hour of the day between.
    ticks = list(range(0, HOURS_A_WEEK, 6))
    names = " : ".join(f"datum.value == {h} ? '{weekday(h // 24)}'" for h in ticks if h % 24 == 0)
    x = alt.X(
        "hour:Q",
        scale=alt.Scale(domain=[0, HOURS_A_WEEK], nice=False),
        axis=alt.Axis(
            values=ticks,
            labelExpr=f"{names} : format(datum.value % 24, '02d')",
            title=None,
            grid=True,
        ),
    )
    y = alt.Y("week:O", sort=alt.SortField("week_order"), title=None)
    tooltip = [
        alt.Tooltip("when:N", title=t("when")),
        alt.Tooltip("responders:Q", title=t("responders")),
        alt.Tooltip("required:Q", title=t("required")),
        alt.Tooltip("answered:N", title=t("answered_hour")),
    ]
    # Whole responders, so the legend lists whole numbers, not a 0.0–1.0 gradient.
    counts = sorted({int(v) for v in frame["responders"]}) if not frame.empty else [0]
    cells = (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=x,
            x2="hour_end:Q",
            y=y,
            color=alt.Color(
                "responders:O",
                scale=alt.Scale(scheme="blues", domain=counts),
                title=t("responders"),
            ),
            tooltip=tooltip,
        )
    )
    gaps = (
        alt.Chart(frame)
        .transform_filter("datum.gap")
        .mark_rect(fill=None, stroke="#d62728", strokeWidth=2)
        .encode(x=x, x2="hour_end:Q", y=y, tooltip=tooltip)
    )
    return (cells + gaps).properties(height=alt.Step(22))


def dst_changes(period: Period) -> list[tuple[dt.date, bool]]:
    """The dates in `period` whose night changes the clocks, each with True when an hour repeats
    (autumn) and False when one is skipped (spring), for the heat maps' note."""
    out = []
    for day in period.dates():
        before = dt.datetime.combine(day, dt.time(12), HELSINKI).utcoffset()
        after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12), HELSINKI).utcoffset()
        if before != after:
            assert before is not None and after is not None
            out.append((day + dt.timedelta(days=1), after < before))
    return out


def calendar_frame(
    scenario: Scenario, period: Period, holidays: dict[dt.date, str]
) -> pd.DataFrame:
    """Every date of the quarter with its holiday and the centres closed on it."""
    monday = period.first - dt.timedelta(days=period.first.weekday())
    out = []
    for day in period.dates():
        closed = [c.name for c in scenario.centres if c.is_closed(day)]
        if day in holidays:
            kind = t("holiday")
        elif closed:
            kind = t("closures")
        elif day.weekday() >= 5:
            kind = t("weekend")
        else:
            kind = t("weekday")
        out.append(
            {
                "week": f"{monday + dt.timedelta(weeks=(day - monday).days // 7):%d.%m.}",
                "week_order": (day - monday).days // 7,
                "weekday": weekday(day.weekday()),
                "weekday_order": day.weekday(),
                "day": day.day,
                "date": f"{day:%d.%m.%Y}",
                "kind": kind,
                "holiday": holiday_name(day) if day in holidays else "",
                "closed": ", ".join(closed),
            }
        )
    return pd.DataFrame(out)


def calendar_chart(frame: pd.DataFrame) -> alt.LayerChart:
    kinds = [t("weekday"), t("weekend"), t("closures"), t("holiday")]
    x = alt.X(
        "weekday:O",
        sort=alt.SortField("weekday_order"),
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0),
    )
    y = alt.Y("week:O", sort=alt.SortField("week_order"), title=None)
    base = alt.Chart(frame).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("date:N", title=t("day")),
            alt.Tooltip("holiday:N", title=t("holiday")),
            alt.Tooltip("closed:N", title=t("closures")),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=kinds, range=["#f0f2f6", "#c6dbef", "#fdae6b", "#e6550d"]),
            title=None,
        )
    )
    return (cells + base.mark_text(fontSize=11).encode(text="day:Q")).properties(
        height=alt.Step(24), width=alt.Step(44)
    )


def load_chart(loads: list[CentreLoad], scenario: Scenario) -> alt.LayerChart:
    names = {c.id: c.name for c in scenario.centres}
    frame = pd.DataFrame(
        [
            {
                "centre": names.get(load.centre, load.centre),
                "hours": round(load.standing_weekly_hours, 1),
                "min": load.commitment_min,
                "max": load.commitment_max,
                "hours_text": number(load.standing_weekly_hours, 1),
                "quarter": number(load.quarter_hours, 1),
                "within": load.within_commitment,
            }
            for load in loads
        ]
    )
    # Every centre named: without these the axis drops every other label to avoid overlap.
    y = alt.Y("centre:N", sort=None, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=400))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("hours:Q", title=t("hours_week")),
            color=alt.condition("datum.within", alt.value("#4c78a8"), alt.value("#d62728")),
            tooltip=[
                alt.Tooltip("centre:N", title=t("centre")),
                alt.Tooltip("hours_text:N", title=t("hours_week")),
                alt.Tooltip("min:Q", title="min"),
                alt.Tooltip("max:Q", title="max"),
                alt.Tooltip("quarter:N", title=f"{t('quarter')} (h)"),
            ],
        )
    )
    rules = (
        alt.Chart(frame).mark_rule(color="black", strokeWidth=2).encode(y=y, x="min:Q", x2="max:Q")
    )
    return (bars + rules).properties(height=alt.Step(22))


def season_chart(frame: pd.DataFrame, first: dt.date, end: dt.date) -> alt.Chart:
    """One service's season: a bar per centre's closure, coloured by its state, and a red row
    of the spans the service would go uncovered with all of them."""
    states = [
        t("closure_status_pending"),
        t("closure_status_approved"),
        t("closure_status_network"),
        t("season_gap_row"),
    ]
    domain = [pd.Timestamp(first), pd.Timestamp(end)]
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2)
        .encode(
            x=alt.X(
                "from:T",
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(format="%d.%m.", title=None),
            ),
            x2="to:T",
            y=alt.Y("row:N", title=None, sort=alt.SortField("order")),
            color=alt.Color(
                "state:N",
                scale=alt.Scale(domain=states, range=["#fdae6b", "#3182bd", "#9ecae1", "#d62728"]),
                title=None,
            ),
            tooltip=[
                alt.Tooltip("row:N", title=t("centre")),
                alt.Tooltip("when:N", title=t("day")),
                alt.Tooltip("state:N", title=t("status")),
            ],
        )
        .properties(height=alt.Step(26))
    )
