"""The owner of the records and their own profile (what ``tisser init`` and ``me`` edit).

Every record row names its owner; this is where owners are created and where the one
profile per owner is read and written.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from tisser.core.model import Energy, Profile, RelationalProfile, User
from tisser.store.base import StoreBase, fix_sequence
from tisser.store.rows import enum_of, now, value_of
from tisser.store.schema import profiles, users


class ProfilesMixin(StoreBase):
    """Owners and their profile."""

    def lock_owner(self, owner_id: int = 1) -> None:
        """Inside a transaction, wait for and hold the owner's row until it ends, so that two
        first visits of the week's plan do not both write it: the second reads the first's.
        (SQLite's write transactions are IMMEDIATE, hence already one at a time; this is for
        PostgreSQL, whose transactions see no row the other has not yet committed.)"""
        self.ensure_owner(owner_id)
        with self._conn() as conn:
            conn.execute(sa.select(users.c.id).where(users.c.id == owner_id).with_for_update())

    def ensure_owner(self, owner_id: int = 1, name: str = "") -> User:
        """The user ``owner_id``, created if missing (its name updated when one is given)."""
        with self._conn() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == owner_id)).first()
            if row is None:
                conn.execute(
                    users.insert().values(id=owner_id, name=name, email="", created_at=now())
                )
                fix_sequence(conn, "users")
            elif name and row.name != name:
                conn.execute(users.update().where(users.c.id == owner_id).values(name=name))
            row = conn.execute(sa.select(users).where(users.c.id == owner_id)).one()
        self._known_owners.add(owner_id)
        return User(id=row.id, name=row.name, email=row.email, created_at=row.created_at)

    def get_profile(self, owner_id: int = 1) -> Profile | None:
        """The owner's own profile, or None before ``tisser init``."""
        with self._conn() as conn:
            r = conn.execute(sa.select(profiles).where(profiles.c.owner_id == owner_id)).first()
        if r is None:
            return None
        return Profile(
            owner_id=r.owner_id,
            given_name=r.given_name,
            family_name=r.family_name,
            headline=r.headline,
            organization=r.organization,
            sector=r.sector,
            function=r.function,
            seniority=r.seniority,
            city=r.city,
            country=r.country,
            relational_profile=enum_of(RelationalProfile, r.relational_profile),
            energy=enum_of(Energy, r.energy),
            weekly_budget_minutes=r.weekly_budget_minutes,
            values=list(r.values or []),
            skills=list(r.skills or []),
            pitch=r.pitch,
            language=r.language,
        )

    def save_profile(self, profile: Profile) -> Profile:
        """Create or replace the owner's profile."""
        row = dataclasses.asdict(profile)
        row["relational_profile"] = value_of(profile.relational_profile)
        row["energy"] = value_of(profile.energy)
        row["values"] = list(profile.values)
        row["skills"] = list(profile.skills)
        with self._conn() as conn:
            self._ensure_owners(conn, {profile.owner_id})
            done = conn.execute(
                profiles.update().where(profiles.c.owner_id == profile.owner_id).values(row)
            ).rowcount
            if not done:
                conn.execute(profiles.insert().values(row))
        saved = self.get_profile(profile.owner_id)
        assert saved is not None
        return saved
