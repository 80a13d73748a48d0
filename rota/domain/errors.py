"""Every error a user can be shown, in one place: bad input (`InputError`, exit code 2, one line
per problem) and the refusals of a use case (`ChangeError` and its kinds)."""

from __future__ import annotations

import unicodedata


class InputError(Exception):
    """Bad input: one line per problem, reported together (exit code 2)."""

    def __init__(self, problems: list[str]) -> None:
        # Messages quote the input, and a quoted line feed would split one problem in two.
        problems = [one_line(p) for p in problems]
        super().__init__("\n".join(problems))
        self.problems = problems


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
