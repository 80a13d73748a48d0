"""The benchmark's tables, targets and machine description, as Markdown."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench.trace import CHECKPOINTS, Trace, relative_gap

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"


@dataclass
class Outcome:
    """One case: the product's run (`cpsat`), and HiGHS on the model that run names."""

    cpsat: dict[str, Any]
    highs: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.cpsat["case"])

    @property
    def traces(self) -> list[Trace]:
        return [Trace.from_dict(t) for t in self.cpsat["traces"]]

    @property
    def product(self) -> Trace | None:
        """A plan's progress as `solver.plan.model.solve` reports it, from the call's start."""
        data = self.cpsat.get("progress")
        return Trace.from_dict(data) if data else None

    @property
    def main(self) -> Trace | None:
        """What the tables measure: a plan's progress (`product`); for the change case (and
        results saved before plans reported progress), the last CP-SAT solve."""
        product = self.product
        if product is not None:
            return product
        traces = self.traces
        return traces[-1] if traces else None

    @property
    def phase1_end(self) -> float | None:
        """Seconds from a plan's call start to the end of phase 1, when the phase-2 model
        (HiGHS's) exists."""
        value = self.cpsat.get("phase1_end")
        return None if value is None else float(value)

    @property
    def solves(self) -> str:
        """How many CP-SAT solves the call made, and the seconds spent in them."""
        summary = self.cpsat.get("solves")
        if summary is None:
            return str(len(self.cpsat["traces"]))
        return f"{summary['count']:,} ({seconds(summary['seconds'])} s)"

    @property
    def highs_trace(self) -> Trace | None:
        data = self.highs.get("trace")
        return Trace.from_dict(data) if data else None


def seconds(value: float | None, limit: str = "not within limit") -> str:
    return limit if value is None else f"{value:.1f}" if value >= 0.95 else f"{value:.2f}"


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f} %"


def pipeline_first_plan(outcome: Outcome) -> float | None:
    """Seconds from the call's start to the first plan with the full objective (a plan: the
    plan phase 2 starts from)."""
    main = outcome.main
    first = main.first_solution() if main else None
    return None if main is None or first is None else main.started + first


def pipeline_proven(outcome: Outcome) -> float | None:
    """Seconds from the call's start until the best plan is within 0.1 % of the bound."""
    main = outcome.main
    proven = main.time_to_gap() if main else None
    return None if main is None or proven is None else main.started + proven


def at(outcome: Outcome, when: float) -> tuple[float | None, float | None]:
    """(objective, gap) of the full model `when` seconds after the call started."""
    main = outcome.main
    if main is None or when < main.started:
        return None, None
    objective, bound = main.state_at(when - main.started)
    if objective is None or bound is None:
        return objective, None
    return objective, relative_gap(objective, bound)


def final_gap(trace: Trace | None) -> float | None:
    if trace is None or trace.objective is None or trace.bound is None:
        return None
    return relative_gap(trace.objective, trace.bound)


def cpsat_table(outcomes: list[Outcome]) -> list[str]:
    checkpoints = " | ".join(f"objective, gap at {t:g} s" for t in CHECKPOINTS)
    lines = [
        "| instance | centres / services | model: variables / constraints | preparation s "
        "| phase 1 done s | CP-SAT solves (s in them) | wall s | first plan s | ≤ 0.1 % gap s "
        f"| {checkpoints} | status | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|" + "---|" * len(CHECKPOINTS) + "---|---|",
    ]
    for o in outcomes:
        c = o.cpsat
        main = o.main
        size = f"{main.variables:,} / {main.constraints:,}" if main else "—"
        cells = []
        for when in CHECKPOINTS:
            objective, gap = at(o, when)
            cells.append(f"{number(objective)}, {percent(gap)}")
        lines.append(
            f"| {c['title']} | {c['centres']} / {c['services']} | {size} "
            f"| {seconds(c['prepare_seconds'])} | {seconds(o.phase1_end, '—')} | {o.solves} "
            f"| {seconds(c['wall_seconds'])} "
            f"| {seconds(pipeline_first_plan(o), '—')} | {seconds(pipeline_proven(o))} "
            f"| {' | '.join(cells)} | {c['status']} | {c['peak_rss_mb']:.0f} |"
        )
    return lines


def ratio(outcome: Outcome) -> str:
    """HiGHS's time over the product's to a proven 0.1 % gap on the same model."""
    main, highs = outcome.main, outcome.highs_trace
    if main is None or highs is None:
        return "—"
    c, h = main.time_to_gap(), highs.time_to_gap()
    if c is not None and h is not None:
        return f"{h / max(c, 0.01):.1f}×"
    if c is not None:
        return f"> {outcome.highs['time_limit'] / max(c, 0.01):.1f}× (HiGHS never reached 0.1 %)"
    if h is not None:
        return (
            f"< {h / max(main.seconds, 0.01):.2f}× (the product did not reach 0.1 % "
            f"in {main.seconds:.0f} s)"
        )
    return "neither reaches 0.1 %"


