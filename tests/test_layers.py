"""The import contract (pyproject.toml, `lint-imports` in `make test`) holds, and fails on an
import against the arrows: shown on a copy of the tree with one forbidden import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, so the contract is checked on its modules.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [LINT, "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, check=False
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for part in ("rota", "solver", "ui"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree)
    return tree


def add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace(
            "from __future__ import annotations\n",
            f"from __future__ import annotations\n\n{line}\n",
            1,
        ),
        encoding="utf-8",
    )


def test_the_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = lint(copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout


def test_the_solver_importing_the_store_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    add_import(tree / "solver" / "plan" / "rules.py", "import rota.store.models  # noqa: F401")
    result = lint(tree)
    assert result.returncode == 1
    assert "solver.plan.rules -> rota.store.models" in result.stdout


def test_the_judge_importing_the_solver_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    add_import(tree / "rota" / "checks" / "plan.py", "import solver.plan.model  # noqa: F401")
    result = lint(tree)
    assert result.returncode == 1
    assert "rota.checks.plan -> solver.plan.model" in result.stdout


def test_a_page_reading_the_store_itself_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_tree(tmp_path)
    add_import(tree / "ui" / "charts.py", "import rota.store.repository  # noqa: F401")
    result = lint(tree)
    assert result.returncode == 1
    assert "ui.charts -> rota.store.repository" in result.stdout
