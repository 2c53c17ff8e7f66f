"""Rendering: the Jinja2 environment, the request context, translated helpers.

Templates are autoescaped (every ``{{ value }}`` is HTML-escaped, user strings included) and
translated with the same catalogue as the CLI: ``{{ _("Contacts") }}`` and
``{{ _("{n} contacts").format(n=total) }}`` — English msgids with ``str.format``
placeholders, extracted from the templates by Babel's Jinja2 extractor (``babel.cfg``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tisser.app.context import State, local_zone
from tisser.core.cadence import Status
from tisser.core.model import Circle, Interaction
from tisser.core.phones import display_phone
from tisser.i18n import LANGUAGES, get_language, gettext, language_scope, ngettext
from tisser.present import labels
from tisser.present.dates import ago
from tisser.present.numbers import percent
from tisser.store import Store
from tisser.store.search import query_words
from tisser.web import flash
from tisser.web.cache import DerivedCache
from tisser.web.pages import navigation
from tisser.web.security import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")


@dataclass
class Web:
    """What a route needs: the store, the owner, today and the language of the request."""

    store: Store
    owner_id: int
    today: date
    lang: str
    cache: DerivedCache | None = None
    search_cache: DerivedCache | None = None
    page_cache: DerivedCache | None = None

    def search_ids(self, query: str, limit: int) -> list[int]:
        """The ids of the contacts matching ``query``, best first, kept until the next write.

        Typing asks for the same words again (a letter typed then erased, going back,
        paging through the hits), and the ranking is the costliest part of the Contacts
        page: a one- or two-letter prefix can match every contact, each one scored. The
        key is the folded words, so "Hélène" and "helene" share their hits.
        """
        if self.search_cache is None:
            return self.store.search_ids(query, self.owner_id, limit)
        key = (self.owner_id, tuple(query_words(query)), limit)
        hits = self.search_cache.get(
            key, lambda: tuple(self.store.search_ids(query, self.owner_id, limit))
        )
        return list(hits)

    def derived(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept until the next write (see :mod:`tisser.web.cache`).

        ``key`` names the result and everything it depends on besides the data; the owner,
        today and the time zone are added here.
        """
        return self.kept(self.cache, key, compute)

    def kept(self, cache: DerivedCache | None, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """:meth:`derived` in ``cache`` (none: computed every time)."""
        if cache is None:
            return compute()
        return cache.get((self.owner_id, self.today, str(local_zone()), *key), compute)


def _date(day: date | datetime | None, fmt: str = "medium") -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.date()
    return _formatted_date(day, fmt, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(day: date, fmt: str, lang: str) -> str:
    """Babel's ``format_date``, remembered: a timeline asks for the same few days often."""
    return format_date(day, format=fmt, locale=lang)


def _number(value: float) -> str:
    """``0,35`` / ``0.35``: a decimal in the user's language."""
    return format_decimal(value, locale=get_language())


@functools.lru_cache(maxsize=4096)
def _ago_days(days: int, lang: str) -> str:
    with language_scope(lang):  # the text only depends on the number of days
        return ago(_SOME_DAY + timedelta(days=days), _SOME_DAY)


_SOME_DAY = date(2000, 1, 1)


def _ago(day: date | None, today: date) -> str:
    """:func:`~tisser.present.dates.ago`, remembered by number of days and language.

    Babel's ``format_timedelta`` costs a tenth of a millisecond; a page of 50 contacts
    asked for it 50 times, for a few distinct values.
    """
    if day is None or isinstance(day, datetime) or isinstance(today, datetime):
        return ago(day, today)
    return _ago_days((day - today).days, get_language())


def _label(value: Enum | None) -> str:
    return labels.label(value)


def _enum_options(members: list[Enum]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select: circles as ``"3"`` / ``"3 · active network"``."""
    return [
        (str(int(m)), labels.circle_label(m))
        if isinstance(m, Circle)
        else (str(m.value), _label(m))
        for m in members
    ]


def _query(params: Mapping[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` (None drops a key; lists repeat it)."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        if value is None or value == "" or value == []:
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            pairs.append((key, str(v)))
    return "?" + urlencode(pairs) if pairs else "?"


def query_string(params: Mapping[str, Any]) -> str:
    """``?a=1`` from ``params`` without the empty ones; ``""`` when nothing is left."""
    text = _query(params)
    return "" if text == "?" else text


def _colon(label: object) -> str:
    """``Path:`` / ``Chemin :``: a label and its colon, with French's no-break space."""
    return gettext("{label}:").format(label=label)


def _joined(items: Any) -> str:
    """Items joined by a semicolon, spaced as the language wants (``a ; b`` in French)."""
    return gettext("; ").join(str(i) for i in items if i)


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        # the templates are package files: no look at their modification time per page
        auto_reload=False,
        autoescape=select_autoescape(["html"], default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Plain (not "newstyle") callables: they return str, which autoescape then escapes,
    # and ``.format`` fills placeholders like the CLI does.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals.update(
        label=_label,
        colon=_colon,
        joined=_joined,
        circle_label=labels.circle_label,
        status_label=lambda code: labels.label(Status(code)),
        snippet_label=labels.snippet_label,
        seniority_label=labels.seniority_label,
        human_date=_date,
        ago=_ago,
        number=_number,
        percent=percent,
        phone=display_phone,
        query=_query,
        enum_options=_enum_options,
        navigation=navigation,
        languages=LANGUAGES,
        csrf_field=CSRF_FIELD,
    )
    return env


ENV = make_environment()


def is_htmx(request: Request) -> bool:
    """A partial-update request from htmx (not a boosted full navigation)."""
    return request.headers.get("hx-request") == "true" and not request.headers.get("hx-boosted")


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The page (or fragment) ``template`` rendered for this request."""
    messages = flash.take(request)
    html = _render(request, template, csrf_token(request), messages, context or {})
    response = HTMLResponse(html, status_code=status)
    if messages:
        response.delete_cookie(flash.FLASH_COOKIE)
    return response


def _render(
    request: Request,
    template: str,
    token: str,
    messages: list[tuple[str, str]],
    context: Mapping[str, Any],
) -> str:
    """``template`` with what every page shows besides ``context``."""
    values = {
        "request": request,
        "lang": get_language(),
        "csrf_token": token,
        "messages": messages,
        "path": request.url.path,
        "full_path": _full_path(request),
        # the page layout: the community server sets its own (error pages included)
        "layout": getattr(request.state, "layout", "base.html"),
        **context,
    }
    return ENV.get_template(template).render(values)


def _full_path(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


# Stands for the browser's CSRF token in a page kept for every browser (see render_kept):
# letters only, so escaping leaves it as it is. Someone who typed it into a contact's
# notes would merely see their own token there, on their own page (local mode: one user).
_TOKEN_PLACEHOLDER = "tisserCsrfTokenPlaceholderQx7Vb2"


def render_kept(
    request: Request,
    w: Web,
    template: str,
    key: tuple[Any, ...],
    context: Callable[[], Mapping[str, Any]],
    *,
    many: bool = False,
) -> HTMLResponse:
    """The page ``template``, rendered once per language and kept until the next write.

    For the pages opened again and again whose content only depends on the data, the
    language and the address (Today, the Diagnostic, a search's table, a contact's page):
    rendering them is most of what they cost once their figures are kept (a diagnosis page
    is some 3,000 template expressions). What differs between two browsers is their CSRF
    token, put in at each request, and the messages after a form, with which the page is
    rendered afresh. ``key`` names what else the page depends on (see :meth:`Web.derived`).
    ``many``: one of many pages, each seldom asked again (a search's table, a contact's
    page), kept with the searches' hits instead of with the few pages.
    """
    cache = w.search_cache if many else w.page_cache
    if request.cookies.get(flash.FLASH_COOKIE) or cache is None:
        return render(request, template, context())
    html = w.kept(
        cache,
        ("page", template, w.lang, _full_path(request), *key),
        lambda: _render(request, template, _TOKEN_PLACEHOLDER, [], context()),
    )
    return HTMLResponse(html.replace(_TOKEN_PLACEHOLDER, csrf_token(request)))


class WebState(State):
    """The CLI's :class:`State` over the web application's store and "today".

    Lets the routes reuse what the CLI already does with a state (contact resolution by
    name or ``#id`` with suggestions, the overview's figures, local-time journals).
    """

    def __init__(self, w: Web) -> None:
        super().__init__(owner_id=w.owner_id, _store=w.store)
        self._today = w.today

    @property
    def today(self) -> date:
        return self._today


def web(request: Request) -> Web:
    """The dependency every route takes: store, owner, today, language."""
    state = request.app.state
    return Web(
        store=state.store,
        owner_id=state.owner_id,
        today=state.today(),
        lang=get_language(),
        cache=getattr(state, "cache", None),
        search_cache=getattr(state, "search_cache", None),
        page_cache=getattr(state, "page_cache", None),
    )


def local(items: list[Interaction]) -> list[Interaction]:
    """Interactions with their moment in the user's time zone (the store answers in UTC)."""
    zone = local_zone()
    return [
        dataclasses.replace(i, occurred_at=i.occurred_at.astimezone(zone)) if i.occurred_at else i
        for i in items
    ]
