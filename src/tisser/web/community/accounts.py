"""Sign up, sign in and out, password reset: the pages before the community."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.community.mail import translator
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.i18n import get_language, gettext
from tisser.mail import display_name, valid_email
from tisser.web.community import auth
from tisser.web.flash import redirect
from tisser.web.render import render
from tisser.web.routers.contacts import _form, _local_path
from tisser.web.security import bound_token, new_token

router = APIRouter()


def _signed_in(request: Request, user_id: int, target: str) -> Response:
    """Open a session and bind the CSRF token to it: a token planted before sign-in (a shared
    computer, a cookie set by a sibling sub-domain) is worth nothing after it."""
    state = request.app.state
    response = redirect(_local_path(target, "/"))
    cookie = auth.new_session(state.store, state.secret, user_id)
    sid = cookie.partition(".")[0]  # the new session's token; the middleware sets the cookie
    request.state.csrf_token = bound_token(state.secret, sid)
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
    address = auth.client_address(request)
    key = auth.attempt_key(email, address)
    auth.check_rate(store, key, address)
    uid = store.authenticate(email, form.get("password", ""))
    if uid is None:
        store.record_failure(key, auth.utcnow())
        store.record_failure(auth.address_key(address), auth.utcnow())
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
    request.state.csrf_token = new_token()
    response = redirect("/login", gettext(N_("You are signed out.")))
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "community/signup.html", {"values": {}, "next": _local_path(next, "/")})


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request) -> Response:
    """The same answer whether the e-mail is new or known (see :mod:`auth`)."""
    form = await _form(request)
    state = request.app.state
    values = {k: form.get(k, "").strip() for k in ("name", "email")}
    target = _local_path(form.get("next", "/"), "/")
    try:  # a real parse: "victim@x.org, attacker@evil.example" is not one address
        email = values["email"] = valid_email(values["email"])
    except TisserError as exc:
        context = {"values": values, "error": exc.render(gettext), "next": target}
        return render(request, "community/signup.html", context, 400)
    values["name"] = display_name(values["name"])
    key = auth.digest(f"signup|{auth.attempt_key(email, auth.client_address(request))}")
    auth.check_rate(state.store, key)
    state.store.record_failure(key, auth.utcnow())  # counts sign-ups, against mail floods
    base = state.public_url  # never the request's Host (see tisser.web.community.public)
    translate = translator(get_language())
    if state.store.account_user(email) is not None:
        message = auth.known_account_message(email, base, state.sender, translate)
    else:
        token = auth.signup_token(state.secret, email, values["name"], target)
        link = f"{base}/signup/finish/{token}"
        message = auth.signup_message(email, link, state.sender, translate)
    state.mailer([message])
    return redirect(
        "/login",
        gettext(N_("A link is on its way to {email}: open it to go on.")).format(email=email),
    )


def _finish_context(request: Request, token: str) -> dict[str, object] | None:
    data = auth.read_signup_token(request.app.state.secret, token)
    if data is None or request.app.state.store.account_user(data["email"]) is not None:
        return None  # expired, forged, or already used (the account exists)
    return {"token": token, "valid": True, "email": data["email"], "data": data}


@router.get("/signup/finish/{token}", response_class=HTMLResponse)
def finish_page(request: Request, token: str) -> HTMLResponse:
    context = _finish_context(request, token) or {"token": token, "valid": False}
    return render(request, "community/finish.html", context)


@router.post("/signup/finish/{token}", response_class=HTMLResponse)
async def finish(request: Request, token: str) -> Response:
    form = await _form(request)
    context = _finish_context(request, token)
    if context is None:
        return render(request, "community/finish.html", {"token": token, "valid": False}, 400)
    data = context.pop("data")
    assert isinstance(data, dict)
    password = form.get("password", "")
    try:
        if password != form.get("confirm", ""):
            raise InvalidInput(N_("The two passwords differ."))
        uid = request.app.state.store.create_account(data["email"], password, data["name"])
    except TisserError as exc:
        context["error"] = exc.render(gettext)
        return render(request, "community/finish.html", context, 400)
    return _signed_in(request, uid, data["target"])


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
        link = f"{state.public_url}/password/reset/{token}"
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
