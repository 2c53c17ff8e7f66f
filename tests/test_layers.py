"""The layers of #19: the web, the exports, the report and the mail import nothing of the
command line; the use cases (``tisser.app``) and the wording (``tisser.present``) import
neither adapter nor their frameworks.

Read from the source with :mod:`ast` (every ``import``, at the top or inside a function),
so a late import inside a route counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tisser"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute (``from x import y`` counts ``x`` and ``x.y``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in files:
        for module in sorted(imported_modules(path)):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(SRC.parent)} imports {module}")
    return out


def files_of(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        target = SRC / part
        out.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return out


def test_the_parser_sees_imports_inside_functions() -> None:
    """The checker itself: a late import is found, a relative one is not mistaken."""
    sample = SRC / "app" / "event_met.py"
    assert "tisser.formats.vcard_card" in imported_modules(sample)  # imported in a function


@pytest.mark.parametrize("part", ["web", "export.py", "report", "mail.py"])
def test_web_exports_report_and_mail_do_not_import_the_command_line(part: str) -> None:
    assert offenders(files_of(part), ("tisser.cli",)) == []


@pytest.mark.parametrize("part", ["app", "present"])
def test_use_cases_and_wording_import_no_adapter_nor_its_framework(part: str) -> None:
    forbidden = ("tisser.cli", "tisser.web", "typer", "fastapi", "starlette", "jinja2")
    # Rich stays out too, except the console a State makes on first use (command line only).
    rich = [o for o in offenders(files_of(part), ("rich",)) if "app/context.py" not in o]
    assert offenders(files_of(part), forbidden) + rich == []


def test_present_does_not_import_the_use_cases() -> None:
    """present sits under app: a label never reaches up to a use case (type hints aside)."""
    found = []
    for path in files_of("present"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # top level only: ``if TYPE_CHECKING:`` blocks are skipped
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tisser.app"):
                found.append(f"{path.name} imports {node.module}")
    assert found == []
