"""The language switch (remembered in a cookie) and loading the demo network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from tisser.core.errors import N_
from tisser.demo import load_demo
from tisser.i18n import LANGUAGES, gettext, ngettext
from tisser.store import ContactFilter
from tisser.web.flash import redirect
from tisser.web.render import Web, web
from tisser.web.routers.contacts import _form, _local_path

router = APIRouter()

LANG_COOKIE = "tisser_lang"
YEAR = 365 * 24 * 3600


@router.post("/language")
async def switch_language(request: Request) -> Response:
    form = await _form(request)
    lang = form.get("lang", "")
    back = _local_path(form.get("back", "/"), "/")
    if lang not in LANGUAGES:
        return redirect(back)
    response = redirect(back)
    response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, samesite="lax", httponly=True)
    return response


@router.post("/demo")
async def demo(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Load the demo network, only into an empty network (it replaces everything)."""
    everyone = ContactFilter(include_archived=True)
    if w.store.count_contacts(everyone, w.owner_id) or w.store.count_interactions(w.owner_id):
        return redirect(
            "/",
            gettext(N_("The demo only loads into an empty network; yours has contacts.")),
            "error",
        )
    network = load_demo(w.store, w.today, owner_id=w.owner_id)
    text = ngettext(
        "Demo network loaded: {n} contact.", "Demo network loaded: {n} contacts.",
        len(network.contacts),
    ).format(n=len(network.contacts))  # fmt: skip
    return redirect("/", text)
