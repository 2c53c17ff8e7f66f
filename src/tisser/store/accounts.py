"""Accounts: a tisser user who signs in with an e-mail and a password (the community server).

Passwords are hashed with Argon2id (argon2-cffi's ``PasswordHasher``, RFC 9106 parameters);
a hash made with older parameters is upgraded at the next successful sign-in
(``check_needs_rehash``). Only the web round (issue #8) adds routes, sessions and rate limits
on top of :meth:`AccountsMixin.create_account` and :meth:`AccountsMixin.authenticate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tisser.core.errors import N_, InvalidInput
from tisser.core.names import fold
from tisser.store.base import StoreBase
from tisser.store.rows import new_id, now
from tisser.store.schema import accounts, users

MIN_PASSWORD = 10
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (refused when shorter than 10 characters)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(N_("a password needs at least {count} characters"), count=MIN_PASSWORD)
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for a malformed hash)."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class AccountsMixin(StoreBase):
    """Create accounts and check sign-ins."""

    def create_account(self, email: str, password: str, name: str = "") -> int:
        """A new user with an account; InvalidInput when the e-mail is taken."""
        key = fold(email).strip()
        if "@" not in key:
            raise InvalidInput(N_("{email!r} is not an e-mail address"), email=email)
        digest = hash_password(password)
        with self._conn() as conn:
            if conn.execute(
                sa.select(accounts.c.user_id).where(accounts.c.email_fold == key)
            ).first():
                raise InvalidInput(N_("an account already uses {email}"), email=email)
            uid = new_id(
                conn.execute(users.insert().values(name=name, email=email, created_at=now()))
            )
            conn.execute(
                accounts.insert().values(
                    user_id=uid, email_fold=key, password_hash=digest, created_at=now()
                )
            )
        self._known_owners.add(uid)
        return uid

    def authenticate(self, email: str, password: str) -> int | None:
        """The user id when the password is right, else None (same answer for unknown e-mail)."""
        with self._conn() as conn:
            row = conn.execute(
                sa.select(accounts).where(accounts.c.email_fold == fold(email).strip())
            ).first()
            if row is None:
                _hasher.hash(password)  # same work either way: no timing oracle on e-mails
                return None
            if not verify_password(row.password_hash, password):
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                conn.execute(
                    accounts.update()
                    .where(accounts.c.user_id == row.user_id)
                    .values(password_hash=_hasher.hash(password))
                )
            return int(row.user_id)
