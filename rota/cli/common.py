"""What every command shares: its exit codes, and the answer to Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import typer

# 2: bad input, every problem listed; 3: written, but a hard rule is unmet; 130: what a shell
# reports for a command ended by SIGINT.
EXIT_OK, EXIT_BAD_INPUT, EXIT_UNMET, EXIT_INTERRUPTED = 0, 2, 3, 130


def fail(problems: list[str]) -> typer.Exit:
    """Bad input: every problem on its own line, and exit 2."""
    for problem in problems:
        typer.echo(problem, err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def interrupted(out: Path) -> typer.Exit:
    """Ctrl-C before the output was swapped in: one line, and exit 130."""
    typer.echo(f"Interrupted: nothing written; {out} is as it was.", err=True)
    return typer.Exit(EXIT_INTERRUPTED)
