"""A contact's journal by month, and the channels it used (#20: 46 entries in one column)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from babel.dates import format_date

from tisser.core.model import Channel, Interaction
from tisser.i18n import get_language


def by_month(history: Sequence[Interaction]) -> list[tuple[str, str, list[Interaction]]]:
    """``(key "2026-11", "novembre 2026", interactions)`` per month, newest first (the
    history comes newest first; months keep that order)."""
    out: list[tuple[str, str, list[Interaction]]] = []
    for i in history:
        day = i.occurred_at.date()
        key = f"{day:%Y-%m}"
        if not out or out[-1][0] != key:
            label = format_date(day, format="LLLL y", locale=get_language())
            out.append((key, label[:1].upper() + label[1:], []))
        out[-1][2].append(i)
    return out


def channel_counts(history: Sequence[Interaction]) -> list[tuple[Channel, int]]:
    """The channels of these interactions and how many each, most used first."""
    counts = Counter(i.channel for i in history)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].value))
