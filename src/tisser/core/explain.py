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
from datetime import date
from typing import Any


def _identity(text: str) -> str:
    return text


def _as_is(value: object) -> object:
    return value


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


# How a plural sentence picks its form: English rules until :mod:`tisser.i18n` installs its
# ``ngettext`` (the core has no language; French counts 0 and 1 as singular).
PLURAL: list[Callable[[str, str, int], str]] = [_english_plural]


@dataclass(slots=True)
class Text:
    """A sentence to translate: ``msgid`` (English, ``N_``-marked) and its ``params``.

    A plural sentence (:func:`nsay`) also has its ``plural`` msgid and the name of the
    parameter whose value picks the form ("1 day" / "2 days", "il y a 1 jour").
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: str = ""

    def render(
        self,
        translate: Callable[[str], str] = _identity,
        fmt: Callable[[object], object] = _as_is,
    ) -> str:
        """The sentence translated by ``translate``, each parameter formatted by ``fmt``."""
        if self.plural:
            n = self.params.get(self.count, 0)
            n = n if isinstance(n, int) else 0
            pick = _english_plural if translate is _identity else PLURAL[0]
            template = pick(self.msgid, self.plural, n)
        else:
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


def nsay(singular: str, plural: str, by: str = "count", **params: Any) -> Text:
    """A sentence with real plurals: ``nsay("{count} day", "{count} days", count=n)``;
    ``by`` names the parameter whose value picks the form.

    ``scripts/translations.py`` extracts both forms (``-k nsay:1,2``) as one plural entry.
    """
    return Text(singular, params, plural, by)


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
    if isinstance(value, date):
        return value.isoformat()
    return value


def pack(text: Text) -> dict[str, Any]:
    """``text`` as JSON that :func:`unpack` turns back into the same :class:`Text` (a stored
    plan line keeps the diagnosis's wording): spans, shares, dates and sentences tagged."""
    out: dict[str, Any] = {
        "msgid": text.msgid,
        "params": {k: _pack(v) for k, v in text.params.items()},
    }
    if text.plural:
        out.update(plural=text.plural, count=text.count)
    return out


def _pack(value: object) -> object:
    if isinstance(value, Text):
        return {"text": pack(value)}
    if isinstance(value, Days):
        return {"days": value.days}
    if isinstance(value, Share):
        return {"share": value.value}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def unpack(data: Mapping[str, Any]) -> Text:
    """The :class:`Text` that :func:`pack` wrote."""
    params = {k: _unpack(v) for k, v in (data.get("params") or {}).items()}
    return Text(str(data.get("msgid", "")), params, data.get("plural", ""), data.get("count", ""))


def _unpack(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "text" and isinstance(inner, dict):
            return unpack(inner)
        if tag == "days" and isinstance(inner, int):
            return Days(inner)
        if tag == "share" and isinstance(inner, (int, float)):
            return Share(float(inner))
        if tag == "date" and isinstance(inner, str):
            try:
                return date.fromisoformat(inner)
            except ValueError:
                return inner
    return value
