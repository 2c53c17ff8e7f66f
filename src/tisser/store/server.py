"""The community server's records: sessions, resets, failed sign-ins, invitations, review.

Secrets never reach the database: the web layer hands over SHA-256 digests of session ids,
reset tokens and rate-limit keys (OWASP Session Management and Forgot Password cheat
sheets). Community operations keep the rule of :mod:`tisser.store.community`: the acting
user comes first and their role is checked before a row is read or written.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from tisser.core.community import SHARED_BY_DEFAULT, Member
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.names import fold
from tisser.store.accounts import hash_password
from tisser.store.community import member_row
from tisser.store.rounds import RoundsMixin
from tisser.store.rows import now
from tisser.store.schema import (
    accounts,
    community_groups,
    community_invites,
    community_locks,
    community_members,
    community_optins,
    login_failures,
    password_resets,
    users,
    web_sessions,
)


class ServerMixin(RoundsMixin):
    """Sessions, password resets, rate limits, invitations, profiles, review of a round."""

    # --- sessions ---------------------------------------------------------------------------

    def create_session(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """Open a session (and forget the expired ones)."""
        with self._conn() as conn:
            conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now()))
            conn.execute(
                web_sessions.insert().values(
                    token_hash=token_hash, user_id=user_id, created_at=now(), expires_at=expires_at
                )
            )

    def session_user(self, token_hash: str, at: datetime) -> int | None:
        """The user of a live session; None when unknown or expired."""
        with self._conn() as conn:
            uid = conn.scalar(
                sa.select(web_sessions.c.user_id).where(
                    web_sessions.c.token_hash == token_hash, web_sessions.c.expires_at > at
                )
            )
        return None if uid is None else int(uid)

    def delete_session(self, token_hash: str) -> None:
        with self._conn() as conn:
            conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == token_hash))

    def delete_sessions(self, user_id: int) -> None:
        with self._conn() as conn:
            conn.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id))

    # --- accounts ---------------------------------------------------------------------------

    def account_user(self, email: str) -> int | None:
        with self._conn() as conn:
            uid = conn.scalar(
                sa.select(accounts.c.user_id).where(accounts.c.email_fold == fold(email).strip())
            )
        return None if uid is None else int(uid)

    def user_identity(self, user_id: int) -> tuple[str, str]:
        """(name, e-mail) of a user."""
        with self._conn() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.email).where(users.c.id == user_id))
            found = row.first()
        return (found.name or "", found.email or "") if found else ("", "")

    def set_password(self, user_id: int, password: str) -> None:
        digest = hash_password(password)
        with self._conn() as conn:
            conn.execute(
                accounts.update().where(accounts.c.user_id == user_id).values(password_hash=digest)
            )

    def record_failure(self, key: str, at: datetime) -> None:
        with self._conn() as conn:
            conn.execute(login_failures.insert().values(key=key, at=at))

    def failures_since(self, key: str, since: datetime) -> int:
        with self._conn() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.at <= since))
            return int(
                conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(login_failures)
                    .where(login_failures.c.key == key, login_failures.c.at > since)
                )
                or 0
            )

    def clear_failures(self, key: str) -> None:
        with self._conn() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.key == key))

    def create_reset(self, user_id: int, token_hash: str, expires_at: datetime) -> None:
        """A new reset token; the spent and expired ones of everyone are purged first."""
        with self._conn() as conn:
            conn.execute(
                password_resets.delete().where(
                    sa.or_(password_resets.c.used_at.is_not(None),
                           password_resets.c.expires_at <= now())
                )
            )  # fmt: skip
            conn.execute(
                password_resets.insert().values(
                    token_hash=token_hash, user_id=user_id, expires_at=expires_at
                )
            )

    def reset_user(self, token_hash: str, at: datetime) -> int | None:
        """The user of a live, unused reset token."""
        with self._conn() as conn:
            uid = conn.scalar(
                sa.select(password_resets.c.user_id).where(
                    password_resets.c.token_hash == token_hash,
                    password_resets.c.expires_at > at,
                    password_resets.c.used_at.is_(None),
                )
            )
        return None if uid is None else int(uid)

    def use_reset(self, token_hash: str, at: datetime, password: str) -> int | None:
        """Set the new password and spend the token; None when it is not (or no more) valid."""
        with self.transaction():
            uid = self.reset_user(token_hash, at)
            if uid is None:
                return None
            self.set_password(uid, password)
            with self._conn() as conn:  # this token and the user's others are spent: purged
                conn.execute(
                    password_resets.delete().where(
                        sa.or_(password_resets.c.user_id == uid, password_resets.c.expires_at <= at)
                    )
                )
            self.delete_sessions(uid)
        return uid

    # --- invitations and profiles -----------------------------------------------------------

    def create_invite(self, actor: int, community_id: int) -> str:
        """A new invitation code of the community (organisers only)."""
        code = secrets.token_urlsafe(12)
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            conn.execute(
                community_invites.insert().values(
                    code=code, community_id=community_id, created_at=now()
                )
            )
        return code

    def invites(self, actor: int, community_id: int) -> list[str]:
        with self._conn() as conn:
            self._require(conn, actor, community_id, organiser=True)
            return list(
                conn.scalars(
                    sa.select(community_invites.c.code)
                    .where(community_invites.c.community_id == community_id)
                    .order_by(community_invites.c.created_at)
                )
            )

    def join_by_code(self, actor: int, code: str) -> int:
        """Join the community of ``code`` as a member; returns its id. An imported member
        with the account's e-mail becomes this user; else a new member is created."""
        name, email = self.user_identity(actor)
        with self._conn() as conn:
            cid = conn.scalar(
                sa.select(community_invites.c.community_id).where(
                    community_invites.c.code == code.strip()
                )
            )
            if cid is None:
                raise NotFound(
                    N_("no community has the invitation code {code!r}"),
                    hint=N_("check the link the organiser sent you"),
                    code=code.strip()[:40],
                )
            if self._role(conn, actor, cid) is not None:
                return int(cid)
            mid = conn.scalar(
                sa.select(community_members.c.id).where(
                    community_members.c.community_id == cid,
                    community_members.c.email_fold == fold(email).strip(),
                )
            )
            if mid is not None:
                conn.execute(
                    community_members.update()
                    .where(community_members.c.id == mid)
                    .values(user_id=actor)
                )
            else:
                first, _, last = name.partition(" ")
                row = member_row(Member(id=0, email=email, first_name=first, last_name=last))
                conn.execute(
                    community_members.insert().values(
                        **row,
                        community_id=cid,
                        user_id=actor,
                        shared=list(SHARED_BY_DEFAULT),
                        created_at=now(),
                    )
                )
        return int(cid)

    def my_member(self, actor: int, community_id: int) -> Member:
        """The actor's own member profile in a community."""
        with self._conn() as conn:
            self._require(conn, actor, community_id)
            mid = self._my_member_id(conn, actor, community_id)
        if mid is None:
            raise NotFound(N_("you are not a member of community #{id}"), id=community_id)
        from tisser.store.community import member_from

        with self._conn() as conn:
            row = conn.execute(
                sa.select(community_members).where(community_members.c.id == mid)
            ).first()
        return member_from(row)

    def update_my_profile(self, actor: int, community_id: int, member: Member) -> int:
        """Replace the actor's own profile (their e-mail stays the account's)."""
        mine = self.my_member(actor, community_id)
        row = member_row(replace(member, email=mine.email))
        with self._conn() as conn:
            conn.execute(
                community_members.update().where(community_members.c.id == mine.id).values(**row)
            )
        return mine.id

    # --- review of a round ------------------------------------------------------------------

    def withdraw(self, actor: int, round_id: int, member_ids: Sequence[int]) -> None:
        """Withdraw members' opt-in to a round (organisers only; not once published).
        :func:`tisser.community.review.exclude` also takes them out of their group."""
        with self._conn() as conn:
            r = self._round_row(conn, actor, round_id, organiser=True)
            if r.status == "published":
                raise InvalidInput(N_("round #{id} is already published"), id=round_id)
            ids = list(member_ids)
            conn.execute(
                community_optins.delete().where(
                    community_optins.c.round_id == round_id, community_optins.c.member_id.in_(ids)
                )
            )

    def locked_groups(self, actor: int, round_id: int) -> set[int]:
        """The ids of the round's locked groups (organisers only)."""
        with self._conn() as conn:
            self._round_row(conn, actor, round_id, organiser=True)
            return set(
                conn.scalars(
                    sa.select(community_locks.c.group_id)
                    .join(community_groups, community_groups.c.id == community_locks.c.group_id)
                    .where(community_groups.c.round_id == round_id)
                )
            )

    def set_locks(self, actor: int, round_id: int, group_ids: Sequence[int]) -> None:
        """Lock exactly these groups of the round (organisers only)."""
        with self._conn() as conn:
            self._round_row(conn, actor, round_id, organiser=True)
            mine = set(
                conn.scalars(
                    sa.select(community_groups.c.id).where(community_groups.c.round_id == round_id)
                )
            )
            conn.execute(community_locks.delete().where(community_locks.c.group_id.in_(mine)))
            wanted = sorted(mine & set(group_ids))
            if wanted:
                conn.execute(community_locks.insert(), [{"group_id": g} for g in wanted])
