"""What the feed server hands out: a published feed checked whole before it replaces the last
good one, and the same-named feeds of several published folders (two quarters) merged."""

from __future__ import annotations

from rota.publish.feed_merge import check_feed, merge_calendars


def check(body: bytes) -> None:
    """Raises ValueError saying why `body` is not a whole calendar the server may serve."""
    check_feed(body)


def merged(bodies: list[bytes]) -> bytes:
    """One calendar of the same-named feeds of several folders, in the folders' order."""
    return merge_calendars(bodies)
