"""Who is acting, and who may call each use case.

Every use case that acts for someone takes the `Actor` second (after the store) and declares
the roles that may call it with `@allowed`; any other role is refused, and the refusal is
audit-logged, before the use case runs. Whether a centre or a responder acts for itself is
checked inside the use case, where the object is known (`refuse`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Literal, NoReturn, ParamSpec, TypeVar

from rota.domain.errors import ChangeError, PermissionDenied
from rota.store import Store
from rota.store import repository as repo

Role = Literal["coordinator", "centre", "responder"]


@dataclass(frozen=True)
class Actor:
    """Who is acting: `coordinator`, `centre:<id>` or `responder:<id>`."""

    role: Role
    ident: str | None = None

    @classmethod
    def parse(cls, text: str) -> Actor:
        role, _, ident = text.strip().partition(":")
        if role == "coordinator" and not ident:
            return cls("coordinator")
        if role in ("centre", "responder") and ident:
            return cls("centre" if role == "centre" else "responder", ident)
        raise ChangeError(
            f"--as '{text}' is not a role; write coordinator, centre:<id> or responder:<id>"
        )

    def __str__(self) -> str:
        return self.role if self.ident is None else f"{self.role}:{self.ident}"


P = ParamSpec("P")
R = TypeVar("R")
UseCase = Callable[Concatenate[Store, Actor, P], R]

# Every use case that acts for someone, by its qualified name, with the roles that may call it.
ALLOWED: dict[str, frozenset[Role]] = {}


def allowed(*roles: Role, doing: str) -> Callable[[UseCase[P, R]], UseCase[P, R]]:
    """Declare the roles that may call a use case: any other is refused (and audit-logged)
    before the use case runs."""

    def declare(use_case: UseCase[P, R]) -> UseCase[P, R]:
        ALLOWED[f"{use_case.__module__}.{use_case.__qualname__}"] = frozenset(roles)
        who = " or ".join(f"the {r}" if r == "coordinator" else f"a {r}" for r in roles)

        @functools.wraps(use_case)
        def checked(store: Store, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if actor.role not in roles:
                refuse(store, actor, f"{actor} may not {doing}; only {who} may")
            return use_case(store, actor, *args, **kwargs)

        return checked

    return declare


def refuse(
    store: Store,
    actor: Actor,
    message: str,
    error: type[ChangeError] = PermissionDenied,
    proposal_id: int | None = None,
) -> NoReturn:
    """Log the refused attempt, then raise."""
    with store.transaction() as session:
        repo.audit(session, str(actor), "refused", message, proposal_id=proposal_id)
    raise error(message)
