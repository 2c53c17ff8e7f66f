"""The application factory: one store, the pages, the error pages, the middlewares."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Callable
from datetime import date
from importlib.resources import files
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tisser.app.context import today_from_environment
from tisser.core.errors import N_, NotFound, TisserError
from tisser.core.model import LOCAL_OWNER_ID
from tisser.i18n import LANGUAGES, gettext, language_scope, normalize_language
from tisser.store import Store, open_store
from tisser.store.version import DataVersion
from tisser.web.cache import DerivedCache
from tisser.web.pages import PAGES
from tisser.web.render import is_htmx, render
from tisser.web.security import (
    CSRF_COOKIE,
    HEADERS,
    LOOPBACK_HOSTS,
    CsrfRefused,
    csrf_protect,
    csrf_token,
)
from tisser.web.warm import Preparer

LANG_COOKIE = "tisser_lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATIC = Path(__file__).parent / "static"

# How many requests the routes (plain functions, run in threads) serve at once. Python runs
# one thread at a time, so more threads add no throughput, only interpreter-lock traffic:
# with Starlette's default of 40, 20 clients asking without pause got a p95 of 500 ms at
# 30,000 contacts once a second core was free, against 190 ms with 4 (bench/bench_web.py).
# A few, not one, so a slow page (a diagnosis being computed) does not hold up the others;
# the rest wait in arrival order.
WORKER_THREADS = 4

# The hits of the latest searches (see Web.search_ids) and their tables (render_kept):
# two hundred ids or some 30 KB of HTML each, a few hundred searches are a few megabytes.
SEARCHES_KEPT = 512
# Whole pages kept (Today, the Diagnostic, per language and address): apart from the
# diagnosis's cache, so that pages never push out what takes seconds to compute.
PAGES_KEPT = 32

log = logging.getLogger("tisser.web")


def htmx_dir() -> Path:
    """The folder of ``htmx.min.js`` shipped by the ``django-js-lib-htmx`` package."""
    return Path(str(files("js_lib_htmx") / "static" / "htmx"))


def request_language(request: Request) -> str:
    """The cookie's language, else the browser's first of fr/en, else French."""
    chosen = normalize_language(request.cookies.get(LANG_COOKIE))
    if chosen in LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = normalize_language(part.split(";")[0].strip())
        if code in LANGUAGES and part.strip().lower().startswith(code):
            return code
    return "fr"


class PerRequest:
    """Around every request: its language, the CSRF cookie, the security headers, and the
    cache's note that a request which may write has run (see :mod:`tisser.web.cache`).

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` streams each response
    through a task group, which costs more than a cached page itself.
    """

    def __init__(
        self,
        app: ASGIApp,
        caches: tuple[DerivedCache, ...],
        after_write: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.caches = caches
        self.after_write = after_write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        with language_scope(request_language(request)):
            token = csrf_token(request)
            new_cookie = request.cookies.get(CSRF_COOKIE) != token

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    if new_cookie:
                        headers.append("set-cookie", _csrf_cookie(token))
                    for name, value in HEADERS.items():
                        headers.setdefault(name, value)
                await send(message)

            try:
                await self.app(scope, receive, send_with_headers)
            finally:
                if scope["method"] not in SAFE_METHODS:
                    for cache in self.caches:
                        cache.wrote()  # the data version sees it too: belt and braces
                    if self.after_write is not None:
                        self.after_write()


def _csrf_cookie(token: str) -> str:
    """The ``Set-Cookie`` value of the CSRF token, as :meth:`Response.set_cookie` writes it."""
    response = Response()
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response.headers["set-cookie"]


def create_app(
    db_url: str,
    *,
    owner_id: int = LOCAL_OWNER_ID,
    today: Callable[[], date] = today_from_environment,
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS,
    warm: bool = False,
    import_dir: Path | None = None,
) -> FastAPI:
    """The web application over the database at ``db_url`` (opened and migrated now)."""
    store = open_store(db_url)
    store.ensure_owner(owner_id)
    return build_app(
        store,
        owner_id=owner_id,
        today=today,
        allowed_hosts=allowed_hosts,
        warm=warm,
        import_dir=import_dir,
    )


def build_app(
    store: Store,
    *,
    owner_id: int = LOCAL_OWNER_ID,
    today: Callable[[], date] = today_from_environment,
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS,
    warm: bool = False,
    import_dir: Path | None = None,
) -> FastAPI:
    """The web application over an open ``store``.

    ``warm``: when the server starts, and again a moment after a write (by a request, or
    by another process), compute the diagnosis and Today's figures in a background thread,
    so the visitors of those pages do not wait for them (:mod:`tisser.web.warm`).
    ``import_dir``: the folder the Import page's jobs share with the server's other worker
    processes (:mod:`tisser.web.import_jobs`); ``None`` for a private one.
    """
    version = DataVersion(store.engine, store.url)
    preparer: Preparer | None = None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        if preparer is not None:
            preparer.now()
            preparer.watch(version)
        yield
        if preparer is not None:
            preparer.stop()
        version.close()

    app = FastAPI(
        lifespan=lifespan,
        title="tisser",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_protect)],
    )
    app.state.store = store
    app.state.owner_id = owner_id
    app.state.today = today
    app.state.import_dir = import_dir
    app.state.cache = cache = DerivedCache(version.current)
    app.state.search_cache = searches = DerivedCache(version.current, SEARCHES_KEPT)
    app.state.page_cache = pages = DerivedCache(version.current, PAGES_KEPT)
    if warm:
        preparer = Preparer(app)
    app.add_middleware(
        PerRequest,
        caches=(cache, searches, pages),
        after_write=preparer.after_write if preparer else None,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static/htmx", StaticFiles(directory=htmx_dir()), name="htmx")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for page in PAGES:
        app.include_router(page.router())
    _error_pages(app)
    return app


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run ``app`` with uvicorn in this process, set for one user on this machine.

    No access log (a line per request costs more than a cached page); warnings only.
    The routes are plain functions, run by Starlette in a pool of threads; each thread
    takes its own connection from the store's pool (SQLite in WAL mode lets them read
    side by side), so concurrent requests do not queue behind one connection.
    """
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


WORKER_CONFIG = "TISSER_WEB_WORKER"  # how the worker processes learn what to serve


def default_workers(db_url: str, asked: int = 0) -> int:
    """How many processes serve: ``asked`` if not 0, else one per core, two at most.

    Python runs one thread at a time, so one process uses one core whatever its threads:
    20 clients asking without pause kept a second core idle (bench/bench_web.py). A second
    process doubles what the server can answer at a time; more would each hold their own
    diagnosis in memory for little gain on a personal machine. A database in memory
    cannot be shared between processes: one. Off POSIX (Windows), one: the processes'
    shared import folder locks with ``fcntl``.
    """
    if db_url.startswith("sqlite") and (":memory:" in db_url or db_url.rstrip("/") == "sqlite:"):
        return 1
    if asked:
        return asked
    if os.name != "posix":
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def serve_workers(
    db_url: str, host: str, port: int, workers: int, *, owner_id: int, import_dir: Path
) -> None:
    """Serve the database at ``db_url`` with ``workers`` processes sharing one socket.

    Uvicorn's supervisor (this process) binds the socket and starts the workers, each
    building its application with :func:`worker_app` from the settings passed in the
    environment. The database must be migrated before (by this process): two workers
    opening it at once would both try. Every request may reach either worker, so what
    they share is in the database (the data, its version for the caches) or in
    ``import_dir`` (the Import page's jobs); the CSRF token and the messages shown after
    a form are in the browser's cookies.
    """
    import uvicorn

    os.environ[WORKER_CONFIG] = json.dumps(
        {"db": db_url, "owner": owner_id, "imports": str(import_dir)}
    )
    uvicorn.run(
        "tisser.web.app:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def worker_app() -> FastAPI:
    """The application of one worker process of :func:`serve_workers`."""
    config = json.loads(os.environ[WORKER_CONFIG])
    return create_app(
        config["db"],
        owner_id=int(config["owner"]),
        warm=True,
        import_dir=Path(config["imports"]),
    )


CLI_OPTION = re.compile(r"(?:^|\s)--[a-z]")


def _error_page(request: Request, status: int, message: str, hint: str = "") -> HTMLResponse:
    template = "_error.html" if is_htmx(request) else "error.html"
    return render(request, template, {"status": status, "message": message, "hint": hint}, status)


def _error_pages(app: FastAPI) -> None:
    """Every failure becomes a page in the user's language; never a traceback."""

    @app.exception_handler(TisserError)
    async def tisser_error(request: Request, exc: TisserError) -> HTMLResponse:
        status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, CsrfRefused) else 400
        hint = exc.one_line(gettext).partition(" — ")[2] if exc.hint else ""
        if "`tisser " in exc.hint or CLI_OPTION.search(exc.hint):
            # a command-line instruction ("see `tisser list`", "or use --to-file") means
            # nothing in a browser
            hint = ""
        return _error_page(request, status, exc.render(gettext), hint)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        if exc.status_code == 404:
            return _error_page(request, 404, gettext(N_("This page does not exist.")))
        if exc.status_code == 405:
            return _error_page(request, 405, gettext(N_("This address does not take that action.")))
        return _error_page(request, exc.status_code, gettext(N_("The request was refused.")))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        fields = sorted({str(e.get("loc", ["", "?"])[-1]) for e in exc.errors()})
        return _error_page(
            request,
            400,
            gettext(N_("Some values of the request are not valid: {fields}.")).format(
                fields=", ".join(fields)
            ),
            gettext(N_("go back and check what you typed")),
        )

    @app.exception_handler(OverflowError)
    async def id_too_large(request: Request, exc: OverflowError) -> HTMLResponse:
        # Only a number past the database's 64-bit integers raises it ("/contacts/99…9"):
        # no row can have that id, so the page does not exist.
        return _error_page(request, 404, gettext(N_("This page does not exist.")))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return _error_page(
            request,
            500,
            gettext(N_("Something went wrong on our side; nothing was changed.")),
            gettext(N_("try again; if it happens again, please report it")),
        )
