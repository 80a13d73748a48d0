"""The Erlang-A queue model and demand profiles (SPEC §5)."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rota.domain.demand import (
    DemandProfile,
    _concave_increments,
    answered_curve,
    erlang_a,
    erlang_b,
    erlang_c,
    flat_marginal_values,
    marginal_answered,
)
from rota.domain.scenario import Demand

# --- closed forms ---------------------------------------------------------------------------


def test_mm1_erlang_c_waits_with_probability_rho() -> None:
    # λ = 3/h, handle 10 min → μ = 6/h, ρ = 0.5. M/M/1: P(wait) = ρ = 0.5,
    # Wq = ρ / (μ − λ) = 0.5 / 3 h = 10 min.
    stats = erlang_c(3, 10, 1)
    assert stats.p_wait == pytest.approx(0.5)
    assert stats.mean_wait_minutes == pytest.approx(10.0)
    assert stats.answered == pytest.approx(3.0)
    assert stats.abandoned == 0.0


def test_mm1m_with_patience_equal_to_handle_time_is_poisson() -> None:
    # With θ = μ every state k ≥ 1 empties at rate k·μ (one in service at μ, k − 1 queued
    # abandoning at θ = μ), exactly as M/M/∞, so N ~ Poisson(a), a = λ/μ.
    # λ = 6/h, handle = patience = 10 min → μ = θ = 6/h, a = 1:
    #   P(wait)   = P(N ≥ 1)           = 1 − e⁻¹        ≈ 0.6321
    #   E[queue]  = E[(N − 1)⁺] = a − 1 + e⁻¹ = e⁻¹       ≈ 0.3679
    #   abandoned = θ·E[queue]         = 6·e⁻¹          ≈ 2.207 per hour
    #   answered  = μ·P(N ≥ 1)         = 6·(1 − e⁻¹)    ≈ 3.793 per hour
    #   wait      = E[queue]/λ         = e⁻¹/6 h        ≈ 3.679 min
    stats = erlang_a(6, 10, 10, 1)
    e = math.exp(-1)
    assert stats.p_wait == pytest.approx(1 - e, rel=1e-12)
    assert stats.abandoned == pytest.approx(6 * e, rel=1e-12)
    assert stats.answered == pytest.approx(6 * (1 - e), rel=1e-12)
    assert stats.mean_wait_minutes == pytest.approx(60 * e / 6, rel=1e-12)


@pytest.mark.parametrize("servers", [2, 5, 20])
def test_patience_equal_to_handle_time_is_poisson_for_any_n(servers: int) -> None:
    # Same argument as above with n responders: N ~ Poisson(a) with a = 3.
    rate, a = 18.0, 3.0
    poisson = [math.exp(-a)]
    for k in range(1, 100):
        poisson.append(poisson[-1] * a / k)
    p_wait = sum(poisson[servers:])
    queue = sum((k - servers) * p for k, p in enumerate(poisson) if k > servers)
    stats = erlang_a(rate, 10, 10, servers)
    assert stats.p_wait == pytest.approx(p_wait, rel=1e-10)
    assert stats.abandoned == pytest.approx(6 * queue, rel=1e-10)


def _erlang_c_exact(load: Fraction, servers: int) -> Fraction:
    """The textbook formula in exact rationals: a^n/n! · n/(n−a) over the whole sum."""
    below = sum(load**k / math.factorial(k) for k in range(servers))
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    return top / (below + top)


def _erlang_b_recursion(load: float, servers: int) -> float:
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def test_erlang_c_textbook_value() -> None:
    # a = 10 erlangs on 12 agents: the classic P(wait) ≈ 0.4494 (λ = 20/h, handle 30 min).
    # Independently via Erlang-B: C = n·B / (n − a·(1 − B)), and exactly in rationals.
    b = _erlang_b_recursion(10.0, 12)
    via_b = 12 * b / (12 - 10 * (1 - b))
    exact = float(_erlang_c_exact(Fraction(10), 12))
    stats = erlang_c(20, 30, 12)
    assert stats.p_wait == pytest.approx(0.4494, abs=1e-4)
    assert stats.p_wait == pytest.approx(via_b, rel=1e-12)
    assert stats.p_wait == pytest.approx(exact, rel=1e-12)
    # Wq = C / (nμ − λ) = 0.4494 / (24 − 20) h ≈ 6.74 min.
    assert stats.mean_wait_minutes == pytest.approx(60 * exact / 4, rel=1e-12)


@pytest.mark.parametrize(("load", "servers"), [(0.5, 1), (2.0, 3), (7.5, 10), (40.0, 50)])
def test_erlang_c_matches_exact_rationals(load: float, servers: int) -> None:
    exact = float(_erlang_c_exact(Fraction(load), servers))
    assert erlang_c(load * 4, 15, servers).p_wait == pytest.approx(exact, rel=1e-12)


def test_erlang_b_matches_exact_rationals() -> None:
    a = Fraction(5)
    exact = (a**8 / math.factorial(8)) / sum(a**k / math.factorial(k) for k in range(9))
    assert erlang_b(5.0, 8) == pytest.approx(float(exact), rel=1e-12)


def test_erlang_c_overload_answers_capacity_and_waits_forever() -> None:
    # λ = 30/h, μ = 6/h, n = 4: capacity 24/h < 30/h.
    stats = erlang_c(30, 10, 4)
    assert stats.answered == pytest.approx(24.0)
    assert stats.abandoned == pytest.approx(6.0)
    assert stats.p_wait == 1.0
    assert stats.mean_wait_minutes == math.inf


@pytest.mark.parametrize(("rate", "servers"), [(3.0, 1), (20.0, 12), (50.0, 10), (90.0, 50)])
def test_erlang_a_tends_to_erlang_c_as_patience_grows(rate: float, servers: int) -> None:
    c = erlang_c(rate, 6, servers)
    a = erlang_a(rate, 6, 1e7, servers)
    assert c.p_wait < 1
    assert a.answered == pytest.approx(c.answered, rel=1e-6)
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-3)
    assert a.mean_wait_minutes == pytest.approx(c.mean_wait_minutes, rel=1e-3)


def test_infinite_patience_is_erlang_c() -> None:
    assert erlang_a(20, 30, math.inf, 12) == erlang_c(20, 30, 12)


# --- edges ----------------------------------------------------------------------------------


def test_no_contacts_means_nothing_happens() -> None:
    for stats in (erlang_a(0, 18, 3, 4), erlang_c(0, 18, 4), erlang_a(0, 18, 3, 0)):
        assert (stats.offered, stats.answered, stats.abandoned) == (0.0, 0.0, 0.0)
        assert (stats.p_wait, stats.mean_wait_minutes) == (0.0, 0.0)


def test_no_responders_answer_nothing() -> None:
    stats = erlang_a(30, 18, 3, 0)
    assert stats.answered == 0.0
    assert stats.abandoned == 30.0
    assert stats.p_wait == 1.0
    assert stats.mean_wait_minutes == 3.0  # everyone waits out their patience
    assert erlang_c(30, 18, 0).answered == 0.0


@pytest.mark.parametrize(
    ("rate", "handle", "patience", "servers", "what"),
    [
        (-1.0, 18.0, 3.0, 1, "rate_per_hour"),
        (math.nan, 18.0, 3.0, 1, "rate_per_hour"),
        (math.inf, 18.0, 3.0, 1, "rate_per_hour"),
        (10.0, 0.0, 3.0, 1, "handle_minutes"),
        (10.0, math.inf, 3.0, 1, "handle_minutes"),
        (10.0, 18.0, 0.0, 1, "patience_minutes"),
        (10.0, 18.0, -math.inf, 1, "patience_minutes"),
        (10.0, 18.0, math.nan, 1, "patience_minutes"),
        (10.0, 18.0, 3.0, -1, "servers"),
    ],
)
def test_bad_queue_parameters_are_rejected(
    rate: float, handle: float, patience: float, servers: int, what: str
) -> None:
    with pytest.raises(ValueError, match=what):
        erlang_a(rate, handle, patience, servers)


def test_bad_max_servers_is_rejected() -> None:
    with pytest.raises(ValueError, match="max_servers"):
        marginal_answered(10, 18, 3, -1)


def test_stable_at_fifty_responders_and_tenfold_overload() -> None:
    # n = 50, μ = 2/h, λ = 1000/h: ρ = 10. Nearly every responder is always busy, so
    # answered approaches the capacity n·μ = 100/h from below.
    for patience in (0.5, 20.0):
        stats = erlang_a(1000, 30, patience, 50)
        assert math.isfinite(stats.mean_wait_minutes)
        assert 95.0 < stats.answered <= 100.0
        assert stats.answered + stats.abandoned == pytest.approx(1000.0)
        assert 0.99 < stats.p_wait <= 1.0


def test_stable_at_fifty_responders_and_almost_no_load() -> None:
    # a = 0.1/12 erlangs on 50 responders: a^50/50! underflows a naive product.
    stats = erlang_a(0.1, 5, 0.5, 50)
    assert stats.answered == pytest.approx(0.1, rel=1e-12)
    assert stats.abandoned >= 0.0
    assert stats.p_wait >= 0.0
    assert all(math.isfinite(m) for m in marginal_answered(0.1, 5, 0.5, 50))


def test_overload_with_near_infinite_patience_asks_for_erlang_c() -> None:
    # ρ = 2 and a patience of ~190 years: the queue settles around 17 million callers.
    with pytest.raises(ValueError, match="erlang_c"):
        erlang_a(20, 6, 1e8, 1)


# --- the curve the solver uses --------------------------------------------------------------


def test_marginals_add_up_to_the_curve() -> None:
    curve = answered_curve(30, 18, 3, 15)
    marginals = marginal_answered(30, 18, 3, 15)
    assert len(curve) == 16
    assert len(marginals) == 15
    assert curve[0] == 0.0
    for k in range(1, 16):
        assert sum(marginals[:k]) == pytest.approx(curve[k], rel=1e-12)


def test_first_responder_is_worth_most() -> None:
    # λ = 30/h, handle 18 min (capacity 3.33/h each), patience 3 min: the first responder is
    # nearly saturated and answers just under its capacity; later ones add less and less.
    marginals = marginal_answered(30, 18, 3, 12)
    assert 2.5 < marginals[0] < 60 / 18
    assert marginals[-1] < marginals[0] / 2


def test_tiny_rounding_is_clamped_but_real_breaks_raise() -> None:
    assert _concave_increments([3.0, 2.0, 2.0 + 1e-12, -1e-12]) == [3.0, 2.0, 2.0, 0.0]
    with pytest.raises(ArithmeticError, match="responder 3"):
        _concave_increments([3.0, 2.0, 2.5])
    with pytest.raises(ArithmeticError, match="responder 2"):
        _concave_increments([3.0, -0.1])


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.1, 200),
    handle=st.floats(5, 30),
    patience=st.floats(0.5, 20),
    max_servers=st.integers(1, 50),
)
def test_curve_is_finite_monotone_and_concave(
    rate: float, handle: float, patience: float, max_servers: int
) -> None:
    curve = answered_curve(rate, handle, patience, max_servers)
    marginals = marginal_answered(rate, handle, patience, max_servers)
    assert all(math.isfinite(v) for v in [*curve, *marginals])
    assert all(0.0 <= v <= rate * (1 + 1e-12) for v in curve)
    assert all(b >= a - 1e-9 * rate for a, b in itertools.pairwise(curve))
    assert all(m >= 0.0 for m in marginals)
    assert all(b <= a for a, b in itertools.pairwise(marginals))
    # A responder can answer at most what it can handle, μ per hour.
    assert marginals[0] <= 60 / handle * (1 + 1e-12)
    stats = erlang_a(rate, handle, patience, max_servers)
    assert 0.0 <= stats.p_wait <= 1.0
    assert math.isfinite(stats.mean_wait_minutes)
    assert stats.answered + stats.abandoned == pytest.approx(rate)


# --- against a simulation -------------------------------------------------------------------


def _simulate(
    rate: float, handle: float, patience: float, servers: int, arrivals: int, seed: int
) -> tuple[float, float, float]:
    """First-come-first-served M/M/n+M by events; returns answered and waited fractions and
    mean wait (minutes, over all arrivals)."""
    rng = random.Random(seed)
    free_at = [0.0] * servers  # when each responder next becomes free, as a heap
    answered = waited = 0
    total_wait = 0.0
    now = 0.0
    for _ in range(arrivals):
        now += rng.expovariate(rate / 60)
        give_up = rng.expovariate(1 / patience)
        start = max(now, free_at[0])
        if start > now:
            waited += 1
        # FCFS: callers ahead who hung up never held a responder, so the earliest free time
        # left by those who were answered is exactly when this caller would be picked up.
        if start - now <= give_up:
            answered += 1
            total_wait += start - now
            heapq.heapreplace(free_at, start + rng.expovariate(1 / handle))
        else:
            total_wait += give_up
    return answered / arrivals, waited / arrivals, total_wait / arrivals


def test_agrees_with_a_simulation() -> None:
    # n = 3, λ = 20/h, handle 12 min (μ = 5/h), patience 3 min (θ = 20/h): 200 000 callers.
    # Seeded, so the check is deterministic; 2% relative is several standard errors.
    answered, waited, wait = _simulate(20, 12, 3, 3, 200_000, seed=20270101)
    model = erlang_a(20, 12, 3, 3)
    assert answered * 20 == pytest.approx(model.answered, rel=0.02)
    assert (1 - answered) * 20 == pytest.approx(model.abandoned, rel=0.02)
    assert waited == pytest.approx(model.p_wait, rel=0.02)
    assert wait == pytest.approx(model.mean_wait_minutes, rel=0.02)


# --- demand profiles ------------------------------------------------------------------------


def _demand(**overrides: object) -> Demand:
    fields: dict[str, object] = {"rate": 30, "handle_minutes": 18, "patience_minutes": 3}
    fields.update(overrides)
    return Demand.model_validate(fields)


def _week_minute(day: str, clock: str) -> int:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hours, minutes = clock.split(":")
    return days.index(day) * 1440 + int(hours) * 60 + int(minutes)


def test_default_rate_everywhere_without_windows() -> None:
    profile = DemandProfile(_demand())
    assert {profile.weekly_rate(m) for m in range(0, 10080, 7)} == {30.0}
    assert profile.handle_minutes == 18
    assert profile.patience_minutes == 3


def test_later_window_wins_where_windows_overlap() -> None:
    profile = DemandProfile(
        _demand(
            windows=[
                {"days": ["fri", "sat"], "start": "16:00", "end": "24:00", "rate": 45},
                {"days": ["fri"], "start": "20:00", "end": "22:00", "rate": 60},
            ]
        )
    )
    assert profile.weekly_rate(_week_minute("fri", "15:59")) == 30
    assert profile.weekly_rate(_week_minute("fri", "16:00")) == 45
    assert profile.weekly_rate(_week_minute("fri", "20:00")) == 60
    assert profile.weekly_rate(_week_minute("fri", "21:59")) == 60
    assert profile.weekly_rate(_week_minute("fri", "22:00")) == 45
    assert profile.weekly_rate(_week_minute("sat", "20:30")) == 45  # only the first covers sat
    assert profile.weekly_rate(_week_minute("sun", "00:00")) == 30  # 24:00 end is exclusive


def test_earlier_window_does_not_override_a_later_one() -> None:
    profile = DemandProfile(
        _demand(
            windows=[
                {"days": ["fri"], "start": "20:00", "end": "22:00", "rate": 60},
                {"days": ["fri"], "start": "16:00", "end": "24:00", "rate": 45},
            ]
        )
    )
    assert profile.weekly_rate(_week_minute("fri", "21:00")) == 45


def test_window_crossing_midnight_and_the_end_of_the_week() -> None:
    profile = DemandProfile(
        _demand(windows=[{"days": ["sun"], "start": "22:00", "end": "02:00", "rate": 50}])
    )
    assert profile.weekly_rate(_week_minute("sun", "21:59")) == 30
    assert profile.weekly_rate(_week_minute("sun", "23:59")) == 50
    assert profile.weekly_rate(_week_minute("mon", "00:00")) == 50
    assert profile.weekly_rate(_week_minute("mon", "01:59")) == 50
    assert profile.weekly_rate(_week_minute("mon", "02:00")) == 30
    monday = dt.date(2027, 1, 4)
    assert profile.rate_at(monday, 90) == 50


def test_month_and_date_factors_multiply() -> None:
    profile = DemandProfile(
        _demand(
            windows=[{"days": ["fri"], "start": "18:00", "end": "02:00", "rate": 45}],
            months=[{"month": 12, "factor": 1.2}, {"month": 7, "factor": 0.8}],
            dates=[{"date": "2027-12-24", "factor": 1.5}],
        )
    )
    christmas_eve = dt.date(2027, 12, 24)  # a Friday
    assert christmas_eve.weekday() == 4
    assert profile.rate_at(christmas_eve, 19 * 60) == pytest.approx(45 * 1.2 * 1.5)
    assert profile.rate_at(christmas_eve, 10 * 60) == pytest.approx(30 * 1.2 * 1.5)
    # After midnight the window still runs, but the date is the 25th: no Christmas Eve factor.
    assert profile.rate_at(dt.date(2027, 12, 25), 60) == pytest.approx(45 * 1.2)
    assert profile.rate_at(dt.date(2027, 7, 2), 19 * 60) == pytest.approx(45 * 0.8)
    assert profile.rate_at(dt.date(2027, 3, 5), 19 * 60) == 45
    # The weekly pattern carries no factors.
    assert profile.weekly_rate(_week_minute("fri", "19:00")) == 45


def test_profile_rejects_minutes_out_of_range() -> None:
    profile = DemandProfile(_demand())
    with pytest.raises(ValueError, match="week_minute"):
        profile.weekly_rate(10080)
    with pytest.raises(ValueError, match="minute_of_day"):
        profile.rate_at(dt.date(2027, 1, 4), 1440)
    with pytest.raises(ValueError, match="minute_of_day"):
        profile.rate_at(dt.date(2027, 1, 4), -1)


def test_flat_values_diminish() -> None:
    assert flat_marginal_values(4) == [1.0, 0.5, pytest.approx(1 / 3), 0.25]
    assert flat_marginal_values(0) == []
