"""The CardDAV page: the connected address books and the conflicts waiting for the user,
each settled with one button (tisser's value or the server's). Syncing itself is
``tisser carddav sync``: it needs the password, which the web never asks for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.carddav import GROUP_LABELS, resolve
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import gettext
from tisser.web.flash import redirect
from tisser.web.render import Web, render, web

router = APIRouter()


@router.get("/carddav", response_class=HTMLResponse)
def carddav_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    conflicts = w.store.conflicts(w.owner_id)
    names = dict(w.store.contact_names_of({c.contact_id for c in conflicts}, w.owner_id))
    rows = [
        {
            "c": c,
            "name": names.get(c.contact_id, "?"),
            "field": gettext(GROUP_LABELS.get(c.field, c.field)),
        }
        for c in conflicts
    ]
    return render(request, "carddav.html", {"books": w.store.books(w.owner_id), "rows": rows})


@router.post("/carddav/conflicts/{conflict_id}")
async def settle(request: Request, conflict_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await request.form()
    keep = str(form.get("keep", ""))
    if keep not in ("tisser", "server"):
        raise InvalidInput(N_("keep either tisser or server"))
    contact = resolve(w.store, conflict_id, keep, w.owner_id)
    message = gettext(N_("Settled for {name}; the next sync sends it.")).format(
        name=contact.display_name
    )
    return redirect("/carddav", message)
