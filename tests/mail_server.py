"""A real SMTP server on localhost for the notification tests (aiosmtpd), and what it received.

The server runs in its own thread on a free port; each message it accepts is kept parsed, so a
test reads the headers, the body and the attachment a recipient's mail client would get.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller
from icalendar import Calendar

from rota.io.smtp import SmtpSettings

SENDER = "rota@mieli.example"


@dataclass
class Inbox:
    """The messages the server accepted, in arrival order."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(cast(EmailMessage, parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def running_server() -> Iterator[tuple[Inbox, SmtpSettings]]:
    """Start the server; yield its inbox and the settings that reach it; stop it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, SmtpSettings("127.0.0.1", controller.port, SENDER, security="none")
    finally:
        controller.stop()


def closed_settings() -> SmtpSettings:
    """Settings that point at a port where no server listens."""
    return SmtpSettings("127.0.0.1", free_port(), SENDER, security="none", timeout=5)


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(cast(EmailMessage, part).get_content())


def attached_calendar(message: EmailMessage) -> Calendar | None:
    """The .ics attachment parsed with icalendar, or None without one."""
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return Calendar.from_ical(payload)
    return None
