"""One-shot messages shown on the next page ("Contact added."), carried by a cookie.

After a successful form the application redirects (POST, redirect, GET) and the message
rides along in a short-lived cookie, read and cleared by the next page.
"""

from __future__ import annotations

import base64
import json

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

FLASH_COOKIE = "tisser_flash"


def redirect(url: str, message: str = "", kind: str = "ok") -> RedirectResponse:
    """A 303 redirect to ``url`` carrying ``message`` for the next page."""
    response = RedirectResponse(url, status_code=303)
    if message:
        payload = json.dumps([[kind, message]], ensure_ascii=False).encode()
        response.set_cookie(
            FLASH_COOKIE,
            base64.urlsafe_b64encode(payload).decode(),
            max_age=60,
            httponly=True,
            samesite="strict",
        )
    return response


def take(request: Request, response: Response | None = None) -> list[tuple[str, str]]:
    """The messages waiting for this page (cleared by ``response`` when given)."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    if response is not None:
        response.delete_cookie(FLASH_COOKIE)
    try:
        items = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return [(str(k), str(t)) for k, t in items][:5]
    except (ValueError, TypeError):
        return []
