"""E-mail notifications and reminders (issue 19): queued with the action, sent by `deliver`.

An action that tells someone (a proposal submitted or decided, a claim confirmed, a swap
offered or accepted) calls `enqueue` inside its own transaction: the message is rendered in the
recipient's language and written to the outbox with the action, so a rolled-back action sends
nothing, and a mail server that is down never blocks or undoes the action. `deliver` (`rota
notify send`, run from cron or a systemd timer) sends what is due, retries a failure with a
growing wait, writes every failure to the audit log, and gives a message up only after
`MAX_ATTEMPTS`, marked failed where `outbox_status` shows it.

Recipients are accounts with an e-mail address (`rota accounts set-email`), found by role:
`coordinators`, `centre_staff`, `responder_accounts`. For the claim and swap use cases:

    with store.transaction() as session:
        ...  # record the claim
        enqueue(session, responder_accounts(session, responder), ClaimConfirmed(occurrence))

`remind` queues the day-before reminders and the open-seat alerts from the assignment and open
seats it is given; a second run on the same day queues nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed
from rota.app.network import stored_scenario
from rota.domain.calendar import as_helsinki, instant
from rota.domain.errors import ChangeError, InputError, NotFound
from rota.domain.notices import (
    LANGUAGES,
    ClaimConfirmed,
    Language,
    Notice,
    SeatStillOpen,
    ShiftReminder,
    SwapAccepted,
    SwapOffered,
)
from rota.domain.plan import Occurrence
from rota.domain.scenario import Scenario
from rota.domain.seats import OpenSeat, SeatAssignment
from rota.io.seat_files import read_assignment, read_open_seats
from rota.io.smtp import ENV, Outgoing, SmtpSettings, send_all, smtp_settings
from rota.publish.messages import render
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import Account, OutboxMessage

log = logging.getLogger("rota.notify")

# Waits before the 2nd, 3rd… attempt: a server restart is ridden out within minutes, an outage
# of an afternoon still delivers; after the last the message is marked failed (about 9 h in).
RETRY_WAITS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_WAITS) + 1
# A run claims the messages it sends for this long, so two runs at once do not both send one;
# a run that dies meanwhile leaves them to be sent again after it.
LEASE = dt.timedelta(minutes=10)
BATCH = 200
DEFAULT_OPEN_DAYS = 3  # an open seat alert goes this many days before the shift


@dataclass(frozen=True)
class Recipient:
    username: str
    address: str
    language: Language


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    retrying: int  # failed this time, tried again later
    failed: int  # failed for good this time
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReminderReport:
    reminders: int  # messages queued
    alerts: int
    already_queued: int  # by an earlier run: not queued again
    unreachable: int  # responders or centres with no account with an address


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sent: int
    failed: int
    failures: tuple[str, ...]  # one line per message given up on


# --- recipients ---------------------------------------------------------------------------------


def coordinators(session: Session) -> list[Recipient]:
    return _recipients(session, Account.role == "coordinator")


# The claim and swap events (`rota.app.claims.Notice`) that have a message of their own; the
# others (a claim awaiting its centre, a declined claim or swap) are seen on the pages.
SHIFT_MESSAGES: dict[str, type[ClaimConfirmed | SwapOffered | SwapAccepted]] = {
    "claim-confirmed": ClaimConfirmed,
    "swap-offered": SwapOffered,
    "swap-accepted": SwapAccepted,
}


def tell_responders(
    session: Session, event: str, recipients: Sequence[str], occurrence: Occurrence
) -> int:
    """Queue the message of a claim or swap `event` about `occurrence` for the responders among
    `recipients` (actors such as `responder:<id>`), in the caller's transaction; how many."""
    made = SHIFT_MESSAGES.get(event)
    if made is None:
        return 0
    queued = 0
    for recipient in recipients:
        role, _, ident = recipient.partition(":")
        if role == "responder":
            queued += enqueue(session, responder_accounts(session, ident), made(occurrence))
    return queued


def centre_staff(session: Session, centre: str) -> list[Recipient]:
    """The accounts acting for `centre`."""
    return _recipients(session, Account.role == "centre", Account.centre_id == centre)


def responder_accounts(session: Session, responder: str) -> list[Recipient]:
    """The responder's own account(s): the only ones that may hear of their shifts."""
    return _recipients(session, Account.role == "responder", Account.responder_id == responder)


def _recipients(session: Session, *where: object) -> list[Recipient]:
    rows = session.scalars(
        select(Account)
        .where(*where, Account.email.is_not(None), Account.disabled_at.is_(None))  # type: ignore[arg-type]
        .order_by(Account.username)
    )
    return [
        Recipient(a.username, a.email or "", a.language) for a in rows if a.language in LANGUAGES
    ]


