"""Command-line usage errors (a missing argument, an unknown option) in the user's language.

Click, which Typer runs on, writes these in English only. Their shapes are few and stable,
so each is matched here and rewritten from a translated template; anything unknown is shown
as Click wrote it.
"""

from __future__ import annotations

import re

from tisser.core.errors import N_
from tisser.i18n import _

# (pattern on Click's English message, template using the pattern's named groups)
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '(?P<name>[^']+)'\.?$"), N_("missing argument {name}")),
    (re.compile(r"^Missing option '(?P<name>[^']+)'\.?$"), N_("missing option {name}")),
    (
        re.compile(r"^No such option: (?P<name>\S+?)(?:\s+Did you mean (?P<near>.+?)\?)?$"),
        N_("unknown option {name}"),
    ),
    (re.compile(r"^No such command '(?P<name>[^']+)'\.?$"), N_("unknown command {name}")),
    (
        re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$"),
        N_("unexpected extra argument: {args}"),
    ),
    (
        re.compile(r"^Option '(?P<name>[^']+)' requires an argument\.?$"),
        N_("option {name} needs a value"),
    ),
    (
        re.compile(r"^Invalid value for (?P<name>.+?): (?P<detail>.*)$"),
        N_("invalid value for {name}: {detail}"),
    ),
    (
        re.compile(r"^(?P<value>.+?) is not in the range (?P<range>.+?)\.?$"),
        N_("{value} is not in the range {range}"),
    ),
    (
        re.compile(r"^'?(?P<value>.*?)'? is not a valid integer\.?$"),
        N_("{value!r} is not a whole number"),
    ),
    (re.compile(r"^'?(?P<value>.*?)'? is not a valid float\.?$"), N_("{value!r} is not a number")),
    (
        re.compile(r"^Value '?(?P<value>.*?)'? is not a valid (?P<kind>\w+)\.?$"),
        N_("{value!r} is not a valid {kind}"),
    ),
]


def translate_usage(message: str) -> str:
    """Click's English usage message in the current language (unchanged if unknown)."""
    text = message.strip()
    for pattern, template in PATTERNS:
        match = pattern.match(text)
        if match:
            parts = {
                k: translate_usage(v) if k == "detail" else v
                for k, v in match.groupdict().items()
                if v is not None
            }
            result = _(template).format(**parts)
            if match.groupdict().get("near"):
                result += " — " + _("did you mean {near}?").format(near=match.group("near"))
            return result
    return text
