"""Shares as a reader writes them: the one place that turns a fraction into a percentage.

French typography puts a narrow no-break space (U+202F) between the number and "%"
("12 %"); CLDR gives a plain no-break space, and an f-string ``{x:.0%}`` gives none at all,
so every percentage shown to a user goes through :func:`percent` (a test greps the source
for ``:.0%}`` and the like elsewhere). English writes "12%".
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from tisser.i18n import get_language

NARROW_NBSP = "\u202f"


def percent(share: float | None, digits: int = 0, lang: str | None = None) -> str:
    """``share`` (0.12) as "12 %" in French or "12%" in English; "" for an unknown share."""
    if share is None:
        return ""
    lang = lang or get_language()
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    text = format_percent(share, pattern, locale=lang)
    return text.replace("%", NARROW_NBSP + "%") if lang.split("_")[0] == "fr" else text


def decimal(value: float, digits: int = 1, lang: str | None = None) -> str:
    """``value`` with at most ``digits`` decimals, as the language writes it: "11,8" and
    "1 234,5" (narrow no-break space) in French, "11.8" and "1,234.5" in English."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, pattern, locale=lang or get_language())
