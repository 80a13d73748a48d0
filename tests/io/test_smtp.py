"""The SMTP transport against a real server (aiosmtpd) speaking TLS with a certificate made for
the test: STARTTLS and implicit TLS with a login, a wrong password, an untrusted certificate.
Every problem comes back as a line per message, never as an exception."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from rota.io.smtp import Outgoing, SmtpSettings, send_all
from tests.mail_server import SENDER, Inbox, free_port

LOGIN, PASSWORD = "rota", "a long test password"
MAIL = Outgoing("coord@mieli.example", "Muutosehdotus 1: B", "Hei", "fi", b"BEGIN:VCALENDAR")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def only_our_login(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        LOGIN.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def tls_server(certificate: tuple[Path, Path], implicit: bool) -> Iterator[tuple[Inbox, int]]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    inbox = Inbox()
    tls: dict[str, Any] = (
        {"ssl_context": context} if implicit else {"tls_context": context, "require_starttls": True}
    )
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=only_our_login,
        # aiosmtpd only counts a STARTTLS upgrade as TLS; an implicit-TLS socket is one anyway.
        auth_require_tls=not implicit,
        auth_required=True,
        **tls,
    )
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def starttls(certificate: tuple[Path, Path]) -> Iterator[tuple[Inbox, int]]:
    yield from tls_server(certificate, implicit=False)


@pytest.fixture
def implicit_tls(certificate: tuple[Path, Path]) -> Iterator[tuple[Inbox, int]]:
    yield from tls_server(certificate, implicit=True)


def settings(port: int, certificate: tuple[Path, Path], security: Any) -> SmtpSettings:
    return SmtpSettings(
        "127.0.0.1", port, SENDER, security, LOGIN, PASSWORD, timeout=10, ca_file=certificate[0]
    )


def test_starttls_with_a_login_delivers(
    starttls: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = starttls
    assert send_all(settings(port, certificate, "starttls"), [MAIL, MAIL]) == [None, None]
    assert [m["To"] for m in inbox.messages] == ["coord@mieli.example"] * 2
    assert inbox.messages[0]["Auto-Submitted"] == "auto-generated"


# The server's warning is about its own flag, which an implicit-TLS socket makes moot.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_with_a_login_delivers(
    implicit_tls: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = implicit_tls
    assert send_all(settings(port, certificate, "ssl"), [MAIL]) == [None]
    assert len(inbox.messages) == 1


def test_a_wrong_password_fails_each_message_in_one_line(
    starttls: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = starttls
    wrong = replace(settings(port, certificate, "starttls"), password="not it")
    results = send_all(wrong, [MAIL, MAIL])
    assert len(results) == 2
    assert all(r is not None and r.startswith("SMTPAuthenticationError") for r in results)
    assert inbox.messages == []


def test_a_certificate_no_one_vouches_for_is_refused(
    starttls: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = starttls
    untrusted = replace(settings(port, certificate, "starttls"), ca_file=None)
    (result,) = send_all(untrusted, [MAIL])
    assert result is not None and "CERTIFICATE_VERIFY_FAILED" in result
    assert inbox.messages == []


def test_a_message_the_email_package_refuses_fails_alone(
    starttls: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = starttls
    broken = replace(MAIL, subject="two\nlines")
    results = send_all(settings(port, certificate, "starttls"), [broken, MAIL])
    assert results[0] is not None and results[0].startswith("ValueError")
    assert results[1] is None
    assert len(inbox.messages) == 1
