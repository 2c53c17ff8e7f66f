"""Diagnostic: the report of ``tisser diagnose`` with its charts and the network map, and the
"why" panel of one contact (``tisser why``).

The figures, findings and charts are #4's (:mod:`tisser.report`): the route loads the
diagnosis, shapes it with :func:`~tisser.report.data.report_dict` and draws the same
server-side SVG charts and map as ``tisser report --html``. The map's zoom, filters and
clicks are ``static/netmap.js`` (the Content-Security-Policy forbids inline script).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tisser.app.context import local_zone
from tisser.core.diagnosis import Diagnosis
from tisser.core.model import Circle
from tisser.core.why import explain_contact
from tisser.i18n import _
from tisser.present.labels import PARTS
from tisser.report import svg
from tisser.report.data import explanation_dict, report_dict
from tisser.report.html import WORDS, charts
from tisser.report.load import load_diagnosis
from tisser.settings import load_settings
from tisser.web.render import Web, is_htmx, render, render_kept, web

router = APIRouter()


def diagnosis_of(w: Web) -> Diagnosis:
    """The owner's diagnosis today: computed once, then kept until the next write.

    Seconds at 30,000 contacts, so it is shared by every page that needs it (the report,
    the "why" panels) and by concurrent requests (see :mod:`tisser.web.cache`).
    """
    settings = load_settings().diagnosis
    return w.derived(
        ("diagnosis", repr(settings)),
        lambda: load_diagnosis(w.store, w.owner_id, w.today, local_zone(), settings),
    )


def page_context(w: Web) -> dict[str, Any]:
    """What the report page shows: figures, charts and map, in the request's language."""
    settings = load_settings().diagnosis
    return w.derived(("diagnosis-page", repr(settings), w.lang), lambda: _page_context(w))


def _page_context(w: Web) -> dict[str, Any]:
    d = diagnosis_of(w)
    data = report_dict(d)
    words = {k: _(v) for k, v in WORDS.items()}
    context: dict[str, Any] = {"data": data, "empty": not data["totals"]["contacts"]}
    if not context["empty"]:
        context.update(
            charts=charts(data, d, words),
            circles=[(Circle(c), svg.CIRCLE_COLOURS[c]) for c in (1, 2, 3, 4)],
            clusters=[
                (k["index"], k["label"], k["size"], svg.PALETTE[k["index"] % len(svg.PALETTE)])
                for k in data["communities"]
            ],
        )
    return context


@router.get("/diagnosis", response_class=HTMLResponse)
def diagnosis_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    settings = repr(load_settings().diagnosis)
    return render_kept(request, w, "diagnosis.html", (settings,), lambda: page_context(w))


@router.get("/contacts/{contact_id}/why", response_class=HTMLResponse)
def why_panel(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    """The contact's cadence status, strength and its parts, facts and findings."""
    c = w.store.get_contact(contact_id, w.owner_id)
    d = diagnosis_of(w)
    e = explanation_dict(explain_contact(d, contact_id), d)
    template = "_why.html" if is_htmx(request) else "why.html"
    return render(request, template, {"c": c, "e": e, "parts": PARTS})
