"""The community server's application factory (``tisser serve --community``).

Same foundation as the personal application (:mod:`tisser.web.app`): Jinja2 rendering with
the same catalogue, the double-submit CSRF check on every unsafe request, the security
headers and the error pages; on top of it, accounts and sessions
(:mod:`tisser.web.community.auth`) and the community pages.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tisser.core.errors import TisserError
from tisser.i18n import gettext, language_scope
from tisser.store import Store, open_store
from tisser.web.app import STATIC, _error_page, _error_pages, htmx_dir, request_language
from tisser.web.community import accounts, clubs, mine
from tisser.web.community.auth import (
    SESSION_COOKIE,
    LoginRequired,
    Mailer,
    TooManyAttempts,
    mailer_from_environment,
    session_id,
)
from tisser.web.community.limits import BodyLimit, BodyTooLarge, OverQuota, TooLarge, too_large
from tisser.web.community.public import check_public_url, configured_public_url, trusted_hosts
from tisser.web.routers.settings import switch_language
from tisser.web.security import CSRF_COOKIE, HEADERS, bound_token, csrf_protect, csrf_token

LAYOUT = "community/base.html"
DEFAULT_PORT = 8766


def create_community_app(db_url: str, **kwargs: object) -> FastAPI:
    """The community server over the database at ``db_url`` (opened and migrated now)."""
    return build_community_app(open_store(db_url), **kwargs)  # type: ignore[arg-type]


def build_community_app(
    store: Store,
    *,
    secret: bytes | None = None,
    mailer: Mailer | None = None,
    sender: str = "",
    mail_dir: Path | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
    public_url: str | None = None,
) -> FastAPI:
    """The community server over an open ``store``.

    ``secret`` signs the session cookies (default: ``TISSER_SECRET_KEY``, else a random key,
    which signs everyone out at each restart). E-mails go to ``mailer`` when given, else to
    ``mail_dir`` (``TISSER_MAIL_DIR``) as .eml files, else through SMTP
    (``TISSER_SMTP_HOST``...). Every link of every mail starts with ``public_url`` (default:
    ``TISSER_PUBLIC_URL``, else loopback), never with the request's ``Host``; only the
    public URL's host and loopback's are answered unless ``allowed_hosts`` says otherwise
    (:mod:`tisser.web.community.public`).
    """
    app = FastAPI(
        title="tisser",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    key = os.environ.get("TISSER_SECRET_KEY", "")
    app.state.store = store
    app.state.public_url = check_public_url(
        configured_public_url(public_url) or f"http://127.0.0.1:{DEFAULT_PORT}"
    )
    hosts = allowed_hosts or trusted_hosts(app.state.public_url)
    app.state.secret = secret or (key.encode() if key else secrets.token_bytes(32))
    if mailer is None:
        folder = mail_dir or (Path(p) if (p := os.environ.get("TISSER_MAIL_DIR")) else None)
        mailer, default_sender = mailer_from_environment(folder)
        sender = sender or default_sender
    app.state.mailer = mailer
    app.state.sender = sender or "tisser@localhost"

    # innermost (added first): its refusal reaches FastAPI as is, not inside the task group
    # of the middleware below; still counted as the body arrives, before it is spooled
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def per_request(request: Request, call_next: Callable[..., object]) -> Response:
        request.state.layout = LAYOUT
        sid = session_id(app.state.secret, request.cookies.get(SESSION_COOKIE, ""))
        if sid:  # signed in: the token is the session's, whatever the cookie says
            request.state.csrf_token = request.state.csrf_bound = bound_token(app.state.secret, sid)
        with language_scope(request_language(request)):
            token = csrf_token(request)
            response: Response = await call_next(request)  # type: ignore[misc]
        token = getattr(request.state, "csrf_token", token)  # rotated at sign-in and out
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.mount("/static/htmx", StaticFiles(directory=htmx_dir()), name="htmx")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/language", switch_language, methods=["POST"])
    for module in (accounts, clubs, mine):
        app.include_router(module.router)
    _error_pages(app)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        target = request.url.path if request.method == "GET" else "/"
        response = RedirectResponse(f"/login?next={target}", status_code=303)
        if request.headers.get("hx-request"):
            response.headers["HX-Redirect"] = "/login"
        return response

    async def limited(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TisserError)
        hint = exc.one_line(gettext).partition(" — ")[2]
        return _error_page(request, getattr(exc, "status_code", 400), exc.render(gettext), hint)

    for refused in (TooManyAttempts, OverQuota, TooLarge):
        app.add_exception_handler(refused, limited)
    plain_http_error = app.exception_handlers[StarletteHTTPException]

    async def http_error(request: Request, exc: Exception) -> Response:
        # the body's cap (BodyLimit), told as such rather than "the request was refused"
        if isinstance(exc, BodyTooLarge):
            return await limited(request, too_large(exc.cap))
        return await plain_http_error(request, exc)  # type: ignore[no-any-return]

    app.add_exception_handler(StarletteHTTPException, http_error)

    return app
