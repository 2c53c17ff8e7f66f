"""My account on the community server (RGPD): leave a community, download my data, delete
my account. The store does the work (:mod:`tisser.store.membership`); these routes ask for
a confirmation first: a ticked box to leave, the password to delete the account."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tisser.core.errors import N_, TisserError
from tisser.i18n import gettext
from tisser.web.community import auth
from tisser.web.community.clubs import User, _identity, _store
from tisser.web.flash import redirect
from tisser.web.render import render
from tisser.web.routers.contacts import _form

router = APIRouter()


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, uid: User) -> HTMLResponse:
    store = _store(request)
    context: dict[str, Any] = {"communities": store.my_communities(uid), **_identity(request, uid)}
    return render(request, "community/account.html", context)


@router.get("/account/data")
def my_data(request: Request, uid: User) -> Response:
    """A JSON file of everything the server holds about me (RGPD's right of access)."""
    body = json.dumps(_store(request).my_data(uid), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="tisser-my-data.json"'},
    )


@router.post("/c/{cid}/leave")
async def leave(request: Request, uid: User, cid: int) -> Response:
    form = await _form(request)
    if form.get("confirm") != "yes":
        return redirect("/account", gettext(N_("Tick the box to confirm.")), "error")
    store = _store(request)
    name = store.community(uid, cid).name
    try:
        store.leave_community(uid, cid)
    except TisserError as exc:
        return redirect("/account", exc.render(gettext), "error")
    return redirect("/", gettext(N_("You have left {name}.")).format(name=name))


@router.post("/account/delete")
async def delete_account(request: Request, uid: User) -> Response:
    """Deleting needs the password: a session left open on a shared computer is not enough."""
    form = await _form(request)
    store = _store(request)
    _name, email = store.user_identity(uid)
    address = auth.client_address(request)
    key = auth.attempt_key(email, address)
    auth.check_rate(store, key, address)
    if store.authenticate(email, form.get("password", "")) != uid:
        store.record_failure(key, auth.utcnow())
        return redirect("/account", gettext(N_("Wrong password: nothing was deleted.")), "error")
    try:
        store.delete_account(uid)
    except TisserError as exc:
        return redirect("/account", exc.render(gettext), "error")
    response = redirect("/login", gettext(N_("Your account and your data are deleted.")))
    response.delete_cookie(auth.SESSION_COOKIE)
    return response
