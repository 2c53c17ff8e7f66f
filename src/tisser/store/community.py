"""Communities and their members, read and written on behalf of an acting user.

A community is shared: its organisers manage it, its members see it. Every method takes the
acting user's id (``actor``) first and checks their role before touching a row:

- an **organiser** reads and writes everything of their community, nothing of another;
- a **member** reads their own profile whole, other members' profiles reduced to the
  fields those members share (``shared``), and only the groups they belong to;
- anyone else gets :class:`NotFound`, the same answer as for a community that does not
  exist, so ids cannot be probed.

The web round (issue #8) will call these methods from its routes; the CLI calls them as the
local user, who is organiser of the communities they create.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from tisser.core.community import SHAREABLE, SHARED_BY_DEFAULT, Community, Format, Member, Wish
from tisser.core.community import Want as WantKind
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.store.base import StoreBase
from tisser.store.rows import chunks, new_id, now
from tisser.store.schema import communities, community_members, community_organisers

ORGANISER, MEMBER = "organiser", "member"
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "company",
    "sector",
    "function",
    "seniority",
    "city",
    "travel_km",
    "sports",
    "slots",
    "languages",
    "seeks",
    "offers",
    "format",
    "relational_profile",
)


def member_row(m: Member) -> dict[str, Any]:
    """The columns of a member (without ids)."""
    return {
        "email": m.email,
        "email_fold": fold(m.email).strip(),
        "first_name": m.first_name,
        "last_name": m.last_name,
        "company": m.company,
        "sector": m.sector,
        "function": m.function,
        "seniority": m.seniority,
        "city": m.city,
        "travel_km": m.travel_km,
        "sports": dict(m.sports),
        "slots": sorted(m.slots),
        "languages": sorted(m.languages),
        "seeks": [str(w) for w in m.seeks],
        "offers": [str(w) for w in m.offers],
        "format": m.format.value,
        "relational_profile": m.relational_profile.value if m.relational_profile else None,
    }


def _wishes(items: Iterable[str]) -> tuple[Wish, ...]:
    out = []
    for item in items:
        kind, _, topic = item.partition(":")
        out.append(Wish(WantKind(kind), topic))
    return tuple(out)


def member_from(r: Any) -> Member:
    """A Member from a ``community_members`` row."""
    return Member(
        id=r.id,
        email=r.email,
        first_name=r.first_name,
        last_name=r.last_name,
        company=r.company,
        sector=r.sector,
        function=r.function,
        seniority=r.seniority,
        city=r.city,
        travel_km=r.travel_km,
        sports={k: None if v is None else float(v) for k, v in (r.sports or {}).items()},
        slots=frozenset(r.slots or ()),
        languages=frozenset(r.languages or ("fr",)),
        relational_profile=RelationalProfile(r.relational_profile)
        if r.relational_profile
        else None,
        format=Format(r.format),
        seeks=_wishes(r.seeks or ()),
        offers=_wishes(r.offers or ()),
    )


def profile_dict(r: Any, fields: Iterable[str] = PROFILE_FIELDS) -> dict[str, Any]:
    """A member row as a plain dict of the given fields (plus id and first name)."""
    m = member_row(member_from(r))
    out: dict[str, Any] = {"id": r.id, "first_name": r.first_name}
    for name in fields:
        out[name] = r.travel_km if name == "travel_km" else m[name]
    return out


class CommunityMixin(StoreBase):
    """Communities, organisers and members, with role checks."""

    # --- roles ------------------------------------------------------------------------------

    def _role(self, conn: sa.Connection, actor: int, community_id: int) -> str | None:
        if conn.execute(
            sa.select(community_organisers.c.user_id).where(
                community_organisers.c.community_id == community_id,
                community_organisers.c.user_id == actor,
            )
        ).first():
            return ORGANISER
        if conn.execute(
            sa.select(community_members.c.id).where(
                community_members.c.community_id == community_id,
                community_members.c.user_id == actor,
            )
        ).first():
            return MEMBER
        return None

    def _require(
        self, conn: sa.Connection, actor: int, community_id: int, organiser: bool = False
    ) -> str:
        """The actor's role in the community; NotFound when they have none (or not enough)."""
        role = self._role(conn, actor, community_id)
        if role is None or (organiser and role != ORGANISER):
            raise NotFound(
                N_("no community #{id} among yours")
                if role is None
                else N_("only an organiser of community #{id} may do this"),
                hint=N_("list your communities with `tisser community list`"),
                id=community_id,
            )
        return role

    def _my_member_id(self, conn: sa.Connection, actor: int, community_id: int) -> int | None:
        return conn.scalar(
            sa.select(community_members.c.id).where(
                community_members.c.community_id == community_id,
                community_members.c.user_id == actor,
            )
        )

    # --- communities ------------------------------------------------------------------------

    def create_community(self, actor: int, name: str) -> Community:
        """A new community; the actor becomes its organiser."""
        name = name.strip()
        if not name:
            raise InvalidInput(N_("a community needs a name"))
        with self._conn() as conn:
            self._ensure_owners(conn, {actor})
            key = fold(name).strip()
            if conn.execute(
                sa.select(communities.c.id).where(communities.c.name_fold == key)
            ).first():
                raise InvalidInput(
                    N_("a community named {name!r} already exists"),
                    hint=N_("choose another name"),
                    name=name,
                )
            cid = new_id(
                conn.execute(
                    communities.insert().values(name=name, name_fold=key, created_at=now())
                )
            )
            conn.execute(community_organisers.insert().values(community_id=cid, user_id=actor))
        return Community(cid, name, ORGANISER)

    def delete_community(self, actor: int, community_id: int) -> None:
        """Delete a community with its members, rounds and history (organisers only)."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            conn.execute(communities.delete().where(communities.c.id == community_id))

    def add_organiser(self, actor: int, community_id: int, user_id: int) -> None:
        """Make ``user_id`` an organiser too (organisers only)."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            self._ensure_owners(conn, {user_id})
            if self._role(conn, user_id, community_id) != ORGANISER:
                conn.execute(
                    community_organisers.insert().values(community_id=community_id, user_id=user_id)
                )

    def my_communities(self, actor: int) -> list[Community]:
        """The communities the actor organises or belongs to, by name."""
        org = sa.select(community_organisers.c.community_id).where(
            community_organisers.c.user_id == actor
        )
        mem = sa.select(community_members.c.community_id).where(
            community_members.c.user_id == actor
        )
        with self._conn() as conn:
            organised = set(conn.scalars(org))
            rows = conn.execute(
                sa.select(communities.c.id, communities.c.name)
                .where(communities.c.id.in_(org.union(mem).scalar_subquery()))
                .order_by(communities.c.name_fold)
            ).all()
        return [Community(r.id, r.name, ORGANISER if r.id in organised else MEMBER) for r in rows]

    def community(self, actor: int, ref: str | int) -> Community:
        """The community ``ref`` (id, ``#id`` or name) among the actor's."""
        text = str(ref).strip().lstrip("#")
        for c in self.my_communities(actor):
            if (text.isdigit() and c.id == int(text)) or fold(c.name) == fold(text):
                return c
        raise NotFound(
            N_("no community {ref!r} among yours"),
            hint=N_("list your communities with `tisser community list`"),
            ref=str(ref),
        )

    # --- members ----------------------------------------------------------------------------

    def upsert_members(
        self, actor: int, community_id: int, members: Sequence[Member]
    ) -> tuple[int, int]:
        """Add members, or update those whose e-mail is known; (added, updated). Organisers."""
        added = updated = 0
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            known = {
                r.email_fold: r.id
                for r in conn.execute(
                    sa.select(community_members.c.id, community_members.c.email_fold).where(
                        community_members.c.community_id == community_id
                    )
                )
            }
            fresh: list[dict[str, Any]] = []
            for m in members:
                row = member_row(m)
                if row["email_fold"] in known:
                    conn.execute(
                        community_members.update()
                        .where(community_members.c.id == known[row["email_fold"]])
                        .values(**row)
                    )
                    updated += 1
                else:
                    known[row["email_fold"]] = -1
                    fresh.append(
                        {
                            **row,
                            "community_id": community_id,
                            "shared": list(SHARED_BY_DEFAULT),
                            "created_at": now(),
                        }
                    )
            for chunk in chunks(fresh):
                conn.execute(community_members.insert(), list(chunk))
            added = len(fresh)
        return added, updated

    def link_member(self, actor: int, community_id: int, email: str, user_id: int) -> int:
        """Tie the member with ``email`` to a tisser user (their account); organisers only."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            self._ensure_owners(conn, {user_id})
            mid = self._member_id(conn, community_id, email)
            conn.execute(
                community_members.update()
                .where(community_members.c.id == mid)
                .values(user_id=user_id)
            )
        return mid

    def _member_id(self, conn: sa.Connection, community_id: int, email: str) -> int:
        mid = conn.scalar(
            sa.select(community_members.c.id).where(
                community_members.c.community_id == community_id,
                community_members.c.email_fold == fold(email).strip(),
            )
        )
        if mid is None:
            raise NotFound(
                N_("no member {email} in this community"),
                hint=N_("see `tisser community members`"),
                email=email,
            )
        return int(mid)

    def member_ids(self, actor: int, community_id: int, emails: Sequence[str]) -> list[int]:
        """The ids of members by e-mail (organisers only); NotFound names the first unknown."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            return [self._member_id(conn, community_id, e) for e in emails]

    def community_members(self, actor: int, community_id: int) -> list[Member]:
        """Every member's full profile: for matching, so organisers only."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            rows = conn.execute(
                sa.select(community_members)
                .where(community_members.c.community_id == community_id)
                .order_by(community_members.c.id)
            ).all()
        return [member_from(r) for r in rows]

    def member_profiles(self, actor: int, community_id: int) -> list[dict[str, Any]]:
        """The members as the actor may see them: whole for organisers and for oneself,
        reduced to the shared fields for other members."""
        with self._conn() as conn:
            role = self._require(conn, actor, community_id)
            me = self._my_member_id(conn, actor, community_id)
            rows = conn.execute(
                sa.select(community_members)
                .where(community_members.c.community_id == community_id)
                .order_by(community_members.c.last_name, community_members.c.first_name)
            ).all()
        return [self._visible(r, role, me) for r in rows]

    def member_profile(self, actor: int, member_id: int) -> dict[str, Any]:
        """One member's profile as the actor may see it; NotFound outside their communities."""
        with self._conn() as conn:
            r = conn.execute(
                sa.select(community_members).where(community_members.c.id == member_id)
            ).first()
            role = self._role(conn, actor, r.community_id) if r is not None else None
            if r is None or role is None:
                raise NotFound(N_("no member #{id} among your communities"), id=member_id)
            me = self._my_member_id(conn, actor, r.community_id)
        return self._visible(r, role, me)

    @staticmethod
    def _visible(r: Any, role: str, me: int | None) -> dict[str, Any]:
        if role == ORGANISER or r.id == me:
            return {**profile_dict(r), "shared": list(r.shared)}
        return profile_dict(r, [f for f in SHAREABLE if f in set(r.shared)])

    def set_shared(self, actor: int, member_id: int, fields: Sequence[str]) -> list[str]:
        """Choose which of one's own profile fields other members see (the member only)."""
        unknown = sorted(set(fields) - set(SHAREABLE))
        if unknown:
            raise InvalidInput(
                N_("cannot share {fields}"),
                hint=N_("shareable: {known}"),
                fields=", ".join(unknown),
                known=", ".join(SHAREABLE),
            )
        with self._conn() as conn:
            r = conn.execute(
                sa.select(community_members.c.user_id).where(community_members.c.id == member_id)
            ).first()
            if r is None or r.user_id != actor:
                raise NotFound(N_("no member #{id} among your profiles"), id=member_id)
            chosen = [f for f in SHAREABLE if f in set(fields)]
            conn.execute(
                community_members.update()
                .where(community_members.c.id == member_id)
                .values(shared=chosen)
            )
        return chosen
