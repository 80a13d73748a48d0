"""`rota serve`: the calendar feeds of the published folders, each behind its secret address.

`GET /feeds/<secret>.ics` answers with the feed the token opens (`feeds/<feed>.ics` of the
folders `rota plan --out`, `rota changes export` or `rota responders assign` wrote), as
`text/calendar; charset=utf-8` with a strong ETag (the SHA-256 of the bytes). Calendar clients
poll every few hours; a client that sends the ETag back in `If-None-Match` gets an empty 304
while the feed is unchanged. A feed in one folder is served as its file is; a feed in several
(`national` of two quarters) is their merge (`rota.feed_merge`), made again when any of its
files changes, so its ETag follows every change that shows.

`Cache-Control: private, no-cache` lets a client keep its copy but makes it ask again each
time, so a revoked token stops working at once instead of living on in some cache.

A wrong, revoked or rotated-out token, and a token whose feed is not published, all get the same
404: the response tells nobody whether a secret ever existed. The access log is off, because its
lines would hold the secrets; the server logs the feed name and status instead.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from rota.feed_merge import merge_calendars
from rota.feed_tokens import FEED_NAME, resolve
from rota.loading import InputError
from rota.store import Store

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_CONTROL = "private, no-cache"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_SAFETY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

log = logging.getLogger("rota.server")


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
    stamp: tuple[tuple[Path, int, int], ...]  # (path, mtime_ns, size) of each file it came from


class PublishedFeeds:
    """Reads a feed's files when one of them changes (a new plan replaces the files), else
    serves the bytes and ETag it made before."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._cache: dict[str, Feed] = {}

    def get(self, name: str) -> Feed | None:
        if not FEED_NAME.match(name):
            return None
        stamp: list[tuple[Path, int, int]] = []
        for folder in self.folders:
            path = folder / f"{name}.ics"
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            stamp.append((path, stat.st_mtime_ns, stat.st_size))
        if not stamp:
            return None
        cached = self._cache.get(name)
        if cached is not None and cached.stamp == tuple(stamp):
            return cached
        try:
            bodies = [path.read_bytes() for path, _, _ in stamp]
        except FileNotFoundError:
            return None  # replaced between stat and read: the next poll gets the new files
        body = bodies[0] if len(bodies) == 1 else merge_calendars(bodies)
        feed = Feed(body, f'"{hashlib.sha256(body).hexdigest()}"', tuple(stamp))
        self._cache[name] = feed
        return feed


def create_app(published: Path | Sequence[Path], store: Store) -> Starlette:
    """The feed server for the feeds in `published` (one folder or several, see
    `feeds_folders`), with tokens from `store`."""
    feeds = PublishedFeeds(feeds_folders([published] if isinstance(published, Path) else published))

    def feed(request: Request) -> Response:
        name = resolve(store, request.path_params["token"])
        found = feeds.get(name) if name is not None else None
        if found is None:
            log.info("%s feed - 404", request.method)
            return _not_found()
        headers = {"ETag": found.etag, "Cache-Control": CACHE_CONTROL, **_SAFETY}
        if _matches(request.headers.get("if-none-match"), found.etag):
            log.info("%s feed %s 304", request.method, name)
            return Response(status_code=304, headers=headers)
        log.info("%s feed %s 200", request.method, name)
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

    return Starlette(
        routes=[
            # A GET route answers HEAD too.
            Route("/feeds/{token}.ics", feed, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def feed_url(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/{secret}.ics"


def webcal_url(url: str) -> str:
    """The same address with the webcal scheme, which opens the subscribe dialog of Apple
    Calendar, Outlook and Thunderbird instead of downloading the file once."""
    _, _, rest = url.partition("://")
    return f"webcal://{rest}"


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: If-None-Match compares weakly, so a W/ prefix still matches."""
    if if_none_match is None:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def _not_found() -> Response:
    return PlainTextResponse("Not found\n", status_code=404, headers={"Cache-Control": "no-store"})
