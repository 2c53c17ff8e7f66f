"""The README's "Using it" sequence runs as written, on a fresh database (#20).

It failed at its fifth line (a ``link`` to someone never added). Each line is split as a
POSIX shell would (``shlex``, comments dropped) and run through ``tisser.cli.main``; every one
must succeed, and the final overview must show the two people added.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tisser.cli import main

README = Path(__file__).parents[1] / "README.md"


def using_it() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "no shell block under 'Using it'"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words for words in lines if words]


def test_the_using_it_sequence_runs(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TISSER_DB", db_url)
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("COLUMNS", "200")
    commands = using_it()
    assert len(commands) >= 5
    for words in commands:
        assert words[0] == "tisser", words
        code = main(words[1:])
        out, err = capsys.readouterr()
        assert code == 0, (words, out, err)
        assert "Traceback" not in out + err
    assert "Claire Dubois" in main_output(["list"], capsys)


def main_output(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out
