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
# Loaded by the commands that read or show data, not to build the tree or show help: Rich
# (tables, panels), Babel's dates, phone numbers, stemmers, fuzzy matching.
SHOWN_LATER = ("rich", "babel.dates", "phonenumbers", "snowballstemmer", "rapidfuzz")


def warm_catalogue_cache(env: dict[str, str]) -> None:
    """Parse this tree's catalogue once, as a user's first command does: the probes measure
    the commands after it (on a cache miss Babel's parser loads, babel.dates with it)."""
    warm = "from tisser.i18n import catalog\ncatalog('fr')"
    subprocess.run([sys.executable, "-c", warm], env=env, check=True)


def loaded_after(code: str, *names: str) -> dict[str, bool]:
    """Which of ``names`` a fresh interpreter has in sys.modules after running ``code``."""
    report = f"print(json.dumps({{n: n in sys.modules for n in {names!r}}}))"
    probe = f"{code}\nimport json, sys\n{report}"
    env = {**os.environ, "PYTHONPATH": str(SRC), "TISSER_LANG": "fr"}
    warm_catalogue_cache(env)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_building_the_command_tree_loads_no_heavy_library() -> None:
    code = "import tisser.cli\ntisser.cli.build_command()"
    names = (*HEAVY, *SHOWN_LATER, "tisser.store", "tisser.settings", "tisser.app.context")
    loaded = loaded_after(code, *names)
    assert [name for name, yes in loaded.items() if yes] == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check itself: a module that does load the store is seen doing so."""
    loaded = loaded_after("import tisser.store", "sqlalchemy", "fastapi")
    assert loaded == {"sqlalchemy": True, "fastapi": False}


def test_help_is_shown_without_rich_in_the_user_s_language() -> None:
    """``tisser --help`` is Click's plain layout: neither Rich nor any other heavy library is
    loaded, and Typer's and Click's own words ("Usage:", "Options", "Commands") are translated."""
    code = (
        "import contextlib, io, json, sys\nfrom tisser.cli import main\nout = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n    main(['--lang', 'fr', '--help'])\n"
        f"print(json.dumps([out.getvalue(), [n for n in {HEAVY + SHOWN_LATER!r} "
        "if n in sys.modules]]))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "100"}
    warm_catalogue_cache(env)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    shown, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert shown.startswith("Utilisation\u00a0: tisser [OPTIONS] COMMAND [ARGS]...")
    assert "\nOptions\u00a0:\n" in shown and "\nCommandes\u00a0:\n" in shown
    assert "..." not in shown.split("Commandes\u00a0:")[1]  # whole first sentences


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


def test_the_table_of_commands_names_the_module_of_every_command() -> None:
    """``COMMANDS`` (which module to load for a command) agrees with the real tree."""
    from tisser.cli.app import COMMANDS, app, register

    register()
    found: dict[str, set[str]] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        found[command.name or ""] = {command.callback.__module__}
    for group in app.registered_groups:
        typer_app = group.typer_instance
        assert typer_app is not None
        name = group.name if isinstance(group.name, str) else typer_app.info.name
        assert isinstance(name, str)
        found[name] = {c.callback.__module__ for c in typer_app.registered_commands if c.callback}
    wrong = {
        name: modules
        for name, modules in found.items()
        if not {m.rsplit(".", 1)[-1] for m in modules} <= set(COMMANDS.get(name, ()))
    }
    assert wrong == {}
    assert set(COMMANDS) == set(found)


def test_a_command_line_loads_only_the_module_of_its_command() -> None:
    from tisser.cli.app import COMMAND_MODULES, EVENTS_MODULES, modules_for

    assert modules_for(["--version"]) == ()
    assert modules_for(["--db", "list", "list", "--limit", "5"]) == ("contacts",)
    assert modules_for(["--lang=en", "events", "--help"]) == EVENTS_MODULES
    assert modules_for(["--help"]) == COMMAND_MODULES
    assert modules_for(["lsit"]) == COMMAND_MODULES  # Click then says what is close
    assert modules_for([]) == ("overview",)
    code = "from tisser.cli import build_command\nbuild_command(['list', '--limit', '5'])"
    loaded = loaded_after(code, "tisser.cli.contacts", "tisser.cli.events", "sqlalchemy")
    assert loaded == {"tisser.cli.contacts": True, "tisser.cli.events": False,
                      "sqlalchemy": False}  # fmt: skip


def test_opening_a_current_database_loads_neither_alembic_nor_the_orm(tmp_path: Path) -> None:
    """Alembic loads only to migrate; the ORM and the PostgreSQL driver not at all for a
    SQLite database. The first open creates the schema (Alembic runs), the second finds it
    current."""
    url = f"sqlite:///{tmp_path / 'tisser.db'}"
    code = f"from tisser.store import open_store\nopen_store({url!r}).list_contacts()"
    first = loaded_after(code, "alembic")
    assert first == {"alembic": True}  # the probe sees a migration
    again = loaded_after(code, "alembic", "sqlalchemy.orm", "psycopg", "sqlalchemy")
    assert again == {"alembic": False, "sqlalchemy.orm": False, "psycopg": False,
                     "sqlalchemy": True}  # fmt: skip


def test_a_listing_converts_its_options_without_pydantic(tmp_path: Path) -> None:
    """Typer would convert ``--limit 5`` through pydantic; plain values are converted by
    tisser.cli.coerce (checked against Typer's conversion in test_cli_coerce.py)."""
    url = f"sqlite:///{tmp_path / 'tisser.db'}"
    code = (
        f"from tisser.store import open_store\nopen_store({url!r}).close()\n"
        "import contextlib, io\nfrom tisser.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['--db', {url!r}, 'list', '--limit', '5', '--tag', 'x']) == 0"
    )
    assert loaded_after(code, "pydantic", "alembic") == {"pydantic": False, "alembic": True}
