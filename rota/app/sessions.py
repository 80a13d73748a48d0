"""Dashboard sessions that survive a reload, a bookmark and a deep link (issue 20).

Signing in opens a session: a random token the browser keeps in a cookie, of which the store
keeps only the SHA-256. A page load that brings the cookie resumes the session while it has not
expired or ended and its account may still sign in. A session lasts a working day at most,
whatever the activity, so a forgotten browser on a shared computer is not signed in the next
morning. Signing out ends it in the store, so an old copy of the cookie no longer works; a
changed password or a disabled account ends every session of the account (`repo.end_sessions`).

The token is unguessable (256 bits from `secrets`), so nothing needs signing: the store is the
only judge of whether it is valid, and revoking it takes effect at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select

from rota.app.accounts import AccountView, account_view
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import Account, DashboardSession

LIFETIME = dt.timedelta(hours=12)
# A token is 43 URL-safe characters; anything far longer is not one of ours.
MAX_TOKEN = 100


def open_session(store: Store, account: AccountView, now: dt.datetime | None = None) -> str:
    """Open a session for an account that has just signed in; returns the cookie's token."""
    token = secrets.token_urlsafe(32)
    started = now or repo.now()
    with store.transaction() as session:
        record = session.scalar(select(Account).where(Account.username == account.username))
        if record is None:
            raise LookupError(f"no account '{account.username}'")
        session.add(
            DashboardSession(
                token_hash=_digest(token),
                account_id=record.id,
                created_at=started,
                expires_at=started + LIFETIME,
            )
        )
    return token


def resume(store: Store, token: str, now: dt.datetime | None = None) -> AccountView | None:
    """The account of a live session, or None: unknown, expired or ended token, or an account
    that was disabled or removed meanwhile."""
    if not token or len(token) > MAX_TOKEN:
        return None
    moment = now or repo.now()
    with store.transaction() as session:
        found = session.execute(
            select(DashboardSession, Account)
            .join(Account, Account.id == DashboardSession.account_id)
            .where(DashboardSession.token_hash == _digest(token))
        ).first()
        if found is None:
            return None
        record, account = found
        if record.ended_at is not None or record.expires_at <= moment:
            return None
        if account.disabled_at is not None:
            return None
        return account_view(account)


def end_session(store: Store, token: str) -> None:
    """Sign out: the session ends in the store, so the cookie no longer opens it anywhere."""
    if not token or len(token) > MAX_TOKEN:
        return
    with store.transaction() as session:
        record = session.scalar(
            select(DashboardSession).where(DashboardSession.token_hash == _digest(token))
        )
        if record is None or record.ended_at is not None:
            return
        record.ended_at = repo.now()
        account = session.get(Account, record.account_id)
        name = account.username if account else "?"
        repo.audit(session, f"sign-in:{name}", "sign-out", "signed out of the dashboard")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
