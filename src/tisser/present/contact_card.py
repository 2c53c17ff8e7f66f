"""The address-book details of a contact as a person reads them, for the CLI's ``show``
and the web's contact page alike: typed phones with their ``tel:`` link, addresses on
envelope lines, the birthday with the age it brings, in the current language.

Type codes are vCard's (``CELL``, ``HOME``); what the user reads is their translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tisser.core import birthdays
from tisser.core.errors import N_
from tisser.core.model import Contact, Typed
from tisser.core.phones import display_phone
from tisser.i18n import get_language, gettext, ngettext
from tisser.present.dates import format_date

TYPE_LABELS = {
    "CELL": N_("mobile"), "HOME": N_("home"), "WORK": N_("work"), "FAX": N_("fax"),
    "PAGER": N_("pager"), "VOICE": "", "INTERNET": "", "MAIN": N_("main"), "IPHONE": N_("mobile"),
    "TEXT": N_("texts"), "VIDEO": N_("video"), "OTHER": N_("other"),
}  # fmt: skip


@dataclass(frozen=True)
class DetailRow:
    """One line of a contact card: a label, a value, and a link when there is one."""

    label: str
    value: str
    href: str = ""


def kinds(t: Typed | None, types: list[str] | None = None, pref: bool = False) -> str:
    """``mobile, work (preferred)``: the translated types of a value."""
    codes = t.types if t is not None else (types or [])
    words = [TYPE_LABELS.get(code, code.lower().removeprefix("x-")) for code in codes]
    text = ", ".join(gettext(w) for w in dict.fromkeys(words) if w)
    if t.pref if t is not None else pref:
        text = f"{text} ({gettext(N_('preferred'))})" if text else gettext(N_("preferred"))
    return text


def date_text(value: str, today: date) -> str:
    """``15 mars 1980 (46 ans)`` / ``March 15`` when the year is unknown."""
    md = birthdays.month_day(value)
    if md is None:
        return value
    year = birthdays.year_of(value)
    lang = get_language()
    if year is None:
        return format_date(date(2000, *md), format="d MMMM", locale=lang)
    day = date(year, *md)
    age = today.year - year - ((today.month, today.day) < md)
    years = ngettext("{n} year", "{n} years", age).format(n=age)
    return f"{format_date(day, format='long', locale=lang)} ({years})"


def detail_rows(c: Contact, today: date) -> list[DetailRow]:
    """The address-book lines of ``c`` (the rest of the card is shown as before)."""
    rows: list[DetailRow] = []
    if c.nickname:
        rows.append(DetailRow(gettext(N_("Nickname")), c.nickname))
    if c.birthday:
        rows.append(DetailRow(gettext(N_("Birthday")), date_text(c.birthday, today)))
    if c.anniversary:
        rows.append(DetailRow(gettext(N_("Anniversary")), date_text(c.anniversary, today)))
    for p in c.phones:
        info = c.phone_info.get(p)
        shown = display_phone(p) if p.startswith("+") else p
        label = kinds(info)
        value = f"{shown} — {label}" if label else shown
        rows.append(DetailRow(gettext(N_("Phone")), value, "tel:" + "".join(p.split())))
    for e in c.emails:
        label = kinds(c.email_info.get(e))
        value = f"{e} — {label}" if label else e
        rows.append(DetailRow(gettext(N_("E-mail")), value, f"mailto:{e}"))
    for a in c.addresses:
        label = kinds(None, a.types, a.pref)
        text = ", ".join(line.replace("\n", ", ") for line in a.lines())
        rows.append(DetailRow(gettext(N_("Address")), f"{text} — {label}" if label else text))
    for t in c.urls:
        href = t.value if t.value.startswith(("http://", "https://")) else ""
        rows.append(DetailRow(gettext(N_("Web")), t.value, href))
    for t in c.ims:
        rows.append(DetailRow(gettext(N_("Handle")), t.value))
    for t in c.related:
        label = kinds(t)
        rows.append(DetailRow(gettext(N_("Related")), f"{t.value} — {label}" if label else t.value))
    return rows


def coming_birthdays(
    values: dict[int, str], names: dict[int, str], today: date, days: int = 7
) -> list[tuple[int, str]]:
    """``Claire's birthday, Thursday 10 December (41 years)``: the (contact id, sentence) of
    the birthdays of the coming ``days``, soonest first."""
    out = []
    lang = get_language()
    for cid, day, age in birthdays.coming(values, today, days):
        when = (
            gettext(N_("today"))
            if day == today
            else format_date(day, format="EEEE d MMMM", locale=lang)
        )
        if age is None:
            text = gettext(N_("{name}'s birthday, {when}")).format(
                name=names.get(cid, ""), when=when
            )
        else:
            text = ngettext(
                "{name}'s birthday, {when} ({n} year)",
                "{name}'s birthday, {when} ({n} years)",
                age,
            ).format(name=names.get(cid, ""), when=when, n=age)
        out.append((cid, text))
    return out
