"""Demand and service level (SPEC §5): contacts offered per hour and what responders answer.

A service's contacts follow an Erlang-A (M/M/n+M) queue: Poisson arrivals, exponential handle
times and exponential caller patience. The value of the k-th concurrent responder in an hour is
the extra contacts answered per hour that it brings; the solver uses these increments as a
concave piecewise-linear objective (rule S1).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

from rota.domain.clock import MINUTES_PER_DAY, MINUTES_PER_WEEK
from rota.domain.scenario import Demand

# Tail terms below this fraction of the largest term are dropped; the dropped remainder is
# bounded (see `_erlang_a_sums`), so it stays below float resolution of every sum.
_LOG_NEGLIGIBLE = math.log(1e-17)
# Guards against a patience so long, under overload, that the queue-length distribution spreads
# over millions of states; such a case is Erlang-C in all but name.
_MAX_STATES = 1_000_000


@dataclass(frozen=True)
class QueueStats:
    """Steady-state flows of one hour of a queue; rates are contacts per hour."""

    offered: float
    answered: float
    abandoned: float
    p_wait: float
    """Probability that an arrival finds every responder busy."""
    mean_wait_minutes: float
    """Mean time in queue over all arrivals, answered or not (Little's law)."""


def _checked_rate(rate_per_hour: float, handle_minutes: float, servers: int) -> float:
    if not (math.isfinite(rate_per_hour) and rate_per_hour >= 0):
        raise ValueError(f"rate_per_hour must be a finite number >= 0, not {rate_per_hour}")
    if not (math.isfinite(handle_minutes) and handle_minutes > 0):
        raise ValueError(f"handle_minutes must be a finite number > 0, not {handle_minutes}")
    if servers < 0:
        raise ValueError(f"servers must be >= 0, not {servers}")
    return float(rate_per_hour)


def _idle() -> QueueStats:
    return QueueStats(offered=0.0, answered=0.0, abandoned=0.0, p_wait=0.0, mean_wait_minutes=0.0)


def erlang_c(rate_per_hour: float, handle_minutes: float, servers: int) -> QueueStats:
    """M/M/n with infinite patience; under overload (ρ ≥ 1) the queue grows without bound, so
    `answered` is the capacity n·μ, `abandoned` the contacts never answered, and the wait is inf."""
    rate_per_hour = _checked_rate(rate_per_hour, handle_minutes, servers)
    if rate_per_hour == 0:
        return _idle()
    mu = 60.0 / handle_minutes
    load = rate_per_hour / mu
    if load >= servers:
        answered = servers * mu
        return QueueStats(
            offered=rate_per_hour,
            answered=answered,
            abandoned=rate_per_hour - answered,
            p_wait=1.0,
            mean_wait_minutes=math.inf,
        )
    blocking = erlang_b(load, servers)
    # Erlang-C from Erlang-B: C = n·B / (n − a·(1 − B)); both stay in [0, 1], no factorials.
    p_wait = servers * blocking / (servers - load * (1.0 - blocking))
    wait_hours = p_wait / (servers * mu - rate_per_hour)
    return QueueStats(
        offered=rate_per_hour,
        answered=rate_per_hour,
        abandoned=0.0,
        p_wait=p_wait,
        mean_wait_minutes=60.0 * wait_hours,
    )


def erlang_b(load: float, servers: int) -> float:
    """Blocking probability of M/M/n/n with offered load `load` erlangs (stable recursion)."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def _too_patient() -> ValueError:
    return ValueError(
        "patience is too long for this overload to model as Erlang-A; "
        "use erlang_c (infinite patience) instead"
    )


def _erlang_a_sums(rate: float, mu: float, theta: float, servers: int) -> tuple[float, float]:
    """Normalised P(N ≥ n) and E[queue length] of the M/M/n+M chain.

    Works with log-weights (log of the unnormalised stationary probabilities) and rescales by the
    largest, so neither factorials nor (λ/θ)^k can overflow at n = 50 and ρ = 10.
    """
    # Under overload the queue grows until abandonment balances the excess: about
    # (λ − n·μ)/θ callers, each a state of the chain.
    if (rate - servers * mu) / theta > _MAX_STATES:
        raise _too_patient()
    log_load = math.log(rate / mu)
    log_rate = math.log(rate)
    log_weights = [k * log_load - math.lgamma(k + 1) for k in range(servers + 1)]
    peak = max(log_weights)
    log_w = log_weights[-1]
    k = servers
    while True:
        k += 1
        death = servers * mu + (k - servers) * theta
        ratio = rate / death
        log_w += log_rate - math.log(death)
        log_weights.append(log_w)
        peak = max(peak, log_w)
        if ratio < 1.0:
            # The ratio keeps falling, so the rest of the tail is below a geometric series:
            # Σ_j (m + j)·w·r^j ≤ (m + 1)·w·r/(1 − r)² bounds both Σ w and Σ (k − n)·w.
            queued = k - servers
            bound = log_w + math.log((queued + 1) * ratio) - 2.0 * math.log1p(-ratio)
            if bound < peak + _LOG_NEGLIGIBLE:
                break
        if k - servers > _MAX_STATES:
            raise _too_patient()
    total = waiting = queue = 0.0
    for state, lw in enumerate(log_weights):
        weight = math.exp(lw - peak)
        total += weight
        if state >= servers:
            waiting += weight
            queue += (state - servers) * weight
    return waiting / total, queue / total


@lru_cache(maxsize=65536)
def answered_per_hour(
    rate_per_hour: float, handle_minutes: float, patience_minutes: float, servers: int
) -> float:
    """Contacts answered per hour by `servers` responders (Erlang-A), cached: coverage, the
    what-if and the extra-shift ranking ask the same few thousand questions again and again."""
    return erlang_a(rate_per_hour, handle_minutes, patience_minutes, servers).answered


def erlang_a(
    rate_per_hour: float, handle_minutes: float, patience_minutes: float, servers: int
) -> QueueStats:
    """M/M/n+M: n responders, callers hang up after an exponential patience while queued.

    `patience_minutes=math.inf` gives Erlang-C.
    """
    rate_per_hour = _checked_rate(rate_per_hour, handle_minutes, servers)
    if math.isinf(patience_minutes) and patience_minutes > 0:
        return erlang_c(rate_per_hour, handle_minutes, servers)
    if not (math.isfinite(patience_minutes) and patience_minutes > 0):
        raise ValueError(f"patience_minutes must be > 0, not {patience_minutes}")
    if rate_per_hour == 0:
        return _idle()
    if servers == 0:
        # Nobody answers: every caller waits out their patience and hangs up.
        return QueueStats(
            offered=rate_per_hour,
            answered=0.0,
            abandoned=rate_per_hour,
            p_wait=1.0,
            mean_wait_minutes=patience_minutes,
        )
    mu = 60.0 / handle_minutes
    theta = 60.0 / patience_minutes
    p_wait, queue = _erlang_a_sums(rate_per_hour, mu, theta, servers)
    # Each queued caller hangs up at rate θ; clamp float noise so the flows stay in [0, λ].
    abandoned = min(rate_per_hour, theta * queue)
    answered = rate_per_hour - abandoned
    capacity = servers * mu
    if answered > capacity:
        # Only under overload, where `abandoned` is large, so moving the rounding there is safe.
        answered, abandoned = capacity, rate_per_hour - capacity
    return QueueStats(
        offered=rate_per_hour,
        answered=answered,
        abandoned=abandoned,
        p_wait=min(1.0, p_wait),
        mean_wait_minutes=60.0 * queue / rate_per_hour,
    )


def _curve(
    rate_per_hour: float, handle_minutes: float, patience_minutes: float, max_servers: int
) -> list[QueueStats]:
    if max_servers < 0:
        raise ValueError(f"max_servers must be >= 0, not {max_servers}")
    return [
        erlang_a(rate_per_hour, handle_minutes, patience_minutes, n) for n in range(max_servers + 1)
    ]


def answered_curve(
    rate_per_hour: float, handle_minutes: float, patience_minutes: float, max_servers: int
) -> list[float]:
    """Contacts answered per hour with n = 0, 1, …, max_servers responders."""
    curve = _curve(rate_per_hour, handle_minutes, patience_minutes, max_servers)
    return [stats.answered for stats in curve]


def marginal_answered(
    rate_per_hour: float, handle_minutes: float, patience_minutes: float, max_servers: int
) -> list[float]:
    """Extra contacts answered per hour by the k-th responder, k = 1 … max_servers.

    The sequence is non-negative and non-increasing. Non-negative because an extra responder
    can only shorten the queue (couple the two systems path by path). Non-increasing because
    throughput is concave in n: proved in both limits, Erlang-B as patience → 0 (Messerli 1972)
    and min(λ, n·μ) for Erlang-C as patience → ∞; for Erlang-A in between it is checked
    numerically, by the tests over the operating range and by hand far beyond it. The
    increments are differences of abandonment rates, which shrink with n, so rounding is
    relative to those small numbers rather than to λ; what rounding remains is clamped, and a
    violation beyond it raises as a bug, never silently.
    """
    curve = _curve(rate_per_hour, handle_minutes, patience_minutes, max_servers)
    lost = [stats.abandoned for stats in curve]
    return _concave_increments([before - after for before, after in itertools.pairwise(lost)])


def _concave_increments(increments: list[float]) -> list[float]:
    tolerance = 1e-9 * max(1.0, max(increments, default=0.0))
    out: list[float] = []
    previous = math.inf
    for k, value in enumerate(increments, start=1):
        if value < -tolerance or value > previous + tolerance:
            raise ArithmeticError(
                f"the value of responder {k} ({value!r}) breaks diminishing returns "
                f"(previous {previous!r}); this is a bug in the queue model"
            )
        value = min(max(value, 0.0), previous)
        out.append(value)
        previous = value
    return out


def flat_marginal_values(max_servers: int) -> list[float]:
    """Diminishing returns 1, 1/2, 1/3, … for a service without a demand profile."""
    return [1.0 / k for k in range(1, max_servers + 1)]


class DemandProfile:
    """Contacts offered per hour to one service, by week minute and by date."""

    __slots__ = ("_date_factor", "_month_factor", "_weekly", "handle_minutes", "patience_minutes")

    def __init__(self, demand: Demand) -> None:
        weekly = [demand.rate] * MINUTES_PER_WEEK
        # Painted in file order so that a later window overrides an earlier one where they meet.
        for window in demand.windows:
            for start, end in window.week_intervals():
                weekly[start:end] = [window.rate] * (end - start)
        self._weekly: tuple[float, ...] = tuple(weekly)
        self._month_factor = {m.month: m.factor for m in demand.months}
        self._date_factor = {d.date: d.factor for d in demand.dates}
        self.handle_minutes = demand.handle_minutes
        self.patience_minutes = demand.patience_minutes

    def weekly_rate(self, week_minute: int) -> float:
        """Contacts per hour at a minute of the week (Monday 00:00 = 0), before any factors."""
        if not 0 <= week_minute < MINUTES_PER_WEEK:
            raise ValueError(f"week_minute must be in 0…{MINUTES_PER_WEEK - 1}, not {week_minute}")
        return self._weekly[week_minute]

    def rate_at(self, day: dt.date, minute_of_day: int) -> float:
        """Contacts per hour at a local minute of a date, with month and date factors applied.

        The factors follow the calendar date of the minute itself, so the after-midnight part of
        a Friday-night window on Christmas Eve gets Christmas Eve's factor.
        """
        if not 0 <= minute_of_day < MINUTES_PER_DAY:
            raise ValueError(
                f"minute_of_day must be in 0…{MINUTES_PER_DAY - 1}, not {minute_of_day}"
            )
        rate = self._weekly[day.weekday() * MINUTES_PER_DAY + minute_of_day]
        return rate * self._month_factor.get(day.month, 1.0) * self._date_factor.get(day, 1.0)
