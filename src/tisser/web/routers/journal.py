"""The journal: every interaction logged, newest first, a page at a time; filtered by channel
and searched by name or subject like the Contacts table (#20: 72 pages with no filter)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from tisser.core.model import Channel
from tisser.web.render import Web, is_htmx, local, render, web

router = APIRouter()

PAGE_SIZE = 50
NAME_HITS = 200  # contacts whose names match the search, at most


@router.get("/journal", response_class=HTMLResponse)
def journal_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    q: Annotated[str, Query(max_length=200)] = "",
    channel: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    text = q.strip()
    known = {c.value for c in Channel}
    chosen = channel if channel in known else ""
    with_ids = w.search_ids(text, NAME_HITS) if text else []

    def fetch(page: int) -> tuple[int, list]:  # type: ignore[type-arg]
        return w.store.journal_filtered(
            w.owner_id, channel=chosen or None, text=text, with_ids=with_ids,
            limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        )  # fmt: skip

    total, items = fetch(page)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:  # a page past the end (the filter narrowed): the last one
        page = pages
        total, items = fetch(page)
    items = local(items)
    names = dict(w.store.contact_names_of({x for i in items for x in i.contact_ids}, w.owner_id))
    params = {k: v for k, v in (("q", text), ("channel", chosen)) if v}
    context = {
        "items": items, "names": names, "total": total, "page": page, "pages": pages,
        "q": text, "channel": chosen, "channels": list(Channel), "params": params,
    }  # fmt: skip
    template = "_journal_results.html" if is_htmx(request) else "journal.html"
    return render(request, template, context)
