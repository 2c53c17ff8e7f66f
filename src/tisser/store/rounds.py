"""Rounds of a community: opt-ins, proposed groups, publication, history and feedback.

Same rule as :mod:`tisser.store.community`: every method takes the acting user and checks
their role. Organisers open rounds, opt anyone in, save and publish groups and read the
report; a member opts themself in, sees only their own group and gives feedback on it.

History is the published groups themselves: the pairs that met in the last N published
rounds of the community (never proposed again) and who was left waiting in the previous
round of the same activity (a bonus next time); and the feedback on them
(:meth:`RoundsMixin.feedback_answers`, turned into lessons by the core).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

import sqlalchemy as sa

from tisser.core.community import Round
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.matching import Answer, Meeting, Phrase, pair_key
from tisser.store.community import ORGANISER, CommunityMixin
from tisser.store.rows import new_id, now
from tisser.store.schema import (
    community_feedback,
    community_group_members,
    community_groups,
    community_members,
    community_optins,
    community_rounds,
)


@dataclass(frozen=True)
class RoundReport:
    """Participation and satisfaction of one round (the organiser's view)."""

    round_id: int
    activity: str
    date_from: date
    status: str
    opted_in: int
    matched: int
    groups: int
    answers: int
    met: int
    useful_avg: float | None
    again: int


def round_from(r: Any) -> Round:
    return Round(
        id=r.id,
        community_id=r.community_id,
        activity=r.activity,
        size_min=r.size_min,
        size_max=r.size_max,
        date_from=r.date_from,
        date_to=r.date_to,
        places=tuple(r.places or ()),
        status=r.status,
    )


def _phrases(why: Sequence[Phrase]) -> list[dict[str, Any]]:
    return [
        {"t": p.template, "p": [list(x) for x in p.params], "x": list(p.translated)} for p in why
    ]


def phrases_from(data: Sequence[dict[str, Any]]) -> tuple[Phrase, ...]:
    return tuple(Phrase(d["t"], tuple((k, v) for k, v in d["p"]), tuple(d["x"])) for d in data)


class RoundsMixin(CommunityMixin):
    """Rounds, opt-ins, groups, feedback."""

    def _round_row(self, conn: sa.Connection, actor: int, round_id: int, organiser: bool) -> Any:
        r = conn.execute(
            sa.select(community_rounds).where(community_rounds.c.id == round_id)
        ).first()
        if r is None or self._role(conn, actor, r.community_id) is None:
            raise NotFound(
                N_("no round #{id} among your communities"),
                hint=N_("see `tisser community rounds`"),
                id=round_id,
            )
        self._require(conn, actor, r.community_id, organiser=organiser)
        return r

    def create_round(self, actor: int, rnd: Round) -> Round:
        """Open a round (organisers only); returns it with its id."""
        if rnd.date_to < rnd.date_from:
            raise InvalidInput(
                N_("the round ends ({end}) before it starts ({start})"),
                start=rnd.date_from.isoformat(),
                end=rnd.date_to.isoformat(),
            )
        with self._conn() as conn:
            self._require(conn, actor, rnd.community_id, organiser=True)
            rid = new_id(
                conn.execute(
                    community_rounds.insert().values(
                        community_id=rnd.community_id,
                        activity=rnd.activity,
                        size_min=rnd.size_min,
                        size_max=rnd.size_max,
                        date_from=rnd.date_from,
                        date_to=rnd.date_to,
                        places=list(rnd.places),
                        status="open",
                        created_at=now(),
                    )
                )
            )
        return Round(**{**rnd.__dict__, "id": rid, "status": "open"})

    def get_round(self, actor: int, round_id: int) -> Round:
        """A round of one of the actor's communities."""
        with self._conn() as conn:
            return round_from(self._round_row(conn, actor, round_id, organiser=False))

    def list_rounds(self, actor: int, community_id: int) -> list[Round]:
        with self._conn() as conn:
            self._require(conn, actor, community_id)
            rows = conn.execute(
                sa.select(community_rounds)
                .where(community_rounds.c.community_id == community_id)
                .order_by(community_rounds.c.date_from, community_rounds.c.id)
            ).all()
        return [round_from(r) for r in rows]

    def opt_in(self, actor: int, round_id: int, member_ids: Sequence[int] | None = None) -> int:
        """Opt members in; a member opts only themself (``member_ids`` None). Returns count."""
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=False)
            role = self._role(conn, actor, r.community_id)
            if role != ORGANISER or member_ids is None:
                me = self._my_member_id(conn, actor, r.community_id)
                if me is None or member_ids not in (None, [me]):
                    raise NotFound(N_("only an organiser may opt other members in"))
                member_ids = [me]
            if r.status == "published":
                raise InvalidInput(N_("round #{id} is already published"), id=round_id)
            valid = set(
                conn.scalars(
                    sa.select(community_members.c.id).where(
                        community_members.c.community_id == r.community_id,
                        community_members.c.id.in_(list(member_ids)),
                    )
                )
            )
            done = set(
                conn.scalars(
                    sa.select(community_optins.c.member_id).where(
                        community_optins.c.round_id == round_id
                    )
                )
            )
            fresh = sorted(valid - done)
            if fresh:
                conn.execute(
                    community_optins.insert(),
                    [{"round_id": round_id, "member_id": m} for m in fresh],
                )
        return len(fresh)

    def opted_in(self, actor: int, round_id: int) -> list[int]:
        """The ids of the members opted in (organisers only)."""
        with self._conn() as conn:
            self._round_row(conn, actor, round_id, organiser=True)
            return sorted(
                conn.scalars(
                    sa.select(community_optins.c.member_id).where(
                        community_optins.c.round_id == round_id
                    )
                )
            )

    def history(
        self, actor: int, rnd: Round, last_rounds: int
    ) -> tuple[frozenset[tuple[int, int]], frozenset[int]]:
        """(pairs met in the last ``last_rounds`` published rounds, members who waited last
        time in this activity). Organisers only."""
        with self._conn() as conn:
            self._require(conn, actor, rnd.community_id, organiser=True)
            published = _published_before(conn, rnd)
            recent = [r.id for r in published[:last_rounds]]
            groups: dict[int, list[int]] = {}
            for gid, mid in conn.execute(
                sa.select(
                    community_group_members.c.group_id, community_group_members.c.member_id
                ).where(community_group_members.c.round_id.in_(recent))
            ):
                groups.setdefault(gid, []).append(mid)
            pairs = {pair_key(a, b) for ms in groups.values() for a, b in combinations(ms, 2)}
            waited: set[int] = set()
            previous = next((r.id for r in published if r.activity == rnd.activity), None)
            if previous is not None:
                opted = set(
                    conn.scalars(
                        sa.select(community_optins.c.member_id).where(
                            community_optins.c.round_id == previous
                        )
                    )
                )
                placed = set(
                    conn.scalars(
                        sa.select(community_group_members.c.member_id).where(
                            community_group_members.c.round_id == previous
                        )
                    )
                )
                waited = opted - placed
        return frozenset(pairs), frozenset(waited)

    def feedback_answers(self, actor: int, rnd: Round) -> list[Answer]:
        """Every answer given on the community's published rounds but ``rnd`` (organisers),
        each with its round's rank in history for :func:`tisser.core.matching.learn`."""
        with self._conn() as conn:
            self._require(conn, actor, rnd.community_id, organiser=True)
            published = _published_before(conn, rnd)
            rank: dict[int, tuple[int, str, int]] = {}
            per_activity: dict[str, int] = {}
            for n, r in enumerate(published):
                rank[r.id] = (n, r.activity, per_activity.get(r.activity, 0))
                per_activity[r.activity] = per_activity.get(r.activity, 0) + 1
            ids = list(rank)
            groups: dict[int, list[int]] = {}
            for gid, mid in conn.execute(
                sa.select(
                    community_group_members.c.group_id, community_group_members.c.member_id
                ).where(community_group_members.c.round_id.in_(ids))
            ):
                groups.setdefault(gid, []).append(mid)
            rows = conn.execute(
                sa.select(community_feedback)
                .where(community_feedback.c.round_id.in_(ids))
                .order_by(community_feedback.c.id)
            ).all()
        return [
            Answer(
                member_id=f.member_id,
                group=tuple(sorted(groups.get(f.group_id, []))),
                activity=rank[f.round_id][1],
                rank=rank[f.round_id][0],
                activity_rank=rank[f.round_id][2],
                met=bool(f.met),
                useful=f.useful,
                again=f.again,
            )
            for f in rows
        ]

    def save_groups(self, actor: int, round_id: int, meetings: Sequence[Meeting]) -> None:
        """Replace the round's proposed groups (organisers; not once published)."""
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=True)
            if r.status == "published":
                raise InvalidInput(
                    N_("round #{id} is already published"),
                    hint=N_("open a new round"),
                    id=round_id,
                )
            conn.execute(community_groups.delete().where(community_groups.c.round_id == round_id))
            conn.execute(
                community_group_members.delete().where(
                    community_group_members.c.round_id == round_id
                )
            )
            for pos, m in enumerate(meetings):
                gid = new_id(
                    conn.execute(
                        community_groups.insert().values(
                            round_id=round_id,
                            position=pos,
                            score=m.score,
                            slot=m.slot,
                            place=m.place,
                            meets_at=m.meets_at,
                            why=_phrases(m.why),
                        )
                    )
                )
                conn.execute(
                    community_group_members.insert(),
                    [{"group_id": gid, "member_id": x, "round_id": round_id} for x in m.member_ids],
                )
            conn.execute(
                community_rounds.update()
                .where(community_rounds.c.id == round_id)
                .values(status="matched")
            )

    def round_groups(self, actor: int, round_id: int) -> list[Meeting]:
        """The round's groups: all of them for an organiser, a member's own for a member."""
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=False)
            rows = conn.execute(
                sa.select(community_groups)
                .where(community_groups.c.round_id == round_id)
                .order_by(community_groups.c.position)
            ).all()
            members: dict[int, list[int]] = {}
            for gid, mid in conn.execute(
                sa.select(community_group_members.c.group_id, community_group_members.c.member_id)
                .where(community_group_members.c.round_id == round_id)
                .order_by(community_group_members.c.member_id)
            ):
                members.setdefault(gid, []).append(mid)
            if self._role(conn, actor, r.community_id) != ORGANISER:
                me = self._my_member_id(conn, actor, r.community_id)
                if r.status != "published":
                    return []
                rows = [g for g in rows if me in members.get(g.id, [])]
        return [
            Meeting(
                member_ids=tuple(members.get(g.id, [])),
                score=g.score,
                slot=g.slot,
                place=g.place,
                why=phrases_from(g.why),
                meets_at=g.meets_at,
                id=g.id,
            )
            for g in rows
        ]

    def publish_round(self, actor: int, round_id: int) -> Round:
        """Mark a matched round published (organisers only): its groups become history."""
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=True)
            if r.status == "open":
                raise InvalidInput(
                    N_("round #{id} has no groups yet"),
                    hint=N_("run `tisser community match {id}` first"),
                    id=round_id,
                )
            if r.status == "published":
                raise InvalidInput(N_("round #{id} is already published"), id=round_id)
            conn.execute(
                community_rounds.update()
                .where(community_rounds.c.id == round_id)
                .values(status="published", published_at=now())
            )
            return round_from(self._round_row(conn, actor, round_id, organiser=True))

    def add_feedback(
        self,
        actor: int,
        round_id: int,
        member_id: int | None,
        met: bool,
        useful: int | None = None,
        again: bool | None = None,
    ) -> int:
        """Record a member's feedback on their group (the member, or an organiser for them)."""
        if useful is not None and not 1 <= useful <= 5:
            raise InvalidInput(N_("usefulness {value} is outside 1–5"), value=useful)
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=False)
            role = self._role(conn, actor, r.community_id)
            me = self._my_member_id(conn, actor, r.community_id)
            if member_id is None or role != ORGANISER:
                if me is None or member_id not in (None, me):
                    raise NotFound(N_("only an organiser may answer for another member"))
                member_id = me
            gid = conn.scalar(
                sa.select(community_group_members.c.group_id).where(
                    community_group_members.c.round_id == round_id,
                    community_group_members.c.member_id == member_id,
                )
            )
            if gid is None or r.status != "published":
                raise InvalidInput(
                    N_("member #{member} has no published group in round #{id}"),
                    member=member_id,
                    id=round_id,
                )
            conn.execute(
                community_feedback.delete().where(
                    community_feedback.c.group_id == gid,
                    community_feedback.c.member_id == member_id,
                )
            )
            return new_id(
                conn.execute(
                    community_feedback.insert().values(
                        group_id=gid,
                        member_id=member_id,
                        round_id=round_id,
                        met=met,
                        useful=useful,
                        again=again,
                        created_at=now(),
                    )
                )
            )

    def round_reports(self, actor: int, community_id: int) -> list[RoundReport]:
        """Participation and satisfaction per round (organisers only)."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            rounds = conn.execute(
                sa.select(community_rounds)
                .where(community_rounds.c.community_id == community_id)
                .order_by(community_rounds.c.date_from, community_rounds.c.id)
            ).all()
            ids = [r.id for r in rounds]

            def count(table: sa.Table, col: str = "member_id") -> dict[int, int]:
                return dict(
                    conn.execute(
                        sa.select(table.c.round_id, sa.func.count(table.c[col]))
                        .where(table.c.round_id.in_(ids))
                        .group_by(table.c.round_id)
                    ).all()
                )

            opted, matched = count(community_optins), count(community_group_members)
            groups = count(community_groups, "id")
            fb: dict[int, list[Any]] = {}
            for row in conn.execute(
                sa.select(community_feedback).where(community_feedback.c.round_id.in_(ids))
            ):
                fb.setdefault(row.round_id, []).append(row)
        out = []
        for r in rounds:
            answers = fb.get(r.id, [])
            useful = [a.useful for a in answers if a.useful is not None]
            out.append(
                RoundReport(
                    round_id=r.id,
                    activity=r.activity,
                    date_from=r.date_from,
                    status=r.status,
                    opted_in=opted.get(r.id, 0),
                    matched=matched.get(r.id, 0),
                    groups=groups.get(r.id, 0),
                    answers=len(answers),
                    met=sum(1 for a in answers if a.met),
                    useful_avg=round(sum(useful) / len(useful), 2) if useful else None,
                    again=sum(1 for a in answers if a.again),
                )
            )
        return out

    def member_users(self, actor: int, community_id: int) -> dict[int, int]:
        """member id → tisser user id, for members with an account (organisers only)."""
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            return {
                r.id: r.user_id
                for r in conn.execute(
                    sa.select(community_members.c.id, community_members.c.user_id).where(
                        community_members.c.community_id == community_id,
                        community_members.c.user_id.is_not(None),
                    )
                )
            }


def _published_before(conn: sa.Connection, rnd: Round) -> Sequence[sa.Row[Any, Any]]:
    """(id, activity) of the community's published rounds but ``rnd``, newest first: the
    history both the recent pairs and the feedback are read from."""
    return conn.execute(
        sa.select(community_rounds.c.id, community_rounds.c.activity)
        .where(
            community_rounds.c.community_id == rnd.community_id,
            community_rounds.c.status == "published",
            community_rounds.c.id != rnd.id,
        )
        .order_by(community_rounds.c.date_from.desc(), community_rounds.c.id.desc())
    ).all()
