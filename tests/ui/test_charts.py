"""The plan page's charts read at a glance (issue 20): every centre named on the load chart, hour
ticks and a legend of whole responders on the heat maps, the DST nights found on real dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from rota.app.figures import CentreLoad
from rota.domain.calendar import parse_quarter
from rota.io.scenario_file import load_scenario
from tests.ui.test_ui_apptest import ROOT
from ui import charts

MIELI = ROOT / "fixtures" / "mieli" / "scenario.yaml"


def layer(spec: dict[str, Any], mark: str) -> dict[str, Any]:
    found = next(x for x in spec["layer"] if x["mark"] == mark or x["mark"].get("type") == mark)
    return found["encoding"]


def test_the_clock_changes_are_found_on_their_nights() -> None:
    assert charts.dst_changes(parse_quarter("2026Q4")) == [(dt.date(2026, 10, 25), True)]
    assert charts.dst_changes(parse_quarter("2027Q1")) == [(dt.date(2027, 3, 28), False)]
    assert charts.dst_changes(parse_quarter("2027Q2")) == []


def test_every_centre_of_the_network_is_named_on_the_load_chart() -> None:
    scenario = load_scenario(MIELI)
    loads = [CentreLoad(c.id, 40.0, 20.0, 60.0, 520.0) for c in scenario.centres]
    spec = charts.load_chart(loads, scenario).to_dict()
    axis = layer(spec, "bar")["y"]["axis"]
    assert axis["labelOverlap"] is False
    names = {row["centre"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert names == {c.name for c in scenario.centres} and len(names) == 21


def test_the_heat_map_ticks_hours_and_counts_whole_responders() -> None:
    frame = pd.DataFrame(
        [
            {"week": "04.01.", "week_order": 1, "hour": h, "hour_end": h + 1, "responders": n,
             "required": 1, "gap": n < 1, "when": "", "answered": "1,0"}
            for h, n in ((0, 0), (1, 1), (2, 2), (3, 3))
        ]
    )  # fmt: skip
    encoding = layer(charts.heat_chart(frame).to_dict(), "rect")
    assert encoding["color"]["type"] == "ordinal"
    assert encoding["color"]["scale"]["domain"] == [0, 1, 2, 3]
    assert encoding["x"]["axis"]["values"] == list(range(0, 168, 6))
    assert "% 24" in encoding["x"]["axis"]["labelExpr"]
