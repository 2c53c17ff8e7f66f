"""The README tells the truth: its session is real output, its Quick start is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_session_is_real_output() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_session.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, (
        "README session is stale; run scripts/readme_session.py "
        "--write\n" + done.stdout + done.stderr
    )


def test_quick_start_has_two_lines_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```\w*\n(.*?)```", readme, re.S)
    assert block, "no Quick start code block"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert lines == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nmake test\n" in ci


def test_changelog_has_unreleased_section() -> None:
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