def common_gap(outcome: Outcome) -> tuple[float, float, float] | None:
    """When 0.1 % is out of reach: the tightest gap both solvers proved (the larger of their
    final gaps), and each one's seconds to reach it, so the time ratio is still like for like."""
    main, highs = outcome.main, outcome.highs_trace
    c_gap, h_gap = final_gap(main), final_gap(highs)
    if main is None or highs is None or c_gap is None or h_gap is None:
        return None
    gap = max(c_gap, h_gap)
    c, h = main.time_to_gap(gap), highs.time_to_gap(gap)
    return None if c is None or h is None else (gap, c, h)


def same_gap(outcome: Outcome) -> str:
    found = common_gap(outcome)
    if found is None:
        return "—"
    gap, c, h = found
    return f"{percent(gap)}: product {seconds(c)} s, HiGHS {seconds(h)} s ({h / max(c, 0.01):.2f}×)"


def head_to_head_table(outcomes: list[Outcome]) -> list[str]:
    lines = [
        "| instance | CP-SAT model → HiGHS MIP (columns / rows) | product limit s | product "
        "first plan s | product ≤ 0.1 % s | product final gap | HiGHS translate s | HiGHS first "
        "plan s | HiGHS ≤ 0.1 % s | HiGHS final gap | HiGHS status | HiGHS plan in the CP-SAT "
        "model | HiGHS peak RSS MB | HiGHS ÷ product time to ≤ 0.1 % | tightest gap both "
        "proved: seconds to it (HiGHS ÷ product) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        main, highs = o.main, o.highs_trace
        if main is None:
            continue
        if highs is None:
            lines.append(
                f"| {o.cpsat['title']} | {o.highs.get('skipped', 'not run')} |" + " |" * 11
            )
            continue
        lines.append(
            f"| {o.cpsat['title']} | {main.variables:,} / {main.constraints:,} → "
            f"{o.highs['columns']:,} / {o.highs['rows']:,} | {seconds(_limit(o))} "
            f"| {seconds(main.first_solution(), '—')} | {seconds(main.time_to_gap())} "
            f"| {percent(final_gap(main))} | {seconds(o.highs['translate_seconds'])} "
            f"| {seconds(highs.first_solution(), '—')} | {seconds(highs.time_to_gap())} "
            f"| {percent(final_gap(highs))} | {highs.status} | {_checked(o.highs)} "
            f"| {o.highs['peak_rss_mb']:.0f} | {ratio(o)} | {same_gap(o)} |"
        )
    return lines


def _checked(highs: dict[str, Any]) -> str:
    """Whether HiGHS's final plan, rounded, meets every constraint of the CP-SAT model."""
    if highs.get("checked_objective") is None:
        return "no plan"
    if highs.get("broken_count"):
        return f"breaks {highs['broken_count']} constraints"
    return f"feasible, objective {number(highs['checked_objective'])}"


def _limit(outcome: Outcome) -> float | None:
    """A plan's: the call's own time limit; a single solve's: its parameter."""
    if outcome.product is not None:
        return float(outcome.cpsat["time_limit"])
    main = outcome.main
    for part in (main.parameters if main else "").split("max_time_in_seconds:")[1:]:
        return float(part.split()[0])
    return None


@dataclass
class Target:
    what: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run

    def row(self) -> str:
        verdict = "not measured" if self.met is None else "met" if self.met else "**missed**"
        return f"| {self.what} | {self.goal} | {self.measured} | {verdict} |"


def targets(by_name: dict[str, Outcome]) -> list[str]:
    """The issue's targets, each with the measured value and by how much it is missed."""
    found: list[Target] = []

    def timed(case: str, what: str, limit: float, value: float | None, kind: str) -> None:
        if case not in by_name:
            found.append(Target(what, f"≤ {limit:g} s", "—", None))
            return
        if value is None:
            wall = by_name[case].cpsat["wall_seconds"]
            gap = final_gap(by_name[case].main)
            found.append(
                Target(
                    what,
                    f"≤ {limit:g} s",
                    f"{kind} not reached in {wall:.0f} s (gap {percent(gap)} at the end)",
                    False,
                )
            )
            return
        over = "" if value <= limit else f" ({value / limit:.1f}× the target)"
        found.append(Target(what, f"≤ {limit:g} s", f"{value:.2f} s{over}", value <= limit))

    week, quarter = by_name.get("fixture-week"), by_name.get("fixture-quarter")
    timed(
        "fixture-week",
        "fixture weekly model proven optimal (≤ 0.1 %)",
        10,
        pipeline_proven(week) if week else None,
        "0.1 % gap",
    )
    timed(
        "fixture-quarter",
        "fixture quarter proven optimal (≤ 0.1 %)",
        30,
        pipeline_proven(quarter) if quarter else None,
        "0.1 % gap",
    )
    change = by_name.get("fixture-change")
    timed(
        "fixture-change",
        "impact analysis of one proposal (wall)",
        2,
        change.cpsat["wall_seconds"] if change else None,
        "analysis",
    )
    big = by_name.get("generated-200")
    if big is None:
        found.append(Target("200-centre instance gap at 60 s", "≤ 1 %", "—", None))
    else:
        _, gap = at(big, 60.0)
        shown = percent(gap) if gap is not None else "no plan with the full objective by 60 s"
        found.append(
            Target(
                "200-centre instance gap at 60 s", "≤ 1 %", shown, gap is not None and gap <= 0.01
            )
        )
    for name in ("fixture-week", "fixture-quarter"):
        o = by_name.get(name)
        what = f"product (CP-SAT LNS + GLOP bound) vs HiGHS, {name}"
        goal = "≥ 3× (HiGHS ÷ product time to ≤ 0.1 %)"
        if o is None or o.main is None or o.highs_trace is None:
            found.append(Target(what, goal, "—", None))
            continue
        c, h = o.main.time_to_gap(), o.highs_trace.time_to_gap()
        met = c is not None and (h is None or h >= 3 * c)
        if c is None and h is None:
            measured = (
                f"neither reaches 0.1 %: final gap product {percent(final_gap(o.main))}, "
                f"HiGHS {percent(final_gap(o.highs_trace))}; to {same_gap(o)}"
            )
        else:
            measured = ratio(o)
        found.append(Target(what, goal, measured, met))
    return ["| target | goal | measured | verdict |", "|---|---|---|---|"] + [
        t.row() for t in found
    ]


def machine(load_before: tuple[float, ...], load_after: tuple[float, ...]) -> list[str]:
    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    memory = _first("/proc/meminfo", "MemTotal")
    memory_gb = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory else "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    loads = ", ".join(f"{x:.2f}" for x in load_before)
    loads_after = ", ".join(f"{x:.2f}" for x in load_after)
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- cores (`nproc`): {cores}; CPU: {cpu}; memory: {memory_gb}",
        f"- load average (1, 5, 15 min) before the run: {loads}; after: {loads_after}",
        f"- Python {platform.python_version()}, OR-Tools {_version('ortools')}, "
        f"highspy (HiGHS) {_version('highspy')}",
    ]


