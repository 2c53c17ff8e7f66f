"""Explanations: an English template marked with ``N_`` and the figures that fill it.

Every number the diagnosis shows can be explained (ARCHITECTURE.md, "explain fields"). The
core has no language, so an explanation is a :class:`Text`: a msgid such as
``N_("last contact {days} days ago")`` and its parameters. The CLI, the HTML report and the
web translate the msgid, format the parameters in the reader's language, then fill it in,
exactly as :class:`tisser.core.errors.TisserError` does for errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _identity(text: str) -> str:
    return text


def _as_is(value: object) -> object:
    return value


@dataclass(slots=True)
class Text:
    """A sentence to translate: ``msgid`` (English, ``N_``-marked) and its ``params``."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(
        self,
        translate: Callable[[str], str] = _identity,
        fmt: Callable[[object], object] = _as_is,
    ) -> str:
        """The sentence translated by ``translate``, each parameter formatted by ``fmt``."""
        template = translate(self.msgid)
        if not self.params:
            return template
        try:
            return template.format(
                **{
                    k: v.render(translate, fmt) if isinstance(v, Text) else fmt(v)
                    for k, v in self.params.items()
                }
            )
        except (KeyError, IndexError, ValueError):
            return template

    def as_dict(self) -> dict[str, Any]:
        """The machine form: msgid and raw parameters (for ``--json``)."""
        return {
            "msgid": self.msgid,
            "params": {k: plain_param(v) for k, v in self.params.items()},
        }


def say(msgid: str, **params: Any) -> Text:
    """Shorthand: ``say(N_("{n} contacts"), n=3)``."""
    return Text(msgid, params)


@dataclass(frozen=True, slots=True)
class Days:
    """A span of days, shown as "14 months" or "3 weeks" in the reader's language."""

    days: int


@dataclass(frozen=True, slots=True)
class Share:
    """A proportion in [0, 1], shown as a percentage."""

    value: float


def plain_param(value: object) -> object:
    """A parameter as JSON carries it: a span as days, a share as a fraction."""
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, Days):
        return value.days
    if isinstance(value, Share):
        return round(value.value, 4)
    return value
