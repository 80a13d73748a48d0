"""`rota notify` and `rota accounts set-email` (issue 19): mail settings from options and the
environment, bad input told in one line with exit 2, a send that fails exits 1 and stays
queued, reminders read from the folder `rota responders assign` writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rota.app import changes, notifications
from rota.app.actors import Actor
from rota.cli.main import app
from rota.domain.seats import OpenSeat, SeatAssignment
from rota.io.seat_files import write_assignment, write_open_seats
from rota.io.smtp import ENV, SmtpSettings
from rota.store import Store, open_store
from tests.change_network import EFFECTIVE, TODAY, write_network
from tests.mail_server import Inbox, free_port, running_server
from tests.roster_network import write_rosters

COORDINATOR = Actor("coordinator")


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    yield from running_server()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store holding the three-centre network, and an environment with no mail settings."""
    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    store = open_store(url)
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    changes.init_calendar(store, COORDINATOR, scenario, plan_dir)
    store.close()
    return url  # each command opens the store anew


def rota(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def add(db: str, username: str, role: str, *extra: str) -> Result:
    return CliRunner().invoke(
        app,
        ["accounts", "add", username, "--role", role, "--password-stdin", "--db", db, *extra],
        input="a long enough password\n",
    )


def one_line_refusal(result: Result, said: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert said in line


def send_options(db: str, settings: SmtpSettings) -> list[object]:
    return [
        "notify",
        "send",
        "--db",
        db,
        "--smtp-host",
        settings.host,
        "--smtp-port",
        settings.port,
        "--smtp-security",
        "none",
        "--smtp-from",
        settings.sender,
    ]


def test_an_address_and_language_are_set_and_a_bad_one_is_refused_in_one_line(db: str) -> None:
    assert add(db, "coord", "coordinator", "--email", "coord@mieli.example").exit_code == 0
    one_line_refusal(
        add(db, "other", "coordinator", "--email", "coord at mieli"),
        "--email: 'coord at mieli' is not an e-mail address",
    )
    done = rota(
        "accounts", "set-email", "coord", "--email", "c@m.example", "--language", "sv", "--db", db
    )
    assert done.exit_code == 0, done.output
    assert "go to c@m.example, in sv" in done.stdout
    one_line_refusal(
        rota(
            "accounts",
            "set-email",
            "coord",
            "--email",
            "x@y.example",
            "--language",
            "de",
            "--db",
            db,
        ),
        "--language: 'de' is not one of fi, sv, en",
    )
    listed = rota("accounts", "list", "--db", db)
    assert "c@m.example (sv)" in listed.stdout


def test_send_delivers_through_the_server_and_a_failure_exits_1_and_stays_queued(
    db: str, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add(db, "coord", "coordinator", "--email", "coord@mieli.example")
    store = open_store(db)
    changes.propose(
        store,
        Actor("centre", "b"),
        "drop",
        EFFECTIVE,
        "leave",
        TODAY,
        shift="fi-phone thu 08:00-16:00",
    )
    store.close()
    closed = SmtpSettings("127.0.0.1", free_port(), settings.sender)

    failed = rota(*send_options(db, closed))

    assert failed.exit_code == 1, failed.output
    assert "Sent 0 e-mails; 1 to be tried again, 0 given up." in failed.stdout
    assert "not sent (attempt 1 of 6)" in failed.stderr
    assert "1 waiting, 0 sent, 0 given up." in rota("notify", "status", "--db", db).stdout

    # Due again after its wait, the message goes once the server answers.
    store = open_store(db)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
    assert notifications.deliver(store, COORDINATOR, settings, later).sent == 1
    store.close()
    assert [m["To"] for m in inbox.messages] == ["coord@mieli.example"]


def test_send_takes_its_settings_from_the_environment(
    db: str, smtp: tuple[Inbox, SmtpSettings]
) -> None:
    inbox, settings = smtp
    add(db, "coord", "coordinator", "--email", "coord@mieli.example")
    store = open_store(db)
    changes.propose(
        store,
        Actor("centre", "b"),
        "drop",
        EFFECTIVE,
        "leave",
        TODAY,
        shift="fi-phone thu 08:00-16:00",
    )
    store.close()
    env = {
        ENV["host"]: settings.host,
        ENV["port"]: str(settings.port),
        ENV["security"]: "none",
        ENV["sender"]: settings.sender,
    }

    done = rota("notify", "send", "--db", db, env=env)

    assert done.exit_code == 0, done.output
    assert "Sent 1 e-mails" in done.stdout
    assert len(inbox.messages) == 1


def test_bad_mail_settings_are_each_named_and_nothing_is_sent(db: str) -> None:
    done = rota("notify", "send", "--db", db, "--smtp-port", "0", "--smtp-security", "tls")
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert any(line.startswith("--smtp-host: name the mail server") for line in lines)
    assert any("'tls' is not one of none, starttls, ssl" in line for line in lines)
    assert any("--smtp-port: '0' is not a port" in line for line in lines)
    assert any(line.startswith("--smtp-from:") for line in lines)


def test_a_password_never_travels_unencrypted_and_comes_from_the_environment(db: str) -> None:
    base = [
        "notify",
        "send",
        "--db",
        db,
        "--smtp-host",
        "mail.example",
        "--smtp-from",
        "rota@mieli.example",
        "--smtp-user",
        "rota",
    ]
    plain = rota(*base, "--smtp-security", "none", env={ENV["password"]: "secret"})
    assert plain.exit_code == 2
    assert "would travel unencrypted; use starttls or ssl" in plain.stderr
    missing = rota(*base)
    assert missing.exit_code == 2
    assert f"set ${ENV['password']}" in missing.stderr


def test_remind_reads_the_assignment_folder_and_queues_once(db: str, tmp_path: Path) -> None:
    roster = str(write_rosters(tmp_path / "roster"))
    added = add(db, "b-1", "responder:b-1", "--email", "b1@example.org", "--roster", roster)
    assert added.exit_code == 0, added.output
    assert add(db, "centre-b", "centre:b", "--email", "b@centre.example").exit_code == 0
    store: Store = open_store(db)
    occurrences = changes.calendar_in_force(store, COORDINATOR).occurrences
    store.close()
    thursday = next(
        o for o in occurrences if o.centre == "b" and o.start.date() == dt.date(2027, 1, 14)
    )
    monday = next(
        o for o in occurrences if o.centre == "b" and o.start.date() == dt.date(2027, 1, 18)
    )
    folder = tmp_path / "assigned"
    folder.mkdir()
    write_assignment(folder / "assignment.csv", [SeatAssignment("b-1", thursday, 1)])
    write_open_seats(folder / "open-seats.csv", [OpenSeat(monday, 1, "nobody free")])
    args = [
        "notify",
        "remind",
        "--db",
        db,
        "--assignment",
        folder,
        "--today",
        "2027-01-13",
        "--open-days",
        "5",
    ]

    first, second = rota(*args), rota(*args)

    assert first.exit_code == 0, first.output
    assert "Queued 1 shift reminders and 1 open-seat alerts (0 queued before)" in first.stdout
    assert "Queued 0 shift reminders and 0 open-seat alerts (2 queued before)" in second.stdout
    one_line_refusal(
        rota("notify", "remind", "--db", db, "--assignment", tmp_path / "nowhere"),
        "has no assignment.csv",
    )
