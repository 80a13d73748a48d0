"""A problem of an uploaded file in the reader's language: where (file, row, column) and what,
from the reader's typed `Problem` (`rota.domain.errors`). A problem without a text of its own
here (a rare one: the file cannot be opened) is shown as the reader wrote it, in English."""

from __future__ import annotations

import datetime as dt

from rota.domain.errors import Problem
from ui.i18n import TEXT, date_text, number, t


def problem_text(problem: Problem, source: str) -> str:
    """`source` names the file as the user knows it (not the folder it was saved in)."""
    if problem.row is not None and problem.column:
        where = t("problem_at_cell", file=source, row=problem.row, column=problem.column)
    elif problem.row is not None:
        where = t("problem_at_row", file=source, row=problem.row)
    else:
        where = source
    key = f"problem_{problem.code}"
    values = {name: _value(v) for name, v in problem.values.items()}
    # A value could be named like `t`'s own arguments, so the text is formatted here.
    what = t(key).format(**values) if key in TEXT else problem.text
    return f"{where}: {what}"


def _value(value: object) -> str:
    """A quoted input or a limit as the reader writes it: dates dd.mm.yyyy, 1 234."""
    if isinstance(value, dt.datetime):
        return f"{date_text(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value)
    return str(value)
