"""Sign-in for the community server: sessions, rate limiting, password reset by e-mail.

* **Sessions** (OWASP Session Management cheat sheet): a random 256-bit id, signed with the
  server's key (HMAC-SHA-256) in an ``HttpOnly``, ``SameSite=Lax`` cookie (``Secure`` over
  HTTPS); the database keeps only the SHA-256 of the id and its expiry, so a stolen copy of
  the database opens no session. Signing out deletes the row; a password reset deletes all
  of the user's sessions.
* **Rate limiting**: 5 failed sign-ins for the same e-mail from the same address within 15
  minutes lock that pair out until the window passes (429), whether the account exists or
  not, so it tells nothing about which e-mails have accounts; 20 failures from one address
  across any accounts lock that address out too. The address is the socket's: proxy headers
  count only from a proxy named with ``tisser serve --trusted-proxy``.
* **Password reset** (OWASP Forgot Password cheat sheet): the same answer for known and
  unknown e-mails; a random token, stored hashed, valid one hour and once; spent and expired
  tokens are deleted.
* **Sign-up** (OWASP Authentication cheat sheet, "account enumeration"): the form takes a
  name and an e-mail and always answers the same, "a link is on its way". A new address
  receives a link, signed with the server's key and valid a day, to choose a password
  (the account is created then, so nobody can hold an address they cannot read); a known
  address receives a notice to its owner instead (sign in, or reset the password). Five
  sign-ups per address and e-mail within 15 minutes at most, as for sign-ins.
* **CSRF**: the token is rotated at sign-in and sign-out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from fastapi import Request

from tisser.core.errors import N_, TisserError
from tisser.mail import address, mailbox
from tisser.store import Store

SESSION_COOKIE = "tisser_session"
SESSION_DAYS = 14
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20  # a household or an office behind one address mistypes too
WINDOW = timedelta(minutes=15)
RESET_VALID = timedelta(hours=1)
SIGNUP_VALID = timedelta(days=1)

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


def address_key(address: str) -> str:
    """The key counting one address's failures whatever the e-mail tried (password spraying:
    one try on each of 40 accounts never reaches the per-account limit)."""
    return digest(f"address|{address}")


def check_rate(store: Store, key: str, address: str | None = None) -> None:
    """Refuse (429) when this e-mail and address already failed too often lately, or when
    ``address`` failed :data:`MAX_ADDRESS_FAILURES` times across all accounts."""
    since = utcnow() - WINDOW
    if store.failures_since(key, since) >= MAX_FAILURES:
        raise TooManyAttempts(
            N_("too many failed sign-ins for this account"),
            hint=N_("wait 15 minutes, or reset your password"),
        )
    if address is not None and store.failures_since(address_key(address), since) >= (
        MAX_ADDRESS_FAILURES
    ):
        raise TooManyAttempts(
            N_("too many failed sign-ins from this address"),
            hint=N_("wait 15 minutes and try again"),
        )


def start_reset(store: Store, email: str) -> str | None:
    """A reset token for the account of ``email`` (None when there is none)."""
    uid = store.account_user(email)
    if uid is None:
        return None
    token = secrets.token_urlsafe(32)
    store.create_reset(uid, digest(token), utcnow() + RESET_VALID)
    return token


def signup_token(secret: bytes, email: str, name: str, target: str) -> str:
    """A signed, self-contained invitation to finish signing up (nothing stored)."""
    expires = int((utcnow() + SIGNUP_VALID).timestamp())
    data = json.dumps({"e": email, "n": name, "x": target, "t": expires}).encode()
    body = base64.urlsafe_b64encode(data).decode().rstrip("=")
    return f"{body}.{_sign(secret, 'signup:' + body)}"


def read_signup_token(secret: bytes, token: str) -> dict[str, str] | None:
    """(e-mail, name, target) of a well-signed, unexpired sign-up token, else None."""
    body, _, signature = token.partition(".")
    if not (body and signature and hmac.compare_digest(signature, _sign(secret, "signup:" + body))):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict) or int(data.get("t", 0)) < utcnow().timestamp():
        return None
    return {"email": str(data["e"]), "name": str(data["n"]), "target": str(data["x"])}


def _text_message(to: str, sender: str, subject: str, *paragraphs: str) -> EmailMessage:
    """A plain-text mail of ``paragraphs`` separated by blank lines (links stand alone)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = mailbox(sender)
    msg["To"] = address("", to)
    msg.set_content("\n\n".join(paragraphs) + "\n")
    return msg


def signup_message(
    to: str, link: str, sender: str, translate: Callable[[str], str]
) -> EmailMessage:
    return _text_message(
        to,
        sender,
        translate(N_("tisser: finish creating your account")),
        translate(
            N_("To choose your password and open your account, follow this link within a day:")
        ),
        link,
        translate(N_("If you did not ask for it, ignore this e-mail: nothing changes.")),
    )


def known_account_message(
    to: str, base: str, sender: str, translate: Callable[[str], str]
) -> EmailMessage:
    """To the owner of an address someone tried to sign up with again."""
    return _text_message(
        to,
        sender,
        translate(N_("tisser: you already have an account")),
        translate(
            N_(
                "Someone, perhaps you, tried to create an account with this e-mail, "
                "which already has one. Sign in here:"
            )
        ),
        f"{base}/login",
        translate(N_("Forgot your password? Choose a new one here:")),
        f"{base}/password/forgot",
        translate(N_("If it was not you, ignore this e-mail: nothing changes.")),
    )


def reset_message(to: str, link: str, sender: str, translate: Callable[[str], str]) -> EmailMessage:
    return _text_message(
        to,
        sender,
        translate(N_("tisser: reset your password")),
        translate(N_("To choose a new password, open this link within an hour:")),
        link,
        translate(N_("If you did not ask for it, ignore this e-mail: nothing changes.")),
    )


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
