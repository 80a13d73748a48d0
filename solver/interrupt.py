"""Ctrl-C during a solve.

CP-SAT catches SIGINT itself by default and ends the solve as if its time were up, so the
command carried on with the next phase and wrote its output. Every solve of the planner runs
through `run` instead, which leaves SIGINT to Python (a KeyboardInterrupt in the main thread).
A main thread waiting inside a CP-SAT solve only sees that KeyboardInterrupt when the solve
returns, so `stopping_solves_on_sigint` watches for the signal from a thread of its own and
stops the solves running then.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

_running: set[cp_model.CpSolver] = set()
_lock = threading.Lock()
_QUIT = 255  # not a signal number: tells the watcher to end
_RESTOP_SECONDS = 0.01


def run(solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
    """`solver.solve(model)`, with Ctrl-C left to Python and the solve stoppable by
    `stop_running` from any thread."""
    solver.parameters.catch_sigint_signal = False
    with _lock:
        _running.add(solver)
    try:
        return solver.solve(model)
    finally:
        with _lock:
            _running.discard(solver)


def stop_running() -> bool:
    """Stop every solve under `run` now; whether any was running."""
    with _lock:
        running = list(_running)
    for solver in running:
        solver.stop_search()
    return bool(running)


def leave_sigint_to_parent() -> None:
    """In a child process: ignore Ctrl-C, which reaches the whole process group; the parent
    decides and ends the child."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def stopping_solves_on_sigint() -> Iterator[None]:
    """While the block runs, SIGINT also stops the solves running. Only the main thread
    receives signals: in any other (the dashboard's solve job) the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(read,), daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        os.write(write, bytes([_QUIT]))
        watcher.join()
        os.close(read)
        os.close(write)


def _watch(read: int) -> None:
    interrupted = False
    while True:
        # After a SIGINT, stop again and again: a stop that reaches a solver before its solve
        # has begun is lost, and the main thread may be just about to start one.
        ready, _, _ = select.select([read], [], [], _RESTOP_SECONDS if interrupted else None)
        if ready:
            data = os.read(read, 64)
            if _QUIT in data:
                return
            interrupted = interrupted or signal.SIGINT in data
        if interrupted:
            stop_running()
