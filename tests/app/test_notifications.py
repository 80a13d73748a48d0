"""E-mail notifications through a real SMTP server on localhost (issue 19).

Each test runs on SQLite and on PostgreSQL (when configured), sends through `deliver` to an
aiosmtpd server and reads what it received: who got what, in which language, with which
attachment, and that no message names another person. Accounts are written straight to the
store (a password hash is beside the point here and costs a scrypt run each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from rota.app import changes, notifications
from rota.app.accounts import AccountError, create_account, list_accounts, set_contact
from rota.app.actors import Actor
from rota.domain.calendar import HELSINKI, instant
from rota.domain.errors import NoticeTooShort
from rota.domain.notices import ClaimConfirmed, SwapAccepted, SwapOffered
from rota.domain.plan import Occurrence
from rota.domain.seats import OpenSeat, SeatAssignment
from rota.io.smtp import Outgoing, SmtpSettings
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import Account, AuditEntry, OutboxMessage, ProposalRecord
from tests.change_network import EFFECTIVE, TODAY
from tests.mail_server import Inbox, attached_calendar, body, closed_settings, running_server
from tests.roster_network import NAMES

COORDINATOR = Actor("coordinator")
B_SHIFT = "fi-phone thu 08:00-16:00"
# A Wednesday of the calendar's quarter: tomorrow's b shift is Thursday 14.1.2027 08–16.
REMIND_DAY = dt.date(2027, 1, 13)
# Every responder's pseudonym and made-up name: no message may carry one.
PEOPLE = [f"{c}-{n}" for c in ("a", "b", "c") for n in (1, 2)] + [
    name for names in NAMES.values() for name in names
]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    yield from running_server()


def add_account(
    store: Store, username: str, role: str, email: str | None, language: str = "fi"
) -> None:
    actor = Actor.parse(role)
    with store.transaction() as session:
        session.add(
            Account(
                username=username,
                password_hash="not-used",
                role=actor.role,
                centre_id=actor.ident if actor.role == "centre" else None,
                responder_id=actor.ident if actor.role == "responder" else None,
                created_at=repo.now(),
                email=email,
                language=language,
            )
        )


def b_shift(store: Store, day: dt.date) -> Occurrence:
    """Centre b's Finnish-line occurrence on `day` (08–16)."""
    found = changes.calendar_in_force(store, COORDINATOR).occurrences
    return next(o for o in found if o.centre == "b" and o.start.date() == day)


def outbox_count(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count(OutboxMessage.id))) or 0)


def assert_private(message: EmailMessage) -> None:
    """No responder's pseudonym or name anywhere in the message, attachment included."""
    raw = message.as_string()
    for person in PEOPLE:
        assert person not in raw, person


def propose_drop(store: Store) -> int:
    view = changes.propose(
        store, Actor("centre", "b"), "drop", EFFECTIVE, "leave", TODAY, shift=B_SHIFT
    )
    return view.id


