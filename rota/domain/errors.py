"""Every error a user can be shown, in one place: bad input (`InputError`, exit code 2, one line
per problem) and the refusals of a use case (`ChangeError` and its kinds)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem of an input file, typed so that an interface can say it in its reader's
    language: where (file, row, column) and what (`code` with its `values`, the quoted input).
    `text` is the problem and its fix in English, as the command line prints it."""

    source: str
    text: str
    code: str = "other"
    values: Mapping[str, object] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def line(self) -> str:
        """The English line: 'FILE: row N, column X: problem; fix'."""
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}" + (f", column {self.column}" if self.column else ""))
        return ": ".join([*where, self.text])


class InputError(Exception):
    """Bad input: one line per problem, reported together (exit code 2). A reader that types
    its problems also passes them as `details`, in the same order."""

    def __init__(self, problems: list[str], details: Sequence[Problem] = ()) -> None:
        # Messages quote the input, and a quoted line feed would split one problem in two.
        problems = [one_line(p) for p in problems]
        super().__init__("\n".join(problems))
        self.problems = problems
        self.details = list(details)

    @classmethod
    def of(cls, details: Sequence[Problem]) -> InputError:
        return cls([p.line() for p in details], details)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (\\n)."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"}
        else char
        for char in text
    )


class ChangeError(Exception):
    """A request a use case refuses; the CLI prints the message on one line, exit code 2."""


class PermissionDenied(ChangeError):
    """The actor's role may not do this, or not for that centre or responder."""


class NoticeTooShort(ChangeError):
    """A change that would take effect before the notice period (R7) allows."""


class Conflict(ChangeError):
    """Somebody changed the same shifts meanwhile."""


class NotFound(ChangeError):
    """No such object, or none the actor may see (the two answer alike)."""
