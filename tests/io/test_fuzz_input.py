"""Seeded fuzzing of what a user hands the planner (issue 15): the scenario YAML, a roster CSV and
a baseline plan folder, each mutated hundreds of ways — keys deleted, types swapped, numbers huge,
negative, NaN or infinite, unicode and control characters, impossible dates, files cut at a random
byte, YAML aliases, anchors, merge keys and tags, lists where mappings belong, empty files, long
runs of one character.

A loader case passes when the loader returns, or raises InputError whose problems are each one
line naming the file, within a bound. Any other exception (a traceback for the user), a problem
over several lines or a slow case is a finding. A smaller sample runs the command line in-process
on inputs that mostly still load: exit 0, 2 or 3 only, no exception, and on exit 2 every stderr
line names an input and the --out folder is as it was.

Each case draws from its own `random.Random` seeded by SEED, its kind and its number, so a case
is the same on every run. Its id (scenario-tiny-017-retype) names the kind, the number and the
first mutation, and a failure lists every mutation made: `-k scenario-tiny-017` reruns it.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
import shutil
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from random import Random
from types import FrameType
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from rota.app.planning import PLAN_COMMAND
from rota.app.staffing import ASSIGN_COMMAND
from rota.cli.main import app
from rota.domain.calendar import parse_quarter, public_holidays
from rota.domain.errors import InputError
from rota.domain.plan import Plan, StandingShift, expand
from rota.io.output_folder import replacing
from rota.io.plan_files import read_previous_plan, write_shifts, write_standing
from rota.io.roster_file import COLUMNS, load_roster
from rota.io.scenario_file import load_scenario, load_yaml

SEED = 15  # the number; change it to explore other cases
TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"
MIELI = Path(__file__).parents[2] / "fixtures" / "mieli" / "scenario.yaml"
LOADER_SECONDS = 5.0  # the bound of tests/io/test_bounded_input.py
CLI_SECONDS = 20.0
OUTCOMES: Counter[str] = Counter()  # printed at the end of the module (pytest -s shows it)


def case_rng(kind: str, index: int) -> Random:
    return Random(f"{SEED}/{kind}/{index}")


def cases(kind: str, count: int, ops: Sequence[str]) -> list[Any]:
    """`count` numbered cases; the first draw of each case's generator picks its mutation, so
    the id is known at collection and the same draw repeats when the case runs."""
    params = []
    for index in range(count):
        op = case_rng(kind, index).choice(ops)
        params.append(pytest.param(index, id=f"{kind}-{index:03d}-{op}"))
    return params


def start_case(kind: str, index: int, ops: Sequence[str]) -> tuple[Random, str]:
    rng = case_rng(kind, index)
    return rng, rng.choice(ops)


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    print("\nfuzz outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(OUTCOMES.items())))


# --- watching a case ----------------------------------------------------------------------------


class TooSlow(BaseException):
    """Raised by the watchdog; a BaseException so no `except Exception` in a loader hides it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM; the regex engine and pure Python both
    see it), so a hang fails its case instead of stopping the run."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TooSlow(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_loader(kind: str, log: list[str], where: Path, load: Callable[[], object]) -> None:
    """`load()` returns, or raises InputError of one-line problems naming `where`, in time."""
    started = time.monotonic()
    try:
        with deadline(LOADER_SECONDS * 3):
            load()
    except InputError as error:
        OUTCOMES[f"{kind}: refused"] += 1
        problems = error.problems
        bad = [p for p in problems if len(p.splitlines()) != 1 or not p.startswith(f"{where}")]
        assert problems, found("InputError without a problem", log)
        assert not bad, found(f"problems not one line naming {where}: {bad[:3]!r}", log)
    except (Exception, TooSlow) as error:  # the traceback a user would see
        trace = "".join(traceback.format_exception(error))
        raise AssertionError(found(f"{type(error).__name__} escaped:\n{trace}", log)) from None
    else:
        OUTCOMES[f"{kind}: loaded"] += 1
    seconds = time.monotonic() - started
    assert seconds < LOADER_SECONDS, found(f"took {seconds:.1f} s", log)


def found(what: str, log: list[str]) -> str:
    mutations = "\n".join(f"  - {line}" for line in log)
    return f"{what}\nmutations (seed {SEED}):\n{mutations}"


def short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 15]}…({len(text)} chars)"


# --- values -------------------------------------------------------------------------------------

NUMBERS: list[Any] = [
    0,
    -1,
    -0.0,
    0.5,
    1e-9,
    5e-324,
    2**31,
    2**63,
    -(2**63),
    10**29,
    -(10**29),
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
    True,
    "4",
    "4h",
    "1e3",
    "NaN",
    ".inf",
]
DATES: list[Any] = [
    "2026-02-30",
    "2027-13-01",
    "2027-00-10",
    "0000-01-01",
    "2027-1-1",
    "20270101",
    "2027-W01-1",
    "yesterday",
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.date(2027, 2, 28),
    dt.datetime(2027, 1, 1, 12, 30),
]
CLOCKS = ["25:00", "24:00", "24:01", "-01:00", "16:60", "1:00", "16:00:00", "١٦:٠٠", "16.00", ""]
STRINGS = [
    "",
    " ",
    "~",
    "always",
    "never",
    "mon",
    "funday",
    "fi-phone",
    "north",
    "FI",
    "Europe/Berlin",
    "🙂",
    "\u202eevil",
    "\x00",
    "a\nb",
    "\t",
    "\r\n",
    "\u2028",
    "\ufeff",
    "x" * 5000,
    "Ω≈ç√∫",
    "Z̷a̸l̵g̶o̴",
]
CONTAINERS: list[Any] = [
    [],
    {},
    [None],
    [[]],
    {"": None},
    {"x": 1},
    ["mon", "funday"],
    {"min": 1},
    [1, 2, 3],
    {"days": ["mon"], "start": "16:00", "end": "20:00"},
    [{"days": ["sun"], "start": "22:00", "end": "06:00"}],
]
ODD: list[Any] = [None, True, False, *NUMBERS, *DATES, *CLOCKS, *STRINGS, *CONTAINERS]
KEYS: list[Any] = [
    "extra",
    "Name",
    "name ",
    "ñame",
    "\x00",
    "<<",
    "?",
    "a" * 300,
    1,
    None,
    True,
    2.5,
]


def pick(rng: Random, pool: Sequence[Any]) -> Any:
    """A fresh copy of a pool value, so no case changes the pool another case draws from."""
    return copy.deepcopy(rng.choice(pool))


