"""`rota dashboard`: start the Streamlit dashboard (issue 6) on this machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from rota.app.store import DEFAULT_URL, ENV_URL

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "streamlit_app.py"
DEFAULT_SCENARIO = Path("fixtures/mieli/scenario.yaml")
ENV_SCENARIO = "ROTA_SCENARIO"


TEXT_COLOUR = "#111111"


def dashboard(
    db: Annotated[
        str | None,
        typer.Option("--db", help=f"Database URL (default ${ENV_URL}, else {DEFAULT_URL})."),
    ] = None,
    scenario: Annotated[
        Path, typer.Option(help="The scenario the coordinator plans with by default.")
    ] = DEFAULT_SCENARIO,
    port: Annotated[int, typer.Option(help="Port to serve on (localhost).")] = 8501,
    address: Annotated[str, typer.Option(help="Address to listen on.")] = "localhost",
) -> None:
    """Start the dashboard at http://localhost:PORT. Sign in with an account made by
    `rota accounts add`."""
    env = dict(os.environ)
    env[ENV_SCENARIO] = str(scenario.resolve())
    if db is not None:
        env[ENV_URL] = db
    elif ENV_URL not in env:
        env[ENV_URL] = f"sqlite:///{(Path.cwd() / 'data' / 'rota.db').resolve()}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.port={port}",
        f"--server.address={address}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        "--client.toolbarMode=viewer",
        # Captions are this colour at 60 % opacity: near-black keeps them at 4.9:1 against the
        # page and the sidebar (WCAG asks 4.5:1); the default grey gave 3.8:1.
        "--theme.base=light",
        f"--theme.textColor={TEXT_COLOUR}",
    ]
    typer.echo(f"Dashboard on http://{address}:{port} (store {env[ENV_URL]})", err=True)
    # Streamlit takes this process's place rather than becoming its child, so a SIGTERM from a
    # service manager or Ctrl-C reaches the server itself and nothing is left on the port.
    sys.stderr.flush()
    os.execve(sys.executable, command, env)
