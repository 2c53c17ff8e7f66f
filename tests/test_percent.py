"""Percentages (#18): one helper, French "12 %" with a narrow no-break space, English "12%".

The expected strings are written out by hand; the source scan keeps every other spelling
(an f-string ``{x:.0%}``, Babel's ``format_percent`` with its plain no-break space, a
template's ``* 100 ... %``) out of what users see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tisser
from tisser.i18n import language_scope
from tisser.present.numbers import percent

SRC = Path(tisser.__file__).resolve().parent
HELPER = SRC / "present" / "numbers.py"


@pytest.mark.parametrize(
    ("share", "digits", "lang", "expected"),
    [
        (0.12, 0, "fr", "12\u202f%"),
        (0.12, 0, "en", "12%"),
        (0.1234, 1, "fr", "12,3\u202f%"),
        (0.1234, 1, "en", "12.3%"),
        (12.5, 0, "fr", "1\u202f250\u202f%"),
        (0.0012, 2, "en", "0.12%"),
        (None, 0, "fr", ""),
    ],
)
def test_percent_in_each_language(
    share: float | None, digits: int, lang: str, expected: str
) -> None:
    assert percent(share, digits, lang) == expected


def test_percent_follows_the_reader_language() -> None:
    with language_scope("fr"):
        assert percent(0.5) == "50\u202f%"
    with language_scope("en"):
        assert percent(0.5) == "50%"


def test_no_percentage_is_formatted_outside_the_helper() -> None:
    fstring = re.compile(r":[,_]?\.\d+%\}")  # {x:.0%} and the like
    found = []
    for path in sorted(SRC.rglob("*")):
        if path == HELPER or path.suffix not in {".py", ".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if fstring.search(line) or "format_percent" in line or re.search(r"\* 100\b.*%", line):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
