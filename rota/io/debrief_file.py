"""The national debrief service's hours, read from a YAML file (`--debrief`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from rota.domain.debrief import NationalDebrief
from rota.domain.errors import InputError
from rota.io.scenario_file import format_path, load_yaml

MAX_DEBRIEF_BYTES = 100_000
_KEYS = ", ".join(NationalDebrief.model_fields)


def load_national_debrief(path: Path) -> NationalDebrief:
    """Read a national debrief configuration (YAML with the keys of NationalDebrief)."""
    raw = load_yaml(path, MAX_DEBRIEF_BYTES, "debrief") or {}
    if not isinstance(raw, dict):
        raise InputError([f"{path}: (top level): expected a mapping of keys ({_KEYS})"])
    try:
        return NationalDebrief.model_validate(raw)
    except ValidationError as error:
        raise InputError(
            [
                f"{path}: {format_path(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
                for e in error.errors(include_url=False)
            ]
        ) from None
