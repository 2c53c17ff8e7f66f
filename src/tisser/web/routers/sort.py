"""Sort: the browser's quick sort of the people who matter most (``tisser sort``'s twin).

The same candidates and the same writes as the terminal (:mod:`tisser.app.sorting`): each
row offers a circle and a relational profile; "keep" leaves a value as it is. One form, one
save; a row that cannot be read is named and the others are saved.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.sorting import PROFILE_KEYS, Placement, candidates, place
from tisser.core.errors import N_, NotFound
from tisser.core.model import Circle
from tisser.i18n import gettext, ngettext
from tisser.web.flash import redirect
from tisser.web.render import Web, render, web
from tisser.web.routers.contacts import _form

router = APIRouter()
PROFILES = {p.value: p for p in PROFILE_KEYS.values()}


@router.get("/sort", response_class=HTMLResponse)
def sort_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    people = candidates(w.store, w.owner_id)
    return render(
        request,
        "sort.html",
        {"people": people, "circles": list(Circle), "profiles": list(PROFILES.values())},
    )


@router.post("/sort")
async def save_sort(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    placed = 0
    for key, value in form.items():
        if not key.startswith("circle-") or not key[7:].isdigit():
            continue
        cid = int(key[7:])
        circle_text = value.strip()
        profile_text = form.get(f"profile-{cid}", "").strip()
        circle = (
            Circle(int(circle_text))
            if circle_text.isdigit() and 1 <= int(circle_text) <= 5
            else None
        )
        p = Placement(circle, PROFILES.get(profile_text))
        if p.empty:
            continue
        try:
            place(w.store, w.owner_id, cid, p)
        except NotFound:
            continue  # a contact deleted meanwhile: the others are saved
        placed += 1
    text = ngettext("{n} person placed.", "{n} people placed.", placed).format(n=placed)
    return redirect("/diagnosis" if placed else "/sort", text + " " + gettext(N_(
        "The diagnosis now reads your circles.")))  # fmt: skip
