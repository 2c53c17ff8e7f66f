"""What the overview (CLI ``tisser``, web Today page) counts, without loading every record.

At 30,000 contacts and hundreds of thousands of interactions, reading every contact with
its lists and every interaction of the year to count them takes seconds: these methods count
in the database (the statuses are counted by :meth:`~tisser.store.browse.BrowseMixin.
cadence_overview`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from tisser.store.base import StoreBase
from tisser.store.rows import aware
from tisser.store.schema import interactions, links


class OverviewMixin(StoreBase):
    """Counts and light rows for the overview."""

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

    def count_links(self, owner_id: int = 1) -> int:
        stmt = sa.select(sa.func.count()).select_from(links).where(links.c.owner_id == owner_id)
        with self._conn() as conn:
            return int(conn.execute(stmt).scalar_one())
