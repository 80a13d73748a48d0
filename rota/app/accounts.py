"""Dashboard accounts (issue 6): local sign-ins that need no outside service.

Each account signs in as one actor of the use cases (`rota.app.actors.Actor`): the coordinator, a
centre bound to its id, or a responder bound to theirs. What an actor may do is decided where the
work is done — `rota.app.changes` for proposals and decisions, `authorize` here for the few
dashboard actions that have no service function of their own (planning a quarter) — so a page shown
to the wrong role is refused there too, not only hidden from the menu.

Passwords are kept as salted scrypt hashes at OWASP's parameters (N=2^17, r=8, p=1); the stored
string carries its parameters, so a hash made with older ones is replaced at the next sign-in.
Checking one always runs scrypt and compares in constant time, also for an unknown username, so
neither the answer nor its timing tells which usernames exist.

Sign-in holds against guessing (issue 15): failures are counted per account and per client
address in the store, shared by every process; each failure makes the next attempt wait longer,
and a fifth within 15 minutes locks the account for a period that doubles with each lock. The
attempt is counted before the password is checked, so parallel guesses cannot slip past the
count, and scrypt runs between two short write transactions, never inside one, so sign-ins
never hold the store's write lock while hashing. Every outcome lands in the audit log, never
the password.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed
from rota.domain.errors import ChangeError, InputError, PermissionDenied
from rota.domain.notices import LANGUAGES
from rota.io.roster_file import roster_file, roster_table
from rota.io.smtp import is_address
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import Account, DashboardSession, SignInThrottle

# OWASP's password storage cheat sheet (2025): about 128 MiB and a few hundred ms per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# scrypt needs 128·r·N bytes; the default cap (32 MiB) would refuse N=2^17. Twice that, so a
# tampered hash naming a far larger N fails the check instead of exhausting memory.
SCRYPT_MAXMEM = 2 * 128 * SCRYPT_R * SCRYPT_N
MIN_PASSWORD = 12
PASSWORD_RULE = f"at least {MIN_PASSWORD} characters, not only spaces, and not the username"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
# The scenario's Identifier pattern (lowercase letters, digits, '-'), bounded in length.
ROLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")

# An address's count runs to 20 before it locks: its delays stop growing here.
LONGEST_WAIT = 30

Action = Literal["plan"]
# Dashboard actions outside the change service, and who may take them.
PERMISSIONS: dict[Action, tuple[str, ...]] = {"plan": ("coordinator",)}


@dataclass(frozen=True)
class Throttle:
    """How failed sign-ins on one key slow the next attempt and lock it."""

    limit: int  # failures within `window` that lock the key
    window: dt.timedelta
    first_lock: dt.timedelta  # each further lock in a row lasts twice as long
    longest_lock: dt.timedelta

    def wait(self, failures: int) -> dt.timedelta:
        """The delay before the next attempt after `failures` below the limit: none after the
        first (a typo costs nothing), then 1, 2, 4… s, at most `LONGEST_WAIT`."""
        seconds = min(2 ** (failures - 2), LONGEST_WAIT) if failures > 1 else 0
        return dt.timedelta(seconds=seconds)

    def lock(self, locks: int) -> dt.timedelta:
        return min(self.first_lock * 2 ** (locks - 1), self.longest_lock)


ACCOUNT_THROTTLE = Throttle(
    5, dt.timedelta(minutes=15), dt.timedelta(minutes=5), dt.timedelta(days=1)
)
# One address may be an office of many people behind one router: it may fail more often.
SOURCE_THROTTLE = Throttle(
    20, dt.timedelta(minutes=15), dt.timedelta(minutes=5), dt.timedelta(days=1)
)


class AccountError(ChangeError):
    """A request for an account the service refuses (bad name, weak password, taken)."""


class SignInLocked(AccountError):
    """Too many failed sign-ins on this account or from this address: wait and try again."""

    def __init__(self, retry_after: dt.timedelta) -> None:
        self.seconds = max(1, int(retry_after.total_seconds() + 0.999))
        super().__init__(f"too many failed sign-ins; try again in {self.seconds} s")


@dataclass(frozen=True)
class AccountView:
    username: str
    role: str
    centre_id: str | None
    responder_id: str | None
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None
    # Personal data: the views that carry it are the coordinator's (`list_accounts`).
    email: str | None = None
    language: str = "fi"

    @property
    def actor(self) -> Actor:
        """The change service's actor this account acts as."""
        ident = self.centre_id if self.role == "centre" else self.responder_id
        return Actor.parse(self.role if ident is None else f"{self.role}:{ident}")


