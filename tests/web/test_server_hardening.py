"""The feed server under bad files and odd requests (issue 15, finding 7): never a 500, the
last good content of a broken file, ETags from the content, no symlinks out of the folders,
safety headers on every answer, and a request log that never holds the token."""

# The fixtures come from tests/web/test_server.py; a test naming one as a parameter shadows it.
# ruff: noqa: F811

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from rota.app.feed_tokens import feed_url, issue
from rota.store import Store, open_store
from tests.web.test_server import COORDINATOR, published, quarters, serving  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CUT_SHORT = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTST"


@pytest.fixture
def server(published: Path, tmp_path: Path):
    with serving(published, tmp_path) as running:
        yield running


@pytest.fixture
def warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="rota.web.server")
    return caplog


def warned(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_a_broken_feed_keeps_its_last_good_content(
    server: tuple[str, Store], published: Path, warnings: pytest.LogCaptureFixture
) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "centre-north").secret)
    path = published / "feeds" / "centre-north.ics"
    good = httpx.get(url)
    path.write_bytes(CUT_SHORT)
    for _ in range(3):
        again = httpx.get(url)
        assert (again.status_code, again.content) == (200, good.content)
        assert again.headers["etag"] == good.headers["etag"]
    (problem,) = warned(warnings)  # once, not once per request
    assert "centre-north.ics is not a whole calendar" in problem
    assert "serving its last good content" in problem
    fixed = good.content.replace(b"North centre", b"Nordic centre")
    path.write_bytes(fixed)
    assert httpx.get(url).content == fixed


def test_a_broken_file_in_a_merged_feed_is_left_out(
    quarters: tuple[Path, Path],
    tmp_path: Path,
    warnings: pytest.LogCaptureFixture,
) -> None:
    q4, q1 = quarters
    (q4 / "feeds" / "national.ics").write_bytes(b"not a calendar\r\nEND:VCALENDAR\r\n")
    with serving([q4, q1], tmp_path) as (base, store):
        response = httpx.get(feed_url(base, issue(store, COORDINATOR, "national").secret))
    assert response.status_code == 200
    assert response.content == (q1 / "feeds" / "national.ics").read_bytes()
    (problem,) = warned(warnings)
    assert "2026Q4/feeds/national.ics is not a whole calendar" in problem
    assert "serving nothing from it" in problem


def test_a_replacement_with_the_same_size_and_mtime_is_served(
    server: tuple[str, Store], published: Path
) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "centre-north").secret)
    path = published / "feeds" / "centre-north.ics"
    before = httpx.get(url)
    times = os.stat(path)
    changed = before.content.replace(b"North centre", b"Nerth centre")
    assert len(changed) == len(before.content) and changed != before.content
    path.write_bytes(changed)
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    after = httpx.get(url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.content == changed
    assert after.headers["etag"] != before.headers["etag"]


def test_a_directory_or_a_pipe_in_place_of_a_feed_gets_no_500(
    server: tuple[str, Store], published: Path, warnings: pytest.LogCaptureFixture
) -> None:
    base, store = server
    feeds = published / "feeds"
    served = feed_url(base, issue(store, COORDINATOR, "centre-north").secret)
    good = httpx.get(served).content
    (feeds / "centre-north.ics").unlink()
    (feeds / "centre-north.ics").mkdir()
    (feeds / "centre-south.ics").unlink()
    os.mkfifo(feeds / "centre-south.ics")
    never_served = feed_url(base, issue(store, COORDINATOR, "centre-south").secret)
    assert (httpx.get(served).status_code, httpx.get(served).content) == (200, good)
    assert httpx.get(never_served, timeout=5).status_code == 404
    assert len(warned(warnings)) == 2
    assert all("not a regular file" in w or "Is a directory" in w for w in warned(warnings))


def test_a_symlink_out_of_the_folders_is_refused(
    server: tuple[str, Store], published: Path, tmp_path: Path, warnings: pytest.LogCaptureFixture
) -> None:
    base, store = server
    feeds = published / "feeds"
    outside = tmp_path / "secret.ics"
    shutil.copy(feeds / "national.ics", outside)
    (feeds / "centre-away.ics").symlink_to(outside)
    (feeds / "centre-alias.ics").symlink_to(feeds / "national.ics")
    away = httpx.get(feed_url(base, issue(store, COORDINATOR, "centre-away").secret))
    alias = httpx.get(feed_url(base, issue(store, COORDINATOR, "centre-alias").secret))
    assert away.status_code == 404
    assert (alias.status_code, alias.content) == (200, outside.read_bytes())
    (problem,) = warned(warnings)
    assert "centre-away.ics refused: it leads out of the published folders" in problem


def test_every_answer_carries_the_safety_headers(server: tuple[str, Store]) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "national").secret)
    answers = [
        httpx.get(url),
        httpx.get(feed_url(base, "wrong")),
        httpx.post(url),
        httpx.delete(url),
        httpx.get(f"{base}/nothing-here"),
        httpx.get(f"{base}/healthz"),
    ]
    assert [a.status_code for a in answers] == [200, 404, 405, 405, 404, 200]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_each_request_is_logged_with_feed_status_and_bytes_never_the_token(
    server: tuple[str, Store], warnings: pytest.LogCaptureFixture
) -> None:
    base, store = server
    national = issue(store, COORDINATOR, "national").secret
    personal = issue(store, COORDINATOR, "responder-r17").secret
    body = httpx.get(feed_url(base, national))
    httpx.get(feed_url(base, national), headers={"If-None-Match": body.headers["etag"]})
    httpx.head(feed_url(base, national))
    httpx.get(feed_url(base, personal))
    httpx.get(feed_url(base, "wrong-secret"))
    httpx.post(feed_url(base, national))
    lines = [r.getMessage() for r in warnings.records if r.name == "rota.web.server"]
    assert lines == [
        f"GET feed=national 200 {len(body.content)} bytes",
        "GET feed=national 304 0 bytes",
        "HEAD feed=national 200 0 bytes",
        "GET feed=responder 200 32 bytes",
        "GET feed=unknown 404 10 bytes",
        "POST feed=? 405 18 bytes",
    ]
    assert not any(secret in line for line in lines for secret in (national, personal))


def test_rota_serve_writes_its_request_log_to_standard_error(
    published: Path,
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    store = open_store(db)
    secret = issue(store, COORDINATOR, "national").secret
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(ROOT / ".venv" / "bin" / "rota"), "serve", "--feeds", str(published)]
    command += ["--port", str(port), "--db", db]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = feed_url(f"http://127.0.0.1:{port}", secret)
        deadline = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(url).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "rota serve did not start"
                time.sleep(0.1)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    log = stderr.decode()
    assert "rota.web.server: GET feed=national 200" in log
    assert secret not in log
