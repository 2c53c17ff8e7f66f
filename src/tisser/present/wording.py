"""A sentence of the core (:class:`~tisser.core.explain.Text`) in the reader's language.

One renderer for the diagnosis (terminal, ``--json``, HTML report, web) and for the plan
lines that carry the diagnosis's words (:class:`~tisser.core.actions.Wording`), so the same
action reads the same everywhere: spans as "14 months", shares as "12 %", dates in full.
"""

from __future__ import annotations

from datetime import date, timedelta

from tisser.core.explain import Days, Share, Text
from tisser.i18n import _, get_language
from tisser.present.numbers import percent


def fmt(value: object) -> object:
    """A parameter in the reader's language: spans, shares and decimals localised."""
    lang = get_language()
    if isinstance(value, Days):
        if value.days < 1:
            return _("less than a day")
        from babel.dates import format_timedelta

        return format_timedelta(timedelta(days=value.days), locale=lang, threshold=1.1)
    if isinstance(value, Share):
        return percent(value.value, lang=lang)  # French: a narrow no-break space before %
    if isinstance(value, date):
        from babel.dates import format_date

        return format_date(value, format="long", locale=lang)
    if isinstance(value, float):
        from babel.numbers import format_decimal

        return format_decimal(value, locale=lang)
    return value


def text(t: Text) -> str:
    """``t`` translated, its parameters formatted by :func:`fmt`."""
    return t.render(_, fmt)
