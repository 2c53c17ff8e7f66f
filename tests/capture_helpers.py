"""Shared by the capture tests: a small address book and a generated mailbox for it."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from tisser.core.model import Contact
from tisser.demo import mailbox as gen
from tisser.store import Store

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
START = datetime(2025, 12, 1, tzinfo=UTC)
SETTINGS = {"own_emails": [gen.ME]}


def book(store: Store, n: int = 30, seed: int = 3) -> list[Contact]:
    """``n`` contacts with one e-mail each (a third at Gmail), and accents in names."""
    rng = random.Random(seed)
    given = ["Hélène", "Jérôme", "Zoé", "Loïc", "Anaïs", "Benoît", "Chloé", "Maël"]
    family = ["Lefèvre", "Bénard", "Guérin", "Côté", "Mercier", "Dubois", "Faure", "Roux"]
    out = []
    for k in range(n):
        g, f = given[k % 8], f"{family[(k // 8) % 8]}{k}"
        domain = "gmail.com" if k % 3 == 0 else f"societe{k % 5}.fr"
        email = f"{gen._slug(g)}.{gen._slug(f)}@{domain}"
        out.append(
            Contact(given_name=g, family_name=f, emails=[email], phones=[f"+3361234{k:04d}"])
        )
    rng.shuffle(out)
    ids = store.bulk_add_contacts(out)
    return [store.get_contact(i) for i in ids]


def mailbox_for(
    path: Path, contacts: list[Contact], count: int = 400, strangers: int = 8, seed: int = 5
) -> gen.Truth:
    people = gen.correspondents(contacts, strangers, random.Random(seed))
    return gen.make_mbox(path, people, count, START, seed=seed, span_days=360)