# --- scenario mutations: on the parsed tree -----------------------------------------------------


def slots(tree: Any) -> list[tuple[Any, Any, str]]:
    """Every (container, key, path) below the root."""
    out: list[tuple[Any, Any, str]] = []

    def walk(node: Any, path: str) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            here = f"{path}[{key}]" if isinstance(node, list) else f"{path}.{key}"
            out.append((node, key, here))
            if isinstance(value, dict | list):
                walk(value, here)

    walk(tree, "")
    return out


def leaves(tree: Any, test: Callable[[Any], bool]) -> list[tuple[Any, Any, str]]:
    return [(c, k, p) for c, k, p in slots(tree) if test(c[k])]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def tree_op(rng: Random, op: str, tree: dict[str, Any], log: list[str]) -> None:
    every = slots(tree)
    if op == "delete":
        container, key, path = rng.choice(every)
        del container[key]
        log.append(f"delete {path}")
    elif op == "retype":
        container, key, path = rng.choice(every)
        container[key] = pick(rng, ODD)
        log.append(f"{path} := {short(container[key])}")
    elif op == "reshape":
        container, key, path = rng.choice(every)
        value = container[key]
        if isinstance(value, dict):
            shapes = [[value], list(value.values()), list(value), {"items": value}]
        elif isinstance(value, list):
            shapes = [{"items": value}, value[0] if value else None, dict(enumerate(value))]
        else:
            shapes = [[value], {"value": value}, [[value]]]
        container[key] = rng.choice(shapes)
        log.append(f"{path} reshaped to {short(container[key])}")
    elif op == "number":
        found_numbers = leaves(tree, is_number) or every
        container, key, path = rng.choice(found_numbers)
        container[key] = pick(rng, NUMBERS)
        log.append(f"{path} := {short(container[key])}")
    elif op == "string":
        strings = leaves(tree, lambda v: isinstance(v, str)) or every
        container, key, path = rng.choice(strings)
        value = str(container[key])
        where = rng.randrange(len(value) + 1)
        how = rng.choice(["insert", "replace", "upper", "pad", "repeat"])
        if how == "insert":
            value = value[:where] + rng.choice(STRINGS) + value[where:]
        elif how == "replace":
            value = rng.choice(STRINGS)
        elif how == "upper":
            value = value.upper()
        elif how == "pad":
            value = f"  {value}\t"
        else:
            value = value * rng.choice([2, 50, 2000])
        container[key] = value
        log.append(f"{path} := {short(value)}")
    elif op == "unknown-key":
        mappings = [tree] + [c[k] for c, k, _ in every if isinstance(c[k], dict)]
        mapping = rng.choice(mappings)
        key = pick(rng, KEYS)
        mapping[key] = pick(rng, ODD)
        log.append(f"add key {short(key)} := {short(mapping[key])} to a mapping")
    elif op == "date":
        centres = tree.get("centres")
        if rng.random() < 0.5 and isinstance(centres, list) and centres:
            centre = rng.choice(centres)
            closure = {"start": pick(rng, DATES), "end": pick(rng, DATES)}
            if isinstance(centre, dict):
                centre["closures"] = [closure]
            log.append(f"a centre's closures := [{short(closure, 120)}]")
        else:
            extra = [pick(rng, DATES) for _ in range(rng.randint(1, 3))]
            tree["holidays"] = {"country": "FI", "extra": extra}
            log.append(f"holidays.extra := {short(extra, 120)}")
    elif op == "baseline":
        value = rng.choice(
            ["nope", "", ".", "..", "/", "/dev/null", "\x00", "x" * 5000, "a/" * 300]
        )
        tree["baseline"] = value
        log.append(f"baseline := {short(value)}")
    else:
        raise AssertionError(op)


TREE_OPS = ["delete", "retype", "reshape", "number", "string", "unknown-key", "date", "baseline"]


def dump(rng: Random, tree: Any) -> str:
    return yaml.safe_dump(
        tree,
        sort_keys=False,
        allow_unicode=rng.random() < 0.5,
        default_flow_style=rng.choice([False, None]),
        width=rng.choice([40, 80, 4096]),
    )


# --- scenario mutations: on the YAML node graph (aliases, merge keys, tags) ---------------------

TAGS = [
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:python/object/apply:os.system",
    "!custom",
]


def nodes(root: yaml.Node) -> list[yaml.Node]:
    """Every node once, though an alias may have made the graph a cycle."""
    out: list[yaml.Node] = []
    seen: set[int] = set()

    def walk(node: yaml.Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        out.append(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return out


def value_slots(root: yaml.Node) -> list[tuple[list[Any], int, int]]:
    """(list, index, position in the pair or -1) for every value node, to put another node in."""
    out: list[tuple[list[Any], int, int]] = []
    for node in nodes(root):
        if isinstance(node, yaml.MappingNode):
            out += [(node.value, i, 1) for i in range(len(node.value))]
        elif isinstance(node, yaml.SequenceNode):
            out += [(node.value, i, -1) for i in range(len(node.value))]
    return out


def node_op(rng: Random, op: str, text: str, log: list[str]) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    every = nodes(root)
    if op == "alias":
        for _ in range(rng.randint(1, 3)):
            source = rng.choice(every)
            values, i, part = rng.choice(value_slots(root))
            if part == 1:
                values[i] = (values[i][0], source)
            else:
                values[i] = source
            log.append(f"alias: the value at line {source.start_mark.line + 1} also elsewhere")
    elif op == "merge":
        mappings = [n for n in every if isinstance(n, yaml.MappingNode)]
        target = rng.choice(mappings)
        source = rng.choice(mappings if rng.random() < 0.7 else every)
        target.value.append((yaml.ScalarNode("tag:yaml.org,2002:merge", "<<"), source))
        log.append(
            f"merge key: the mapping at line {target.start_mark.line + 1} merges the "
            f"{type(source).__name__} at line {source.start_mark.line + 1}"
        )
    elif op == "tag":
        for _ in range(rng.randint(1, 2)):
            node = rng.choice(every)
            node.tag = rng.choice(TAGS)
            if isinstance(node, yaml.ScalarNode) and rng.random() < 0.5:
                node.value = str(rng.choice([*CLOCKS, *STRINGS, "0x1F", "1_000", "9" * 40, "1:30"]))
            log.append(f"tag {node.tag} on the node at line {node.start_mark.line + 1}")
    else:
        raise AssertionError(op)
    serialized: str = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)
    return serialized


NODE_OPS = ["alias", "merge", "tag"]


# --- mutations of bytes (any file kind) ---------------------------------------------------------

YAML_TOKENS = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\t",
    b"\r",
    b"\n",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a ",
    b"*undefined ",
    b"!!str ",
    b"!!int ",
    b"!!binary ",
    b"!!python/object:os.system ",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
    b"? ",
    b"|",
    b">",
    b"'",
    b'"',
    b"#",
    "\u2028".encode(),
    "\ufeff".encode(),
    "é".encode(),
    b"<<: *a\n",
    b"@",
    b"`",
]
CSV_TOKENS = [
    b'"',
    b",",
    b";",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    "\u2028".encode(),
    "é".encode(),
    b"\t",
    b"\\",
    b"'",
    b"=",
    b"#",
    b" ",
]
RUN_CHARS = [" ", "\t", "-", ",", ";", "1", "a", ":", "..", "–", '"', "\n", "[", "mon "]