# --- queueing -----------------------------------------------------------------------------------


def enqueue(
    session: Session,
    recipients: Sequence[Recipient],
    notice: Notice,
    scenario: Scenario | None = None,
    key: str | None = None,
) -> int:
    """Queue `notice` for each recipient in the caller's transaction; how many were queued.

    `scenario` gives the names of centres and services (default: the calendar in force's).
    With a `key`, a message already queued under it for a recipient is not queued again."""
    if not recipients:
        return 0
    scenario = scenario or _scenario_in_force(session)
    now = repo.now()
    queued = 0
    for recipient in recipients:
        dedupe = None if key is None else f"{key}|{recipient.username}"
        if dedupe is not None and session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe)
        ):
            continue
        message = render(notice, recipient.language, scenario, now)
        session.add(
            OutboxMessage(
                username=recipient.username,
                address=recipient.address,
                kind=message.kind,
                language=recipient.language,
                subject=message.subject,
                body=message.body,
                ics=message.ics.decode("utf-8") if message.ics is not None else None,
                dedupe_key=dedupe,
                created_at=now,
                attempts=0,
                next_attempt_at=now,
            )
        )
        queued += 1
    session.flush()
    return queued


def _scenario_in_force(session: Session) -> Scenario:
    current = repo.current_version(session)
    if current is None:
        raise NotFound("no calendar yet: a notification names the network's centres")
    return stored_scenario(current.scenario.text, current.scenario.source)


# --- reminders ----------------------------------------------------------------------------------


@allowed("coordinator", doing="send reminders")
def remind(
    store: Store,
    actor: Actor,
    today: dt.date,
    assignments: Sequence[SeatAssignment],
    open_seats: Sequence[OpenSeat],
    open_days: int = DEFAULT_OPEN_DAYS,
) -> ReminderReport:
    """Queue "your shift tomorrow" for each responder seated on a shift that starts tomorrow
    (Helsinki date), and "seat still open" for each centre with an open seat on a shift that
    starts `open_days` days from `today`. The assignment and open seats are given, so this
    works from whichever assignment is in force."""
    if not 1 <= open_days <= 60:
        raise ChangeError(f"--open-days: {open_days} is not 1–60 days before the shift")
    tomorrow = today + dt.timedelta(days=1)
    alert_day = today + dt.timedelta(days=open_days)
    reminders = alerts = already = unreachable = 0
    with store.transaction() as session:
        scenario = _scenario_in_force(session)
        for row in assignments:
            if as_helsinki(row.occurrence.start).date() != tomorrow:
                continue
            people = responder_accounts(session, row.responder)
            key = f"shift-reminder|{row.responder}|{_seat_key(row.occurrence, row.seat)}"
            queued = enqueue(session, people, ShiftReminder(row.occurrence), scenario, key)
            reminders += queued
            already += len(people) - queued
            unreachable += not people
        for seat in open_seats:
            if as_helsinki(seat.occurrence.start).date() != alert_day:
                continue
            staff = centre_staff(session, seat.occurrence.centre)
            notice = SeatStillOpen(seat.occurrence, seat.seat, open_days)
            key = f"seat-still-open|{_seat_key(seat.occurrence, seat.seat)}|{open_days}"
            queued = enqueue(session, staff, notice, scenario, key)
            alerts += queued
            already += len(staff) - queued
            unreachable += not staff
        repo.audit(
            session,
            str(actor),
            "notify-remind",
            f"reminders for {tomorrow.isoformat()}: {reminders} queued; open-seat alerts for "
            f"{alert_day.isoformat()}: {alerts} queued; {already} queued before; "
            f"{unreachable} without an account with an e-mail address",
        )
    return ReminderReport(reminders, alerts, already, unreachable)


@allowed("coordinator", doing="send reminders")
def remind_from_store(
    store: Store, actor: Actor, today: dt.date, open_days: int = DEFAULT_OPEN_DAYS
) -> ReminderReport:
    """`remind` from the staffing kept in the store (`rota responders staff --db`): the seats
    responders sit, claims the centres confirmed included, and the seats no one holds."""
    # Imported here: the staffing reads the calendar through `changes`, which queues its own
    # messages through this module.
    from rota.app.stored_staffing import stored_seats

    with store.reading() as session:
        seated, open_seats = stored_seats(session)
    return remind(store, actor, today, seated, open_seats, open_days)


