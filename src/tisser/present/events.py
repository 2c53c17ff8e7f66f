"""How events are written: fees, numbers the user's way (``9,3`` in French), separators."""

from __future__ import annotations

from babel.numbers import format_decimal

from tisser.core.errors import N_
from tisser.core.events import (
    Event,
)
from tisser.i18n import _, get_language


def fees_text(event: Event) -> str:
    parts = []
    if event.entry_fee:
        parts.append(_("{amount} € entry").format(amount=f"{event.entry_fee:.0f}"))
    if event.yearly_fee:
        parts.append(_("{amount} €/year").format(amount=f"{event.yearly_fee:.0f}"))
    return ", ".join(parts) or _("free")


# Between the reasons of one line ("; " in English, " ; " in French).
SEP = N_("; ")


# How the numbers of a value part are written (default one decimal).
PRECISION = {"fit": 2, "factor": 2, "need": 0, "left": 0}


def number(value: float, digits: int = 1) -> str:
    """``9,3`` in French, ``9.3`` in English."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=get_language())
