"""Long-running commands end when asked (issue 14): SIGTERM or SIGINT to `rota dashboard` or
`rota serve` stops the server, frees its port and leaves no process of its own behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROTA = str(Path(sys.executable).parent / "rota")
TINY = ROOT / "tests" / "fixtures" / "tiny.yaml"
FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    """A new server could listen on port: SO_REUSEADDR, as every server sets it, so the
    TIME_WAIT left by the health check's closed connection does not count as taken."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def descendants(pid: int) -> set[int]:
    """Every living process below pid, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: fields follow the last ')'.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        children = {child for child, p in parents.items() if p == parent}
        found |= children
        frontier.extend(children)
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text(encoding="utf-8")) from None
            time.sleep(0.3)


def stop_and_check(process: subprocess.Popen[bytes], port: int, how: signal.Signals) -> None:
    left = descendants(process.pid)
    process.send_signal(how)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"still running 30 s after {how.name}") from None
    deadline = time.monotonic() + 10
    while (any(alive(pid) for pid in left) or not port_is_free(port)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    stragglers = [pid for pid in left if alive(pid)]
    for pid in stragglers:
        os.kill(pid, signal.SIGKILL)
    assert stragglers == [], f"processes left running after {how.name}"
    assert port_is_free(port), f"port {port} still taken after {how.name}"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_the_dashboard_stops_with_its_server_when_signalled(
    tmp_path: Path, how: signal.Signals
) -> None:
    port = free_port()
    log = tmp_path / "dashboard.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(ROTA, "dashboard", "--db", f"sqlite:///{tmp_path / 'rota.db'}"),
                *("--scenario", str(TINY), "--port", str(port), "--address", "127.0.0.1"),
            ],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_until_up(process, f"http://127.0.0.1:{port}/_stcore/health", log)
    stop_and_check(process, port, how)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_the_feed_server_stops_when_signalled(tmp_path: Path, how: signal.Signals) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "national.ics").write_bytes(FEED)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(
                    ROTA,
                    "serve",
                    "--feeds",
                    str(feeds),
                    "--db",
                    f"sqlite:///{tmp_path / 'rota.db'}",
                ),
                *("--port", str(port), "--host", "127.0.0.1"),
            ],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_until_up(process, f"http://127.0.0.1:{port}/healthz", log)
    stop_and_check(process, port, how)