def test_a_proposal_mails_every_coordinator_with_an_address_in_their_language(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add_account(network_store, "coord-fi", "coordinator", "coord@mieli.example", "fi")
    add_account(network_store, "coord-en", "coordinator", "coord2@mieli.example", "en")
    add_account(network_store, "coord-none", "coordinator", None)
    add_account(network_store, "centre-c", "centre:c", "c@centre.example")
    ident = propose_drop(network_store)

    report = notifications.deliver(network_store, COORDINATOR, settings)

    assert report.sent == 2
    assert {m["To"] for m in inbox.messages} == {"coord@mieli.example", "coord2@mieli.example"}
    (finnish,) = inbox.to("coord@mieli.example")
    assert finnish["Subject"] == f"Muutosehdotus {ident}: B"
    assert finnish["Content-Language"] == "fi"
    assert finnish["From"] == settings.sender
    text = body(finnish)
    assert "B ehdottaa muutosta: vuoron poisto, voimaan 1.2.2027." in text
    assert "Nykyinen vuoro: torstaisin klo 08.00–16.00, MIELI Kriisipuhelin" in text
    (english,) = inbox.to("coord2@mieli.example")
    assert english["Subject"] == f"Change proposal {ident}: B"
    assert "Current shift: Thursdays 08:00–16:00" in body(english)
    assert attached_calendar(finnish) is None  # a standing-shift proposal names no date
    for message in inbox.messages:
        assert_private(message)


def test_a_decision_mails_the_proposing_centre_only_in_swedish(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add_account(network_store, "centre-b", "centre:b", "b@centre.example", "sv")
    add_account(network_store, "centre-c", "centre:c", "c@centre.example", "sv")
    rejected = propose_drop(network_store)
    changes.reject(network_store, COORDINATOR, rejected, "täckningen brister")
    approved = propose_drop(network_store)
    changes.approve(network_store, COORDINATOR, approved, TODAY, force=True)

    notifications.deliver(network_store, COORDINATOR, settings)

    assert inbox.to("c@centre.example") == []
    subjects = [m["Subject"] for m in inbox.to("b@centre.example")]
    assert subjects == [
        f"Ändringsförslag {rejected} avslogs",
        f"Ändringsförslag {approved} godkändes",
    ]
    first = body(inbox.to("b@centre.example")[0])
    assert "Motivering: täckningen brister" in first
    assert "Nuvarande pass: torsdagar kl. 08.00–16.00" in first


def test_a_send_that_fails_keeps_the_proposal_and_is_retried_until_the_server_takes_it(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, live = smtp
    add_account(network_store, "coord", "coordinator", "coord@mieli.example")
    ident = propose_drop(network_store)
    start = repo.now()

    down = notifications.deliver(network_store, COORDINATOR, closed_settings(), start)

    assert (down.sent, down.retrying, down.failed) == (0, 1, 0)
    assert "not sent (attempt 1 of 6)" in down.errors[0]
    assert changes.show_proposal(network_store, COORDINATOR, ident).status == "pending"
    with network_store.transaction() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "notify-retry"))
        assert len(list(logged)) == 1
    # Not due again before its wait is over, even with the server back.
    soon = start + dt.timedelta(seconds=30)
    early = notifications.deliver(network_store, COORDINATOR, live, soon)
    assert early.sent == 0 and inbox.messages == []

    later = notifications.deliver(network_store, COORDINATOR, live, start + dt.timedelta(minutes=1))

    assert later.sent == 1
    assert [m["To"] for m in inbox.messages] == ["coord@mieli.example"]
    again = notifications.deliver(network_store, COORDINATOR, live, start + dt.timedelta(hours=1))
    assert again.sent == 0  # sent once, never again


def test_a_message_is_given_up_only_after_the_last_attempt_and_then_reported(
    network_store: Store,
) -> None:
    add_account(network_store, "coord", "coordinator", "coord@mieli.example")
    propose_drop(network_store)
    down, moment = closed_settings(), repo.now()
    outcomes = []
    for _attempt in range(notifications.MAX_ATTEMPTS):
        report = notifications.deliver(network_store, COORDINATOR, down, moment)
        outcomes.append((report.retrying, report.failed))
        moment += dt.timedelta(days=1)

    assert outcomes == [(1, 0)] * (notifications.MAX_ATTEMPTS - 1) + [(0, 1)]
    status = notifications.outbox_status(network_store, COORDINATOR)
    assert (status.pending, status.sent, status.failed) == (0, 0, 1)
    assert "(proposal-submitted) to account 'coord'" in status.failures[0]
    assert "ConnectionRefusedError" in status.failures[0]
    with network_store.transaction() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("notify-retry") == notifications.MAX_ATTEMPTS - 1
    assert actions.count("notify-failed") == 1


def test_a_rolled_back_or_refused_action_queues_nothing(network_store: Store) -> None:
    add_account(network_store, "coord", "coordinator", "coord@mieli.example")
    add_account(network_store, "b-1", "responder:b-1", "b1@example.org")
    occurrence = b_shift(network_store, dt.date(2027, 1, 14))

    with pytest.raises(RuntimeError), network_store.transaction() as session:
        recipients = notifications.responder_accounts(session, "b-1")
        assert notifications.enqueue(session, recipients, ClaimConfirmed(occurrence)) == 1
        raise RuntimeError("the claim failed after the message was queued")
    with pytest.raises(NoticeTooShort):
        changes.propose(
            network_store, Actor("centre", "b"), "drop", TODAY, "now", TODAY, shift=B_SHIFT
        )

    assert outbox_count(network_store) == 0
    with network_store.transaction() as session:
        assert session.scalar(select(func.count(ProposalRecord.id))) == 0


def test_reminders_the_day_before_are_queued_once_and_carry_the_shift(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add_account(network_store, "b-1", "responder:b-1", "b1@example.org", "en")
    add_account(network_store, "b-2", "responder:b-2", "b2@example.org", "fi")
    tomorrow = b_shift(network_store, dt.date(2027, 1, 14))
    later = b_shift(network_store, dt.date(2027, 1, 15))
    seated = [
        SeatAssignment("b-1", tomorrow, 1),
        SeatAssignment("b-2", later, 1),
        SeatAssignment("b-9", tomorrow, 2),  # no account: counted, not mailed
    ]

    first = notifications.remind(network_store, COORDINATOR, REMIND_DAY, seated, [])
    second = notifications.remind(network_store, COORDINATOR, REMIND_DAY, seated, [])
    notifications.deliver(network_store, COORDINATOR, settings)

    assert (first.reminders, first.already_queued, first.unreachable) == (1, 0, 1)
    assert (second.reminders, second.already_queued) == (0, 1)
    (message,) = inbox.messages
    assert message["To"] == "b1@example.org"
    assert message["Subject"] == "Reminder: your shift tomorrow, 14.1.2027"
    assert "Thursday 14.1.2027 08:00–16:00, MIELI Kriisipuhelin, B" in body(message)
    calendar = attached_calendar(message)
    assert calendar is not None
    (event,) = calendar.events
    assert event.start == dt.datetime(2027, 1, 14, 8, tzinfo=HELSINKI)
    assert instant(event.end) == instant(tomorrow.end)
    assert str(event["SUMMARY"]) == "Duty shift: MIELI Kriisipuhelin, B"
    assert_private(message)


def test_an_open_seat_alerts_the_centre_the_configured_days_before(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add_account(network_store, "centre-b", "centre:b", "b@centre.example", "fi")
    add_account(network_store, "centre-c", "centre:c", "c@centre.example", "fi")
    in_five = b_shift(network_store, REMIND_DAY + dt.timedelta(days=5))
    in_three = b_shift(network_store, REMIND_DAY + dt.timedelta(days=3))
    seats = [OpenSeat(in_five, 2, "nobody free"), OpenSeat(in_three, 1, "nobody free")]

    report = notifications.remind(network_store, COORDINATOR, REMIND_DAY, [], seats, open_days=5)
    repeat = notifications.remind(network_store, COORDINATOR, REMIND_DAY, [], seats, open_days=5)
    notifications.deliver(network_store, COORDINATOR, settings)

    assert (report.alerts, repeat.alerts, repeat.already_queued) == (1, 0, 1)
    (message,) = inbox.messages
    assert message["To"] == "b@centre.example"
    assert message["Subject"] == "Paikka yhä avoinna: 18.1.2027"
    assert "ilman päivystäjää, 5 päivää ennen alkua" in body(message)
    assert "maanantai 18.1.2027 klo 08.00–16.00" in body(message)
    calendar = attached_calendar(message)
    assert calendar is not None
    assert str(calendar.events[0]["SUMMARY"]).startswith("Avoin paikka: ")


def test_claim_and_swap_messages_reach_the_responder_in_their_language_with_the_shift(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    """The events the claim and swap use cases send, through the same API they call."""
    inbox, settings = smtp
    add_account(network_store, "b-1", "responder:b-1", "b1@example.org", "fi")
    add_account(network_store, "b-2", "responder:b-2", "b2@example.org", "sv")
    saturday = b_shift(network_store, dt.date(2027, 1, 16))
    with network_store.transaction() as session:
        notifications.enqueue(
            session, notifications.responder_accounts(session, "b-1"), ClaimConfirmed(saturday)
        )
        notifications.enqueue(
            session, notifications.responder_accounts(session, "b-2"), SwapOffered(saturday)
        )
        notifications.enqueue(
            session, notifications.responder_accounts(session, "b-1"), SwapAccepted(saturday)
        )

    assert notifications.deliver(network_store, COORDINATOR, settings).sent == 3

    subjects = {(m["To"], m["Subject"]) for m in inbox.messages}
    assert subjects == {
        ("b1@example.org", "Vuoro vahvistettu: 16.1.2027"),
        ("b2@example.org", "Ett pass erbjuds: 16.1.2027"),
        ("b1@example.org", "Tarjoamasi vuoro otettiin: 16.1.2027"),
    }
    offer = inbox.to("b2@example.org")[0]
    assert "En kollega erbjuder ett pass som du kunde ta:" in body(offer)
    assert "lördag 16.1.2027 kl. 08.00–16.00, MIELI Kriisipuhelin, B" in body(offer)
    for message in inbox.messages:
        calendar = attached_calendar(message)
        assert calendar is not None
        assert calendar.events[0].start == dt.datetime(2027, 1, 16, 8, tzinfo=HELSINKI)
        assert_private(message)


def test_a_disabled_account_or_one_without_an_address_gets_nothing(network_store: Store) -> None:
    add_account(network_store, "b-1", "responder:b-1", None)
    add_account(network_store, "b-1-old", "responder:b-1", "old@example.org")
    with network_store.transaction() as session:
        old = session.scalar(select(Account).where(Account.username == "b-1-old"))
        assert old is not None
        old.disabled_at = repo.now()
    tomorrow = b_shift(network_store, dt.date(2027, 1, 14))

    report = notifications.remind(
        network_store, COORDINATOR, REMIND_DAY, [SeatAssignment("b-1", tomorrow, 1)], []
    )

    assert (report.reminders, report.unreachable) == (0, 1)
    assert outbox_count(network_store) == 0


def test_an_account_takes_an_address_and_language_and_refuses_bad_ones(store: Store) -> None:
    view = create_account(
        store,
        "b-1",
        "a long enough password",
        "responder:b-1",
        centres={"b"},
        email="b1@example.org",
        language="sv",
    )
    assert (view.email, view.language) == ("b1@example.org", "sv")
    changed = set_contact(store, COORDINATOR, "b-1", "other@example.org", "en")
    assert (changed.email, changed.language) == ("other@example.org", "en")
    assert [a.email for a in list_accounts(store, COORDINATOR)] == ["other@example.org"]
    for email, language, said in (
        ("not-an-address", None, "'not-an-address' is not an e-mail address"),
        ("a@b.example\r\nBcc: x@y.example", None, "is not an e-mail address"),
        ("two@a.example, three@b.example", None, "is not an e-mail address"),
        ("b1@example.org", "de", "'de' is not one of fi, sv, en"),
    ):
        with pytest.raises(AccountError, match=said):
            set_contact(store, COORDINATOR, "b-1", email, language)
    cleared = set_contact(store, COORDINATOR, "b-1", "")
    assert (cleared.email, cleared.language) == (None, "en")
    with store.transaction() as session:
        entries = list(session.scalars(select(AuditEntry.message)))
    assert not any("other@example.org" in entry for entry in entries)


def test_two_runs_at_once_send_a_message_once(
    network_store: Store, smtp: tuple[Inbox, SmtpSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second `rota notify send` that starts while the first talks to the server finds the
    first run's messages claimed, and sends none of them."""
    inbox, settings = smtp
    add_account(network_store, "coord", "coordinator", "coord@mieli.example")
    propose_drop(network_store)
    real_send = notifications.send_all
    overlapping: list[notifications.DeliveryReport] = []

    def send_while_another_run_starts(
        given: SmtpSettings, mails: Sequence[Outgoing]
    ) -> list[str | None]:
        if not overlapping:
            overlapping.append(notifications.deliver(network_store, COORDINATOR, given))
        return real_send(given, mails)

    monkeypatch.setattr(notifications, "send_all", send_while_another_run_starts)
    first = notifications.deliver(network_store, COORDINATOR, settings)

    assert (first.sent, overlapping[0].sent) == (1, 0)
    assert len(inbox.messages) == 1
