"""Which messages become interactions, and with whom: the filters of the sync report.

Each filter is a setting of the source (:class:`CaptureSettings`) and each skip is counted
under its reason, so the report can say "312 automated messages left out" and the user can
turn a filter off if it is wrong for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tisser.capture.model import Message, Party
from tisser.capture.parties import fold_email, phone_party
from tisser.core.errors import N_

# the reasons a message is left out, as the report counts them
AUTOMATED = "automated"
TOO_MANY = "too_many_recipients"
OWN_ONLY = "own_addresses_only"
COLLEAGUES = "own_domain"
DUPLICATE = "already_captured"
BEFORE = "before_since"
NO_CONTACT = "no_known_contact"
NO_DATE = "no_date"
UNREADABLE = "unreadable"

# what the report says of each reason
REASON_LABELS = {
    AUTOMATED: N_("automated mail (lists, newsletters, no-reply senders)"),
    TOO_MANY: N_("more recipients than the limit"),
    OWN_ONLY: N_("between your own addresses only"),
    COLLEAGUES: N_("colleagues of your own domain"),
    DUPLICATE: N_("already captured"),
    BEFORE: N_("before the date asked"),
    NO_CONTACT: N_("with nobody among your contacts"),
    NO_DATE: N_("no usable date"),
    UNREADABLE: N_("not readable"),
    "cancelled": N_("cancelled events"),
    "declined": N_("events you declined"),
    "no_other_attendee": N_("events with nobody else"),
    "not_understood": N_("lines not understood"),
    "missed_call": N_("missed or unanswered calls"),
    "system_line": N_("system lines (joined, left, encryption notice)"),
}

DEFAULT_NO_REPLY_DAYS = 14
DEFAULT_MAX_RECIPIENTS = 20
DEFAULT_MIN_EXCHANGES = 3


@dataclass(slots=True)
class CaptureSettings:
    """A source's settings: the user's own addresses, the filters, grouping, subjects."""

    own_emails: list[str] = field(default_factory=list)
    own_phones: list[str] = field(default_factory=list)
    own_names: list[str] = field(default_factory=list)
    own_domain: str = ""
    skip_own_domain: bool = False
    skip_automated: bool = True
    max_recipients: int = DEFAULT_MAX_RECIPIENTS
    no_reply_days: int = DEFAULT_NO_REPLY_DAYS
    keep_subject: bool = False
    group: bool = True  # a thread / a chat day is one interaction
    region: str = "FR"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaptureSettings:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class Filters:
    """The settings compiled for one sync: own keys as sets."""

    def __init__(self, s: CaptureSettings) -> None:
        self.settings = s
        self.own: set[str] = {f"email:{fold_email(e)}" for e in s.own_emails if fold_email(e)}
        for p in s.own_phones:
            party = phone_party(p, region=s.region)
            if party is not None:
                self.own.add(party.address)
        from tisser.capture.parties import name_key

        self.own.update(f"name:{name_key(n)}" for n in s.own_names if name_key(n))
        self.domain = s.own_domain.strip().lower().lstrip("@")

    def is_own(self, p: Party) -> bool:
        return p.address in self.own

    def colleague(self, p: Party) -> bool:
        return bool(self.domain) and p.kind == "email" and p.value.endswith("@" + self.domain)

    def outgoing(self, m: Message) -> bool:
        if m.outgoing is not None:
            return m.outgoing
        return m.sender is not None and self.is_own(m.sender)

    def skip_reason(self, m: Message, others: list[Party]) -> str:
        """Why ``m`` is left out ("" when it is kept), ``others`` its non-own parties."""
        s = self.settings
        if s.skip_automated and m.automated:
            return AUTOMATED
        if s.max_recipients and len(m.recipients) > s.max_recipients:
            return TOO_MANY
        if not others:
            return OWN_ONLY
        if s.skip_own_domain and self.domain and all(self.colleague(p) for p in others):
            return COLLEAGUES
        return ""

    def others(self, m: Message, outgoing: bool) -> list[Party]:
        """The people the user exchanged with: recipients of what they sent, else the
        sender and the other recipients, never the user's own addresses."""
        pool = m.recipients if outgoing else ([m.sender] if m.sender else []) + m.recipients
        seen: dict[str, Party] = {}
        for p in pool:
            if not self.is_own(p) and p.address not in seen:
                seen[p.address] = p
        if self.settings.skip_own_domain and self.domain:
            kept = [p for p in seen.values() if not self.colleague(p)]
            if kept:
                return kept
        return list(seen.values())