def bytes_op(rng: Random, op: str, data: bytes, tokens: list[bytes], log: list[str]) -> bytes:
    if op == "truncate":
        cut = rng.randrange(len(data) + 1)
        log.append(f"cut at byte {cut} of {len(data)}")
        return data[:cut]
    if op == "insert":
        for _ in range(rng.randint(1, 3)):
            where, token = rng.randrange(len(data) + 1), rng.choice(tokens)
            data = data[:where] + token + data[where:]
            log.append(f"insert {token!r} at byte {where}")
        return data
    if op == "run":
        where, char = rng.randrange(len(data) + 1), rng.choice(RUN_CHARS)
        count = rng.choice([100, 1_000, 10_000, 50_000, 200_000])
        log.append(f"insert {count} × {char!r} at byte {where}")
        return data[:where] + (char * count).encode() + data[where:]
    if op == "lines":
        lines = data.split(b"\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        how = rng.choice(["delete", "duplicate", "swap", "indent", "dedent"])
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "indent":
            lines[i] = b"  " + lines[i]
        else:
            lines[i] = lines[i].lstrip()
        log.append(f"{how} line {i + 1}" + (f" and {j + 1}" if how == "swap" else ""))
        return b"\n".join(lines)
    if op == "encoding":
        text = data.decode("utf-8", errors="replace")
        how = rng.choice(["utf-16", "latin-1", "bom", "crlf", "cr", "tabs"])
        log.append(f"re-encoded: {how}")
        if how == "utf-16":
            return text.encode("utf-16")
        if how == "latin-1":
            return text.replace("a", "ä").encode("latin-1", errors="replace")
        if how == "bom":
            return b"\xef\xbb\xbf" + data
        if how == "crlf":
            return data.replace(b"\n", b"\r\n")
        if how == "cr":
            return data.replace(b"\n", b"\r")
        return data.replace(b"  ", b"\t")
    raise AssertionError(op)


BYTES_OPS = ["truncate", "insert", "run", "lines", "encoding"]

DEGENERATE_YAML = [
    b"",
    b" ",
    b"\n\n",
    b"# only a comment\n",
    b"\xef\xbb\xbf",
    b"---",
    b"---\n...\n",
    b"null",
    b"~",
    b"[]",
    b"{}",
    b"- name: x\n",
    b"42",
    b".nan",
    b"'just text'",
    b"true",
    b"name",
    b"name:",
    b"name: !!binary aGVsbG8=",
    b"!!set {a, b}",
    b"!!omap [a: 1]",
    b"--- 1\n--- 2\n",
    b"\x00" * 100,
    bytes(range(256)),
    "name: x".encode("utf-16-le"),
    b"name: &a x\nservices: *a\ncentres: *a\n",
    b"? [a, b]\n: c\n",
    b"? {a: b}\n: c\n",
    b"{[1]: 2}",
]


def degenerate(rng: Random, pool: list[bytes], base: bytes, log: list[str]) -> bytes:
    choice = rng.randrange(len(pool) + 2)
    if choice == len(pool):
        log.append("the file twice")
        return base + b"\n---\n" + base
    if choice == len(pool) + 1:
        log.append("the file as one quoted string")
        return b"'" + base.replace(b"'", b"''") + b"'"
    log.append(f"whole file := {short(pool[choice])}")
    return pool[choice]


def bomb(rng: Random, base: str, log: list[str]) -> str:
    """Anchors that each repeat the one before k times, n deep: k**n values from a few bytes."""
    k, n = rng.randint(2, 12), rng.randint(1, 8)
    chain = [f"&a0 [{', '.join(['x'] * k)}]"]
    chain += [f"&a{i} [{', '.join([f'*a{i - 1}'] * k)}]" for i in range(1, n)]
    value = f"[{', '.join(chain)}]"
    key = rng.choice(["name", "weekly_hours", "hours", "lines", "extra"])
    lines = base.split("\n")
    at = [i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:")]
    i = rng.choice(at) if at else 0
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    prefix = "- " if lines[i].lstrip().startswith("- ") else ""
    lines[i] = f"{indent}{prefix}{key}: {value}" if at else f"name: {value}"
    log.append(f"{key} at line {i + 1} := {k}**{n} ({k**n:,}) values through anchors")
    return "\n".join(lines)


def self_reference(rng: Random, log: list[str]) -> str:
    text = rng.choice(
        [
            "name: &loop [*loop]\n",
            "name: x\nservices: &s [{id: a, hours: *s}]\n",
            "centres: &c {lines: *c}\n",
            "name: *nowhere\n",
            "rules: &r\n  <<: *r\n",
        ]
    )
    log.append(f"whole file := {text!r}")
    return text


def mutate_scenario(rng: Random, op: str, base: Path, log: list[str]) -> bytes:
    text = base.read_text(encoding="utf-8")
    if op in BYTES_OPS:
        return bytes_op(rng, op, text.encode(), YAML_TOKENS, log)
    if op == "degenerate":
        return degenerate(rng, DEGENERATE_YAML, text.encode(), log)
    if op == "bomb":
        return bomb(rng, text, log).encode()
    if op == "self-reference":
        return self_reference(rng, log).encode()
    tree = load_yaml(base)  # rota's reading: "16:00" stays a string
    if op == "several":
        for _ in range(rng.randint(2, 4)):
            tree_op(rng, rng.choice(TREE_OPS), tree, log)
    elif op in TREE_OPS:
        tree_op(rng, op, tree, log)
    dumped = dump(rng, tree)
    if op in NODE_OPS:
        dumped = node_op(rng, op, dumped, log)
    return dumped.encode("utf-8")


SCENARIO_OPS = [
    *TREE_OPS,
    *TREE_OPS,  # the tree's mutations twice as often: they reach pydantic and the checks
    "several",
    "several",
    *NODE_OPS,
    *BYTES_OPS,
    "degenerate",
    "bomb",
    "self-reference",
]


@pytest.mark.parametrize("index", cases("scenario-tiny", 200, SCENARIO_OPS))
def test_a_mutated_tiny_scenario_loads_or_is_refused_in_lines(index: int, tmp_path: Path) -> None:
    fuzz_scenario("scenario-tiny", index, TINY, tmp_path)


@pytest.mark.parametrize("index", cases("scenario-mieli", 60, SCENARIO_OPS))
def test_a_mutated_mieli_scenario_loads_or_is_refused_in_lines(index: int, tmp_path: Path) -> None:
    fuzz_scenario("scenario-mieli", index, MIELI, tmp_path)


def fuzz_scenario(kind: str, index: int, base: Path, tmp_path: Path) -> None:
    rng, op = start_case(kind, index, SCENARIO_OPS)
    log: list[str] = [f"{kind} #{index}: {op} on {base.name}"]
    path = tmp_path / "scenario.yaml"
    path.write_bytes(mutate_scenario(rng, op, base, log))
    log.append(f"written to {path}")
    check_loader("scenario", log, path, lambda: load_scenario(path))


# --- rosters ------------------------------------------------------------------------------------


def roster_rows() -> list[list[str]]:
    """A valid roster of the tiny network: two responders per centre, every column used."""
    rows = [
        ["nor-1", "Noora Pohjola", "north", "staff", "fi", "fi-phone", "always", "", "40", "400"],
        [
            "nor-2",
            "Niko Äijälä",
            "north",
            "volunteer",
            "fi",
            "fi-phone",
            "mon-fri 16:00-22:00; sat,sun 10:00-18:00",
            "2027-01-10..2027-01-20; 2027-02-03",
            "12",
            "36",
        ],
        [
            "sou-1",
            "Saga Söderberg",
            "south",
            "staff",
            "fi; sv",
            "fi-phone; sv-phone",
            "always",
            "",
            "40",
            "400",
        ],
        ["sou-2", "Sami Etelä", "south", "student", "fi", "fi-phone", "", "", "8", "60"],
        ["wes-1", "Wilma Länsi", "west", "staff", "fi", "fi-phone", "always", "", "40", "400"],
        ["wes-2", "Veli Länsi", "west", "volunteer", "fi", "fi-phone", "sun-mon 20:00-04:00"],
    ]
    rows[0] += ["sat,sun 10:00-16:00", "mon-fri 00:00-08:00"]
    rows[1] += ["", ""]
    rows[2] += ["", "sun 00:00-06:00"]
    rows[3] += ["", ""]
    rows[4] += ["mon 08:00-16:00", ""]
    rows[5] += ["", "10", "30", "", ""]
    return [list(COLUMNS), *rows]


HOURS_CELLS = [
    "",
    "0",
    "-1",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1e23",
    "168",
    "168.0000001",
    "2208",
    "2209",
    "1,5",
    "1.5.5",
    "0x10",
    "١٢",
    "²",
    "½",
    "1_000",
    " 12 ",
    "+12",
    "12h",
    "9" * 400,
    "1e-400",
]
WINDOW_CELLS = [
    "mon-fri 25:00-99:00",
    "sun-mon 22:00-06:00",
    "funday 10:00-12:00",
    "always; always",
    "mon 10:00-10:00",
    "mon 24:00-01:00",
    "mon-mon 00:00-24:00",
    "mon 00:00-24:00;;",
    "- 10:00-12:00",
    "mon–fri 16:00–22:00",
    "MON 10:00-12:00",
    "mon 10-12",
    "mon 10:00",
    "never",
    "sat,sun 10:00-18:00; " * 200,
    "mon,tue,,wed 08:00-16:00",
    "mon 1:00-2:00",
    "mon ١٠:٠٠-١٢:٠٠",
    "mon\t08:00-16:00",
    "sun-sat 00:00-24:00",
    "mon 08:00 - 16:00",
]
DATE_CELLS = [
    "2027-02-30",
    "2027-01-10..2027-01-01",
    "..",
    "2027-01-01..2027-01-02..2027-01-03",
    "0001-01-01",
    "9999-12-31..9999-12-31",
    "2027-01-01 00:00:00",
    "2027-01-01T12:00:00",
    "2027-1-1",
    "to",
    "2027-01-01 to",
    "–2027-01-01",
    "2027-01-01..",
    "20270101",
    "2027-W01-1",
]
TEXT_CELLS = [
    "",
    " ",
    "nan",
    "None",
    "null",
    "Äijä Öst",
    "\u202eevil",
    "a\nb",
    "a\rb",
    "\x00",
    "\u2028",
    "x" * 300,
    "𝔘𝔫𝔦",
    "=cmd|'/C calc'!A0",
    '"',
    "NORTH",
    "north ",
    "nörth",
    "east",
    "nor-1",
    "NOR-1",
    "nor 1",
    "-nor",
    "Staff",
    "boss",
    "volunteer;staff",
    "de",
    "fi;de",
    "FI",
    "fi,,sv",
    ";",
    "ﬁ",
    "chat",
    "sv-phone",
    "fi_phone",
]
ROSTER_POOLS: dict[str, list[str]] = {
    "max_hours_week": HOURS_CELLS,
    "max_hours_quarter": HOURS_CELLS,
    "availability": WINDOW_CELLS,
    "preferred": WINDOW_CELLS,
    "disliked": WINDOW_CELLS,
    "absences": DATE_CELLS,
}
HEADER_NAMES = ["", " id", "ID", "Id ", "naam", "id\n", "\ufeffid", "centre", "x" * 300, "🙂"]


def table_op(
    rng: Random,
    op: str,
    table: list[list[str]],
    pools: dict[str, list[str]],
    generic: list[str],
    log: list[str],
) -> None:
    """Mutate a CSV table (header first) in place."""
    header, width = table[0], len(table[0])
    if op in ("cell", "column-cell") and len(table) > 1:
        r, c = rng.randrange(1, len(table)), rng.randrange(width)
        row = table[r]
        row += [""] * (width - len(row))
        name = header[c] if c < len(header) else ""
        pool = pools.get(name, generic) if op == "column-cell" else [*generic, *HOURS_CELLS]
        row[c] = rng.choice(pool)
        log.append(f"row {r + 1}, column {name!r} := {short(row[c])}")
    elif op == "header":
        c = rng.randrange(width)
        how = rng.choice(["delete", "rename", "duplicate", "add", "swap"])
        if how == "delete":
            for row in table:
                if c < len(row):
                    del row[c]
        elif how == "rename":
            header[c] = rng.choice(HEADER_NAMES)
        elif how == "duplicate":
            for row in table:
                row.append(row[c] if c < len(row) else "")
        elif how == "add":
            header.append(rng.choice(["notes", "", "id", "Unnamed: 3"]))
            for row in table[1:]:
                row.append(rng.choice(generic))
        else:
            d = rng.randrange(width)
            header[c], header[d] = header[d], header[c]
        log.append(f"header: {how} column {c + 1}")
    elif op == "rows" or len(table) == 1:
        r = rng.randrange(1, len(table)) if len(table) > 1 else 1
        how = rng.choice(["delete", "duplicate", "short", "long", "blank", "only-header", "many"])
        if how == "delete" and len(table) > 1:
            del table[r]
        elif how == "duplicate" and len(table) > 1:
            table.insert(r, list(table[r]))
        elif how == "short" and len(table) > 1:
            del table[r][rng.randrange(len(table[r]) + 1) :]
        elif how == "long" and len(table) > 1:
            table[r] += ["extra"] * rng.randint(1, 5)
        elif how == "blank":
            table.insert(r, [""] * rng.choice([0, width]))
        elif how == "only-header":
            del table[1:]
        elif len(table) > 1:
            table += [list(table[r]) for _ in range(rng.choice([100, 2000]))]
        log.append(f"rows: {how} at row {r + 1}")
    else:
        raise AssertionError(op)


def csv_bytes(rng: Random, table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=rng.choice(["\n", "\r\n"])).writerows(table)
    return buffer.getvalue().encode("utf-8")


def mutate_csv(
    rng: Random,
    op: str,
    table: list[list[str]],
    pools: dict[str, list[str]],
    generic: list[str],
    log: list[str],
) -> bytes:
    if op in BYTES_OPS:
        return bytes_op(rng, op, csv_bytes(rng, table), CSV_TOKENS, log)
    if op == "degenerate":
        pool = [b"", b"\n", b"\r\n", b" ", b"\xef\xbb\xbf", b"\x00" * 10, bytes(range(256)), b'"']
        pool += [b",,,,\n", b"id\n", csv_bytes(rng, table[:1]), b"PK\x03\x04junk"]
        return degenerate(rng, pool, csv_bytes(rng, table), log)
    if op == "delimiter":
        separator = rng.choice([";", "\t", "|", " "])
        log.append(f"cells separated by {separator!r}")
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(table)
        return buffer.getvalue().encode("utf-8")
    ops = [rng.choice(TABLE_OPS) for _ in range(rng.randint(2, 4))] if op == "several" else [op]
    for each in ops:
        table_op(rng, each, table, pools, generic, log)
    return csv_bytes(rng, table)


TABLE_OPS = ["cell", "column-cell", "column-cell", "header", "rows"]
CSV_OPS = [*TABLE_OPS, *TABLE_OPS, "several", "several", *BYTES_OPS, "degenerate", "delimiter"]
ROSTER_OPS = [*CSV_OPS, "folder", "xlsx"]


def strip_control(table: list[list[str]]) -> list[list[str]]:
    """Cells an Excel workbook can hold (openpyxl refuses control characters)."""
    return [
        ["".join(ch for ch in cell if ch >= " " or ch == "\t") for cell in row] for row in table
    ]


def write_roster_case(rng: Random, op: str, folder: Path, log: list[str]) -> Path:
    """The mutated roster, as a file or a folder of files; returns the path to give the loader."""
    folder.mkdir()
    table = roster_rows()
    if op == "folder":
        # One file per centre as centres keep them, one of them mutated, beside things that are
        # no roster.
        by_centre: dict[str, list[list[str]]] = {}
        for row in table[1:]:
            by_centre.setdefault(row[2], [table[0]]).append(row)
        victim = rng.choice(sorted(by_centre))
        for centre, rows in by_centre.items():
            data = csv_bytes(rng, rows)
            if centre == victim:
                data = mutate_csv(rng, rng.choice(CSV_OPS), rows, ROSTER_POOLS, TEXT_CELLS, log)
            (folder / f"{centre}.csv").write_bytes(data)
        oddity = rng.choice(["notes.txt", ".north.csv.123.tmp", "sub.csv", "empty.xlsx", "X.CSV"])
        if oddity == "sub.csv":
            (folder / oddity).mkdir()
        else:
            (folder / oddity).write_bytes(b"" if oddity == "empty.xlsx" else b"id\n")
        log.append(f"a folder of rosters ({victim}.csv mutated) with {oddity}")
        return folder
    if op == "xlsx":
        if rng.random() < 0.5:
            table_op(rng, rng.choice(TABLE_OPS), table, ROSTER_POOLS, TEXT_CELLS, log)
        clean = strip_control(table)
        width = max(len(row) for row in clean)
        names = (clean[0] + [f"c{i}" for i in range(width)])[:width]
        cells = [row + [""] * (width - len(row)) for row in clean[1:]]
        frame = pd.DataFrame(cells, columns=pd.Index(names))
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="openpyxl")
        data = buffer.getvalue()
        if rng.random() < 0.5:
            data = bytes_op(rng, rng.choice(["truncate", "insert"]), data, CSV_TOKENS, log)
        path = folder / "north.xlsx"
        path.write_bytes(data)
        log.append(f"as an Excel workbook ({len(data)} bytes)")
        return path
    path = folder / "north.csv"
    path.write_bytes(mutate_csv(rng, op, table, ROSTER_POOLS, TEXT_CELLS, log))
    return path


@pytest.fixture(scope="module")
def tiny_scenario() -> Any:
    return load_scenario(TINY)


@pytest.mark.parametrize("index", cases("roster", 200, ROSTER_OPS))
def test_a_mutated_roster_loads_or_is_refused_in_lines(
    index: int, tmp_path: Path, tiny_scenario: Any
) -> None:
    rng, op = start_case("roster", index, ROSTER_OPS)
    log = [f"roster #{index}: {op}"]
    path = write_roster_case(rng, op, tmp_path / "roster", log)
    log.append(f"written to {path}")
    check_loader("roster", log, path, lambda: load_roster(path, tiny_scenario))


# --- baselines (a previous plan's output folder) ------------------------------------------------

QUARTER = "2027Q1"


@pytest.fixture(scope="module")
def baseline_files(tmp_path_factory: pytest.TempPathFactory, tiny_scenario: Any) -> Path:
    """A plan folder of the tiny network for 2027Q1, built without the solver so that it is the
    same on every run: north takes the evenings, south the days and the Swedish line, west the
    nights."""
    day = 24 * 60
    standing = [
        StandingShift(centre, "fi-phone", weekday, start * 60, 8 * 60)
        for weekday in range(7)
        for centre, start in (("west", 0), ("south", 8), ("north", 16))
    ]
    standing.append(StandingShift("south", "sv-phone", 0, 16 * 60, 4 * 60))
    assert all(s.start + s.minutes <= day for s in standing)
    period = parse_quarter(QUARTER)
    holidays = public_holidays(period, tiny_scenario.holidays.extra)
    expansion = expand(Plan(period, standing), tiny_scenario, holidays)
    folder = tmp_path_factory.mktemp("baseline") / "plan"
    folder.mkdir()
    write_standing(folder / "standing.csv", standing)
    write_shifts(folder / "shifts.csv", expansion.occurrences)
    read_previous_plan(folder)  # the unmutated baseline is good
    return folder


def read_table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


CLOCK_CELLS = ["25:00", "24:00", "24:01", "-1:00", "7:00", "07:00:00", "noon", "00:00", "23:59"]
CLOCK_CELLS += ["١٦:٠٠", "16:00 ", "99:99", ""]
RESPONDER_CELLS = ["", "0", "-1", "51", "50", "1.0", "1e3", "nan", "١", "²", " 1", "+1", "1_0"]
RESPONDER_CELLS += ["9" * 30]
DAY_CELLS = ["", "2027-02-30", "0001-01-01", "9999-12-31", "1999-12-31", "2200-01-01"]
DAY_CELLS += ["2027-W01-1", "20270101", "2027-01-01T00:00", "tomorrow", "2027-04-01"]
MOMENT_CELLS = [
    "",
    "2027-01-01T00:00:00",
    "2027-01-01T00:00:00+25:00",
    "2027-01-01T00:00:00+23:59",
    "2027-01-01T00:00:00-23:59",
    "2027-01-01T00:00:00Z",
    "2027-03-28T03:30:00+02:00",
    "2027-03-28T03:30:00+03:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+14:00",
    "2000-01-01T00:00:00+23:59",
    "2199-12-31T23:59:59-23:59",
    "2027-01-01T00:00:00.123456+02:00:30.5",
    "2027-W01-1T00:00+02:00",
    "20270101T000000+0200",
    "2027-01-01 00:00+02:00",
    "2027-01-01T24:00:00+02:00",
    "2027-02-29T00:00:00+02:00",
    "nan",
]
ID_CELLS = ["", "North", "east", "a\nb", "x" * 300, "\x00", "🙂", "fi-phone", "north", "sv-phone"]
BASELINE_POOLS: dict[str, list[str]] = {
    "centre": ID_CELLS,
    "service": ID_CELLS,
    "weekday": ["", "Mon", "monday", "7", "sun ", "funday", "mon\n", "0"],
    "responders": RESPONDER_CELLS,
    "valid_from": DAY_CELLS,
    "valid_until": DAY_CELLS,
    "kind": ["", "Standing", "extra ", "holiday_duty", "substitute\n", "🙂", "extra"],
}
BASELINE_GENERIC = [*CLOCK_CELLS, *MOMENT_CELLS, *DAY_CELLS, *ID_CELLS, *RESPONDER_CELLS]
BASELINE_OPS = [*CSV_OPS, "both", "missing"]


def write_baseline_case(rng: Random, op: str, base: Path, folder: Path, log: list[str]) -> None:
    shutil.copytree(base, folder)
    names = ["standing.csv", "shifts.csv"]
    if op == "missing":
        name = rng.choice(names)
        (folder / name).unlink()
        if rng.random() < 0.5:
            (folder / name).mkdir()
        log.append(
            f"{name} missing" + (" (a folder in its place)" if (folder / name).exists() else "")
        )
        return
    for name in names if op == "both" else [rng.choice(names)]:
        each = rng.choice(CSV_OPS) if op == "both" else op
        log.append(f"{name}: {each}")
        path = folder / name
        pools = dict(BASELINE_POOLS)
        moments = name == "shifts.csv"
        pools.update(start=MOMENT_CELLS if moments else CLOCK_CELLS)
        pools.update(end=MOMENT_CELLS if moments else CLOCK_CELLS)
        path.write_bytes(mutate_csv(rng, each, read_table(path), pools, BASELINE_GENERIC, log))


@pytest.mark.parametrize("index", cases("baseline", 200, BASELINE_OPS))
def test_a_mutated_baseline_loads_or_is_refused_in_lines(
    index: int, tmp_path: Path, baseline_files: Path
) -> None:
    rng, op = start_case("baseline", index, BASELINE_OPS)
    log = [f"baseline #{index}: {op}"]
    folder = tmp_path / "plan"
    write_baseline_case(rng, op, baseline_files, folder, log)
    log.append(f"written to {folder}")
    check_loader("baseline", log, folder, lambda: read_previous_plan(folder))


# --- the command line, on inputs that mostly still load -----------------------------------------

TIMES = ["00:00", "04:00", "06:00", "08:00", "12:00", "16:00", "20:00", "22:00", "23:00", "24:00"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def window(rng: Random) -> dict[str, Any]:
    start, end = rng.sample(TIMES[:-1], 2) if rng.random() < 0.5 else ("00:00", "24:00")
    return {
        "days": sorted(rng.sample(DAYS, rng.randint(1, 7)), key=DAYS.index),
        "start": start,
        "end": end,
    }


def gentle_op(rng: Random, op: str, tree: dict[str, Any], log: list[str]) -> None:
    """A change a coordinator could make: the file stays well formed, the network may not be
    plannable any more."""
    centres: list[dict[str, Any]] = tree["centres"]
    centre = rng.choice(centres)
    rules: dict[str, Any] = tree.setdefault("rules", {})
    if op == "numbers":
        lo, hi = sorted(rng.choice([0, 4, 8, 20, 40, 60, 80, 120, 168]) for _ in range(2))
        centre["weekly_hours"] = {"min": lo, "max": hi}
        log.append(f"{centre['id']}: weekly_hours {lo}…{hi}")
    elif op == "lines":
        service = rng.choice(centre["services"])
        centre["lines"][service] = rng.choice([0, 1, 2, 3, 50])
        log.append(f"{centre['id']}: lines.{service} := {centre['lines'][service]}")
    elif op == "shift-hours":
        lo, hi = sorted(rng.choice([1, 2, 3, 4, 6, 8, 12, 24]) for _ in range(2))
        rules.update(min_shift_hours=lo, max_shift_hours=hi)
        log.append(f"rules: shifts {lo}…{hi} h")
    elif op == "slot":
        tree["slot_minutes"] = rng.choice([15, 20, 30, 60])
        log.append(f"slot_minutes := {tree['slot_minutes']}")
    elif op == "notice":
        rules["change_notice_months"] = rng.choice([0, 1, 2, 6, 24])
        log.append(f"change_notice_months := {rules['change_notice_months']}")
    elif op == "evening":
        start, end = rng.sample(TIMES[:-1], 2)
        rules["evening"] = {"start": start, "end": end}
        log.append(f"evening {start}–{end}")
    elif op == "closure":
        first = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(-30, 100))
        last = first + dt.timedelta(days=rng.choice([0, 1, 6, 30, 200]))
        if rng.random() < 0.1:
            first, last = dt.date(1, 1, 1), dt.date(9999, 12, 31)
        centre["closures"] = [{"start": first, "end": last}]
        log.append(f"{centre['id']} closed {first}…{last}")
    elif op == "holiday":
        days = [dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(90)) for _ in range(3)]
        tree["holidays"] = {"country": "FI", "extra": days}
        log.append(f"extra holidays {days}")
    elif op == "availability":
        centre["availability"] = [window(rng) for _ in range(rng.randint(1, 3))]
        log.append(f"{centre['id']}: availability {centre['availability']}")
    elif op == "opening":
        service = rng.choice(tree["services"])
        service["hours"] = [window(rng) for _ in range(rng.randint(1, 2))]
        service["min_responders"] = rng.choice([0, 1, 2])
        log.append(f"{service['id']}: hours {service['hours']}, {service['min_responders']} needed")
    elif op == "holidays-closed":
        centre["open_on_holidays"] = False
        log.append(f"{centre['id']} closed on holidays")
    elif op == "drop-centre" and len(centres) > 1:
        centres.remove(centre)
        group = rules.get("holiday_duty_group", [])
        rules["holiday_duty_group"] = [c for c in group if c != centre["id"]]
        log.append(f"drop {centre['id']}")
    elif op == "copy-centre":
        twin = copy.deepcopy(centre)
        twin["id"] = f"{centre['id']}-2"
        centres.append(twin)
        log.append(f"copy {centre['id']}")
    elif op == "demand":
        service = rng.choice(tree["services"])
        service["demand"] = {
            "rate": rng.choice([0, 1, 30, 10_000]),
            "windows": [dict(window(rng), rate=rng.choice([0, 45]))],
            "dates": [{"date": dt.date(2027, 1, 6), "factor": rng.choice([0.1, 10])}],
            "handle_minutes": rng.choice([0.5, 18, 1440]),
            "patience_minutes": rng.choice([0.1, 3, 1440]),
        }
        log.append(f"{service['id']}: demand {short(service['demand'], 200)}")
    elif op == "names":
        centre["name"] = rng.choice(["Pohjois-Äänekoski 🙂", "x" * 200, "‮reversed", "North"])
        log.append(f"{centre['id']}: name {short(centre['name'])}")
    else:  # a mutation of the loader cases: the scenario is likely refused
        tree_op(rng, rng.choice(TREE_OPS), tree, log)


