"""Property: on random valid networks, the solver and the independent validator agree.

Whenever the solver says every hard rule is met, the validator finds no violation on the dated
occurrences; whenever the solver admits a shortfall, the validator finds one too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rota.app.planning import plan_quarter
from rota.domain.calendar import parse_quarter
from rota.domain.clock import WEEKDAYS
from tests.builders import FI_PHONE, SV_PHONE, centre, scenario


@st.composite
def windows(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return "always"
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    start = draw(st.integers(0, 16))
    length = draw(st.integers(4, 24 - start))
    end = "24:00" if start + length == 24 else f"{start + length:02d}:00"
    return [{"days": days, "start": f"{start:02d}:00", "end": end}]


@st.composite
def networks(draw: st.DrawFn) -> Any:
    count = draw(st.integers(2, 4))
    with_swedish = draw(st.booleans())
    centres = []
    for i in range(count):
        swedish = with_swedish and draw(st.booleans())
        services = ("fi-phone", "sv-phone") if swedish else ("fi-phone",)
        low = draw(st.integers(0, 20))
        closures = []
        if draw(st.integers(0, 3)) == 0:
            first = dt.date(2027, 1, 1) + dt.timedelta(days=draw(st.integers(0, 80)))
            last = first + dt.timedelta(days=draw(st.integers(0, 10)))
            closures = [{"start": first.isoformat(), "end": last.isoformat()}]
        centres.append(
            centre(
                f"c{i}",
                languages=("fi", "sv") if swedish else ("fi",),
                services=services,
                lines=draw(st.integers(1, 2)),
                hours=(low, low + draw(st.integers(8, 120))),
                availability=draw(windows()),
                open_on_holidays=draw(st.booleans()),
                closures=closures,
            )
        )
    group = [c["id"] for c in centres if draw(st.booleans())]
    services = [FI_PHONE, SV_PHONE] if with_swedish else [FI_PHONE]
    return scenario(centres, services=services, group=group)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from(["2027Q1", "2026Q4"]))
def test_solver_and_validator_agree(network: Any, quarter: str) -> None:
    outcome = plan_quarter(network, parse_quarter(quarter), time_limit=5)
    assert outcome.result.has_plan
    solver_ok = not outcome.result.shortfalls
    violations = outcome.validation.violations()
    if solver_ok:
        assert not violations, violations[:5]
    else:
        assert violations, outcome.result.shortfalls[:5]
    assert outcome.validation.checks["R1"].passed
    assert outcome.validation.checks["R6"].passed
