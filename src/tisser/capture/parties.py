"""Who is on a message: folded keys for e-mails, phones, LinkedIn URLs and names, and the
resolver that maps them to the user's contacts.

E-mails compare case-insensitively with plus-addressing folded (``jean+crm@x.fr`` is
``jean@x.fr``) and, at Gmail, dots too (``j.ean@gmail.com`` is ``jean@gmail.com``), since
these are the same mailbox. Phones compare in E.164 (:func:`tisser.core.identity.phone_key`),
LinkedIn profiles by their path (:func:`tisser.core.identity.linkedin_key`). A name is the
last resort: the duplicate finder's folded words (:func:`tisser.core.duplicates.identity`,
so "DURAND Hélène" is "Helene Durand"), and only when exactly one contact has it and it has
at least two words, so a name never attaches a message to the wrong person: two "Anaïs
Bénard", or a lone "Marie", "Maman" or "Support", are left to the review queue, which shows
the contacts the name may be (:meth:`Resolver.candidates`). What the user attached there
and no contact can hold (a name as a chat shows it) comes back as an alias, resolved first.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from tisser.capture.model import Party
from tisser.core.duplicates import identity
from tisser.core.identity import email_key, linkedin_key, phone_key
from tisser.core.model import Contact
from tisser.core.names import parse_full_name

GMAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def fold_email(raw: str) -> str:
    """The mailbox an address reaches: lower case, ``+tag`` dropped, Gmail's dots dropped."""
    key = email_key(raw)
    if not key or "@" not in key:
        return ""
    local, _, domain = key.rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in GMAIL_DOMAINS:
        domain = GMAIL_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_party(raw: str, display: str = "") -> Party | None:
    key = fold_email(raw)
    return Party("email", key, display.strip() or raw.strip()) if key else None


def phone_party(raw: str, display: str = "", region: str = "FR") -> Party | None:
    key = phone_key(raw, region)
    return Party("phone", key, display.strip() or raw.strip()) if key else None


def linkedin_party(url: str, display: str = "") -> Party | None:
    key = linkedin_key(url)
    return Party("linkedin", key, display.strip() or url.strip()) if key else None


@functools.lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The duplicate finder's sorted folded words of a full name, joined: "" if none (the
    same display names come back message after message: each is folded once)."""
    given, particle, family = parse_full_name(name.strip())
    ident = identity(Contact(given_name=given, particle=particle, family_name=family), ref=0)
    return " ".join(ident.words)


def name_party(name: str) -> Party | None:
    key = name_key(name)
    return Party("name", key, name.strip()) if key else None


class Resolver:
    """The user's contacts by every key a message can carry; one built per sync.

    ``aliases`` are the addresses attached from the review queue (``"name:marie"`` -> contact
    id), resolved before anything else."""

    def __init__(
        self,
        contacts: Iterable[Contact],
        region: str = "FR",
        aliases: dict[str, int] | None = None,
    ) -> None:
        self.by: dict[str, dict[str, int]] = {"email": {}, "phone": {}, "linkedin": {}}
        names: dict[str, set[int]] = defaultdict(set)
        clash: dict[str, set[str]] = defaultdict(set)
        for c in contacts:
            if c.id is None:
                continue
            for e in c.emails:
                self._put("email", fold_email(e), c.id, clash)
            for p in c.phones:
                self._put("phone", phone_key(p, region), c.id, clash)
            if c.linkedin:
                self._put("linkedin", linkedin_key(c.linkedin), c.id, clash)
            words = " ".join(identity(c).words)
            if words:
                names[words].add(c.id)
        for kind, keys in clash.items():  # a key two contacts share names neither
            for key in keys:
                self.by[kind].pop(key, None)
        self.named = {k: sorted(v) for k, v in names.items()}
        # a name alone says who it is only when one contact has it and it is more than a
        # single word (a first name, a nickname, "Maman", "Support" name many people)
        self.names = {k: v[0] for k, v in self.named.items() if len(v) == 1 and " " in k}
        self.aliases = dict(aliases or {})

    def _put(self, kind: str, key: str, cid: int, clash: dict[str, set[str]]) -> None:
        if not key:
            return
        have = self.by[kind].setdefault(key, cid)
        if have != cid:
            clash[kind].add(key)

    def resolve(self, party: Party) -> int | None:
        """The contact this party is, or None (unknown, or ambiguous)."""
        if self.aliases:
            alias = self.aliases.get(party.address)
            if alias is not None:
                return alias
        if party.kind == "name":
            return self.names.get(party.value)
        found = self.by.get(party.kind, {}).get(party.value)
        if found is None and party.display and party.display != party.value:
            key = name_key(party.display) if "@" not in party.display else ""
            if key:
                return self.names.get(key)
        return found

    def candidates(self, party: Party) -> list[int]:
        """The contacts whose name this party bears (by its name alone, so possibly none of
        them): what the review queue offers to attach it to."""
        if party.kind == "name":
            key = party.value
        elif party.display and "@" not in party.display:
            key = name_key(party.display)
        else:
            key = ""
        return list(self.named.get(key, ())) if key else []
