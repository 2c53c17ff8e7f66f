"""tisser's copy of Rich's markup escaping agrees with Rich's own."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.markup import escape as rich_escape

from tisser.cli.markup import escape

AWKWARD = [
    "",
    "plain text",
    "[bold]not bold[/bold]",
    "[/]",
    "a [link=https://x.example]link[/link]",
    "\\[already escaped]",
    "\\\\[two backslashes]",
    "ends with a backslash \\",
    "ends with two \\\\",
    "[Capital] is not a tag",
    "[1] a footnote, [#fff] a colour, [@click] a handler",
    "nested [[bold]] and [a[b]c]",
    "Hélène « [note] » : 50 %",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_the_copy_escapes_as_rich_does(text: str) -> None:
    assert escape(text) == rich_escape(text)


@pytest.mark.parametrize("text", [t for t in AWKWARD if not t.endswith("\\")])
def test_escaped_text_prints_as_written(text: str) -> None:
    console = Console(width=200, record=True, color_system=None)
    console.print(escape(text), end="")
    assert console.export_text() == text  # (a final backslash Rich prints doubled)
