"""Local single-user mode: CSRF tokens, security headers, trusted hosts.

* CSRF: a random token lives in a ``SameSite=Strict`` cookie; every unsafe request
  (POST, PUT, PATCH, DELETE) must send it back in the ``csrf_token`` form field or the
  ``X-CSRF-Token`` header (htmx sends the header, set once on ``<body>``). A request without
  it, or with another, is refused with 403 (the "double-submit cookie" pattern of OWASP's
  CSRF cheat sheet; a page of another site can neither read the cookie nor set the field).
* Headers: a Content-Security-Policy that allows scripts and styles from this server only
  (no inline script: a contact named ``<script>`` could not run even if it were not
  escaped), no framing, no sniffing.
* Hosts: only ``127.0.0.1`` and ``localhost`` are served, so a page of another site cannot
  reach the application through a DNS-rebound name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from fastapi import Request

from tisser.core.errors import N_, TisserError

CSRF_COOKIE = "tisser_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class CsrfRefused(TisserError):
    """A form came without the page's token (another site's form, or an old page)."""

    status_code = 403


_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def bound_token(secret: bytes, session_id: str) -> str:
    """The CSRF token of a session: derived from its id with the server's key (HMAC), so it
    cannot be chosen by whoever can set a cookie, and it changes with the session."""
    digest = hmac.new(secret, f"csrf:{session_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_token(request: Request) -> str:
    """The token of this browser (the cookie's, or a new one the response will set)."""
    token: str | None = getattr(request.state, "csrf_token", None)
    if token is None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        # a cookie that is not one of ours (another tool's, tampered) is replaced
        token = cookie if _TOKEN.fullmatch(cookie) else new_token()
        request.state.csrf_token = token
    return token


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose token does not match the cookie's (a dependency)."""
    if request.method not in UNSAFE:
        return
    # a signed-in community user's token is bound to the session (see bound_token): a
    # cookie planted by a sibling site, sent back in the form, is then worth nothing
    expected = getattr(request.state, "csrf_bound", None) or request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    valid = _TOKEN.fullmatch(expected) is not None
    if not (valid and sent and hmac.compare_digest(expected.encode(), sent.encode())):
        raise CsrfRefused(
            N_("this form has expired or did not come from tisser"),
            hint=N_("reload the page and try again"),
        )
