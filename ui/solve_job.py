"""A quarter's solve in a child process, outside the Streamlit script run.

The page keeps a `SolveJob` in `st.session_state` and polls it from a fragment that reruns every
second, so the rest of the page stays responsive. The child calls the same service functions as
`rota plan --db` (the baseline is the store's calendar in force, `plan_quarter`, `write_plan`
into its own folder, then the plan is kept in the store for publishing), reports progress as JSON
lines on its stdout and leaves the outcome, pickled, beside the CSVs. Cancelling terminates the
child: CP-SAT runs in native threads that a Python thread could not interrupt.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rota.app import figures, plans
from rota.app.accounts import authorize
from rota.app.actors import Actor
from rota.app.figures import CoverageRow
from rota.app.planning import PlanOutcome, Progress, baseline_problems, load_scenario
from rota.app.store import Store
from rota.domain.calendar import parse_quarter
from rota.domain.errors import InputError

OUTCOME = "outcome.pickle"  # beside the plan's CSVs; read back by the page that started it

State = Literal["running", "done", "failed", "cancelled"]


@dataclass
class PlanResult:
    """A solved quarter as the plan page shows it: the outcome, its coverage, and the folder
    holding its CSVs, report and feeds."""

    scenario_path: Path
    outcome: PlanOutcome
    coverage: list[CoverageRow]
    folder: Path
    plan: int
    """The plan's number in the store (`rota.app.plans`)."""


class SolveJob:
    def __init__(
        self,
        actor: Actor,
        scenario_path: Path,
        quarter: str,
        today: dt.date,
        time_limit: float,
        out_root: Path,
        store: Store,
    ) -> None:
        """Start solving; refuses an actor who may not plan, and bad input (a scenario of
        another network than the calendar in force's too), before starting."""
        authorize(actor, "plan")
        scenario = load_scenario(scenario_path)  # InputError here lists every problem at once
        parse_quarter(quarter)
        in_force = plans.baseline_in_force(store, actor)
        if in_force is not None:
            problems = baseline_problems(scenario, in_force.previous, "the calendar in force")
            if problems:
                raise InputError(problems)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        self.folder = (out_root / f"{quarter}-{stamp}").resolve()
        self.scenario_path = scenario_path
        self.quarter = quarter
        self.time_limit = time_limit
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.result: PlanResult | None = None
        self.error: str | None = None
        self.cancelled = False
        self._finished = False
        # A fresh interpreter, not multiprocessing: Streamlit runs each page as `__main__`,
        # which a spawned child would import (and run) again.
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ui.solve_job",
                str(scenario_path.resolve()),
                quarter,
                today.isoformat(),
                str(time_limit),
                str(self.folder),
                store.engine.url.render_as_string(hide_password=False),
                str(actor),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def state(self) -> State:
        if self.cancelled:
            return "cancelled"
        if self.result is None and self.error is None and self._finished:
            self._collect()
        if self.result is not None:
            return "done"
        if self.error is not None:
            return "failed"
        return "running"

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        self.cancelled = True

    def _read(self) -> None:
        """The child's lines: one JSON object each, progress and then the end."""
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if not line.startswith("{"):
                continue
            message = json.loads(line)
            if message["kind"] == "progress":
                self.progress = Progress(message["seconds"], message["objective"], message["bound"])
            elif message["kind"] == "failed":
                self.error = message["error"]
        self._process.wait()
        self._finished = True

    def _collect(self) -> None:
        try:
            with (self.folder / OUTCOME).open("rb") as handle:
                outcome, rows, plan = pickle.load(handle)
        except OSError:
            self.error = f"the solver process ended with code {self._process.returncode}"
            return
        self.result = PlanResult(self.scenario_path, outcome, rows, self.folder, plan)


def main(arguments: list[str]) -> None:
    """The child: plan from the calendar in force, write the output directory and the outcome,
    keep the plan in the store, report on stdout."""
    from rota.app.planning import plan_quarter
    from rota.app.publication import write_plan
    from rota.app.store import open_store

    scenario_path, quarter, today, limit, folder, store_url, who = arguments

    channel, sys.stdout = sys.stdout, sys.stderr  # stdout carries our messages only

    def say(**message: object) -> None:
        print(json.dumps(message), file=channel, flush=True)

    try:
        store, actor = open_store(store_url), Actor.parse(who)
        in_force = plans.baseline_in_force(store, actor)
        scenario = load_scenario(Path(scenario_path))
        period = parse_quarter(quarter)
        outcome = plan_quarter(
            scenario,
            period,
            today=dt.date.fromisoformat(today),
            previous=in_force.previous if in_force else None,
            time_limit=float(limit),
            on_progress=lambda p: say(
                kind="progress", seconds=p.seconds, objective=p.objective, bound=p.bound
            ),
        )
        write_plan(Path(folder), outcome)
        base = in_force.version if in_force else None
        plan = plans.record_plan(store, actor, outcome, Path(scenario_path), base)
        rows = figures.coverage(outcome)
        with (Path(folder) / OUTCOME).open("wb") as handle:
            pickle.dump((outcome, rows, plan), handle)
        say(kind="done")
    except Exception as error:  # the page shows it; the traceback goes to the server's log
        traceback.print_exc()
        say(kind="failed", error=f"{type(error).__name__}: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
