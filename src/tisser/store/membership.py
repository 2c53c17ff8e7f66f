"""A member's own rights on the community server (RGPD): leave a community, take a copy of
one's data, delete one's account.

Deleting the ``users`` row alone would not be enough: ``community_members.user_id`` is
``ON DELETE SET NULL`` (an organiser's list outlives a member's account), so the name,
e-mail, profile, groups and feedback would stay in every community. These methods delete
the member rows explicitly; opt-ins, group places and feedback go with them (cascade).

A community keeps at least one organiser: its last organiser is asked to delete it (or to
make someone else organiser) first, so no club is left that nobody can manage.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, InvalidInput
from tisser.store.community import PROFILE_FIELDS, CommunityMixin
from tisser.store.schema import (
    accounts,
    communities,
    community_feedback,
    community_group_members,
    community_groups,
    community_members,
    community_optins,
    community_organisers,
    community_rounds,
    users,
)


class MembershipMixin(CommunityMixin):
    """Leave, export, delete: what a member may do with their own data."""

    def _check_not_last_organiser(
        self, conn: sa.Connection, actor: int, community_ids: list[int] | None = None
    ) -> None:
        """InvalidInput when ``actor`` is the only organiser of one of the communities."""
        mine = sa.select(community_organisers.c.community_id).where(
            community_organisers.c.user_id == actor
        )
        if community_ids is not None:
            mine = mine.where(community_organisers.c.community_id.in_(community_ids))
        for cid in conn.scalars(mine).all():
            count = conn.scalar(
                sa.select(sa.func.count()).where(community_organisers.c.community_id == cid)
            )
            if count == 1:
                name = conn.scalar(sa.select(communities.c.name).where(communities.c.id == cid))
                raise InvalidInput(
                    N_("you are the only organiser of {name}"),
                    hint=N_("delete the community first, or make another member its organiser"),
                    name=name,
                )

    def leave_community(self, actor: int, community_id: int) -> None:
        """Remove the actor from a community: their member row (profile, opt-ins, places in
        groups, feedback) and their organiser role."""
        with self._conn() as conn:
            self._require(conn, actor, community_id)
            self._check_not_last_organiser(conn, actor, [community_id])
            conn.execute(
                community_members.delete().where(
                    community_members.c.community_id == community_id,
                    community_members.c.user_id == actor,
                )
            )
            conn.execute(
                community_organisers.delete().where(
                    community_organisers.c.community_id == community_id,
                    community_organisers.c.user_id == actor,
                )
            )

    def delete_account(self, actor: int) -> None:
        """Erase the account: member rows in every community, then the user (sessions,
        reset links, organiser roles and the user's own network go with it)."""
        with self._conn() as conn:
            self._check_not_last_organiser(conn, actor)
            conn.execute(community_members.delete().where(community_members.c.user_id == actor))
            conn.execute(users.delete().where(users.c.id == actor))
        self._known_owners.discard(actor)

    def my_data(self, actor: int) -> dict[str, Any]:
        """Everything the community server holds about the actor, as plain JSON values
        (never the password's hash)."""
        with self._conn() as conn:
            user = conn.execute(
                sa.select(users.c.name, users.c.email, accounts.c.created_at)
                .select_from(users.outerjoin(accounts, accounts.c.user_id == users.c.id))
                .where(users.c.id == actor)
            ).one()
            rows = conn.execute(
                sa.select(community_members, communities.c.name.label("community"))
                .join(communities, communities.c.id == community_members.c.community_id)
                .where(community_members.c.user_id == actor)
                .order_by(communities.c.name)
            ).all()
            organised = conn.scalars(
                sa.select(communities.c.name)
                .join(community_organisers, community_organisers.c.community_id == communities.c.id)
                .where(community_organisers.c.user_id == actor)
                .order_by(communities.c.name)
            ).all()
            memberships = [_membership(conn, r) for r in rows]
        return {
            "account": {
                "name": user.name,
                "email": user.email,
                "created_at": user.created_at.isoformat() if user.created_at else None,
            },
            "organiser_of": list(organised),
            "memberships": memberships,
        }


def _membership(conn: sa.Connection, r: Any) -> dict[str, Any]:
    """One member row with its rounds, groups and feedback."""
    rounds = conn.execute(
        sa.select(community_rounds.c.activity, community_rounds.c.date_from)
        .join(community_optins, community_optins.c.round_id == community_rounds.c.id)
        .where(community_optins.c.member_id == r.id)
        .order_by(community_rounds.c.date_from)
    ).all()
    groups = conn.execute(
        sa.select(
            community_rounds.c.activity,
            community_rounds.c.date_from,
            community_groups.c.slot,
            community_groups.c.place,
            community_groups.c.meets_at,
        )
        .join(community_group_members, community_group_members.c.group_id == community_groups.c.id)
        .join(community_rounds, community_rounds.c.id == community_groups.c.round_id)
        .where(community_group_members.c.member_id == r.id)
        .order_by(community_rounds.c.date_from)
    ).all()
    feedback = conn.execute(
        sa.select(
            community_rounds.c.activity,
            community_rounds.c.date_from,
            community_feedback.c.met,
            community_feedback.c.useful,
            community_feedback.c.again,
        )
        .join(community_rounds, community_rounds.c.id == community_feedback.c.round_id)
        .where(community_feedback.c.member_id == r.id)
    ).all()
    return {
        "community": r.community,
        "profile": {f: _plain(getattr(r, f)) for f in PROFILE_FIELDS},
        "shared_with_members": list(r.shared or []),
        "rounds_joined": [{"activity": a, "from": d.isoformat()} for a, d in rounds],
        "groups": [
            {
                "activity": g.activity,
                "from": g.date_from.isoformat(),
                "slot": g.slot,
                "place": g.place,
                "meets_at": g.meets_at.isoformat() if g.meets_at else None,
            }
            for g in groups
        ],
        "feedback_given": [_feedback(f) for f in feedback],
    }


def _feedback(f: Any) -> dict[str, Any]:
    return {
        "activity": f.activity,
        "from": f.date_from.isoformat(),
        "met": f.met,
        "useful": f.useful,
        "again": f.again,
    }


def _plain(value: Any) -> Any:
    return sorted(value) if isinstance(value, set | frozenset) else value