# --- passwords -----------------------------------------------------------------------------------


def hash_password(
    password: str,
    salt: bytes | None = None,
    n: int = SCRYPT_N,
    r: int = SCRYPT_R,
    p: int = SCRYPT_P,
) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=32
    )
    encoded = (base64.b64encode(salt).decode(), base64.b64encode(digest).decode())
    return "$".join(["scrypt", str(n), str(r), str(p), *encoded])


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
            maxmem=SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash was made with other parameters than today's."""
    return stored.split("$")[:4] != ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P)]


def password_problem(password: str, username: str) -> str | None:
    """Why `password` may not be used for `username`, or None."""
    if len(password) < MIN_PASSWORD or not password.strip():
        return f"the password needs {PASSWORD_RULE}"
    if password.strip().lower() == username.strip().lower():
        return f"the password may not be the username; it needs {PASSWORD_RULE}"
    return None


@cache
def _dummy() -> str:
    """Checked against when the username is unknown, so that case costs the same scrypt run."""
    return hash_password(secrets.token_urlsafe(16))


# --- accounts ------------------------------------------------------------------------------------


def role_problem(
    role: str, centres: set[str] | None, responders: set[str] | None = None
) -> str | None:
    """Why `role` cannot be an account's role, or None. A centre must be one of `centres` (the
    network's; None: no network is known yet, so no centre can be checked and none is taken).
    A responder id must match the ids' pattern and, when `responders` is given (the ids in the
    rosters of the network's centres), be one of them: an account for no one would sign in to
    an empty page."""
    try:
        actor = Actor.parse(role)
    except ChangeError as error:
        return f"--role: {error}".replace("--as ", "")
    if actor.ident is not None and not ROLE_ID.match(actor.ident):
        return (
            f"--role: '{actor.ident}' is not a {actor.role} id; use lowercase letters, digits "
            "and '-'"
        )
    if actor.role == "centre" and centres is None:
        return (
            f"--role: no network is known yet to find centre '{actor.ident}' in; run `rota "
            "changes init` first, or give --scenario"
        )
    if actor.role == "centre" and centres is not None and actor.ident not in centres:
        return (
            f"--role: '{actor.ident}' is not a centre of the network; use one of "
            f"{', '.join(sorted(centres))}"
        )
    if actor.role == "responder" and responders is not None and actor.ident not in responders:
        return (
            f"--role: '{actor.ident}' is not a responder in the rosters of the network's "
            "centres; add them to their centre's roster first"
        )
    return None


def _roster_ids(folder: Path, centres: set[str]) -> set[str]:
    """The responder ids in the rosters of `centres` in a roster folder (`<centre>.csv` or
    `.xlsx`); a centre without a file has none. Only the ids are read: a roster's other mistakes
    are its centre's to mend, not a reason to refuse an account for someone listed in it."""
    found: set[str] = set()
    for centre in centres:
        table = roster_table(roster_file(folder, centre))
        found |= {str(ident).strip() for ident in table["id"] if str(ident).strip()}
    return found


