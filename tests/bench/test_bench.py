"""The benchmark harness (issue 9): generator, traces, the HiGHS translation, and a smoke run of
the whole harness. Nothing here is timed; `make bench` is the benchmark.

HiGHS runs in a subprocess throughout: OR-Tools (imported by the other test modules) and highspy
each ship a `libhighs.so.1`, and one process cannot load both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from bench import cases
from bench.cases import FULL_MODEL, SMOKE
from bench.generate import generate, generate_raw
from bench.report import BEGIN, END, Outcome, head_to_head_table, pipeline_proven, ratio
from bench.run import main as run_bench
from bench.trace import Point, Trace
from rota.io.scenario_file import scenario_problems
from solver.plan.model import SolveResult, solve

ROOT = Path(__file__).resolve().parents[2]


def test_generated_networks_are_valid_seeded_and_grow_with_their_size() -> None:
    small, large = generate(20), generate(60)
    assert generate_raw(20) == generate_raw(20)
    assert generate_raw(20, seed=1) != generate_raw(20)
    assert scenario_problems(generate_raw(60, seed=3)) == []
    assert (len(small.centres), len(small.services)) == (20, 5)  # 4 national + 1 regional chat
    assert (len(large.centres), len(large.services)) == (60, 7)
    assert len(large.rules.holiday_duty_group) == 3 * len(small.rules.holiday_duty_group)
    assert all(c.name.startswith("Synthetic centre") for c in large.centres)
    always = [c.id for c in large.centres if c.availability[0].length == 24 * 60]
    assert len(always) >= 6  # two night units per region of twenty


def test_a_trace_answers_when_the_gap_closed_and_what_was_known_at_a_time() -> None:
    # Objective −100 at 1 s; bound −150 at 2 s (gap 50 %); bound −100.05 at 4 s (0.05 %).
    trace = Trace(
        started=1.0,
        points=[Point(2.0, -100.0, None), Point(3.0, None, -150.0), Point(5.0, None, -100.05)],
    )
    assert trace.first_solution() == 1.0
    assert trace.time_to_gap() == 4.0
    assert trace.time_to_gap(gap=1e-5) is None
    assert trace.state_at(2.5) == (-100.0, -150.0)
    assert trace.state_at(0.5) == (None, None)
    assert Trace.from_dict(trace.as_dict()) == trace


def test_highs_finds_the_same_optimum_as_cp_sat_on_every_translated_constraint_kind(
    tmp_path: Path,
) -> None:
    # Every kind the rota models use: enforced linear rows, implications, bool_or, abs (lin_max)
    # as the objective's only use and inside a constraint, max, exactly_one, an offset, a hint.
    model = cp_model.CpModel()
    x = [model.new_int_var(0, 3, f"x{i}") for i in range(4)]
    b = [model.new_bool_var(f"b{i}") for i in range(4)]
    model.add_implication(b[0], b[1])
    model.add_bool_or([b[2], b[3].Not()])
    model.add(x[0] + x[1] >= 4).only_enforce_if(b[0])
    model.add(x[2] + x[3] <= 2).only_enforce_if(b[1].Not())
    model.add_exactly_one(b[1:])
    cost = model.new_int_var(0, 5, "cost")
    model.add_abs_equality(cost, x[0] - 2)
    spread = model.new_int_var(-5, 5, "spread")
    model.add_abs_equality(spread, x[1] - x[2])
    model.add(spread + x[3] >= 2)
    top = model.new_int_var(0, 9, "top")
    model.add_max_equality(top, [x[0], x[3] + 1])
    model.minimize(3 * cost + spread - 2 * x[1] - x[2] + 4 * b[0] - 5 * b[3] + top + 7)
    model.add_hint(x[0], 2)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    path = tmp_path / "model.pb"
    model.export_to_file(str(path))

    # The child writes its answer as JSON to a file: its standard output is the solvers' to use.
    answer = tmp_path / "answer.json"
    script = (
        "import json, sys; from ortools.sat import cp_model_pb2; from bench.highs import solve\n"
        "p = cp_model_pb2.CpModelProto(); p.ParseFromString(open(sys.argv[1], 'rb').read())\n"
        "run = solve(p, 10.0)\n"
        "json.dump({'status': run.trace.status, 'objective': run.trace.objective,\n"
        "           'checked': run.checked_objective, 'broken': len(run.broken)},\n"
        "          open(sys.argv[2], 'w'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(answer)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(answer.read_text())
    assert result["status"] == "Optimal" and result["broken"] == 0
    assert result["objective"] == result["checked"] == solver.objective_value
    assert done.stdout == "", "HiGHS writes nothing on standard output"


def test_the_smoke_run_produces_rows_for_both_solvers_a_plot_and_the_markdown(
    tmp_path: Path,
) -> None:
    markdown = tmp_path / "BENCHMARKS.md"
    markdown.write_text(f"# Benchmarks\n\nhand-written notes\n\n{BEGIN}\nold\n{END}\n\ntail\n")
    section = run_bench(
        ["--smoke", "--time-limit", "2", "--out", str(tmp_path), "--markdown", str(markdown)]
    )

    saved = json.loads((tmp_path / "results.json").read_text())
    assert [o["cpsat"]["case"] for o in saved["outcomes"]] == [c.name for c in SMOKE]
    for outcome in saved["outcomes"]:
        cpsat = outcome["cpsat"]
        assert cpsat["solves"]["count"] >= max(1, len(cpsat["traces"])), "solves were recorded"
        assert outcome["highs"]["trace"]["status"], "HiGHS solved the same model"
    plan, change = (o["cpsat"] for o in saved["outcomes"])
    # A plan: the product's progress, the solves counted, HiGHS on the phase-2 model.
    assert plan["progress"]["points"] and plan["model"] == FULL_MODEL
    assert plan["traces"] == [] and plan["solves"]["count"] > 1
    assert plan["phase1_end"] is not None
    # The change case: every solve traced, HiGHS on the last (the repair).
    assert change["progress"] is None and change["traces"]
    assert change["model"] == f"solve-{len(change['traces']) - 1}.pb"
    for case in SMOKE:
        assert sum(case.title in line for line in section) >= 2  # both tables have its row
    plot = tmp_path / "objective_bound.png"
    assert plot.stat().st_size > 10_000
    text = markdown.read_text()
    assert "hand-written notes" in text and text.rstrip().endswith("tail")
    assert "old" not in text and "| target | goal | measured | verdict |" in text


def test_a_plan_case_traces_the_products_progress_and_exports_only_its_full_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returned: list[SolveResult] = []
    handed: list[object] = []

    def spy(*args: Any, **kwargs: Any) -> SolveResult:
        # The phase-2 model reaches the benchmark through `on_model`, not inside the result.
        keep = kwargs["on_model"]
        kwargs["on_model"] = lambda model: (handed.append(model), keep(model))
        result = solve(*args, **kwargs)
        returned.append(result)
        return result

    monkeypatch.setattr("bench.cases.solve", spy)
    out = cases.run_cpsat(SMOKE[0], 3.0, tmp_path)
    (result,) = returned
    assert len(handed) == 1 and result.has_plan

    progress = Trace.from_dict(out["progress"])
    assert progress.points, "on_progress reported the starting plan at least"
    assert progress.points[-1].objective == result.objective
    # The bound only rises (the trivial one until the LP's arrives) and ends as the result's.
    bounds = [p.bound for p in progress.points]
    assert bounds == sorted(bounds) and bounds[-1] == result.bound
    times = [p.seconds for p in progress.points]
    assert times == sorted(times) and out["phase1_end"] <= times[0] <= out["wall_seconds"]
    assert progress.status == result.status
    assert (progress.time_to_gap() is not None) == (result.status == "OPTIMAL")
    assert (progress.variables, progress.constraints) == (result.variables, result.constraints)

    # The solves are only counted; phase 1's end is the one the product reports.
    assert out["traces"] == [] and out["phase1_end"] == result.phase1_seconds
    assert out["solves"]["count"] >= 2 and out["solves"]["seconds"] > 0
    # The one model written is the full phase-2 model, with the starting plan as its hint.
    assert [p.name for p in tmp_path.iterdir()] == [FULL_MODEL] == [out["model"]]
    proto = cp_model_pb2.CpModelProto()
    proto.ParseFromString((tmp_path / FULL_MODEL).read_bytes())
    assert (len(proto.variables), len(proto.constraints)) == (result.variables, result.constraints)
    hint = dict(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
    assert sorted(hint) == list(range(len(proto.variables)))
    objective = proto.objective
    at_hint = sum(c * hint[v] for v, c in zip(objective.vars, objective.coeffs, strict=True))
    assert at_hint + objective.offset == progress.points[0].objective  # the starting plan


def test_the_tables_measure_a_plan_by_its_progress_not_by_its_last_sub_solve() -> None:
    # The last CP-SAT solve (a neighbourhood) is optimal at once; the product's gap closes at
    # 5 s from the call's start (0.05 % against the LP bound −1,000).
    sub_solve = Trace(
        started=7.0,
        seconds=0.2,
        status="OPTIMAL",
        objective=-5.0,
        bound=-5.0,
        variables=9,
        parameters="max_time_in_seconds: 0.2",
        points=[Point(7.1, -5.0, -5.0)],
    )
    progress = Trace(
        started=0.0,
        seconds=5.0,
        status="OPTIMAL",
        objective=-999.5,
        bound=-1000.0,
        variables=100,
        constraints=50,
        points=[Point(2.0, -900.0, -1000.0), Point(5.0, -999.5, -1000.0)],
    )
    cpsat: dict[str, Any] = {
        "case": "fixture-week",
        "title": "week",
        "time_limit": 60.0,
        "progress": progress.as_dict(),
        "phase1_end": 1.5,
        "traces": [sub_solve.as_dict()],
        "solves": {"count": 300, "seconds": 4.0, "statuses": {"OPTIMAL": 300}},
    }
    highs = Trace(started=0.0, seconds=20.0, points=[Point(20.0, -999.5, -1000.0)])
    outcome = Outcome(
        cpsat,
        {
            "trace": highs.as_dict(),
            "time_limit": 60.0,
            "columns": 100,
            "rows": 60,
            "translate_seconds": 0.1,
            "checked_objective": -999.5,
            "peak_rss_mb": 50.0,
        },
    )
    assert outcome.main == progress and pipeline_proven(outcome) == 5.0
    assert ratio(outcome) == "4.0×"
    assert outcome.solves == "300 (4.0 s)"
    row = head_to_head_table([outcome])[-1]
    assert "100 / 50 → 100 / 60 | 60.0 | 2.0 | 5.0 |" in row  # the call's limit, not 0.2 s