def _first(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def results_markdown(
    outcomes: list[Outcome],
    command: str,
    time_limit: float,
    machine_lines: list[str],
    plot: str,
) -> list[str]:
    notes = [f"- **{o.cpsat['title']}**: {o.cpsat['note']}" for o in outcomes]
    return [
        "### Machine and run",
        "",
        *machine_lines,
        f"- command: `{command}`; time limit {time_limit:g} s per solver and instance "
        "(the product: its own limit, spanning both phases; HiGHS: the same limit on the "
        "phase-2 model alone); both with 2 threads",
        "",
        "### Targets (issue 9)",
        "",
        *targets({o.name: o for o in outcomes}),
        "",
        "### The product's solve (CP-SAT neighbourhood search, GLOP LP bound)",
        "",
        "Times from the start of `solver.plan.model.solve` (the change case: "
        "`rota.app.impact.analyse`), "
        "including building the model. For a plan, *first plan*, *≤ 0.1 % gap*, the checkpoints "
        "and *status* read the product's own progress reports: the plan phase 2 starts from, "
        "then each improvement found by its neighbourhood search (short CP-SAT solves of the "
        "full model with most shifts fixed), against the best bound in so far: solved by GLOP "
        "in a child process while the search runs, first the coverage relaxation, then the "
        "model's own LP relaxation (the trivial bound until one is in; status OPTIMAL: within "
        "0.1 %). *Phase 1 done*: the fewest hard-rule shortfalls "
        "settled, as the product reports it (the greedy cover completed by CP-SAT, and a CP-SAT "
        "solve for the fewest shortfalls only if the cover falls short). *CP-SAT solves*: every "
        "CP-SAT call inside, and the seconds spent in them. For the change case, the checkpoints "
        "read its last CP-SAT solve, the repair. *Preparation* comes before the call: "
        "`build_instance` for a plan; for the change case, planning the calendar to propose "
        "against and choosing the proposal. A dash: no plan yet.",
        "",
        *cpsat_table(outcomes),
        "",
        *notes,
        "",
        "### The same model, the product and HiGHS side by side",
        "",
        "HiGHS solves the product's phase-2 model (the full objective, shortfalls bounded by "
        "phase 1's result, and the plan phase 2 starts from as its starting solution); for the "
        "change case, the repair model. The product's times are those above, from the start of "
        "its call, so they include phase 1 and the starting plan, both given to HiGHS, and the "
        "LP bound (change case: from the repair solve's start). HiGHS's are from its own start on "
        "the model, without the translation. HiGHS's final plan is rounded and checked against "
        "the CP-SAT model itself.",
        "",
        *head_to_head_table(outcomes),
        "",
        f"![objective and bound over time]({plot})",
    ]


def update_markdown(path: Path, section: list[str]) -> None:
    """Replace the generated section of `path` between the markers, keeping the rest."""
    body = "\n".join([BEGIN, *section, END])
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + body + tail)
