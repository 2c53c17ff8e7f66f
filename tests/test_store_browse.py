"""Browsing a page of the directory in the database against the core's classification.

The status filter is SQL written from :mod:`tisser.core.cadence`'s thresholds; the reference
here is the core itself (:func:`~tisser.core.cadence.status_of` on every contact), over the
demo network whose 350 contacts cover every status and circle.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tisser.core import cadence
from tisser.core.model import Contact
from tisser.demo import load_demo
from tisser.store import Browse, ContactFilter, Store

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/Paris")


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store, TODAY)
    return store


def _everyone(store: Store) -> tuple[list[Contact], dict[int, datetime]]:
    contacts = store.list_contacts(ContactFilter(include_archived=True))
    last = {k: v.astimezone(ZONE) for k, v in store.last_interactions().items()}
    return contacts, last


def test_status_filter_matches_the_core(demo: Store) -> None:
    contacts, last = _everyone(demo)
    expected: dict[cadence.Status, set[int]] = {s: set() for s in cadence.Status}
    for c in contacts:
        expected[cadence.status_of(c, last.get(c.id or 0), TODAY).status].add(c.id or 0)
    assert sum(1 for s in expected.values() if s) >= 6  # the demo covers nearly every status
    for status in cadence.Status:
        page = demo.browse_contacts(Browse(statuses=[status], limit=10_000, today=TODAY, zone=ZONE))
        assert {c.id for c in page.contacts} == expected[status], status
        assert page.total == len(expected[status])
    both = demo.browse_contacts(
        Browse(
            statuses=[cadence.Status.DUE, cadence.Status.COOLING],
            limit=10_000,
            today=TODAY,
            zone=ZONE,
        )
    )
    assert {c.id for c in both.contacts} == expected[cadence.Status.DUE] | expected[
        cadence.Status.COOLING
    ]


def test_pages_and_sorts(demo: Store) -> None:
    contacts, last = _everyone(demo)
    active = [c for c in contacts if c.circle.value != 5]
    by_name = [c.id for c in sorted(active, key=lambda c: (c.sort_key, c.id))]
    pages = [
        [c.id for c in demo.browse_contacts(Browse(limit=50, offset=o)).contacts]
        for o in range(0, len(active), 50)
    ]
    assert [i for p in pages for i in p] == by_name
    recent = demo.browse_contacts(Browse(sort="last_contact", descending=True, limit=20))
    expected = sorted(
        active, key=lambda c: (-(last[c.id].timestamp() if c.id in last else -1e18), c.sort_key)
    )
    assert [c.id for c in recent.contacts] == [c.id for c in expected[:20]]
    circles = demo.browse_contacts(Browse(sort="circle", limit=400))
    assert [c.circle for c in circles.contacts] == sorted(c.circle for c in active)


def test_ids_keep_the_search_rank(demo: Store) -> None:
    hits = [h.contact.id or 0 for h in demo.search("bordeaux", limit=200)]
    page = demo.browse_contacts(Browse(ids=hits, sort="rank", limit=30, offset=10))
    kept = [i for i in hits if demo.get_contact(i).circle.value != 5]
    assert [c.id for c in page.contacts] == kept[10:40]
    assert page.total == len(kept)
    assert demo.browse_contacts(Browse(ids=[])).total == 0


def test_owner_is_kept_apart(demo: Store) -> None:
    other = demo.add_contact(Contact(owner_id=2, given_name="Autre", family_name="Personne"))
    assert demo.browse_contacts(Browse(), owner_id=2).total == 1
    page = demo.browse_contacts(Browse(ids=[other.id or 0]), owner_id=1)
    assert page.contacts == []
    names = dict(demo.contact_names_of([other.id or 0, 1], owner_id=1))
    assert other.id not in names and 1 in names


def test_overview_counts_match_the_records(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The overview counted in the database equals counting every record in Python."""
    from collections import Counter
    from datetime import time, timedelta

    from tisser.app.context import State
    from tisser.app.overview import overview_data
    from tisser.core.model import HelpDirection

    monkeypatch.setenv("TISSER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    data = overview_data(State(_store=demo))
    contacts, last = _everyone(demo)
    since = datetime.combine(TODAY - timedelta(days=365), time(0, 0), tzinfo=ZONE)
    recent = [i for i in demo.list_interactions(since=since) if i.occurred_at is not None]
    local_days = [i.occurred_at.astimezone(ZONE).date() for i in recent if i.occurred_at]
    balance = Counter(i.direction for i in recent)
    assert data["contacts"] == len(contacts)
    assert data["interactions_12_months"] == len(recent)
    assert data["interactions_30_days"] == sum(
        1 for d in local_days if d > TODAY - timedelta(days=30)
    )
    assert data["gave_12_months"] == balance[HelpDirection.GAVE] + balance[HelpDirection.MUTUAL]
    assert data["received_12_months"] == (
        balance[HelpDirection.RECEIVED] + balance[HelpDirection.MUTUAL]
    )
    assert data["links"] == len(demo.all_links())
    expected = Counter(
        cadence.status_of(c, last.get(c.id or 0), TODAY).status.value for c in contacts
    )
    assert data["statuses"] == dict(expected)
    reference = cadence.to_reconnect(contacts, last, TODAY)
    assert [r["id"] for r in data["to_reconnect"]] == [c.id for c, _ in reference]


def test_last_contact_pages_read_in_both_directions(demo: Store) -> None:
    """Every page sorted by the last contact, both ways, filtered or not, against a sort in
    Python of the journal itself (contacts never met in the journal come last, by name)."""
    demo.add_contact(Contact(given_name="Aucun", family_name="Échange"))
    last: dict[int, datetime] = {}
    for i in demo.list_interactions():
        for cid in i.contact_ids:
            last[cid] = max(last.get(cid, i.occurred_at), i.occurred_at)
    contacts = demo.list_contacts(ContactFilter(include_archived=True))
    assert any(c.id not in last for c in contacts if c.circle.value != 5)
    for flt in (
        ContactFilter(),
        ContactFilter(circles=[3, 4]),
        ContactFilter(include_archived=True),
    ):
        kept = demo.list_contacts(flt)
        for descending in (True, False):
            seen = [c for c in kept if c.id in last]
            seen.sort(key=lambda c: (c.sort_key, c.id or 0))
            seen.sort(key=lambda c: last[c.id or 0], reverse=descending)
            unseen = sorted((c for c in kept if c.id not in last), key=lambda c: (c.sort_key, c.id))
            expected = [c.id for c in seen + unseen]
            got: list[int | None] = []
            for offset in range(0, len(kept) + 60, 45):
                page = demo.browse_contacts(
                    Browse(flt, sort="last_contact", descending=descending, limit=45, offset=offset)
                )
                assert page.total == len(kept)
                got += [c.id for c in page.contacts]
            assert got == expected, (flt, descending)
