"""Sign up, sign in and out, password reset: the pages before the community."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.community.mail import translator
from tisser.core.errors import N_, TisserError
from tisser.i18n import get_language, gettext
from tisser.web.community import auth
from tisser.web.flash import redirect
from tisser.web.render import render
from tisser.web.routers.contacts import _form, _local_path

router = APIRouter()


def _signed_in(request: Request, user_id: int, target: str) -> Response:
    state = request.app.state
    response = redirect(_local_path(target, "/"))
    cookie = auth.new_session(state.store, state.secret, user_id)
    response.set_cookie(
        auth.SESSION_COOKIE,
        cookie,
        max_age=auth.SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "community/login.html", {"next": _local_path(next, "/"), "email": ""})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await _form(request)
    store = request.app.state.store
    email, target = form.get("email", "").strip(), form.get("next", "/")
    key = auth.attempt_key(email, auth.client_address(request))
    auth.check_rate(store, key)
    uid = store.authenticate(email, form.get("password", ""))
    if uid is None:
        store.record_failure(key, auth.utcnow())
        context = {
            "next": _local_path(target, "/"),
            "email": email,
            "error": gettext(N_("Wrong e-mail or password.")),
        }
        return render(request, "community/login.html", context, 401)
    store.clear_failures(key)
    return _signed_in(request, uid, target)


@router.post("/logout")
def logout(request: Request) -> Response:
    auth.end_session(request)
    response = redirect("/login", gettext(N_("You are signed out.")))
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "community/signup.html", {"values": {}, "next": _local_path(next, "/")})


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request) -> Response:
    form = await _form(request)
    store = request.app.state.store
    values = {k: form.get(k, "").strip() for k in ("name", "email")}
    target = _local_path(form.get("next", "/"), "/")
    error = ""
    if form.get("password", "") != form.get("confirm", ""):
        error = gettext(N_("The two passwords differ."))
    else:
        try:
            uid = store.create_account(values["email"], form.get("password", ""), values["name"])
        except TisserError as exc:
            error = exc.render(gettext)
    if error:
        context = {"values": values, "error": error, "next": target}
        return render(request, "community/signup.html", context, 400)
    return _signed_in(request, uid, target)


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_page(request: Request) -> HTMLResponse:
    return render(request, "community/forgot.html")


@router.post("/password/forgot", response_class=HTMLResponse)
async def forgot(request: Request) -> Response:
    form = await _form(request)
    state = request.app.state
    email = form.get("email", "").strip()
    token = auth.start_reset(state.store, email)
    if token is not None:
        link = str(request.base_url).rstrip("/") + f"/password/reset/{token}"
        state.mailer([auth.reset_message(email, link, state.sender, translator(get_language()))])
    return redirect(
        "/login",
        gettext(N_("If an account uses this e-mail, a link to reset its password is on its way.")),
    )


@router.get("/password/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: str) -> HTMLResponse:
    valid = request.app.state.store.reset_user(auth.digest(token), auth.utcnow()) is not None
    return render(request, "community/reset.html", {"token": token, "valid": valid})


@router.post("/password/reset/{token}", response_class=HTMLResponse)
async def reset(request: Request, token: str) -> Response:
    form = await _form(request)
    password = form.get("password", "")
    error = ""
    if password != form.get("confirm", ""):
        error = gettext(N_("The two passwords differ."))
    else:
        try:
            uid = request.app.state.store.use_reset(auth.digest(token), auth.utcnow(), password)
        except TisserError as exc:
            error = exc.render(gettext)
        else:
            if uid is None:
                context = {"token": token, "valid": False}
                return render(request, "community/reset.html", context, 400)
    if error:
        context = {"token": token, "valid": True, "error": error}
        return render(request, "community/reset.html", context, 400)
    return redirect("/login", gettext(N_("Your password is changed; sign in with it.")))


User = Annotated[int, Depends(auth.require_user)]
