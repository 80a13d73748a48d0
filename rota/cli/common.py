"""What every command shares: its exit codes, and the answer to Ctrl-C."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from rota.app.store import Store, open_store
from rota.domain.errors import ChangeError, InputError

# 2: bad input, every problem listed; 3: written, but a hard rule is unmet; 130: what a shell
# reports for a command ended by SIGINT.
EXIT_OK, EXIT_BAD_INPUT, EXIT_UNMET, EXIT_INTERRUPTED = 0, 2, 3, 130
# A refusal (another role, a stale plan, a conflict) is told like bad input: one line, exit 2.
EXIT_REFUSED = EXIT_BAD_INPUT


def fail(problems: list[str]) -> typer.Exit:
    """Bad input: every problem on its own line, and exit 2."""
    for problem in problems:
        typer.echo(problem, err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def interrupted(out: Path) -> typer.Exit:
    """Ctrl-C before the output was swapped in: one line, and exit 130."""
    typer.echo(f"Interrupted: nothing written; {out} is as it was.", err=True)
    return typer.Exit(EXIT_INTERRUPTED)


@contextmanager
def opened_store(db: str | None) -> Iterator[Store]:
    """The store at `db` (else $ROTA_DATABASE_URL, else data/rota.db), closed afterwards; a
    refusal or bad input inside becomes one line on stderr (`refused: …` for a refusal) and
    exit 2."""
    store = None
    try:
        store = open_store(db)
        yield store
    except ChangeError as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(EXIT_REFUSED) from None
    except InputError as error:
        raise fail(error.problems) from None
    finally:
        if store is not None:
            store.close()
