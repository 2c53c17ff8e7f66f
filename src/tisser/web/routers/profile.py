"""My profile: who the user is (marketing de soi), shown and edited."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Energy, Profile, RelationalProfile
from tisser.core.names import parse_full_name
from tisser.i18n import gettext
from tisser.present import labels
from tisser.web.flash import redirect
from tisser.web.forms import split_list
from tisser.web.render import Web, render, web
from tisser.web.routers.contacts import _form

router = APIRouter()

TEXT = ("headline", "organization", "sector", "function", "seniority", "city", "country", "pitch")
MAX_BUDGET = 2400


def _values(p: Profile) -> dict[str, str]:
    return {
        "name": f"{p.given_name} {p.family_name}".strip(),
        **{k: getattr(p, k) for k in TEXT},
        "profile": p.relational_profile.value if p.relational_profile else "",
        "energy": p.energy.value if p.energy else "",
        "budget": str(p.weekly_budget_minutes),
        "values": ", ".join(p.values),
        "skills": ", ".join(p.skills),
    }


def _context(p: Profile, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "me": p,
        "values": values,
        "errors": errors,
        "profiles": list(RelationalProfile),
        "energies": list(Energy),
    }


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    me = w.store.get_profile(w.owner_id) or Profile(owner_id=w.owner_id)
    return render(request, "profile.html", _context(me, _values(me), {}))


@router.post("/profile", response_class=HTMLResponse)
async def save_profile(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    me = w.store.get_profile(w.owner_id) or Profile(owner_id=w.owner_id)
    changes: dict[str, Any] = {k: form[k].strip() for k in TEXT if k in form}
    errors: dict[str, str] = {}
    if "name" in form:
        given, particle, family = parse_full_name(form["name"])
        changes.update(given_name=given, family_name=f"{particle} {family}".strip())
    for key, kind, attr in (
        ("profile", RelationalProfile, "relational_profile"),
        ("energy", Energy, "energy"),
    ):
        text = form.get(key, "").strip()
        try:
            changes[attr] = labels.parse(kind, text) if text else None
        except InvalidInput as exc:
            errors[key] = exc.one_line(gettext)
    budget = form.get("budget", "").strip()
    if budget.isdigit() and int(budget) <= MAX_BUDGET:
        changes["weekly_budget_minutes"] = int(budget)
    else:
        errors["budget"] = gettext(N_("give a number of minutes from 0 to {max}")).format(
            max=MAX_BUDGET
        )
    changes["values"] = split_list(form.get("values", ""))
    changes["skills"] = split_list(form.get("skills", ""))
    if errors:
        return render(request, "profile.html", _context(me, form, errors), status=400)
    w.store.save_profile(dataclasses.replace(me, **changes))
    return redirect("/profile", gettext(N_("Profile saved.")))
