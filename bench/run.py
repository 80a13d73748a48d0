"""Run the benchmark table (issue 9) and write BENCHMARKS.md's results and the plot.

    make bench                      # every case, 60 s per solver: 12–20 minutes on 2 cores
    python -m bench.run --smoke     # two tiny cases, 3 s limits, output to a temporary folder
    python -m bench.run --cases fixture-week --keep-models /tmp/m   # a subset, to a temp folder
    python -m bench.run --render bench/results.json   # re-write the tables from saved results

Every case runs CP-SAT and then HiGHS, each in a fresh process (`bench.worker`), one after the
other so that they never compete for the two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.cases import CASES, SMOKE, case_named
from bench.plot import plot
from bench.report import Outcome, machine, results_markdown, update_markdown

ROOT = Path(__file__).resolve().parents[1]
PLOT_NAME = "objective_bound.png"


def run_case(name: str, time_limit: float, work: Path) -> Outcome:
    """The product (CP-SAT), then HiGHS on the model it names (for a plan: the full phase-2
    model); each in its own process."""
    results: dict[str, dict[str, Any]] = {}
    for solver in ("cpsat", "highs"):
        command = [
            sys.executable, "-m", "bench.worker", solver, name,
            "--time-limit", f"{time_limit:g}", "--work", str(work),
        ]  # fmt: skip
        print(f"  {solver:5} {name} …", flush=True)
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=4 * time_limit + 900
        )
        output = work / name / f"{solver}.json"
        if done.returncode != 0 or not output.exists():
            if solver == "cpsat":
                raise RuntimeError(f"{shlex.join(command)} failed:\n{done.stderr[-3000:]}")
            reason = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            results[solver] = {"case": name, "skipped": f"HiGHS run failed: {reason[0]}"}
            continue
        results[solver] = json.loads(output.read_text())
    return Outcome(results["cpsat"], results["highs"])


def code_version() -> str:
    """The commit measured (at the start: others may commit during a run), and any
    uncommitted changes to the code the benchmark runs."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "rota", "solver", "bench")
    changed = [line[3:] for line in dirty.splitlines()]
    return f"- code: commit {commit}" + (
        f", with uncommitted changes to {', '.join(changed)}" if changed else ""
    )


def render(saved: dict[str, Any], out: Path, markdown: Path | None) -> list[str]:
    outcomes = [Outcome(o["cpsat"], o["highs"]) for o in saved["outcomes"]]
    plot_path = out / PLOT_NAME
    plot(outcomes, plot_path)
    shown = os.path.relpath(plot_path, markdown.parent) if markdown else str(plot_path)
    section = results_markdown(
        outcomes, saved["command"], saved["time_limit"], saved["machine"], shown
    )
    if markdown is not None:
        update_markdown(markdown, section)
    return section


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description="Benchmark CP-SAT and HiGHS on rota's models.")
    parser.add_argument("--smoke", action="store_true", help="two tiny cases with 3 s limits")
    parser.add_argument("--time-limit", type=float, help="seconds per solver and case")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--out", type=Path, help="folder for results.json and the plot")
    parser.add_argument("--markdown", type=Path, help="Markdown file whose results to replace")
    parser.add_argument("--render", type=Path, help="re-render a saved results.json only")
    parser.add_argument(
        "--keep-models",
        type=Path,
        help="keep the models HiGHS solved (.pb, one folder per case) here for experiments",
    )
    args = parser.parse_args(argv)

    if args.smoke or args.cases:
        # A smoke run or a subset never overwrites the full results unless told where to write.
        out = args.out or Path(tempfile.mkdtemp(prefix="rota-bench-"))
        markdown = args.markdown
        names = [c.name for c in SMOKE] if args.smoke else []
        time_limit = args.time_limit or (3.0 if args.smoke else 60.0)
    else:
        out = args.out or ROOT / "bench"
        markdown = args.markdown or ROOT / "BENCHMARKS.md"
        names = [c.name for c in CASES]
        time_limit = args.time_limit or 60.0
    if args.cases:
        try:
            names = [case_named(n.strip()).name for n in args.cases.split(",")]
        except KeyError as error:
            parser.error(f"--cases: {error.args[0]}")
    out.mkdir(parents=True, exist_ok=True)

    if args.render:
        section = render(json.loads(args.render.read_text()), out, markdown)
        print("\n".join(section))
        return section

    load_before, version = os.getloadavg(), code_version()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="rota-bench-work-") as temporary:
        work = args.keep_models or Path(temporary)
        for name in names:
            print(f"{name} (limit {time_limit:g} s)", flush=True)
            outcomes.append(run_case(name, time_limit, work))
    saved = {
        "command": "python -m bench.run " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "time_limit": time_limit,
        "machine": [*machine(load_before, os.getloadavg()), version],
        "outcomes": [{"cpsat": o.cpsat, "highs": o.highs} for o in outcomes],
    }
    (out / "results.json").write_text(json.dumps(saved, indent=1))
    section = render(saved, out, markdown)
    print("\n".join(section))
    print(f"\nresults: {out / 'results.json'}; plot: {out / PLOT_NAME}", flush=True)
    return section


if __name__ == "__main__":
    main()
