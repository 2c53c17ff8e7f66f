"""Rich's markup escaping, without importing Rich.

Every command module escapes user text before Rich prints it (a note reading ``[bold]`` is
shown, not obeyed). Importing :mod:`rich.markup` for that one function loads Rich's text
machinery at the start of every command, help included; this is the same function (Rich's
own, MIT), and ``tests/test_cli_markup.py`` checks it against Rich's on awkward texts.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def escape(markup: str) -> str:
    """``markup`` with every ``[tag]`` Rich would read escaped, so it prints as written."""

    def escape_backslashes(match: re.Match[str]) -> str:
        backslashes, text = match.groups()
        return f"{backslashes}{backslashes}\\{text}"

    escaped = _TAG.sub(escape_backslashes, markup)
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        return escaped + "\\"
    return escaped
