"""The core stays pure: no framework, no database, no network, no file access."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "tisser" / "core"
FORBIDDEN = {
    "typer",
    "click",
    "rich",
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "jinja2",
    "vobject",
    "httpx",
    "uvicorn",
    "sqlite3",
    "psycopg",
    "requests",
    "urllib",
    "socket",
    "http",
    "subprocess",
    "shutil",
    "platformdirs",
    "babel",
    "tisser.store",
    "tisser.cli",
    "tisser.i18n",
    "io",
    "os",
    "pathlib",
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_core_modules_import_no_io_framework() -> None:
    modules = sorted(CORE.glob("*.py"))
    assert len(modules) >= 5
    offenders = {
        p.name: sorted(m for m in _imported_modules(p) if _is_forbidden(m)) for p in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_calls_no_open() -> None:
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "open"
        ]
        assert not calls, f"{path.name} calls open()"


def test_importing_core_loads_no_framework() -> None:
    code = (
        "import sys, importlib, pkgutil, tisser.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('tisser.core.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "{'typer','click','rich','sqlalchemy','fastapi','jinja2','sqlite3','babel','alembic'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