GENTLE_OPS = [
    "numbers",
    "lines",
    "shift-hours",
    "slot",
    "notice",
    "evening",
    "closure",
    "holiday",
    "availability",
    "opening",
    "holidays-closed",
    "drop-centre",
    "copy-centre",
    "demand",
    "names",
    "harsh",
]


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def earlier_output(out: Path, command: str) -> None:
    """`out` as an earlier output of `command`, which a refused run must leave as it was."""
    with replacing(out, command) as folder:
        (folder / "report.md").write_text("an earlier output\n", encoding="utf-8")


def check_cli(
    kind: str, log: list[str], args: list[str], out: Path, inputs: list[Path], written: str
) -> None:
    before = snapshot(out)
    started = time.monotonic()
    try:
        with deadline(CLI_SECONDS * 3):
            result = CliRunner().invoke(app, args)
    except TooSlow:
        raise AssertionError(found(f"rota {' '.join(args)} hung", log)) from None
    seconds = time.monotonic() - started
    OUTCOMES[f"{kind}: exit {result.exit_code}"] += 1
    where = found(f"rota {' '.join(args)}", log)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"{where}\n{type(result.exception).__name__} escaped:\n{trace}")
    assert result.exit_code in (0, 2, 3), f"{where}\nexit {result.exit_code}\n{result.stderr}"
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, f"{where}\n{stream}"
    assert seconds < CLI_SECONDS, f"{where}\ntook {seconds:.1f} s"
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        names = tuple(str(p) for p in inputs)
        strays = [line for line in lines if not line.startswith(names)]
        assert lines, f"{where}\nexit 2 without a word on stderr"
        assert not strays, f"{where}\nstderr lines naming no input: {strays[:3]!r}"
        assert snapshot(out) == before, f"{where}\nexit 2 changed {out}"
    else:
        assert (out / written).is_file(), f"{where}\nexit {result.exit_code} but no {written}"


