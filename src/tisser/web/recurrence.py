"""A recurrence in words: ``FREQ=WEEKLY;BYDAY=WE`` is "every Wednesday" / "tous les mercredis".

The event form showed the raw RFC 5545 rule (#20). It now shows these words, and reads them
back (in either language) to the same rule; a rule these words cannot say stays as it is, and
the core still reads RRULEs and "weekly"/"mensuel".
"""

from __future__ import annotations

from functools import cache

from tisser.core.errors import N_
from tisser.core.names import fold
from tisser.i18n import LANGUAGES, gettext, language_scope

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EVERY_DAY_OF_WEEK = {
    "MO": N_("every Monday"),
    "TU": N_("every Tuesday"),
    "WE": N_("every Wednesday"),
    "TH": N_("every Thursday"),
    "FR": N_("every Friday"),
    "SA": N_("every Saturday"),
    "SU": N_("every Sunday"),
}
OTHER_DAY_OF_WEEK = {
    "MO": N_("every other Monday"),
    "TU": N_("every other Tuesday"),
    "WE": N_("every other Wednesday"),
    "TH": N_("every other Thursday"),
    "FR": N_("every other Friday"),
    "SA": N_("every other Saturday"),
    "SU": N_("every other Sunday"),
}
DAY_NAMES = {
    "MO": N_("Monday"),
    "TU": N_("Tuesday"),
    "WE": N_("Wednesday"),
    "TH": N_("Thursday"),
    "FR": N_("Friday"),
    "SA": N_("Saturday"),
    "SU": N_("Sunday"),
}
NTH = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), -1: N_("last")}
PLAIN = {
    "FREQ=DAILY": N_("every day"),
    "FREQ=WEEKLY": N_("every week"),
    "FREQ=WEEKLY;INTERVAL=2": N_("every two weeks"),
    "FREQ=MONTHLY": N_("every month"),
    "FREQ=MONTHLY;INTERVAL=2": N_("every two months"),
    "FREQ=MONTHLY;INTERVAL=3": N_("every three months"),
    "FREQ=YEARLY": N_("every year"),
}


def _parts(rule: str) -> dict[str, str]:
    out = {}
    for part in rule.strip().removeprefix("RRULE:").split(";"):
        key, _, value = part.partition("=")
        if key:
            out[key.strip().upper()] = value.strip().upper()
    return out


def _canonical(rule: str) -> str:
    """The rule's parts in a fixed order (FREQ, INTERVAL, BYDAY), INTERVAL=1 dropped."""
    p = _parts(rule)
    if p.get("INTERVAL") == "1":
        del p["INTERVAL"]
    order = ["FREQ", "INTERVAL", "BYDAY"]
    keys = sorted(p, key=lambda k: order.index(k) if k in order else len(order))
    return ";".join(f"{k}={p[k]}" for k in keys)


def describe(rule: str) -> str:
    """The rule in the current language's words, or the rule itself when they cannot say it."""
    if not rule:
        return ""
    canonical = _canonical(rule)
    if canonical in PLAIN:
        return gettext(PLAIN[canonical])
    p = _parts(canonical)
    day = p.get("BYDAY", "")
    if set(p) == {"FREQ", "BYDAY"} and p["FREQ"] == "WEEKLY" and day in DAYS:
        return gettext(EVERY_DAY_OF_WEEK[day])
    if set(p) == {"FREQ", "INTERVAL", "BYDAY"} and p["FREQ"] == "WEEKLY" and p["INTERVAL"] == "2":
        if day in DAYS:
            return gettext(OTHER_DAY_OF_WEEK[day])
    if set(p) == {"FREQ", "BYDAY"} and p["FREQ"] == "MONTHLY" and day[-2:] in DAYS:
        nth = day[:-2]
        if nth.lstrip("+-").isdigit() and int(nth) in NTH:
            return gettext(N_("the {nth} {day} of every month")).format(
                nth=gettext(NTH[int(nth)]), day=gettext(DAY_NAMES[day[-2:]])
            )
    return rule


@cache
def _all_words() -> dict[str, str]:
    """Every description, in every language, folded → its rule."""
    rules = list(PLAIN)
    rules += [f"FREQ=WEEKLY;BYDAY={d}" for d in DAYS]
    rules += [f"FREQ=WEEKLY;INTERVAL=2;BYDAY={d}" for d in DAYS]
    rules += [f"FREQ=MONTHLY;BYDAY={n}{d}" for n in NTH for d in DAYS]
    out = {}
    for lang in LANGUAGES:
        with language_scope(lang):
            for rule in rules:
                out[fold(describe(rule))] = rule
    return out


def read_words(text: str) -> str:
    """The rule that ``text`` describes in either language ("tous les mercredis"), or ``text``
    unchanged (an RRULE, "weekly", or something the core will explain it cannot read)."""
    return _all_words().get(fold(text.strip().rstrip(".")), text)
