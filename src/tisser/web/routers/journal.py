"""The journal: every interaction logged, newest first, a page at a time; filtered by channel
and searched by name or subject like the Contacts table, and a form to log from it (#20:
72 pages with no filter, and no way to log there)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.journal import make_interaction
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.model import Channel
from tisser.i18n import gettext
from tisser.present import labels
from tisser.present.plantext import outcome_label
from tisser.web.flash import redirect
from tisser.web.forms import split_list
from tisser.web.render import Web, WebState, is_htmx, local, render, web
from tisser.web.routers.contacts import _form

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
    context = _context(w, page, q.strip(), channel)
    template = "_journal_results.html" if is_htmx(request) else "journal.html"
    return render(request, template, context)


def _context(w: Web, page: int, text: str, channel: str) -> dict[str, Any]:
    chosen = channel if channel in {c.value for c in Channel} else ""
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
    return {
        "items": items, "names": names, "total": total, "page": page, "pages": pages,
        "q": text, "channel": chosen, "channels": list(Channel), "params": params,
        "today": w.today, "log_values": {}, "log_error": "",
        "sources": w.store.capture_sources_of(i.id for i in items if i.id),  # #16
        "outcome_label": outcome_label,
    }  # fmt: skip


@router.post("/journal", response_class=HTMLResponse)
async def log_from_journal(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Log an interaction from the journal itself: with whom (names, comma-separated, as a
    contact page's "also there"), how, when, about what. A name tisser cannot tell apart is
    one clear message above the form, kept as typed."""
    form = await _form(request)
    try:
        people = [WebState(w).contact(n) for n in split_list(form.get("with", ""))]
        if not people:
            raise InvalidInput(N_("name at least one person"))
        kind = labels.parse(Channel, form.get("channel", "") or "message")
        interaction = make_interaction(
            w.owner_id, w.today, kind, [p.id or 0 for p in people],
            on=form.get("date"), about=form.get("about"),
        )  # fmt: skip
        w.store.add_interaction(interaction)
    except TisserError as exc:
        context = _context(w, 1, "", "")
        context.update(log_error=exc.one_line(gettext), log_values=form)
        return render(request, "journal.html", context, status=400)
    message = gettext(N_("Logged {channel} with {names}.")).format(
        channel=labels.label(kind), names=", ".join(p.display_name for p in people)
    )
    return redirect("/journal", message)