def cli_out(rng: Random, tmp_path: Path, command: str, log: list[str]) -> Path:
    out = tmp_path / "out"
    if rng.random() < 0.5:
        earlier_output(out, command)
        log.append("--out holds an earlier output")
    return out


@pytest.mark.parametrize("index", cases("cli-plan", 16, GENTLE_OPS))
def test_rota_plan_on_a_mutated_scenario_exits_0_2_or_3(index: int, tmp_path: Path) -> None:
    rng, op = start_case("cli-plan", index, GENTLE_OPS)
    log = [f"cli-plan #{index}: {op}"]
    tree = load_yaml(TINY)
    gentle_op(rng, op, tree, log)
    for _ in range(rng.choice([0, 0, 1, 2])):
        gentle_op(rng, rng.choice(GENTLE_OPS[:-1]), tree, log)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(dump(rng, tree), encoding="utf-8")
    out = cli_out(rng, tmp_path, PLAN_COMMAND, log)
    args = ["plan", str(scenario), "--quarter", QUARTER, "--today", "2026-10-01"]
    args += ["--time-limit", "1", "--out", str(out)]
    check_cli("cli-plan", log, args, out, [scenario], "standing.csv")


GENTLE_BASELINE_OPS = [
    "responders",
    "clock",
    "centre",
    "kind",
    "rows",
    "dates",
    "quarter",
    "odd",
    "harsh",
]
# Cells the baseline reader accepts though no plan writes them.
ODD_READABLE = {
    "centre": ["east", "North", "a\nb", "🙂", "x" * 300, "\x00", "fi-phone"],
    "service": ["sv-phone", "chat", "a\rb", "north"],
    "start": ["24:00", "00:00", "23:59", "١٦:٠٠", "2027-01-05T10:00:00+23:59", "2027-01-05T10:00Z"],
    "end": ["24:00", "00:01", "2027-01-05T10:00:00.5+02:00", "2027-03-28T03:30:00+02:00"],
    "responders": ["+1", " 2", "١", "50"],
    "weekday": ["sun", "mon"],
    "valid_from": ["2000-01-01", "2199-12-31"],
    "valid_until": ["2000-01-01", "2027-01-01"],
}


