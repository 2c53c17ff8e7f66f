"""The import contracts of pyproject.toml ([tool.importlinter]), run by ``make test``.

Layers (#19): the adapters (cli | web) over the use cases (app), over the wording (present),
over the store and the formats, over the core; the command line and the web independent;
the exports, the report and the mail importing neither; no import circle inside a layer.
``lint-imports`` reads the real import graph (grimp), function-level imports included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [exe, "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )


def test_every_import_contract_is_kept() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_contracts_do_catch_a_broken_layer(tmp_path: Path) -> None:
    """The linter itself: a contract the code breaks (the core over the store) is reported."""
    config = tmp_path / "broken.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "tisser"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\ntype = "layers"\nlayers = ["tisser.core", "tisser.store"]\n',
        encoding="utf-8",
    )
    done = lint_imports("--config", str(config))
    assert done.returncode != 0
    assert "upside down BROKEN" in done.stdout