@allowed("coordinator", doing="send reminders")
def remind_from_folder(
    store: Store, actor: Actor, today: dt.date, folder: Path, open_days: int = DEFAULT_OPEN_DAYS
) -> ReminderReport:
    """`remind` from the folder `rota responders assign` wrote (assignment.csv and
    open-seats.csv), its seats checked against the calendar in force."""
    if not (folder / "assignment.csv").is_file():
        raise InputError(
            [
                f"--assignment: {folder} has no assignment.csv; give the folder `rota "
                "responders assign` wrote"
            ]
        )
    from rota.app.changes import calendar_in_force  # changes queues its messages through here

    in_force = calendar_in_force(store, actor)
    seated = read_assignment(folder / "assignment.csv")
    open_seats = read_open_seats(folder, in_force.occurrences, in_force.calendar.covered)
    return remind(store, actor, today, seated, open_seats, open_days)


def _seat_key(occurrence: Occurrence, seat: int) -> str:
    start = instant(occurrence.start).isoformat()
    return f"{occurrence.centre}|{occurrence.service}|{start}|{seat}"


# --- sending ------------------------------------------------------------------------------------

# The environment variables the mail settings are read from, for the interfaces' help texts.
SMTP_ENV = dict(ENV)


def mail_settings(
    environ: Mapping[str, str],
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    username: str | None = None,
    sender: str | None = None,
    ca_file: Path | None = None,
) -> SmtpSettings:
    """The SMTP server to send through: the options given, else `SMTP_ENV` from `environ` (the
    password only from there); every problem at once (InputError)."""
    return smtp_settings(environ, host, port, security, username, sender, ca_file)


@allowed("coordinator", doing="send notifications")
def deliver(
    store: Store, actor: Actor, settings: SmtpSettings, now: dt.datetime | None = None
) -> DeliveryReport:
    """Send the messages that are due through the SMTP server of `settings`. The server is
    talked to between two transactions, never inside one."""
    now = now or repo.now()
    due = _claim_due(store, now)
    if not due:
        return DeliveryReport(0, 0, 0)
    mails = [Outgoing(m.address, m.subject, m.body, m.language, _ics(m)) for m in due]
    results = send_all(settings, mails)
    sent = retrying = failed = 0
    errors = []
    with store.transaction() as session:
        for message, error in zip(due, results, strict=True):
            record = session.get(OutboxMessage, message.id)
            if record is None:
                continue
            if error is None:
                record.sent_at, record.last_error = now, None
                record.attempts += 1
                sent += 1
                continue
            record.attempts += 1
            record.last_error = error
            what = f"e-mail {record.id} ({record.kind}) to account '{record.username}'"
            if record.attempts >= MAX_ATTEMPTS:
                record.failed_at = now
                failed += 1
                line = f"{what} given up after {record.attempts} attempts: {error}"
                repo.audit(session, str(actor), "notify-failed", line)
                log.error(line)
            else:
                record.next_attempt_at = now + RETRY_WAITS[record.attempts - 1]
                retrying += 1
                line = (
                    f"{what} not sent (attempt {record.attempts} of {MAX_ATTEMPTS}): {error}; "
                    f"next attempt at {as_helsinki(record.next_attempt_at):%Y-%m-%d %H:%M}"
                )
                repo.audit(session, str(actor), "notify-retry", line)
                log.warning(line)
            errors.append(line)
        if sent:
            repo.audit(session, str(actor), "notify-sent", f"{sent} e-mails sent")
    return DeliveryReport(sent, retrying, failed, tuple(errors))


def _claim_due(store: Store, now: dt.datetime) -> list[OutboxMessage]:
    """The due messages this run sends, each claimed for `LEASE` with a compare-and-set, so
    a run started meanwhile skips them."""
    claimed = []
    with store.transaction() as session:
        due = session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.id)
            .limit(BATCH)
        ).all()
        for message in due:
            taken = session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == message.id,
                    OutboxMessage.next_attempt_at == message.next_attempt_at,
                )
                .values(next_attempt_at=now + LEASE)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(message)
    return claimed


def _ics(message: OutboxMessage) -> bytes | None:
    return message.ics.encode("utf-8") if message.ics is not None else None


@allowed("coordinator", doing="read the outbox")
def outbox_status(store: Store, actor: Actor) -> OutboxStatus:
    """How many messages wait, were sent, or were given up on, and why each of the last."""
    with store.transaction() as session:

        def count(*where: object) -> int:
            return int(session.scalar(select(func.count(OutboxMessage.id)).where(*where)) or 0)  # type: ignore[arg-type]

        pending = count(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
        sent = count(OutboxMessage.sent_at.is_not(None))
        given_up = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.failed_at.is_not(None))
            .order_by(OutboxMessage.id)
        ).all()
        failures = tuple(
            f"e-mail {m.id} ({m.kind}) to account '{m.username}', queued "
            f"{as_helsinki(m.created_at):%Y-%m-%d %H:%M}: {m.last_error}"
            for m in given_up
        )
    return OutboxStatus(pending, sent, len(given_up), failures)
