"""The journal: every interaction logged, newest first, a page at a time."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from tisser.present.plantext import outcome_label
from tisser.web.render import Web, local, render, web

router = APIRouter()

PAGE_SIZE = 50


@router.get("/journal", response_class=HTMLResponse)
def journal_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    total = w.store.count_interactions(w.owner_id)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(page, pages)
    items = local(w.store.journal_page(w.owner_id, PAGE_SIZE, (page - 1) * PAGE_SIZE))
    names = dict(w.store.contact_names_of({x for i in items for x in i.contact_ids}, w.owner_id))
    return render(
        request,
        "journal.html",
        {
            "items": items,
            "names": names,
            "total": total,
            "page": page,
            "pages": pages,
            "sources": w.store.capture_sources_of(i.id for i in items if i.id),
            "outcome_label": outcome_label,
        },
    )
