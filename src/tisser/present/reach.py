"""How reach, the giving ledger and the introductions are said: strengths, paths, reasons, steps.

Shared by ``tisser reach``/``ask``/``introductions``/``intro`` and the web's Reach page, so the
two say a path or a reason in the same words.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from tisser.core import pairs
from tisser.core.errors import N_
from tisser.core.finder import Found
from tisser.core.introductions import (
    IntroStatus,
)
from tisser.core.model import Channel, Contact
from tisser.core.reach import Path
from tisser.core.ties import Tie
from tisser.i18n import _, get_language, ngettext, set_language
from tisser.present import labels
from tisser.present.dates import format_timedelta

if TYPE_CHECKING:  # only named in a signature: the text layer does not import the use cases
    from tisser.app.reach import Network


def strength_label(strength: float) -> str:
    """``strong``, ``medium`` or ``weak`` (at 0.6 and 0.35)."""
    if strength >= 0.6:
        return _("strong")
    if strength >= 0.35:
        return _("medium")
    return _("weak")


def link_label(strength: float) -> str:
    """How well two contacts know each other, from the strength of their link."""
    if strength >= 0.6:
        return _("they know each other well")
    if strength >= 0.35:
        return _("they know each other")
    return _("they know each other a little")


def score_text(value: float) -> str:
    """A score with two decimals, written the user's way (0,44 in French)."""
    return format_decimal(value, format="0.00", locale=get_language())


def when(day: date | None, today: date, lang: str | None = None) -> str:
    """``il y a 3 mois`` / ``3 months ago`` in ``lang`` (the interface's by default)."""
    if day is None:
        return ""
    if day == today:
        return _("today")
    return format_timedelta(
        day - today, add_direction=True, locale=lang or get_language(), threshold=1.1
    )


def tie_note(tie: Tie | None, today: date) -> str:
    """``fort, déjeuner il y a 1 mois, en retard``: my tie to the person I would ask."""
    if tie is None:
        return ""
    parts = [strength_label(tie.strength)]
    if tie.last_seen:
        channel = labels.label(Channel(tie.last_channel)) if tie.last_channel else ""
        parts.append(f"{channel} {when(tie.last_seen, today)}".strip())
    if tie.overdue:
        parts.append(_("overdue"))
    if tie.one_sided:
        parts.append(_("one-sided"))
    if tie.unanswered >= 3:
        parts.append(
            ngettext(
                "{n} message without an answer", "{n} messages without an answer", tie.unanswered
            ).format(n=tie.unanswered)
        )
    return ", ".join(parts)


def path_text(path: Path, net: Network, today: date) -> str:
    """``vous → Marc Petit (fort, déjeuner il y a 1 mois) → Sophie Roux``."""
    parts = [_("you")]
    for k, cid in enumerate(path.people):
        name = net.contacts[cid].display_name
        if k == 0:
            parts.append(f"{name} ({tie_note(net.ties.get(cid), today)})")
        else:
            parts.append(f"{name} ({link_label(path.strengths[k])})")
    text = " → ".join(parts)
    target = net.ties.get(path.people[-1])
    if path.via is not None and target is not None and target.unanswered >= 3:
        text += "\n" + ngettext(  # why the way round ranks first (#18)
            "{name} has not answered your last message: go through {via}, who answers you",
            "{name} has not answered your last {n} messages: go through {via}, who answers you",
            target.unanswered,
        ).format(
            name=net.contacts[path.people[-1]].display_name,
            n=target.unanswered,
            via=net.contacts[path.via].display_name,
        )
    return text


def why_text(f: Found) -> str:
    seen = dict.fromkeys(labels.snippet_label(f"{h.kind}: {h.text}") for h in f.hits)
    text = _("; ").join(seen)  # " ; " in French
    return text if f.complete else _("partial: {why}").format(why=text)


def willingness(tie: Tie | None) -> str:
    if tie is None or not (tie.gave or tie.received):
        return ""
    return _("help, 12 months: gave {gave}, received {received}").format(
        gave=tie.gave, received=tie.received
    )


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate in ``lang`` for a while: a draft's words follow the draft, not the interface."""
    before = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def reason_text(reason: pairs.Reason, names: dict[int, str]) -> str:
    if reason.kind == "need_offer":
        return _("{name} needs “{need}”").format(
            name=names.get(reason.who_needs or 0, "?"), need=reason.detail
        )
    if reason.kind == "shared":
        return _("shared interests: {tags}").format(tags=reason.detail)
    return _("different worlds: {sectors}").format(sectors=reason.detail)


STATUS_LABELS = {
    IntroStatus.PROPOSED: N_("proposed"),
    IntroStatus.ASKED_A: N_("asked A"),
    IntroStatus.ASKED_B: N_("asked B"),
    IntroStatus.AGREED: N_("both agreed"),
    IntroStatus.INTRODUCED: N_("introduced"),
    IntroStatus.DONE: N_("outcome noted"),
    IntroStatus.DECLINED: N_("declined"),
}


def draft_reason(
    reasons: tuple[pairs.Reason, ...], recipient: Contact, names: dict[int, str]
) -> tuple[str, str]:
    """Why they should meet, said to ``recipient``: (their own need, the other reasons)."""
    own, parts = "", []
    for r in reasons:
        if r.kind == "need_offer" and r.who_needs == recipient.id:
            own = r.detail
        elif r.kind == "need_offer":
            parts.append(
                _("{name} is looking for “{need}”").format(
                    name=names.get(r.who_needs or 0, "?"), need=r.detail
                )
            )
        elif r.kind == "shared":
            parts.append(_("you share an interest in {tags}").format(tags=r.detail))
    return own, "; ".join(parts)


def short_role(c: Contact) -> str:
    return ", ".join(p for p in (c.position, c.organization) if p)
