"""Feed tokens (issue 5): the secret addresses subscribers fetch their calendar feed with.

Like Google Calendar's "secret address", a feed URL carries a random secret
(`secrets.token_urlsafe(32)`, 256 bits). The store keeps only its SHA-256, so neither a copy of
the database nor the audit log opens a feed; the secret is shown once, when it is issued.
Rotating a token revokes it and issues a new one for the same feed and subscriber; a revoked or
rotated-out token opens nothing.

Who may do what follows `rota.app.changes`: the coordinator manages tokens for every feed; a centre
only those of its own feed (`centre-<id>`); a responder only those of its personal feed
(`responder-<id>`). Every step, refused attempts included, lands in the audit log. A centre or a
responder asking about a token that is not theirs gets the same refusal whether or not it
exists. A token is only issued for a feed the network can publish.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from pydantic import computed_field
from sqlalchemy import select
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed, refuse
from rota.app.changes import View, network
from rota.domain.errors import ChangeError, Conflict, NotFound
from rota.domain.scenario import Scenario
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import FeedToken

SECRET_BYTES = 32
FEED_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# Feeds every published folder may hold besides the network's centre-/service- feeds.
NETWORK_FEEDS = ("national", "extra-shifts")
# A personal feed is named by a roster's pseudonymous id (the scenario's Identifier pattern).
PERSONAL_FEED = re.compile(r"^responder-[a-z0-9][a-z0-9-]{0,89}$")
# Compared against when no row matches, so a miss costs the same comparison as a hit.
_NO_MATCH = "0" * 64


class TokenView(View):
    """A token as listed: never the secret, which the store does not have."""

    id: int
    feed: str
    label: str
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    replaced_by: int | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> str:
        if self.replaced_by is not None:
            return f"rotated (now token {self.replaced_by})"
        return "revoked" if self.revoked_at is not None else "active"


class IssuedToken(View):
    """A newly issued token with its secret: shown once, then only its hash exists."""

    token: TokenView
    secret: str
    replaces: int | None = None


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@allowed("coordinator", "centre", "responder", doing="issue feed tokens")
def issue(
    store: Store, actor: Actor, feed: str, label: str = "", scenario: Scenario | None = None
) -> IssuedToken:
    """A new token for `feed`, which must be a feed of the network: that of the calendar in
    force, else `scenario` (with neither, the feed names' patterns alone decide). The secret in
    the result is the only copy."""
    _check_feed_name(feed)
    _require_manager(store, actor, feed, "issue a token for")
    _check_feed_exists(feed, network(store) or scenario)
    with store.transaction() as session:
        record, secret = _new_token(session, actor, feed, label)
        repo.audit(
            session,
            str(actor),
            "feed-token-issue",
            f"token {record.id} issued for feed {feed}" + _labelled(label),
            after=_audit_json(record),
        )
        return IssuedToken(token=_view(record), secret=secret)


def _check_token(store: Store, actor: Actor, ident: int, what: str) -> None:
    """Refuse a token the actor may not manage; to all but the coordinator an unknown token
    gets the same refusal as another's."""
    with store.reading() as session:
        found = session.get(FeedToken, ident)
        feed = found.feed if found is not None else None
    if actor.role == "coordinator":
        if feed is None:
            raise NotFound(f"no feed token {ident}")
        return
    if feed is None or feed != own_feed(actor):
        refuse(store, actor, f"{actor} may not {what} token {ident}{_mine(actor)}")


@allowed("coordinator", "centre", "responder", doing="rotate feed tokens")
def rotate(store: Store, actor: Actor, ident: int) -> IssuedToken:
    """Revoke token `ident` and issue its successor for the same feed and subscriber."""
    _check_token(store, actor, ident, "rotate")
    with store.transaction() as session:
        old = _active(session, ident)
        before = _audit_json(old)
        new, secret = _new_token(session, actor, old.feed, old.label)
        old.revoked_at = new.created_at
        old.replaced_by = new.id
        repo.audit(
            session,
            str(actor),
            "feed-token-rotate",
            f"token {ident} of feed {old.feed} rotated: revoked, replaced by token {new.id}",
            before=before,
            after=_audit_json(new),
        )
        return IssuedToken(token=_view(new), secret=secret, replaces=ident)


@allowed("coordinator", "centre", "responder", doing="revoke feed tokens")
def revoke(store: Store, actor: Actor, ident: int) -> TokenView:
    """Revoke token `ident`: its address opens nothing from now on."""
    _check_token(store, actor, ident, "revoke")
    with store.transaction() as session:
        record = _active(session, ident)
        before = _audit_json(record)
        record.revoked_at = repo.now()
        repo.audit(
            session,
            str(actor),
            "feed-token-revoke",
            f"token {ident} of feed {record.feed} revoked",
            before=before,
            after=_audit_json(record),
        )
        return _view(record)


@allowed("coordinator", "centre", "responder", doing="list feed tokens")
def list_tokens(store: Store, actor: Actor, feed: str | None = None) -> list[TokenView]:
    """The tokens `actor` may manage, oldest first; `feed` narrows to one feed."""
    if feed is not None:
        _check_feed_name(feed)
        _require_manager(store, actor, feed, "list the tokens of")
    with store.transaction() as session:
        query = select(FeedToken).order_by(FeedToken.id)
        if feed is not None:
            query = query.where(FeedToken.feed == feed)
        elif actor.role != "coordinator":
            query = query.where(FeedToken.feed == own_feed(actor))
        return [_view(t) for t in session.scalars(query)]


def resolve(store: Store, secret: str) -> str | None:
    """The feed an active token's secret opens, else None — the same None for a wrong, a
    revoked and a rotated-out secret. Reads only, so it never waits for a writer."""
    digest = token_hash(secret)
    with store.reading() as session:
        found = session.execute(
            select(FeedToken.token_hash, FeedToken.feed, FeedToken.revoked_at).where(
                FeedToken.token_hash == digest
            )
        ).first()
    stored, feed, revoked_at = found if found is not None else (_NO_MATCH, None, None)
    # The index found the row by hash; the constant-time comparison is what decides.
    matches = hmac.compare_digest(stored, digest)
    return feed if matches and revoked_at is None else None


def own_feed(actor: Actor) -> str | None:
    """The one feed a centre or a responder manages the tokens of."""
    if actor.role == "centre":
        return f"centre-{actor.ident}"
    if actor.role == "responder":
        return f"responder-{actor.ident}"
    return None


# --- steps -------------------------------------------------------------------------------------


def _new_token(session: Session, actor: Actor, feed: str, label: str) -> tuple[FeedToken, str]:
    secret = secrets.token_urlsafe(SECRET_BYTES)
    record = FeedToken(
        token_hash=token_hash(secret),
        feed=feed,
        label=label,
        created_by=str(actor),
        created_at=repo.now(),
    )
    session.add(record)
    session.flush()
    return record, secret


def _active(session: Session, ident: int) -> FeedToken:
    record = session.get(FeedToken, ident)
    if record is None:
        raise NotFound(f"no feed token {ident}")
    if record.replaced_by is not None:
        raise Conflict(f"token {ident} was rotated; token {record.replaced_by} replaced it")
    if record.revoked_at is not None:
        raise Conflict(f"token {ident} is already revoked; issue a new one")
    return record


def _require_manager(store: Store, actor: Actor, feed: str, what: str) -> None:
    if actor.role == "coordinator" or feed == own_feed(actor):
        return
    refuse(store, actor, f"{actor} may not {what} feed {feed}{_mine(actor)}")


def _mine(actor: Actor) -> str:
    return f"; {actor} manages only feed {own_feed(actor)}"


def _check_feed_exists(feed: str, scenario: Scenario | None) -> None:
    prefix, _, ident = feed.partition("-")
    if feed in NETWORK_FEEDS or PERSONAL_FEED.match(feed):
        return
    if prefix in ("centre", "service") and ident:
        if scenario is None:
            return
        known = (
            {c.id for c in scenario.centres}
            if prefix == "centre"
            else {s.id for s in scenario.services}
        )
        if ident in known:
            return
        raise ChangeError(
            f"--feed '{feed}': '{ident}' is not a {prefix} of {scenario.name}; use one of "
            f"{', '.join(f'{prefix}-{k}' for k in sorted(known))}"
        )
    raise ChangeError(
        f"--feed '{feed}' is not a feed the network publishes; write national, extra-shifts, "
        "centre-<id>, service-<id> or responder-<id>"
    )


def _check_feed_name(feed: str) -> None:
    if not FEED_NAME.match(feed):
        raise ChangeError(
            f"--feed '{feed}' is not a feed name; write national, centre-<id>, service-<id> "
            "or responder-<id> (lowercase letters, digits and '-')"
        )


def _labelled(label: str) -> str:
    return f" ({label})" if label else ""


def _audit_json(record: FeedToken) -> dict[str, object]:
    # The hash stays out of the log too: the log is read more widely than the token table.
    return {
        "token": record.id,
        "feed": record.feed,
        "label": record.label,
        "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None,
        "replaced_by": record.replaced_by,
    }


def _view(record: FeedToken) -> TokenView:
    return TokenView(
        id=record.id,
        feed=record.feed,
        label=record.label,
        created_by=record.created_by,
        created_at=record.created_at,
        revoked_at=record.revoked_at,
        replaced_by=record.replaced_by,
    )


# --- the addresses a subscriber is given ---------------------------------------------------------


def feed_url(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/{secret}.ics"


def webcal_url(url: str) -> str:
    """The same address with the webcal scheme, which opens the subscribe dialog of Apple
    Calendar, Outlook and Thunderbird instead of downloading the file once."""
    _, _, rest = url.partition("://")
    return f"webcal://{rest}"
