"""What one member of the community server may cost the others: body sizes and rates.

Anyone who signs up can create a community, hence be an organiser and upload a member list.
Unbounded, a 100 MB upload held the server for minutes at 15 GB. So:

* **Body size** (:class:`BodyLimit`, an ASGI middleware): every request body is counted
  while it arrives, before Starlette spools or parses it, and refused with 413 past the cap
  of its route (the member upload's is :data:`UPLOAD_BYTES`, every other form's
  :data:`FORM_BYTES`). A ``Content-Length`` over the cap is refused before reading a byte.
* **Rates** (:func:`check_quota`): uploads and community creations per account within a
  window, counted in the same table as the failed sign-ins (hashed keys, expired rows purged).

The member file itself is parsed in a worker thread (see the upload route), with a row cap
(:data:`tisser.community.importer.MAX_MEMBERS`), so other users' pages keep answering.
"""

from __future__ import annotations

import re
from datetime import timedelta

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tisser.core.errors import N_, TisserError
from tisser.store import Store

UPLOAD_BYTES = 5 * 1024 * 1024  # some 35,000 members in the documented template
FORM_BYTES = 256 * 1024  # a profile or a login form is a few kilobytes
UPLOAD_ROUTE = re.compile(r"^/c/\d+/import$")
MULTIPART_SLACK = 64 * 1024  # boundaries, the CSRF field and the part headers

# The window of the sign-in limit: the table purges rows older than it at each check.
QUOTA_WINDOW = timedelta(minutes=15)
QUOTAS = {"upload": 10, "community": 3}  # per account within the window


class TooLarge(TisserError):
    """A request body past its route's cap."""

    status_code = 413


class BodyTooLarge(HTTPException):
    """Raised inside the body's reading, where FastAPI passes on only HTTP exceptions (it
    turns any other into "400: error parsing the body"); rendered as :class:`TooLarge`."""

    def __init__(self, cap: int) -> None:
        super().__init__(413)
        self.cap = cap


class OverQuota(TisserError):
    """An account asking for one more costly action than its share of the window."""

    status_code = 429


def cap_for(path: str) -> int:
    return UPLOAD_BYTES + MULTIPART_SLACK if UPLOAD_ROUTE.match(path) else FORM_BYTES


def too_large(cap: int) -> TooLarge:
    return TooLarge(
        N_("this file is too large: {size} MB at most"),
        hint=N_("split the list into smaller files"),
        size=max(1, cap // (1024 * 1024)),
    )


class BodyLimit:
    """Count each request's body while it is received; 413 past its route's cap."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = cap_for(scope.get("path", ""))
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        seen = 0
        too_big = declared.isdigit() and int(declared) > cap

        async def counted() -> Message:
            nonlocal seen
            if too_big:
                raise BodyTooLarge(cap)  # before reading a byte of it
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise BodyTooLarge(cap)
            return message

        await self.app(scope, counted, send)


def check_quota(store: Store, user_id: int, action: str) -> None:
    """Refuse (429) the account's action past its quota in the window; else count it."""
    from tisser.web.community.auth import digest, utcnow

    key = digest(f"quota|{action}|{user_id}")
    now = utcnow()
    if store.failures_since(key, now - QUOTA_WINDOW) >= QUOTAS[action]:
        raise OverQuota(
            N_("you did this too often in the last 15 minutes"),
            hint=N_("wait 15 minutes and try again"),
        )
    store.record_failure(key, now)
