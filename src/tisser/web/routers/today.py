"""Aujourd'hui / Today: whom to get back in touch with, the network in numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tisser.cli.overview import overview_data
from tisser.core import cadence
from tisser.core.model import Channel, Circle
from tisser.web.render import Web, WebState, render, web

router = APIRouter()

RECONNECT = 12


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    state = WebState(w)
    data = overview_data(state, limit=RECONNECT)
    recent = w.store.journal_page(w.owner_id, limit=6)
    names = dict(w.store.contact_names_of(_ids(recent), w.owner_id))
    return render(
        request,
        "today.html",
        {
            "data": data,
            "today": w.today,
            "circles": list(Circle),
            "statuses": list(cadence.Status),
            "channels": list(Channel),
            "recent": recent,
            "names": names,
        },
    )


def _ids(interactions: list) -> set[int]:  # type: ignore[type-arg]
    return {cid for i in interactions for cid in i.contact_ids}