def gentle_baseline(rng: Random, op: str, folder: Path, log: list[str]) -> None:
    """Edits a person could make to a plan's CSV files that still read as a plan."""
    name = rng.choice(["standing.csv", "shifts.csv"])
    path = folder / name
    table = read_table(path)
    header, rows = table[0], table[1:]
    column = header.index
    if op == "harsh":
        each = rng.choice(CSV_OPS)
        log.append(f"{name}: {each}")
        pools = dict(BASELINE_POOLS, start=MOMENT_CELLS, end=MOMENT_CELLS)
        path.write_bytes(mutate_csv(rng, each, table, pools, BASELINE_GENERIC, log))
        return
    chosen = rng.sample(range(len(rows)), min(len(rows), rng.choice([1, 5, 50])))
    for r in chosen:
        row = rows[r]
        if op == "responders":
            row[column("responders")] = str(rng.choice([1, 2, 3, 50]))
        elif op == "clock" and name == "standing.csv":
            row[column(rng.choice(["start", "end"]))] = rng.choice(TIMES)
        elif op == "clock":
            moment = dt.datetime.fromisoformat(row[column("start")])
            moved = moment + dt.timedelta(hours=rng.choice([-3, -1, 1, 5]))
            row[column(rng.choice(["start", "end"]))] = moved.isoformat()
        elif op == "centre":
            row[column("centre")] = rng.choice(["north", "south", "west"])
        elif op == "odd":
            key = rng.choice([c for c in header if c in ODD_READABLE])
            row[column(key)] = rng.choice(ODD_READABLE[key])
        elif op == "kind" and name == "shifts.csv":
            row[column("kind")] = rng.choice(["standing", "holiday-duty", "substitute", "extra"])
        elif op == "dates" and name == "standing.csv":
            day = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(-100, 200))
            row[column(rng.choice(["valid_from", "valid_until"]))] = day.isoformat()
        elif op == "quarter" and name == "shifts.csv":
            days = dt.timedelta(days=rng.choice([-91, 91, 365]))
            for c in (column("start"), column("end")):
                row[c] = (dt.datetime.fromisoformat(row[c]) + days).isoformat()
    if op == "rows":
        rows = [row for i, row in enumerate(rows) if i not in chosen or rng.random() < 0.3]
        rows += [list(rows[i]) for i in chosen if i < len(rows) and rng.random() < 0.3]
    log.append(f"{name}: {op} on {len(chosen)} rows")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("index", cases("cli-baseline", 10, GENTLE_BASELINE_OPS))
