"""One solver on one case, in a process of its own, so that peak memory is that run's alone.

    python -m bench.worker cpsat fixture-week --time-limit 60 --work DIR
    python -m bench.worker highs fixture-week --time-limit 60 --work DIR

The CP-SAT run writes DIR/<case>/cpsat.json and the model to compare on: for a plan, the full
phase-2 model `solve` returned (full-model.pb); for the change case, every model it solved
(solve-<n>.pb), the last being the repair. cpsat.json's "model" names that file; the HiGHS run
reads it and writes DIR/<case>/highs.json.
The two never share a process: OR-Tools and highspy each ship their own `libhighs.so.1`, and
whichever loads second fails on the other's symbols.
"""

from __future__ import annotations

import argparse
import json
import resource
from pathlib import Path
from typing import Any


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM rather than getrusage's ru_maxrss, which on
    Linux keeps the high-water mark of the parent that forked this process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cpsat(case_name: str, time_limit: float, folder: Path) -> dict[str, Any]:
    from bench.cases import case_named, run_cpsat

    out = run_cpsat(case_named(case_name), time_limit, folder)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_highs(case_name: str, time_limit: float, folder: Path) -> dict[str, Any]:
    from ortools.sat import cp_model_pb2  # the pure-Python protobuf classes only

    from bench.highs import Unsupported, solve

    cpsat = json.loads((folder / "cpsat.json").read_text())
    out: dict[str, Any] = {"case": case_name, "time_limit": time_limit}
    if not cpsat.get("model"):
        reason = f"the product built no model to compare on (status {cpsat['status']})"
        return out | {"skipped": reason, "peak_rss_mb": peak_rss_mb()}
    proto = cp_model_pb2.CpModelProto()
    proto.ParseFromString((folder / cpsat["model"]).read_bytes())
    try:
        run = solve(proto, time_limit)
    except Unsupported as error:
        return out | {"skipped": f"not translatable: {error}", "peak_rss_mb": peak_rss_mb()}
    return out | {
        "trace": run.trace.as_dict(),
        "translate_seconds": run.translate_seconds,
        "rows": run.rows,
        "columns": run.columns,
        "hint": run.hint_status,
        "broken": run.broken[:10],
        "broken_count": len(run.broken),
        "checked_objective": run.checked_objective,
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("solver", choices=["cpsat", "highs"])
    parser.add_argument("case")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    folder = args.work / args.case
    folder.mkdir(parents=True, exist_ok=True)
    run = run_cpsat if args.solver == "cpsat" else run_highs
    result = run(args.case, args.time_limit, folder)
    (folder / f"{args.solver}.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
