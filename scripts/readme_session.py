"""Keep the README's terminal session real: run its commands and compare, or rewrite it.

The session sits between ``<!-- session:start -->`` and ``<!-- session:end -->`` in
README.md, as ``$ tisser …`` lines each followed by its output. The commands run in a fresh
temporary folder, in French, with ``TISSER_TODAY`` fixed so the output is reproducible.

    python scripts/readme_session.py          # exit 1 and show a diff if the README is stale
    python scripts/readme_session.py --write  # rewrite the session with today's real output
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- session:start -->\n```console\n)(.*?)(```\n<!-- session:end -->)", re.S)
ENV = {
    "TISSER_TODAY": "2026-11-23",
    "TISSER_LANG": "fr",
    "COLUMNS": "100",
    "TISSER_TZ": "Europe/Paris",
    "NO_COLOR": "1",
    "TERM": "dumb",
}


def commands(session: str) -> list[str]:
    return [line[2:] for line in session.splitlines() if line.startswith("$ ")]


def run_session(cmds: list[str]) -> str:
    exe = Path(sys.executable).with_name("tisser")
    out = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, **ENV, "HOME": folder}
        env.pop("TISSER_DB", None)
        for cmd in cmds:
            args = shlex.split(cmd)
            assert args[0] == "tisser", f"README session runs only tisser: {cmd}"
            done = subprocess.run(
                [str(exe), *args[1:]],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            text = (done.stdout + done.stderr).rstrip()
            out.append(f"$ {cmd}\n" + "\n".join(line.rstrip() for line in text.splitlines()))
    return "\n".join(out) + "\n"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    if not match:
        print("README.md has no session block", file=sys.stderr)
        return 2
    fresh = run_session(commands(match.group(2)))
    if "--write" in sys.argv:
        README.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
        return 0
    if fresh != match.group(2):
        sys.stdout.writelines(
            difflib.unified_diff(
                match.group(2).splitlines(True), fresh.splitlines(True), "README.md", "real output"
            )
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
