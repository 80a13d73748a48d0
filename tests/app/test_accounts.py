"""Dashboard accounts: salted scrypt hashes at OWASP's parameters, constant-time checks, the
password rule, roles as change-service actors checked against the network, the `rota accounts`
commands and the 0003/0004 migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, update
from typer.testing import CliRunner

from rota.app import accounts
from rota.app.accounts import AccountError, authorize, check_password, create_account, hash_password
from rota.app.actors import Actor
from rota.cli.main import app
from rota.domain.errors import InputError, PermissionDenied
from rota.io.synthetic_roster import write_roster
from rota.store import Store, open_store
from rota.store.engine import alembic_config
from rota.store.models import Account
from tests.roster_network import write_rosters


def test_a_hash_is_salted_and_checks_only_the_right_password() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$") and "correct horse" not in first
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct horsE", first)
    assert not check_password("correct horse", "not a hash")


def test_verify_returns_the_account_only_for_the_right_password(store: Store) -> None:
    create_account(store, "Oulu", "correct horse", "centre:oulu", centres={"oulu"})
    found = accounts.verify(store, "oulu", "correct horse")
    assert found is not None and found.username == "oulu"
    assert found.actor == Actor("centre", "oulu")
    assert accounts.verify(store, "oulu", "wrong horse") is None


def test_an_unknown_username_costs_the_same_password_check(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = accounts.check_password
    monkeypatch.setattr(accounts, "check_password", lambda p, s: checked.append(s) or real(p, s))
    assert accounts.verify(store, "nobody", "correct horse") is None
    assert len(checked) == 1 and checked[0].startswith("scrypt$")


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("Bad Name", "correct horse", "coordinator", "is not a username"),
        ("oulu", "short", "centre:oulu", "at least 12 characters"),
        ("oulu", " " * 16, "centre:oulu", "not only spaces"),
        ("oulu-centre1", "Oulu-Centre1", "centre:oulu", "may not be the username"),
        ("oulu", "correct horse", "centre", "is not a role"),
        ("oulu", "correct horse", "centre:atlantis", "'atlantis' is not a centre"),
        ("oulu", "correct horse", "centre:../../evil", "'../../evil' is not a centre id"),
        ("anna", "correct horse", "responder:../anna", "is not a responder id"),
        ("anna", "correct horse", "responder:Anna B", "is not a responder id"),
    ],
)
def test_bad_accounts_are_refused(
    store: Store, username: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(Exception, match=message):
        create_account(store, username, password, role, centres={"oulu", "turku"})


def test_every_problem_of_a_new_account_is_named_at_once(store: Store) -> None:
    with pytest.raises(InputError) as raised:
        create_account(store, "Bad Name", "short", "centre:atlantis", centres={"oulu"})
    assert len(raised.value.problems) == 3


def test_a_centre_account_waits_for_a_network_to_check_its_centre_against(store: Store) -> None:
    # An empty store and no scenario: 'atlantis' cannot be told from a real centre, so no
    # centre account is made (it would sign in to an empty page).
    with pytest.raises(InputError) as raised:
        create_account(store, "atlantis", "correct horse", "centre:atlantis")
    assert raised.value.problems == [
        "--role: no network is known yet to find centre 'atlantis' in; run `rota changes init` "
        "first, or give --scenario"
    ]
    assert (
        create_account(store, "coordinator", "correct horse", "coordinator").role == "coordinator"
    )


def test_hashes_use_owasps_scrypt_parameters() -> None:
    assert hash_password("correct horse").split("$")[1:4] == [str(2**17), "8", "1"]


def test_an_old_parameter_hash_is_replaced_at_sign_in(store: Store) -> None:
    create_account(store, "oulu", "correct horse", "centre:oulu", centres={"oulu"})
    old = hash_password("correct horse", n=2**14)
    with store.transaction() as session:
        session.execute(update(Account).values(password_hash=old))
    assert accounts.verify(store, "oulu", "correct horse") is not None
    with store.reading() as session:
        stored = session.scalar(select(Account.password_hash))
    assert stored is not None and stored != old and not accounts.needs_rehash(stored)
    assert check_password("correct horse", stored)


def test_a_username_is_taken_once(store: Store) -> None:
    create_account(store, "oulu", "correct horse", "centre:oulu", centres={"oulu"})
    with pytest.raises(AccountError, match="taken"):
        create_account(store, "oulu", "another horse", "centre:turku", centres={"turku"})


def test_roles_map_onto_the_change_services_actors(store: Store) -> None:
    for username, role in (("c", "coordinator"), ("o", "centre:oulu"), ("r", "responder:r7")):
        made = create_account(store, username, "correct horse", role, centres={"oulu"})
        assert made.actor == Actor.parse(role)


def test_only_the_coordinator_plans_and_lists_accounts(store: Store) -> None:
    authorize(Actor("coordinator"), "plan")
    for actor in (Actor("centre", "oulu"), Actor("responder", "r7")):
        with pytest.raises(PermissionDenied, match="may not plan"):
            authorize(actor, "plan")
        with pytest.raises(PermissionDenied, match="may not list accounts"):
            accounts.list_accounts(store, actor)


def test_rota_accounts_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    runner = CliRunner()
    args = ["accounts", "add", "oulu", "--role", "centre:oulu", "--password-stdin", "--db", url]
    result = runner.invoke(app, args, input="correct horse\n")
    assert result.exit_code == 0, result.output
    assert "acting as centre:oulu" in result.output
    again = runner.invoke(app, args, input="correct horse\n")
    assert again.exit_code == 2 and "taken" in again.output
    store = open_store(url)
    assert accounts.verify(store, "oulu", "correct horse") is not None
    store.close()


def test_the_accounts_migrations_follow_feed_tokens(store: Store) -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert "0004_sign_in_throttle" in {s.revision for s in scripts.walk_revisions()}
    assert scripts.get_revision("0004_sign_in_throttle").down_revision == "0003_accounts"
    assert scripts.get_revision("0003_accounts").down_revision == "0002_feed_tokens"
    columns = {c["name"] for c in inspect(store.engine).get_columns("accounts")}
    assert columns == {
        "id",
        "username",
        "password_hash",
        "role",
        "centre_id",
        "responder_id",
        "created_at",
        "disabled_at",
        "email",  # 0007_notifications
        "language",
    }


def run(args: list[str], url: str, stdin: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--db", url], input=stdin)
    return result.exit_code, result.output


def test_a_centre_id_that_is_no_centre_is_refused_before_any_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    monkeypatch.chdir(tmp_path)  # no default scenario here: the --scenario option decides
    scenario = str(Path(__file__).parents[1] / "fixtures" / "tiny.yaml")
    add = ["accounts", "add", "evil", "--password-stdin", "--scenario", scenario, "--role"]
    for role, said in (
        ("centre:../../evil", "--role: '../../evil' is not a centre id"),
        ("centre:atlantis", "--role: 'atlantis' is not a centre of the network"),
    ):
        code, output = run([*add, role], url, "correct horse\n")
        assert code == 2 and output.strip().splitlines() == [output.strip()], output
        assert output.startswith(said) and "Traceback" not in output
    code, output = run([*add, "centre:north"], url, "correct horse\n")
    assert code == 0, output


def test_roles_naming_no_one_in_the_calendar_in_forces_network_are_refused(
    network_store: Store, store_url: str, tmp_path: Path
) -> None:
    # The calendar in force is the three-centre network (a, b, c); b and c have rosters, b-1 is
    # in b's. A scenario given on the command line does not replace the calendar's network.
    roster = str(write_rosters(tmp_path / "roster"))
    tiny = str(Path(__file__).parents[1] / "fixtures" / "tiny.yaml")
    add = ["accounts", "add", "someone", "--password-stdin", "--roster", roster, "--role"]
    for role, said in (
        (
            "centre:atlantis",
            "--role: 'atlantis' is not a centre of the network; use one of a, b, c",
        ),
        ("centre:north", "--role: 'north' is not a centre of the network"),
        ("responder:nobody", "--role: 'nobody' is not a responder in the rosters"),
        ("responder:../b-1", "--role: '../b-1' is not a responder id"),
    ):
        code, output = run([*add, role, "--scenario", tiny], store_url, "correct horse\n")
        assert code == 2, output
        assert output.strip().splitlines() == [output.strip()] and output.startswith(said)
    assert accounts.list_accounts(network_store, Actor("coordinator")) == []
    for username, role in (("b-one", "responder:b-1"), ("centre-a", "centre:a")):
        code, output = run(
            ["accounts", "add", username, "--password-stdin", "--roster", roster, "--role", role],
            store_url,
            "correct horse\n",
        )
        assert code == 0, output


def test_a_responder_account_needs_a_roster_that_lists_them(tmp_path: Path) -> None:
    # Before any roster is written no responder exists, so none gets an account.
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    tiny = str(Path(__file__).parents[1] / "fixtures" / "tiny.yaml")
    add = ["accounts", "add", "anna", "--password-stdin", "--scenario", tiny]
    empty = ["--roster", str(tmp_path / "no-roster"), "--role", "responder:north-1"]
    code, output = run([*add, *empty], url, "correct horse\n")
    assert code == 2 and output.startswith("--role: 'north-1' is not a responder"), output
    roster = tiny_roster(tmp_path / "roster")
    code, output = run(
        [*add, "--roster", str(roster), "--role", "responder:north-1"], url, "correct horse\n"
    )
    assert code == 0 and "acting as responder:north-1" in output, output


def test_a_responder_is_looked_up_in_the_rosters_of_the_networks_centres(
    store: Store, tmp_path: Path
) -> None:
    folder = write_rosters(tmp_path / "roster")  # b.csv and c.csv
    for role in ("responder:b-1", "responder:c-2"):
        create_account(store, role[10:], "correct horse", role, {"b", "c"}, roster=folder)
    with pytest.raises(InputError, match="'c-1' is not a responder in the rosters"):
        create_account(store, "c-1", "correct horse", "responder:c-1", {"b"}, roster=folder)
    with pytest.raises(InputError, match="'b-1' is not a responder in the rosters"):
        create_account(store, "b-1", "correct horse", "responder:b-1", None, roster=folder)


def tiny_roster(folder: Path) -> Path:
    """north.csv with one responder, north-1, for the network of tests/fixtures/tiny.yaml."""
    write_roster(
        folder,
        {
            "north": [
                {
                    "id": "north-1",
                    "name": "Anna Nord",
                    "centre": "north",
                    "role": "staff",
                    "languages": "fi",
                    "services": "fi-phone",
                    "max_hours_week": "20",
                    "max_hours_quarter": "200",
                }
            ]
        },
    )
    return folder


def test_disable_enable_passwd_and_remove_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    tiny = str(Path(__file__).parents[1] / "fixtures" / "tiny.yaml")
    roster = str(tiny_roster(tmp_path / "roster"))
    add = ["accounts", "add", "oulu", "--role", "responder:north-1", "--password-stdin"]
    add += ["--scenario", tiny, "--roster", roster]
    assert run(add, url, "correct horse\n")[0] == 0
    store = open_store(url)
    try:
        assert run(["accounts", "disable", "oulu"], url) == (0, "Disabled account 'oulu'.\n")
        assert accounts.verify(store, "oulu", "correct horse") is None
        assert "disabled" in run(["accounts", "list"], url)[1]
        assert run(["accounts", "enable", "oulu"], url)[0] == 0
        assert accounts.verify(store, "oulu", "correct horse") is not None
        code, output = run(["accounts", "passwd", "oulu", "--password-stdin"], url, "oulu\n")
        assert code == 2 and "at least 12 characters" in output
        new = "battery staple 42\n"
        assert run(["accounts", "passwd", "oulu", "--password-stdin"], url, new)[0] == 0
        assert accounts.verify(store, "oulu", "correct horse") is None
        assert accounts.verify(store, "oulu", "battery staple 42") is not None
        assert run(["accounts", "remove", "oulu"], url)[0] == 0
        assert "oulu" not in run(["accounts", "list"], url)[1]
        code, output = run(["accounts", "remove", "oulu"], url)
        assert code == 2 and "no account 'oulu'" in output
        code, output = run(["accounts", "disable", "ghost", "--as", "centre:oulu"], url)
        assert code == 2 and "may not disable or enable accounts" in output
    finally:
        store.close()
