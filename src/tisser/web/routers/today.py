"""Aujourd'hui / Today: whom to get back in touch with, the network in numbers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tisser.app.overview import overview_data
from tisser.core import cadence
from tisser.core.model import Channel, Circle
from tisser.settings import load_settings
from tisser.web.render import Web, WebState, render_kept, web
from tisser.web.today_extras import chart, monthly_contacts, monthly_need, week_progress

router = APIRouter()


def week_birthdays(w: Web) -> list[tuple[int, str]]:
    """This week's birthdays (issue #17) as (contact id, sentence)."""
    from tisser.present.contact_card import coming_birthdays

    values = w.store.birthdays(w.owner_id)
    if not values:
        return []
    names = dict(w.store.contact_names_of(set(values), w.owner_id))
    return coming_birthdays(values, names, w.today)


RECONNECT = 12


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    return render_kept(
        request,
        w,
        "today.html",
        (repr(load_settings().cadence),),
        lambda: {
            **today_data(w),
            "today": w.today,
            "circles": list(Circle),
            "statuses": list(cadence.Status),
            "channels": list(Channel),
        },
    )


def today_data(w: Web) -> dict[str, Any]:
    """The figures, whom to get back in touch with and the latest interactions.

    A tenth of a second at 30,000 contacts (the cadence of everyone is counted), so it is
    kept until the next write (:meth:`Web.derived`).
    """
    return w.derived(("today", repr(load_settings().cadence)), lambda: _today_data(w))


def _today_data(w: Web) -> dict[str, Any]:
    data = overview_data(WebState(w), limit=RECONNECT)
    recent = w.store.journal_page(w.owner_id, limit=6)
    names = dict(w.store.contact_names_of(_ids(recent), w.owner_id))
    months = monthly_contacts(w.store, w.owner_id, w.today)
    need = monthly_need(data["circles"], load_settings().cadence)
    return {
        "data": data,
        "recent": recent,
        "names": names,
        "birthdays": week_birthdays(w),
        "progress": week_progress(w.store, w.owner_id, w.today),
        "months_chart": chart(months, need),
    }


def _ids(interactions: list) -> set[int]:  # type: ignore[type-arg]
    return {cid for i in interactions for cid in i.contact_ids}
