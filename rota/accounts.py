"""Dashboard accounts (issue 6): local sign-ins that need no outside service.

Each account signs in as one actor of the change service (`rota.changes.Actor`): the coordinator,
a centre bound to its id, or a responder bound to theirs. What an actor may do is decided where
the work is done — `rota.changes` for proposals and decisions, `authorize` here for the few
dashboard actions that have no service function of their own (planning a quarter) — so a page
shown to the wrong role is refused there too, not only hidden from the menu.

Passwords are kept as salted scrypt hashes (a fresh 16-byte salt per account); checking one
always runs scrypt and compares in constant time, also for an unknown username, so neither the
answer nor its timing tells which usernames exist.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rota.changes import Actor, ChangeError, PermissionDenied
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import Account

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 16 MiB and 50 ms per check
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")

Action = Literal["plan"]
# Dashboard actions outside the change service, and who may take them.
PERMISSIONS: dict[Action, tuple[str, ...]] = {"plan": ("coordinator",)}


class AccountError(ChangeError):
    """A request for an account the service refuses (bad name, weak password, taken)."""


@dataclass(frozen=True)
class AccountView:
    username: str
    role: str
    centre_id: str | None
    responder_id: str | None
    created_at: dt.datetime

    @property
    def actor(self) -> Actor:
        """The change service's actor this account acts as."""
        ident = self.centre_id if self.role == "centre" else self.responder_id
        return Actor.parse(self.role if ident is None else f"{self.role}:{ident}")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return "$".join(
        [
            "scrypt",
            str(SCRYPT_N),
            str(SCRYPT_R),
            str(SCRYPT_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a `hash_password` string, compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


# Checked against when the username is unknown, so that case costs the same scrypt run.
_DUMMY = hash_password(secrets.token_urlsafe(16))


def create_account(
    store: Store,
    username: str,
    password: str,
    role: str,
    centres: set[str] | None = None,
    created_by: str = "cli",
) -> AccountView:
    """Add an account acting as `role` (coordinator, centre:<id> or responder:<id>). With
    `centres`, a centre account must name one of them."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError(
            f"'{username}' is not a username; use lowercase letters, digits, '.', '_' or '-'"
        )
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    actor = Actor.parse(role)
    if actor.role == "centre" and centres is not None and actor.ident not in centres:
        raise AccountError(
            f"--role: '{actor.ident}' is not a centre of the calendar; use one of "
            f"{', '.join(sorted(centres))}"
        )
    record = Account(
        username=username,
        password_hash=hash_password(password),
        role=actor.role,
        centre_id=actor.ident if actor.role == "centre" else None,
        responder_id=actor.ident if actor.role == "responder" else None,
        created_at=repo.now(),
    )
    try:
        with store.transaction() as session:
            session.add(record)
            session.flush()
            repo.audit(
                session,
                created_by,
                "account",
                f"account '{username}' added, acting as {actor}",
                after={"username": username, "role": str(actor)},
            )
            return _view(record)
    except IntegrityError:
        raise AccountError(f"the username '{username}' is taken") from None


def verify(store: Store, username: str, password: str) -> AccountView | None:
    """The account if the password is right, else None (same time either way)."""
    with store.transaction() as session:
        record = session.scalar(select(Account).where(Account.username == username.strip().lower()))
        stored = record.password_hash if record is not None else _DUMMY
        matches = check_password(password, stored)
        return _view(record) if record is not None and matches else None


def list_accounts(store: Store, actor: Actor) -> list[AccountView]:
    if actor.role != "coordinator":
        raise PermissionDenied(f"{actor} may not list accounts; only the coordinator may")
    with store.transaction() as session:
        return [_view(a) for a in session.scalars(select(Account).order_by(Account.username))]


def authorize(actor: Actor, action: Action) -> None:
    """Refuse a dashboard action the actor's role may not take."""
    allowed = PERMISSIONS[action]
    if actor.role not in allowed:
        raise PermissionDenied(f"{actor} may not {action}; only the {' or '.join(allowed)} may")


def _view(record: Account) -> AccountView:
    return AccountView(
        username=record.username,
        role=record.role,
        centre_id=record.centre_id,
        responder_id=record.responder_id,
        created_at=record.created_at,
    )
