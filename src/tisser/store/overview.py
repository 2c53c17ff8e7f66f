"""What the overview (CLI ``tisser``, web Today page) counts, without loading every record.

At 30,000 contacts and hundreds of thousands of interactions, reading every contact with
its lists and every interaction of the year to count them takes seconds. These methods
count in the database and read, for the cadence, only the columns it needs.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from tisser.core.model import Circle, Contact, HelpDirection
from tisser.store.base import StoreBase
from tisser.store.rows import aware
from tisser.store.schema import contacts, interactions, links


class OverviewMixin(StoreBase):
    """Counts and light rows for the overview."""

    def cadence_contacts(self, owner_id: int = 1) -> list[Contact]:
        """Every contact (archived included) with only what cadence and a listing need.

        Names, organisation, circle, closeness and the date met are filled; the lists
        (e-mails, phones, tags) are left empty: one query, no child rows.
        """
        stmt = sa.select(
            contacts.c.id,
            contacts.c.given_name,
            contacts.c.particle,
            contacts.c.family_name,
            contacts.c.organization,
            contacts.c.circle,
            contacts.c.closeness,
            contacts.c.met_on,
        ).where(contacts.c.owner_id == owner_id)
        with self._conn() as conn:
            return [
                Contact(
                    id=r.id,
                    owner_id=owner_id,
                    given_name=r.given_name,
                    particle=r.particle,
                    family_name=r.family_name,
                    organization=r.organization,
                    circle=Circle(r.circle),
                    closeness=r.closeness,
                    met_on=r.met_on,
                )
                for r in conn.execute(stmt)
            ]

    def count_interactions(self, owner_id: int = 1, since: datetime | None = None) -> int:
        """How many interactions the owner logged (from ``since`` on, if given)."""
        stmt = (
            sa.select(sa.func.count())
            .select_from(interactions)
            .where(interactions.c.owner_id == owner_id)
        )
        if since is not None:
            stmt = stmt.where(interactions.c.occurred_at >= aware(since, "since"))
        with self._conn() as conn:
            return int(conn.execute(stmt).scalar_one())

    def help_balance_since(self, since: datetime, owner_id: int = 1) -> dict[str, int]:
        """HelpDirection value -> interactions from ``since`` on (every direction, maybe 0)."""
        stmt = (
            sa.select(interactions.c.direction, sa.func.count())
            .where(
                interactions.c.owner_id == owner_id,
                interactions.c.occurred_at >= aware(since, "since"),
            )
            .group_by(interactions.c.direction)
        )
        out = {d.value: 0 for d in HelpDirection}
        with self._conn() as conn:
            for direction, n in conn.execute(stmt):
                out[direction] = int(n)
        return out

    def count_links(self, owner_id: int = 1) -> int:
        stmt = sa.select(sa.func.count()).select_from(links).where(links.c.owner_id == owner_id)
        with self._conn() as conn:
            return int(conn.execute(stmt).scalar_one())
