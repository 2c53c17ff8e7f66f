"""Duplicates review (#8) on the web: the pairs that may be one person, side by side; merge
(choosing which to keep), keep apart (remembered), undo a merge.

The same store calls as ``tisser duplicates``: :meth:`~tisser.store.Store.likely_duplicates`,
``merge_contacts``, ``keep_apart``, ``undo_merge``. Every action is a plain form (it works
without JavaScript: POST, then back to the list); with htmx the pair's card is replaced in
place by what was done, with its undo.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser.core.errors import N_, InvalidInput
from tisser.i18n import gettext
from tisser.present.labels import reason_label
from tisser.store.merges import DuplicatePair
from tisser.web.flash import redirect
from tisser.web.render import Web, is_htmx, render, web

router = APIRouter()

PAGE_SIZE = 20
SHOWN_MERGES = 10


def _side(pair: DuplicatePair, counts: dict[int, Any]) -> list[dict[str, Any]]:
    out = []
    for c in (pair.a, pair.b):
        agg = counts.get(c.id or 0)
        out.append(
            {
                "contact": c,
                "interactions": agg.count if agg else 0,
                "last": agg.last if agg else None,
            }
        )
    return out


def _suggested(pair: DuplicatePair, counts: dict[int, Any]) -> int:
    """The contact to keep by default: the one with more history, else the older one."""

    def weight(cid: int) -> tuple[int, int]:
        agg = counts.get(cid)
        return (agg.count if agg else 0, -cid)

    return max(pair.a.id or 0, pair.b.id or 0, key=weight)


@router.get("/duplicates", response_class=HTMLResponse)
def duplicates_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    # kept until the next write, as the diagnosis: comparing 30,000 contacts takes seconds
    pairs = w.derived(("duplicates",), lambda: w.store.likely_duplicates(w.owner_id))
    pages = max(1, math.ceil(len(pairs) / PAGE_SIZE))
    page = min(page, pages)
    shown = pairs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ids = {c.id or 0 for p in shown for c in (p.a, p.b)}
    counts = w.store.contact_aggregates(w.owner_id, contact_ids=ids) if ids else {}
    items = [
        {
            "pair": p,
            "sides": _side(p, counts),
            "keep": _suggested(p, counts),
            "score": round(p.candidate.score),
            "reasons": [reason_label(r) for r in p.candidate.reasons],
        }
        for p in shown
    ]
    return render(
        request,
        "duplicates.html",
        {
            "items": items,
            "total": len(pairs),
            "page": page,
            "pages": pages,
            "merges": w.store.list_merges(w.owner_id)[:SHOWN_MERGES],
        },
    )


async def _ids(
    request: Request, *names: str, missing: str = N_("no contact chosen")
) -> tuple[dict[str, str], list[int]]:
    """The form's text fields, and the numbers ``names`` hold (InvalidInput if one lacks)."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    ids: list[int] = []
    for name in names:
        text = values.get(name, "").strip().lstrip("#")
        if not text.isdigit():
            raise InvalidInput(missing, hint=N_("go back to the list of duplicates and try again"))
        ids.append(int(text))
    return values, ids


def _back(values: dict[str, str]) -> str:
    page = values.get("page", "")
    return f"/duplicates?page={page}" if page.isdigit() and page != "1" else "/duplicates"


def _done(request: Request, values: dict[str, str], message: str, merge_id: int = 0) -> Response:
    """The pair's card once handled (htmx), or the list again with the message."""
    if is_htmx(request):
        return render(
            request,
            "_duplicate_done.html",
            {"message": message, "merge_id": merge_id, "card": values.get("card", "")},
        )
    return redirect(_back(values), message)


@router.post("/duplicates/merge")
async def merge(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Merge the pair ``a``/``b`` into ``keep`` (one of them)."""
    values, (a, b, keep) = await _ids(request, "a", "b", "keep")
    if keep not in (a, b) or a == b:
        raise InvalidInput(N_("choose which of the two contacts to keep"))
    other = b if keep == a else a
    kept, merged = w.store.get_contact(keep, w.owner_id), w.store.get_contact(other, w.owner_id)
    merge_id = w.store.merge_contacts(keep, other, w.owner_id)
    message = gettext(N_("Merged {other} into {keep}.")).format(
        other=f"#{merged.id} {merged.display_name}", keep=f"#{kept.id} {kept.display_name}"
    )
    return _done(request, values, message, merge_id)


@router.post("/duplicates/apart")
async def apart(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Remember that ``a`` and ``b`` are two people: the pair is not proposed again."""
    values, (a, b) = await _ids(request, "a", "b")
    if a == b:
        raise InvalidInput(N_("a contact cannot be kept apart from itself"))
    first, second = w.store.get_contact(a, w.owner_id), w.store.get_contact(b, w.owner_id)
    w.store.keep_apart(a, b, w.owner_id)
    message = gettext(N_("{a} and {b} will not be proposed as duplicates again.")).format(
        a=f"#{first.id} {first.display_name}", b=f"#{second.id} {second.display_name}"
    )
    return _done(request, values, message)


@router.post("/duplicates/undo")
async def undo(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Undo a merge: both contacts come back as they were."""
    values, (merge_id,) = await _ids(request, "merge", missing=N_("no merge chosen"))
    kept, restored = w.store.undo_merge(merge_id, w.owner_id)
    a, b = w.store.get_contact(kept, w.owner_id), w.store.get_contact(restored, w.owner_id)
    message = gettext(N_("Merge undone: {a} and {b} are two contacts again.")).format(
        a=f"#{a.id} {a.display_name}", b=f"#{b.id} {b.display_name}"
    )
    if is_htmx(request) and values.get("card"):
        context = {"message": message, "merge_id": 0, "card": values["card"]}
        return render(request, "_duplicate_done.html", context)
    return redirect(_back(values), message)