def create_account(
    store: Store,
    username: str,
    password: str,
    role: str,
    centres: set[str] | None = None,
    created_by: str = "cli",
    roster: Path | None = None,
    email: str | None = None,
    language: str = "fi",
) -> AccountView:
    """Add an account acting as `role` (coordinator, centre:<id> or responder:<id>). A centre
    must be one of `centres` (default: those of the calendar in force, when there is one); with
    a `roster` folder, a responder must be listed in the roster of one of those centres (the
    store keeps no list of responders, the centres' roster files do).

    No actor: this is how the first coordinator comes to exist, from the machine's shell."""
    from rota.app.changes import centre_ids

    username = username.strip().lower()
    problems = []
    if not _USERNAME.match(username):
        problems.append(
            f"'{username}' is not a username; use lowercase letters, digits, '.', '_' or '-'"
        )
    weak = password_problem(password, username)
    if weak:
        problems.append(weak)
    known = centres if centres is not None else centre_ids(store)
    responders = None if roster is None else _roster_ids(roster, known or set())
    bad_role = role_problem(role, known, responders)
    if bad_role:
        problems.append(bad_role)
    problems += contact_problems(email, language)
    if problems:
        raise InputError(problems)
    actor = Actor.parse(role)
    record = Account(
        username=username,
        password_hash=hash_password(password),
        role=actor.role,
        centre_id=actor.ident if actor.role == "centre" else None,
        responder_id=actor.ident if actor.role == "responder" else None,
        created_at=repo.now(),
        email=email.strip() if email else None,
        language=language,
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
            return account_view(record)
    except IntegrityError:
        raise AccountError(f"the username '{username}' is taken") from None


@allowed("coordinator", doing="list accounts")
def list_accounts(store: Store, actor: Actor) -> list[AccountView]:
    with store.transaction() as session:
        return [
            account_view(a) for a in session.scalars(select(Account).order_by(Account.username))
        ]


@allowed("coordinator", doing="disable or enable accounts")
def set_disabled(store: Store, actor: Actor, username: str, disabled: bool = True) -> AccountView:
    """Disable an account (it cannot sign in until enabled again) or enable it."""
    with store.transaction() as session:
        record = _account(session, username)
        record.disabled_at = repo.now() if disabled else None
        if disabled:
            repo.end_sessions(session, record.id)
        what = "disabled" if disabled else "enabled"
        repo.audit(session, str(actor), "account", f"account '{record.username}' {what}")
        return account_view(record)


@allowed("coordinator", doing="remove accounts")
def remove_account(store: Store, actor: Actor, username: str) -> AccountView:
    with store.transaction() as session:
        record = _account(session, username)
        view = account_view(record)
        # Its sessions go with it (SQLite enforces no foreign key cascade by default).
        session.execute(delete(DashboardSession).where(DashboardSession.account_id == record.id))
        session.delete(record)
        repo.audit(
            session,
            str(actor),
            "account",
            f"account '{view.username}' removed (acted as {view.actor})",
            before={"username": view.username, "role": str(view.actor)},
        )
        return view


@allowed("coordinator", doing="change passwords")
def change_password(store: Store, actor: Actor, username: str, password: str) -> AccountView:
    """Give an account a new password (hashed before the write transaction begins)."""
    name = username.strip().lower()
    weak = password_problem(password, name)
    if weak:
        raise AccountError(weak)
    hashed = hash_password(password)
    with store.transaction() as session:
        record = _account(session, name)
        record.password_hash = hashed
        repo.end_sessions(session, record.id)
        repo.audit(session, str(actor), "account", f"password of account '{name}' changed")
        return account_view(record)


def contact_problems(email: str | None, language: str) -> list[str]:
    """Why an e-mail address or interface language cannot be an account's."""
    problems = []
    if email is not None and email.strip() and not is_address(email.strip()):
        problems.append(
            f"--email: '{email.strip()}' is not an e-mail address; write one address such as "
            "name@example.org"
        )
    if language not in LANGUAGES:
        problems.append(f"--language: '{language}' is not one of {', '.join(LANGUAGES)}")
    return problems


@allowed("coordinator", doing="set accounts' e-mail addresses")
def set_contact(
    store: Store, actor: Actor, username: str, email: str | None, language: str | None = None
) -> AccountView:
    """Set where an account's notifications go (None or "": none) and, if given, the language
    they are written in. The audit log says that the address changed, not what it is."""
    with store.transaction() as session:
        record = _account(session, username)
        record_language = language or record.language
        problems = contact_problems(email, record_language)
        if problems:
            raise AccountError("; ".join(problems))
        record.email = email.strip() if email and email.strip() else None
        record.language = record_language
        state = "set" if record.email else "removed"
        repo.audit(
            session,
            str(actor),
            "account",
            f"e-mail address of account '{record.username}' {state}; language {record.language}",
        )
        return account_view(record)


# --- signing in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attempt:
    stored: str  # the hash to check against (a dummy for an unknown username)
    account_id: int | None
    disabled: bool
    locked_for: dt.timedelta | None


def verify(
    store: Store, username: str, password: str, source: str | None = None
) -> AccountView | None:
    """The account if the password is right and the account enabled, else None (same time
    either way). `source` names the client (the dashboard passes its address); the command line
    has none. Raises `SignInLocked`, without checking the password, while the account or the
    source is locked."""
    name = username.strip().lower()[:100]
    keys = {f"account:{name}": ACCOUNT_THROTTLE}
    if source:
        keys[f"source:{source[:200]}"] = SOURCE_THROTTLE
    attempt = _count_attempt(store, name, keys, source)
    if attempt.locked_for is not None:
        raise SignInLocked(attempt.locked_for)
    matches = check_password(password, attempt.stored)
    accepted = matches and attempt.account_id is not None and not attempt.disabled
    rehashed = hash_password(password) if accepted and needs_rehash(attempt.stored) else None
    with store.transaction() as session:
        if not accepted:
            why = (
                "unknown username"
                if attempt.account_id is None
                else "account disabled"
                if matches
                else "wrong password"
            )
            repo.audit(
                session, _who(name), "sign-in-failed", f"sign-in failed{_from(source)}: {why}"
            )
            return None
        session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(keys)))
        if rehashed is not None:
            # Compare-and-set: a password changed meanwhile is not overwritten with the old one.
            session.execute(
                update(Account)
                .where(Account.id == attempt.account_id, Account.password_hash == attempt.stored)
                .values(password_hash=rehashed)
            )
        record = session.get(Account, attempt.account_id)
        if record is None:
            return None
        repo.audit(
            session,
            _who(name),
            "sign-in",
            f"signed in{_from(source)}" + (", password rehashed" if rehashed else ""),
        )
        return account_view(record)


