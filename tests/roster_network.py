"""Rosters for centres b and c of the three-centre network (tests/change_network.py), for the
dashboard's roster tests. The names are made up; each test checks who may see them."""

from __future__ import annotations

from pathlib import Path

from rota.io.synthetic_roster import write_roster

NAMES = {"b": ("Bo Lind", "Bea Saari"), "c": ("Aino Virtanen", "Cecilia Koski")}


def write_rosters(folder: Path) -> Path:
    """b.csv and c.csv in `folder`: two staff responders each, ids b-1, b-2, c-1, c-2."""
    write_roster(
        folder,
        {
            centre: [
                {
                    "id": f"{centre}-{number}",
                    "name": name,
                    "centre": centre,
                    "role": "staff",
                    "languages": "fi",
                    "services": "fi-phone",
                    "max_hours_week": "20",
                    "max_hours_quarter": "200",
                }
                for number, name in enumerate(names, start=1)
            ]
            for centre, names in NAMES.items()
        },
    )
    return folder
