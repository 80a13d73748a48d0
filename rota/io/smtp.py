"""Sending e-mail through an SMTP server (issue 19), with the standard library only.

The settings come from the environment (`ROTA_SMTP_*`) or the command line; the password only
from the environment, so it never shows in a process list or a shell history. Credentials are
never sent over an unencrypted connection: with a username the connection must be STARTTLS or
SSL. TLS certificates are verified with the system's trust store, or with the CA certificate
given (a relay inside the organisation may have its own CA).
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Literal, cast

from rota.domain.errors import InputError

Security = Literal["none", "starttls", "ssl"]
SECURITIES: tuple[Security, ...] = ("none", "starttls", "ssl")
ENV = {
    "host": "ROTA_SMTP_HOST",
    "port": "ROTA_SMTP_PORT",
    "security": "ROTA_SMTP_SECURITY",
    "username": "ROTA_SMTP_USERNAME",
    "password": "ROTA_SMTP_PASSWORD",
    "sender": "ROTA_SMTP_FROM",
    "ca_file": "ROTA_SMTP_CA_FILE",
}
DEFAULT_PORT: dict[Security, int] = {"none": 25, "starttls": 587, "ssl": 465}
TIMEOUT = 30.0  # seconds for a connection or a reply: a hung server fails the run, not hangs it


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    security: Security = "starttls"
    username: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT
    ca_file: Path | None = None  # a private CA's certificate, else the system's trust store


def smtp_settings(
    environ: Mapping[str, str],
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    username: str | None = None,
    sender: str | None = None,
    ca_file: Path | None = None,
) -> SmtpSettings:
    """The settings from the given options, else the environment; every problem at once."""
    problems = []
    host = host or environ.get(ENV["host"])
    if not host:
        problems.append(f"--smtp-host: name the mail server (or set ${ENV['host']})")
    chosen = security or environ.get(ENV["security"]) or "starttls"
    if chosen not in SECURITIES:
        problems.append(f"--smtp-security: '{chosen}' is not one of {', '.join(SECURITIES)}")
        chosen = "starttls"
    mode = cast(Security, chosen)
    port_text = str(port) if port is not None else environ.get(ENV["port"])
    number = DEFAULT_PORT[mode]
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            problems.append(f"--smtp-port: '{port_text}' is not a port; give 1–65535")
        else:
            number = int(port_text)
    sender = sender or environ.get(ENV["sender"])
    if not sender or not is_address(sender):
        problems.append(
            f"--smtp-from: give the sender's address, e.g. rota@example.org (or set "
            f"${ENV['sender']})"
        )
    username = username or environ.get(ENV["username"]) or None
    password = environ.get(ENV["password"]) or None
    if username and mode == "none":
        problems.append(
            "--smtp-security: a username and password would travel unencrypted; use starttls or ssl"
        )
    if username and not password:
        problems.append(f"set ${ENV['password']}: the server's password for '{username}'")
    ca_text = str(ca_file) if ca_file is not None else environ.get(ENV["ca_file"])
    ca = Path(ca_text) if ca_text else None
    if ca is not None and not ca.is_file():
        problems.append(f"--smtp-ca-file: {ca} is not a file; give the CA certificate (PEM)")
    if problems:
        raise InputError(problems)
    assert host is not None and sender is not None
    return SmtpSettings(host, number, sender, mode, username, password, ca_file=ca)


def is_address(text: str) -> bool:
    """A plausible single e-mail address: one '@', a dot in the domain, no spaces, commas,
    angle brackets or line breaks (which would add recipients or headers)."""
    local, at, domain = text.rpartition("@")
    forbidden = set(' \t\r\n,;<>"()') | {"\x00"}
    return (
        bool(at and local and domain)
        and "." in domain.strip(".")
        and "@" not in local
        and not forbidden & set(text)
        and len(text) <= 320
    )


@dataclass(frozen=True)
class Outgoing:
    """One e-mail to send: plain text, and optionally one iCalendar attachment."""

    to: str
    subject: str
    body: str
    language: str
    ics: bytes | None = None


def compose(settings: SmtpSettings, mail: Outgoing) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(mail.body)
    if mail.ics is not None:
        message.add_attachment(
            mail.ics,
            maintype="text",
            subtype="calendar",
            filename="shift.ics",
            params={"method": "PUBLISH"},
        )
    # Last: setting the content drops (and an attachment moves) the Content-* headers.
    message["Content-Language"] = mail.language
    return message


def send_all(settings: SmtpSettings, mails: Sequence[Outgoing]) -> list[str | None]:
    """Send each mail over one connection; per mail, None when the server took it, else why
    not, in one line. A connection that cannot be made or dies fails the rest with its
    reason; nothing here raises for a sending problem."""
    results: list[str | None] = []
    try:
        with _connect(settings) as server:
            for mail in mails:
                try:
                    server.send_message(compose(settings, mail))
                    results.append(None)
                except smtplib.SMTPServerDisconnected:
                    raise
                # ValueError: a message the email package will not write (a header it refuses);
                # it fails that message, not the run.
                except (smtplib.SMTPException, OSError, ValueError) as error:
                    results.append(_why(error))
    except (smtplib.SMTPException, OSError) as error:
        results += [_why(error)] * (len(mails) - len(results))
    return results


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=settings.ca_file)
    server: smtplib.SMTP
    if settings.security == "ssl":
        server = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.username:
            server.login(settings.username, settings.password or "")
    except BaseException:
        server.close()
        raise
    return server


def _why(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:500]
