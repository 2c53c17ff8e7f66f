"""The journal's summary tables stay equal to the journal itself after any sequence of writes.

The reference is independent of :mod:`tisser.store.summary`: every interaction is read back
with ``list_interactions`` and counted in Python (per contact, per UTC month, per window),
then compared with what the summary-backed readers return, on SQLite and PostgreSQL, after
random sequences of the writes that touch the journal: logging one interaction or many
(bulk), merging two contacts and undoing the merge, erasing a contact, erasing the owner,
and a migration from revision 0010 of a database that already holds interactions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.core.model import Channel, Contact, HelpDirection, Interaction
from tisser.store import Store, open_store
from tisser.store.schema import contact_months, contact_stats, contact_years, journal_months

BASE = datetime(2024, 1, 1, tzinfo=UTC)
GAVE = {HelpDirection.GAVE, HelpDirection.MUTUAL}
RECEIVED = {HelpDirection.RECEIVED, HelpDirection.MUTUAL}
N_CONTACTS = 6

# moments spread over two years, often on month boundaries (the summary's buckets)
moments = st.one_of(
    st.integers(0, 730 * 24).map(lambda h: BASE + timedelta(hours=h)),
    st.integers(0, 24).flatmap(
        lambda m: st.integers(-90, 90).map(
            lambda s: datetime(2024 + m // 12, m % 12 + 1, 1, tzinfo=UTC) + timedelta(minutes=s)
        )
    ),
)
interaction = st.tuples(
    moments,
    st.lists(st.integers(0, N_CONTACTS - 1), min_size=1, max_size=3),
    st.sampled_from(list(HelpDirection)),
    st.sampled_from(list(Channel)),
)
step = st.one_of(
    st.tuples(st.just("log"), interaction),
    st.tuples(st.just("bulk"), st.lists(interaction, min_size=1, max_size=6)),
    st.tuples(st.just("merge"), st.tuples(st.integers(0, N_CONTACTS - 1), st.integers(0, 99))),
    st.tuples(st.just("undo"), st.just(None)),
    st.tuples(st.just("erase"), st.integers(0, N_CONTACTS - 1)),
    st.tuples(st.just("add"), st.just(None)),
)
windows = st.lists(moments, min_size=1, max_size=3)


def _interaction(owner: int, ids: list[int], spec: Any) -> Interaction:
    moment, who, direction, channel = spec
    return Interaction(
        owner_id=owner,
        occurred_at=moment,
        contact_ids=[ids[k % len(ids)] for k in who],
        direction=direction,
        channel=channel,
    )


def apply(store: Store, steps: list[tuple[str, Any]]) -> None:
    """Run the writes on owner 1 (owner 2 gets a copy of every logged interaction)."""
    mine = [store.add_contact(Contact(given_name=f"P{k}")).id or 0 for k in range(N_CONTACTS)]
    theirs = [store.add_contact(Contact(given_name="Q", owner_id=2)).id or 0]
    for kind, arg in steps:
        if not mine:
            mine.append(store.add_contact(Contact(given_name="New")).id or 0)
        if kind == "log":
            store.add_interaction(_interaction(1, mine, arg))
            store.add_interaction(_interaction(2, theirs, arg))
        elif kind == "bulk":
            store.bulk_add_interactions([_interaction(1, mine, a) for a in arg])
        elif kind == "merge" and len(mine) > 1:
            keep = mine[arg[0] % len(mine)]
            other = mine[arg[1] % len(mine)]
            if keep != other:
                store.merge_contacts(keep, other)
                mine.remove(other)
        elif kind == "undo" and store.list_merges():
            _, restored, _former = store.undo_merge()
            mine.append(restored)
        elif kind == "erase":
            store.delete_contact(mine.pop(arg % len(mine)))
        elif kind == "add":
            mine.append(store.add_contact(Contact(given_name="Added")).id or 0)


def month(m: datetime) -> str:
    return m.astimezone(UTC).strftime("%Y-%m")


def check(store: Store, since_list: list[datetime]) -> None:
    """The summary-backed readers against Python counts over every interaction."""
    for owner in (1, 2):
        journal = store.list_interactions(owner)
        per: dict[int, list[Interaction]] = defaultdict(list)
        for i in journal:
            for cid in i.contact_ids:
                per[cid].append(i)
        got = store.contact_aggregates(owner)
        assert set(got) == set(per)
        for cid, items in per.items():
            a = got[cid]
            latest = max(items, key=lambda i: (i.occurred_at, i.id or 0))
            assert a.count == len(items)
            assert a.first == min(i.occurred_at for i in items)
            assert a.last == latest.occurred_at
            assert a.gave == sum(i.direction in GAVE for i in items)
            assert a.received == sum(i.direction in RECEIVED for i in items)
            assert store.last_channels(owner)[cid] == latest.channel
        assert store.interaction_total(owner) == len(journal)
        assert dict(store.monthly_interactions(owner)) == dict(
            Counter(month(i.occurred_at) for i in journal)
        )
        for since in since_list:
            recent = store.contact_aggregates(owner, recent_since=since)
            for cid, items in per.items():
                late = [i for i in items if i.occurred_at >= since]
                a = recent[cid]
                assert (a.recent, a.recent_gave, a.recent_received) == (
                    len(late),
                    sum(i.direction in GAVE for i in late),
                    sum(i.direction in RECEIVED for i in late),
                ), (cid, since)
            assert dict(store.monthly_interactions(owner, since=since)) == dict(
                Counter(month(i.occurred_at) for i in journal if i.occurred_at >= since)
            )
            assert set(store.last_channels(owner, since=since)) == {
                cid for cid, items in per.items() if max(i.occurred_at for i in items) >= since
            }
            some = sorted(per)[:2]
            assert store.contact_aggregates(owner, since, contact_ids=some) == {
                cid: recent[cid] for cid in some
            }
    with store.engine.connect() as conn:
        # no row left for a contact without interactions, nor zero counts
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(contact_months.c.interactions <= 0)
            ).scalar_one()
            == 0
        )
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(journal_months.c.interactions <= 0)
            ).scalar_one()
            == 0
        )
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(contact_stats.c.interactions <= 0)
            ).scalar_one()
            == 0
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=10), since_list=windows)
def test_summary_equals_the_journal(db_url: str, steps: list[Any], since_list: list[Any]) -> None:
    store = open_store(db_url)
    try:
        store.reset(1)
        store.reset(2)
        apply(store, steps)
        check(store, since_list)
    finally:
        store.close()


def test_reset_forgets_the_summary(store: Store) -> None:
    apply(store, [("log", (BASE, [0, 1], HelpDirection.GAVE, Channel.CALL))])
    store.reset(1)
    with store.engine.connect() as conn:
        for table in (contact_stats, contact_months, contact_years, journal_months):
            owners = conn.scalars(sa.select(table.c.owner_id).distinct()).all()
            assert owners == [2]
    check(store, [BASE])


def test_migration_fills_the_summary(db_url: str) -> None:
    """A database back at 0010 with interactions, brought to 0011: the summary is filled."""
    from alembic import command

    from tisser.store.migrations import alembic_config

    store = open_store(db_url)
    apply(
        store,
        [
            ("log", (BASE, [0, 1], HelpDirection.MUTUAL, Channel.CALL)),
            ("log", (BASE + timedelta(days=40), [1], HelpDirection.RECEIVED, Channel.EMAIL)),
            ("log", (BASE + timedelta(days=40), [1, 2], HelpDirection.NONE, Channel.MESSAGE)),
        ],
    )
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")
        assert not sa.inspect(conn).has_table("contact_stats")
    store.close()
    store = open_store(db_url)  # migrates back to head
    try:
        check(store, [BASE + timedelta(days=20), BASE + timedelta(days=40)])
    finally:
        store.close()


@pytest.mark.parametrize("since", [BASE, BASE + timedelta(days=17), BASE + timedelta(days=3)])
def test_windows_split_whole_months(store: Store, since: datetime) -> None:
    """Both ways of reading a window (month minus its head, or its tail alone) are exact."""
    apply(
        store,
        [
            ("bulk", [(BASE + timedelta(days=d, hours=h), [d % 3], HelpDirection.GAVE,
                       Channel.CALL) for d in range(0, 60, 2) for h in (0, 23)])
        ],
    )  # fmt: skip
    check(store, [since, since - timedelta(minutes=1), since + timedelta(hours=1)])