def test_rota_plan_on_a_mutated_baseline_exits_0_2_or_3(
    index: int, tmp_path: Path, baseline_files: Path
) -> None:
    rng, op = start_case("cli-baseline", index, GENTLE_BASELINE_OPS)
    log = [f"cli-baseline #{index}: {op}"]
    baseline = tmp_path / "plan"
    shutil.copytree(baseline_files, baseline)
    gentle_baseline(rng, op, baseline, log)
    out = cli_out(rng, tmp_path, PLAN_COMMAND, log)
    # The notice rule keeps the baseline's pattern up to 2027-04-15, inside the planned quarter.
    args = ["plan", str(TINY), "--quarter", "2027Q2", "--today", "2027-02-15"]
    args += ["--baseline", str(baseline), "--time-limit", "1", "--out", str(out)]
    check_cli("cli-baseline", log, args, out, [TINY, baseline], "standing.csv")


GENTLE_ROSTER_OPS = ["hours", "role", "availability", "absences", "services", "rows", "harsh"]


@pytest.mark.parametrize("index", cases("cli-roster", 8, GENTLE_ROSTER_OPS))
def test_rota_responders_assign_on_a_mutated_roster_exits_0_2_or_3(
    index: int, tmp_path: Path, baseline_files: Path
) -> None:
    rng, op = start_case("cli-roster", index, GENTLE_ROSTER_OPS)
    log = [f"cli-roster #{index}: {op}"]
    table = roster_rows()
    header, rows = table[0], table[1:]
    for row in rng.sample(rows, rng.randint(1, len(rows))):
        row += [""] * (len(header) - len(row))
        if op == "hours":
            row[header.index("max_hours_week")] = rng.choice(["1", "4", "40", "168"])
            row[header.index("max_hours_quarter")] = rng.choice(["1", "4", "400", "2208"])
        elif op == "role":
            row[header.index("role")] = rng.choice(["staff", "volunteer", "student"])
        elif op == "availability":
            row[header.index("availability")] = rng.choice([*WINDOW_CELLS[1:2], "mon 08:00-12:00"])
        elif op == "absences":
            row[header.index("absences")] = rng.choice(["2027-01-01..2027-03-31", "2027-02-01"])
        elif op == "services":
            row[header.index("languages")] = rng.choice(["fi", "sv", "fi; sv; en"])
        elif op == "rows":
            rows.remove(row)
    if op == "harsh":
        data = mutate_csv(rng, rng.choice(CSV_OPS), table, ROSTER_POOLS, TEXT_CELLS, log)
    else:
        data = csv_bytes(rng, [header, *rows])
    log.append(f"{op} on the roster")
    roster = tmp_path / "north.csv"
    roster.write_bytes(data)
    out = cli_out(rng, tmp_path, ASSIGN_COMMAND, log)
    args = ["responders", "assign", str(TINY), "--roster", str(roster), "--quarter", QUARTER]
    args += ["--plan", str(baseline_files), "--time-limit", "1", "--workers", "1"]
    args += ["--out", str(out)]
    check_cli("cli-roster", log, args, out, [TINY, roster, baseline_files], "assignment.csv")