def _count_attempt(
    store: Store, name: str, keys: dict[str, Throttle], source: str | None
) -> _Attempt:
    """Refuse a locked key, else count the attempt as a failure on every key (a success clears
    them), in one short write transaction."""
    now = repo.now()
    with store.transaction() as session:
        rows = {
            row.key: row
            for row in session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys)))
        }
        waits = [
            r.locked_until - now for r in rows.values() if r.locked_until and r.locked_until > now
        ]
        if waits:
            repo.audit(
                session, _who(name), "sign-in-refused", f"sign-in refused{_from(source)}: locked"
            )
            return _Attempt("", None, False, max(waits))
        for key, throttle in keys.items():
            _count_failure(session, rows.get(key), key, throttle, now)
        record = session.scalar(select(Account).where(Account.username == name))
    if record is None:
        return _Attempt(_dummy(), None, False, None)
    return _Attempt(record.password_hash, record.id, record.disabled_at is not None, None)


def _count_failure(
    session: Session, row: SignInThrottle | None, key: str, throttle: Throttle, now: dt.datetime
) -> None:
    if row is None:
        row = SignInThrottle(key=key, failures=0, window_start=now, locks=0)
        session.add(row)
    if now - row.window_start > throttle.window:
        row.failures, row.window_start = 0, now
    row.failures += 1
    if row.failures >= throttle.limit:
        row.locks += 1
        row.locked_until = now + throttle.lock(row.locks)
        row.failures, row.window_start = 0, now
    else:
        row.locked_until = now + throttle.wait(row.failures)
    session.flush()


def authorize(actor: Actor, action: Action) -> None:
    """Refuse a dashboard action the actor's role may not take."""
    allowed_roles = PERMISSIONS[action]
    if actor.role not in allowed_roles:
        raise PermissionDenied(
            f"{actor} may not {action}; only the {' or '.join(allowed_roles)} may"
        )


def _account(session: Session, username: str) -> Account:
    name = username.strip().lower()
    record = session.scalar(select(Account).where(Account.username == name))
    if record is None:
        raise AccountError(f"no account '{name}'; `rota accounts list` shows them")
    return record


def _who(name: str) -> str:
    return f"sign-in:{name}"


def _from(source: str | None) -> str:
    return f" from {source}" if source else ""


def account_view(record: Account) -> AccountView:
    return AccountView(
        username=record.username,
        role=record.role,
        centre_id=record.centre_id,
        responder_id=record.responder_id,
        created_at=record.created_at,
        disabled_at=record.disabled_at,
        email=record.email,
        language=record.language,
    )
