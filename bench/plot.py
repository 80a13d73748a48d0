"""Objective and bound over time, one panel per instance, the product and HiGHS together."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on a server or in CI

import matplotlib.pyplot as plt

from bench.report import Outcome
from bench.trace import Trace

PRODUCT, HIGHS = "tab:blue", "tab:orange"


def _series(trace: Trace, offset: float, field: str) -> tuple[list[float], list[float]]:
    """The trace's values of `field` over time, held to the end of its run (the product
    reports only its improvements)."""
    xs, ys = [], []
    for p in trace.points:
        value = getattr(p, field)
        if value is not None:
            xs.append(offset + p.seconds - trace.started)
            ys.append(value)
    end = offset + trace.seconds
    if xs and end > xs[-1]:
        xs.append(end)
        ys.append(ys[-1])
    return xs, ys


def _limits(plans: list[float], finals: list[float]) -> tuple[float, float] | None:
    """The end game: from the lowest final bound or plan up to somewhat above the final plans,
    so that early plans (still paying shortfall costs) and early bounds run off the panel."""
    if not plans and not finals:
        return None
    ends = finals or plans
    low, high = min([*ends, *plans]), max(ends)
    span = max(high - low, abs(high) * 0.02, 1.0)
    return low - 0.08 * span, min(max([*plans, high]), high + 1.5 * span) + 0.08 * span


def plot(outcomes: list[Outcome], path: Path) -> None:
    """One panel per case with a solved model. HiGHS's curves start where the product's phase 2
    could (the end of phase 1; change case: the repair solve's start), as if it solved that
    phase instead."""
    shown = [o for o in outcomes if o.main is not None]
    columns = min(3, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    figure, axes = plt.subplots(rows, columns, figsize=(5.2 * columns, 3.8 * rows), squeeze=False)
    for ax in axes.flat[len(shown) :]:
        ax.axis("off")
    for ax, outcome in zip(axes.flat, shown, strict=False):
        main = outcome.main
        assert main is not None
        highs = outcome.highs_trace
        phase2 = outcome.phase1_end if outcome.product is not None else None
        start = main.started if phase2 is None else main.started + phase2
        plans: list[float] = []
        finals: list[float] = []  # each solver's last plan and last bound
        for trace, offset, colour, label in (
            (main, main.started, PRODUCT, "product"),
            (highs, start, HIGHS, "HiGHS"),
        ):
            if trace is None:
                continue
            xs, ys = _series(trace, offset, "objective")
            ax.step(xs, ys, where="post", color=colour, label=f"{label} plan")
            plans += ys
            finals += ys[-1:]
            xs, ys = _series(trace, offset, "bound")
            ax.step(xs, ys, where="post", color=colour, linestyle="--", label=f"{label} bound")
            finals += ys[-1:]
        missing = [
            label
            for trace, label in ((main, "the product"), (highs, "HiGHS"))
            if trace is not None and trace.first_solution() is None
        ]
        if missing:
            ax.text(
                0.5,
                0.5,
                f"{' and '.join(missing)}: no plan on this model within the limit",
                ha="center",
                fontsize=8,
                transform=ax.transAxes,
            )
        if start > 0.05:
            ax.axvline(start, color="grey", linestyle=":", linewidth=1)
            ax.annotate(
                "phase 1 done"
                if phase2 is not None
                else "last solve"
                if len(outcome.traces) > 1
                else "solve",
                (start, 1.0),
                xycoords=("data", "axes fraction"),
                ha="left",
                va="top",
                fontsize=8,
                color="grey",
            )
        limits = _limits(plans, finals)
        if limits:
            ax.set_ylim(*limits)
        ax.set_title(outcome.cpsat["title"], fontsize=9)
        ax.set_xlabel("seconds since the call started")
        ax.set_ylabel("objective (minimised)")
        ax.tick_params(labelsize=8)
        ax.yaxis.get_offset_text().set_fontsize(8)
        ax.legend(fontsize=7, loc="best")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
