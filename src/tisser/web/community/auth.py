"""Sign-in for the community server: sessions, rate limiting, password reset by e-mail.

* **Sessions** (OWASP Session Management cheat sheet): a random 256-bit id, signed with the
  server's key (HMAC-SHA-256) in an ``HttpOnly``, ``SameSite=Lax`` cookie (``Secure`` over
  HTTPS); the database keeps only the SHA-256 of the id and its expiry, so a stolen copy of
  the database opens no session. Signing out deletes the row; a password reset deletes all
  of the user's sessions.
* **Rate limiting**: 5 failed sign-ins for the same e-mail from the same address within 15
  minutes lock that pair out until the window passes (429), whether the account exists or
  not, so it tells nothing about which e-mails have accounts.
* **Password reset** (OWASP Forgot Password cheat sheet): the same answer for known and
  unknown e-mails; a random token, stored hashed, valid one hour and once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from fastapi import Request

from tisser.core.errors import N_, TisserError
from tisser.store import Store

SESSION_COOKIE = "tisser_session"
SESSION_DAYS = 14
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
RESET_VALID = timedelta(hours=1)

Mailer = Callable[[list[EmailMessage]], None]


class LoginRequired(Exception):
    """An anonymous request to a page that needs a user: answered with the login page."""


class TooManyAttempts(TisserError):
    status_code = 429


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sign(secret: bytes, sid: str) -> str:
    return hmac.new(secret, sid.encode(), hashlib.sha256).hexdigest()


def new_session(store: Store, secret: bytes, user_id: int) -> str:
    """Open a session; returns the cookie value (id and signature)."""
    sid = secrets.token_urlsafe(32)
    store.create_session(user_id, digest(sid), utcnow() + timedelta(days=SESSION_DAYS))
    return f"{sid}.{_sign(secret, sid)}"


def session_id(secret: bytes, cookie: str) -> str | None:
    """The session id of a well-signed cookie, else None."""
    sid, _, signature = cookie.partition(".")
    if sid and signature and hmac.compare_digest(signature, _sign(secret, sid)):
        return sid
    return None


def current_user(request: Request) -> int | None:
    """The signed-in user of this request, or None."""
    if hasattr(request.state, "user_id"):
        found: int | None = request.state.user_id
        return found
    app = request.app.state
    sid = session_id(app.secret, request.cookies.get(SESSION_COOKIE, ""))
    uid = app.store.session_user(digest(sid), utcnow()) if sid else None
    request.state.user_id = uid
    return uid


def require_user(request: Request) -> int:
    """The dependency of every page behind the login."""
    uid = current_user(request)
    if uid is None:
        raise LoginRequired
    return uid


def end_session(request: Request) -> None:
    sid = session_id(request.app.state.secret, request.cookies.get(SESSION_COOKIE, ""))
    if sid:
        request.app.state.store.delete_session(digest(sid))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def attempt_key(email: str, address: str) -> str:
    return digest(f"{email.strip().lower()}|{address}")


def check_rate(store: Store, key: str) -> None:
    """Refuse (429) when this e-mail and address already failed too often lately."""
    if store.failures_since(key, utcnow() - WINDOW) >= MAX_FAILURES:
        raise TooManyAttempts(
            N_("too many failed sign-ins for this account"),
            hint=N_("wait 15 minutes, or reset your password"),
        )


def start_reset(store: Store, email: str) -> str | None:
    """A reset token for the account of ``email`` (None when there is none)."""
    uid = store.account_user(email)
    if uid is None:
        return None
    token = secrets.token_urlsafe(32)
    store.create_reset(uid, digest(token), utcnow() + RESET_VALID)
    return token


def reset_message(to: str, link: str, sender: str, translate: Callable[[str], str]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = translate(N_("tisser: reset your password"))
    msg["From"] = sender
    msg["To"] = to
    msg.set_content(
        translate(N_("To choose a new password, open this link within an hour:"))
        + f"\n\n{link}\n\n"
        + translate(N_("If you did not ask for it, ignore this e-mail: nothing changes."))
        + "\n"
    )
    return msg


def mailer_from_environment(folder: Path | None) -> tuple[Mailer, str]:
    """Deliver through ``folder`` (.eml files) when given, else SMTP from the environment."""
    from tisser.community.mail import write_eml
    from tisser.mail import send_all, smtp_settings

    if folder is not None:
        target = folder

        def write(messages: list[EmailMessage]) -> None:
            write_eml(messages, target)

        return write, "tisser@localhost"

    sender = os.environ.get("TISSER_SMTP_FROM", "") or "tisser@localhost"

    def deliver(messages: list[EmailMessage]) -> None:
        send_all(messages, smtp_settings())

    return deliver, sender
