"""The command line answers at once (#19): building the command tree loads Typer and the
command modules' signatures, not the database layer, the numerical stack or the web.

Each check runs in a fresh interpreter: this test process has long since imported
everything, so only a new one shows what ``import tisser.cli`` itself pulls in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "rustworkx", "jinja2", "fastapi")


def loaded_after(code: str, *names: str) -> dict[str, bool]:
    """Which of ``names`` a fresh interpreter has in sys.modules after running ``code``."""
    report = f"print(json.dumps({{n: n in sys.modules for n in {names!r}}}))"
    probe = f"{code}\nimport json, sys\n{report}"
    env = {**os.environ, "PYTHONPATH": str(SRC), "TISSER_LANG": "fr"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_building_the_command_tree_loads_no_heavy_library() -> None:
    code = "import tisser.cli\ntisser.cli.build_command()"
    loaded = loaded_after(code, *HEAVY, "tisser.store", "tisser.settings", "tisser.app.context")
    assert [name for name, yes in loaded.items() if yes] == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check itself: a module that does load the store is seen doing so."""
    loaded = loaded_after("import tisser.store", "sqlalchemy", "fastapi")
    assert loaded == {"sqlalchemy": True, "fastapi": False}


def test_typer_help_words_are_translated_when_typer_loads_them() -> None:
    """Typer's panel titles are set as its help module loads (it is not loaded up front)."""
    code = (
        "from tisser.i18n import set_language\nset_language('fr')\n"
        "import tisser.cli\ntisser.cli.build_command()\n"
        "import sys\nassert 'typer.rich_utils' not in sys.modules\n"
        "from typer import rich_utils\nprint(rich_utils.OPTIONS_PANEL_TITLE)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "Options"  # same word in French; see the next check
    code = code.replace("OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "Commandes"


def test_the_web_loads_neither_typer_nor_rich() -> None:
    """The two adapters are independent (#19): the web application is built without the
    command line's frameworks."""
    code = "from tisser.web.app import create_app"
    loaded = loaded_after(code, "typer", "rich", "click", "tisser.cli", "fastapi")
    assert loaded == {"typer": False, "rich": False, "click": False, "tisser.cli": False,
                      "fastapi": True}  # fmt: skip


def test_the_command_line_loads_no_web_framework() -> None:
    code = "import tisser.cli\ntisser.cli.build_command()"
    loaded = loaded_after(code, "fastapi", "starlette", "jinja2", "tisser.web", "typer")
    assert loaded == {"fastapi": False, "starlette": False, "jinja2": False, "tisser.web": False,
                      "typer": True}  # fmt: skip
