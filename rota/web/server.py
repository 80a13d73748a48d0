"""`rota serve`: the calendar feeds, each behind its secret address, from the store's calendar
in force and from published folders.

`GET /feeds/<secret>.ics` answers with the feed the token opens, as `text/calendar;
charset=utf-8` with a strong ETag (the SHA-256 of the bytes). A feed comes from one of two
sources, the store first:

- the store's calendar in force (`rota.app.store_feeds`), when the server is made with
  `calendar_in_force`: the feeds it holds (`national`, `centre-<id>`, `service-<id>`,
  `extra-shifts` of the newest calendar version), rendered once per version, so the next
  request after an approval or an import gets the new version, SEQUENCE raised where an event
  changed; and the personal `responder-<id>` feed of each responder the staffing kept in the
  store knows (their seats and confirmed claims), rendered on each request;
- the published folders (`feeds/<feed>.ics` of the folders `rota plan --out`, `rota changes
  export` or `rota responders assign` wrote): every feed the store's calendar does not hold —
  a personal `responder-<id>` feed the store's staffing does not know, and any feed while the
  store holds no calendar.

Calendar clients poll every few hours; a client that sends the ETag back in `If-None-Match` gets
an empty 304 while the feed is unchanged. A feed in one folder is served as its file is; a feed
in several (`national` of two quarters) is their merge (`rota.publish.feed_merge`), made again
when any of its files changes, so its ETag follows every change that shows.

`Cache-Control: private, no-cache` lets a client keep its copy but makes it ask again each
time, so a revoked token stops working at once instead of living on in some cache.

A wrong, revoked or rotated-out token, and a token whose feed is not published, all get the same
404: the response tells nobody whether a secret ever existed. The access log is off, because its
lines would hold the secrets; the server logs each request's feed, status and bytes instead
(logger `rota.web.server`, to standard error unless the application set up logging). A store
that does not answer (tokens, or the calendar in force) makes a 503.

A feed file that cannot be read or is not a whole calendar (a directory in its place, a file cut
short) never makes an error page: the server logs it and serves that file's last good content,
or leaves the file out of the feed until it is good again. A symbolic link that leads out of the
published folders is refused.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import stat
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rota.app import feeds as published_feeds
from rota.app.feed_tokens import FEED_NAME, resolve
from rota.app.store import Store
from rota.app.store_feeds import StoreFeeds
from rota.domain.errors import InputError

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_CONTROL = "private, no-cache"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_SAFETY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

log = logging.getLogger("rota.web.server")


def feeds_folder(published: Path) -> Path:
    """The folder of .ics files in `published`: its `feeds/` (a plan's output directory) or
    `published` itself. Raises FileNotFoundError when neither holds a feed."""
    if not published.is_dir():
        raise FileNotFoundError(
            f"{published}: folder not found; give a folder that rota plan, rota changes export "
            "or rota responders assign wrote"
        )
    for folder in (published / "feeds", published):
        if folder.is_dir() and any(folder.glob("*.ics")):
            return folder
    raise FileNotFoundError(f"{published}: no feeds/ with .ics files; run rota plan --out first")


def feeds_folders(published: Sequence[Path]) -> list[Path]:
    """`feeds_folder` of each, in the order given, each folder once; InputError with a line
    per folder that holds no feed."""
    problems: list[str] = []
    folders: list[Path] = []
    for path in published:
        try:
            folders.append(feeds_folder(path).resolve())
        except FileNotFoundError as error:
            problems.append(str(error))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(folders))


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str


@dataclass(frozen=True)
class _Checked:
    """What a feed file held when last read: the hash of its bytes, or why it could not be read."""

    digest: str
    problem: str | None


class PublishedFeeds:
    """Serves each feed from its files' current content, checked and merged once per change.

    Files are read on every request and known by the hash of their bytes, not by size and
    mtime, which a replacement can keep. A file that is not a whole calendar is replaced by its
    last good content, or left out."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [folder.resolve() for folder in folders]
        self._checked: dict[Path, _Checked] = {}
        self._good: dict[Path, tuple[str, bytes]] = {}  # last well-formed (digest, bytes)
        self._feeds: dict[str, tuple[tuple[str, ...], Feed]] = {}

    def get(self, name: str) -> Feed | None:
        if not FEED_NAME.match(name):
            return None
        sources = [
            found for folder in self.folders if (found := self._source(folder / f"{name}.ics"))
        ]
        if not sources:
            return None
        digests = tuple(digest for digest, _ in sources)
        cached = self._feeds.get(name)
        if cached is not None and cached[0] == digests:
            return cached[1]
        if len(sources) == 1:
            feed = Feed(sources[0][1], f'"{digests[0]}"')
        else:
            try:
                body = published_feeds.merged([body for _, body in sources])
            except Exception:  # checked files that still do not merge: keep serving
                log.exception("feed %s: its files do not merge; serving the last merge", name)
                return cached[1] if cached is not None else None
            feed = Feed(body, f'"{hashlib.sha256(body).hexdigest()}"')
        self._feeds[name] = (digests, feed)
        return feed

    def _source(self, path: Path) -> tuple[str, bytes] | None:
        """The (digest, bytes) of `path` to serve: its content when that is a whole calendar,
        else its last good content; None when it is absent, refused or never was good."""
        real = path.resolve()
        if not any(real.is_relative_to(folder) for folder in self.folders):
            self._note(
                path, _Checked("", f"refused: it leads out of the published folders to {real}")
            )
            return None
        try:
            body = _read_regular_file(real)
        except FileNotFoundError:
            return None
        except OSError as error:
            self._note(path, _Checked("", f"cannot be read ({error.strerror or error})"))
            return self._good.get(path)
        digest = hashlib.sha256(body).hexdigest()
        known = self._checked.get(path)
        if known is None or known.digest != digest:
            try:
                published_feeds.check(body)
            # Any failure to read a file someone else wrote is the file's problem, not a
            # reason to fail the request.
            except Exception as error:
                known = _Checked(digest, f"is not a whole calendar: {error}")
            else:
                known = _Checked(digest, None)
                self._good[path] = (digest, body)
            self._note(path, known)
        return (digest, body) if known.problem is None else self._good.get(path)

    def _note(self, path: Path, checked: _Checked) -> None:
        """Remember what `path` held; log a problem once, when it first shows."""
        if self._checked.get(path) == checked:
            return
        self._checked[path] = checked
        if checked.problem is not None:
            fallback = "its last good content" if path in self._good else "nothing from it"
            log.warning("%s %s; serving %s until it is fixed", path, checked.problem, fallback)


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file; OSError for a directory, a pipe or a device
    (opened without blocking, so a pipe cannot stall the request), or a symbolic link put in
    its place since it was resolved."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return file.read()


def create_app(
    published: Path | Sequence[Path], store: Store, *, calendar_in_force: bool = False
) -> Starlette:
    """The feed server for the feeds in `published` (one folder or several, see
    `feeds_folders`; none when `calendar_in_force` serves them all), with tokens from `store`.
    With `calendar_in_force`, the feeds the store's calendar in force holds come from it and
    the folders serve the rest."""
    folders = PublishedFeeds(
        feeds_folders([published] if isinstance(published, Path) else published)
    )
    stored = StoreFeeds(store) if calendar_in_force else None

    def lookup(name: str) -> Feed | None:
        rendered = stored.get(name) if stored is not None else None
        if rendered is not None:
            return Feed(rendered.body, f'"{rendered.digest}"')
        return folders.get(name)

    def feed(request: Request) -> Response:
        try:
            name = resolve(store, request.path_params["token"])
            request.scope[_FEED_KEY] = _logged_name(name)
            found = lookup(name) if name is not None else None
        except SQLAlchemyError:
            log.exception("the store does not answer")
            return PlainTextResponse(
                "Unavailable\n", status_code=503, headers={"Cache-Control": "no-store"}
            )
        if found is None:
            return _not_found()
        headers = {"ETag": found.etag, "Cache-Control": CACHE_CONTROL}
        if _matches(request.headers.get("if-none-match"), found.etag):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(found.body))
            return Response(b"", headers=headers, media_type=CONTENT_TYPE)
        return Response(found.body, headers=headers, media_type=CONTENT_TYPE)

    def healthz(request: Request) -> Response:
        try:
            with store.reading() as session:
                session.execute(text("SELECT 1"))
        except Exception:
            log.exception("healthz: the store does not answer")
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})

    app = Starlette(
        routes=[
            # A GET route answers HEAD too.
            Route("/feeds/{token}.ics", feed, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=_logging_to_stderr,
    )
    app.add_middleware(_SafetyAndLog)
    return app


_FEED_KEY = "rota.feed"


def _logged_name(name: str | None) -> str:
    """The feed as the log names it: a personal feed only as one, because which responder's
    calendar polls when is personal data; a token that opens nothing as unknown."""
    if name is None:
        return "unknown"
    return "responder" if name.startswith("responder-") else name


class _SafetyAndLog:
    """Gives every response (404s and 405s too) the safety headers, and logs every request:
    method, feed, status and bytes sent. Never the path, which holds the secret."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status, sent = 0, 0

        async def sending(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for header, value in _SAFETY.items():
                    headers.setdefault(header, value)
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
                if not message.get("more_body", False):
                    # Logged before the last byte leaves, so by the time a client holds the
                    # whole answer its line is in the log (a test reads it straight after).
                    self._log(scope, status, sent)
            await send(message)

        await self.app(scope, receive, sending)

    @staticmethod
    def _log(scope: Scope, status: int, sent: int) -> None:
        path, feed = scope["path"], scope.get(_FEED_KEY)
        if feed is not None:
            what = f"feed={feed}"
        elif path.startswith("/feeds/"):
            what = "feed=?"  # refused before its token was looked at (405)
        else:
            what = "healthz" if path == "/healthz" else "other"
        log.info("%s %s %d %d bytes", scope["method"], what, status, sent)


@contextlib.asynccontextmanager
async def _logging_to_stderr(app: Starlette) -> AsyncIterator[None]:
    """uvicorn sets up only its own loggers, so without this the request log went nowhere."""
    if not log.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    yield


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: If-None-Match compares weakly, so a W/ prefix still matches."""
    if if_none_match is None:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def _not_found() -> Response:
    return PlainTextResponse("Not found\n", status_code=404, headers={"Cache-Control": "no-store"})
