"""requirements.lock is what a fresh machine installs (issue 14): it must satisfy every dependency
pyproject.toml asks for, hash every pin, and be what this environment runs."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^ ;\\]+)(?: ; (?P<marker>[^\\]+))?"
)


def locked() -> dict[str, Version]:
    """The lock's pins that apply to this interpreter, by canonical name."""
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if match := PIN.match(line):
            requirement = Requirement(line.split(" \\")[0].strip())
            if requirement.marker is None or requirement.marker.evaluate():
                pins[canonicalize_name(match["name"])] = Version(match["version"])
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    texts = project["dependencies"] + [
        d for extra in project["optional-dependencies"].values() for d in extra
    ]
    return [Requirement(text) for text in texts]


def test_every_dependency_of_pyproject_is_locked_at_a_version_it_allows() -> None:
    pins = locked()
    environment = default_environment()
    problems = []
    for requirement in declared():
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{requirement}: not in requirements.lock; run `make lock`")
        elif not requirement.specifier.contains(pin, prereleases=True):
            problems.append(f"{requirement}: locked at {pin}; run `make lock`")
    assert problems == []


def test_every_pin_carries_a_hash() -> None:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    for number, line in enumerate(lines):
        if PIN.match(line):
            assert line.endswith("\\") and "--hash=sha256:" in lines[number + 1], line


def test_this_environment_runs_exactly_the_locked_versions() -> None:
    drift = {
        name: (str(pin), metadata.version(name))
        for name, pin in locked().items()
        if Version(metadata.version(name)) != pin
    }
    assert drift == {}, "the environment differs from requirements.lock; `make test` reinstalls"
