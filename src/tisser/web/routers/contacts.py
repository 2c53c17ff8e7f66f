"""Contacts: the directory (search as you type, filters, sort, pages), add, bulk actions."""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.context import local_zone
from tisser.core import cadence
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.model import Circle, Contact, RelationalProfile
from tisser.i18n import gettext, ngettext
from tisser.present import labels
from tisser.settings import load_settings
from tisser.store import Browse, ContactFilter
from tisser.store.browse import SORTS
from tisser.web.flash import redirect
from tisser.web.forms import contact_from_form
from tisser.web.render import Web, WebState, is_htmx, query_string, render, render_kept, web

router = APIRouter()

PAGE_SIZE = 50
SEARCH_LIMIT = 200  # a text search ranks at most this many contacts (4 pages)


@dataclasses.dataclass
class Params:
    """The directory's query string, checked: what the page shows and how."""

    q: str = ""
    circle: list[str] = dataclasses.field(default_factory=list)
    tag: str = ""
    sector: str = ""
    city: str = ""
    profile: str = ""
    status: list[str] = dataclasses.field(default_factory=list)
    archived: str = ""
    sort: str = ""
    dir: str = "asc"
    page: int = 1

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _params(
    q: str = "",
    circle: Annotated[list[str] | None, Query()] = None,
    tag: str = "",
    sector: str = "",
    city: str = "",
    profile: str = "",
    status: Annotated[list[str] | None, Query()] = None,
    archived: str = "",
    sort: str = "",
    dir: str = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Params:
    return Params(
        q=q.strip()[:200],
        circle=[c for c in circle or [] if c],
        tag=tag.strip(),
        sector=sector.strip(),
        city=city.strip(),
        profile=profile.strip(),
        status=[s for s in status or [] if s],
        archived=archived,
        sort=sort if sort in (*SORTS, "rank") else "",
        dir="desc" if dir == "desc" else "asc",
        page=page,
    )


def _browse(w: Web, p: Params) -> tuple[Browse, list[str]]:
    """The store query for ``p``, and messages for values that could not be read."""
    problems: list[str] = []
    circles: list[Circle] = []
    for text in p.circle:
        try:
            circles.append(labels.parse(Circle, text))
        except InvalidInput as exc:
            problems.append(exc.render(gettext))
    statuses: list[cadence.Status] = []
    for text in p.status:
        try:
            statuses.append(cadence.Status(text))
        except ValueError:
            problems.append(gettext(N_("unknown status {text!r}")).format(text=text))
    rel: RelationalProfile | None = None
    if p.profile:
        try:
            rel = labels.parse(RelationalProfile, p.profile)
        except InvalidInput as exc:
            problems.append(exc.render(gettext))
    flt = ContactFilter(
        circles=circles or None,
        include_archived=bool(p.archived) or Circle.DORMANT in circles,
        tag=p.tag or None,
        sector=p.sector or None,
        city=p.city or None,
        relational_profile=rel,
    )
    sort = p.sort or ("rank" if p.q else "name")
    ids = None
    if p.q:
        ids = w.search_ids(p.q, SEARCH_LIMIT)
    elif sort == "rank":
        sort = "name"
    b = Browse(
        filter=flt,
        statuses=statuses,
        ids=ids,
        sort=sort,
        descending=p.dir == "desc",
        limit=PAGE_SIZE,
        offset=(p.page - 1) * PAGE_SIZE,
        today=w.today,
        zone=local_zone(),
        rhythm=load_settings().cadence,
    )
    return b, problems


def directory(w: Web, p: Params) -> dict[str, Any]:
    """Everything the contacts table shows for ``p``."""
    b, problems = _browse(w, p)
    found = w.store.browse_contacts(b, w.owner_id)
    zone = local_zone()
    last = {
        k: v.astimezone(zone)
        for k, v in w.store.last_interactions_of(
            [c.id or 0 for c in found.contacts], w.owner_id
        ).items()
    }
    rows = []
    for c in found.contacts:
        seen = last.get(c.id or 0)
        rows.append((c, seen, cadence.status_of(c, seen, w.today, settings=b.rhythm)))
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    return {
        "params": p,
        "query_params": p.as_dict(),
        "rows": rows,
        "total": found.total,
        "page": min(p.page, pages),
        "pages": pages,
        "sort": b.sort,
        "today": w.today,
        "problems": problems,
        "capped": bool(p.q) and b.ids is not None and len(b.ids) >= SEARCH_LIMIT,
        "count_text": ngettext("{n} contact", "{n} contacts", found.total).format(n=found.total),
    }


@router.get("/contacts", response_class=HTMLResponse)
def contacts_page(
    request: Request, w: Annotated[Web, Depends(web)], p: Annotated[Params, Depends(_params)]
) -> HTMLResponse:
    if is_htmx(request) and request.headers.get("hx-target") == "results":
        rhythm = repr(load_settings().cadence)
        response = render_kept(
            request, w, "_contacts_table.html", (rhythm,), lambda: directory(w, p), many=True
        )
        # the address bar follows the table, without the form's empty fields
        clean = {k: v for k, v in p.as_dict().items() if not (k == "page" and v == 1)}
        clean = {k: v for k, v in clean.items() if not (k == "dir" and v == "asc")}
        response.headers["HX-Replace-Url"] = "/contacts" + query_string(clean)
        return response
    context = directory(w, p)
    context.update(
        circles=list(Circle),
        statuses=list(cadence.Status),
        profiles=list(RelationalProfile),
    )
    return render(request, "contacts.html", context)


@router.get("/contacts/tag-list", response_class=HTMLResponse)
def tag_list(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    """The owner's tags as a datalist, asked for when a tag field first gets the focus."""
    return render(request, "_tag_list.html", {"tags": w.store.tag_values(w.owner_id)})


@router.get("/contacts/new", response_class=HTMLResponse)
def new_contact_form(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    return render(request, "contact_new.html", _form_context({"circle": "4"}, {}))


def _form_context(values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "circles": list(Circle),
        "profiles": list(RelationalProfile),
        "energies": list(labels.ENERGY_LABELS),
        "channels": list(labels.CHANNEL_LABELS),
    }


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/contacts", response_class=HTMLResponse)
async def create_contact(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    state = WebState(w)
    contact, errors = contact_from_form(
        form, Contact(owner_id=w.owner_id), today=w.today, resolve=state.contact, new=True
    )
    if contact is not None and not form.get("force"):
        same = w.store.find_contacts_by_name(contact.display_name, w.owner_id)
        if same:
            errors["name"] = gettext(N_("{name} may already be in your network as #{id}")).format(
                name=contact.display_name, id=same[0].id
            )
            form["duplicate_of"] = str(same[0].id)
    if contact is None or errors:
        return render(request, "contact_new.html", _form_context(form, errors), status=400)
    saved = w.store.add_contact(contact)
    return redirect(
        f"/contacts/{saved.id}",
        gettext(N_("Added {name} (#{id}) — {circle}.")).format(
            name=saved.display_name, id=saved.id, circle=labels.label(saved.circle)
        ),
    )


BULK_ACTIONS = ("tag", "untag", "archive", "unarchive")


@router.post("/contacts/bulk")
async def bulk(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await request.form()
    back = _local_path(str(form.get("back", "/contacts")))
    action = str(form.get("action", ""))
    ids: list[int] = []
    for v in form.getlist("ids"):
        if isinstance(v, str) and v.isdigit():
            ids.append(int(v))
    tag = str(form.get("tag", "")).strip()
    if action not in BULK_ACTIONS:
        return redirect(back, gettext(N_("Choose an action for the selected contacts.")), "error")
    if not ids:
        return redirect(back, gettext(N_("Select at least one contact first.")), "error")
    if action in ("tag", "untag") and not tag:
        return redirect(back, gettext(N_("Type the tag to add or remove.")), "error")
    try:
        with w.store.transaction():
            for cid in ids:
                if action == "tag":
                    w.store.add_tags(cid, [tag], w.owner_id)
                elif action == "untag":
                    w.store.remove_tags(cid, [tag], w.owner_id)
                else:
                    c = w.store.get_contact(cid, w.owner_id)
                    target = Circle.DORMANT if action == "archive" else Circle.WIDER
                    if c.circle != target and (action == "archive" or c.circle == Circle.DORMANT):
                        w.store.update_contact(dataclasses.replace(c, circle=target))
    except TisserError as exc:
        return redirect(back, exc.one_line(gettext), "error")
    n = len(ids)
    text = {
        "tag": ngettext("Tag {tag} added to {n} contact.", "Tag {tag} added to {n} contacts.", n),
        "untag": ngettext(
            "Tag {tag} removed from {n} contact.", "Tag {tag} removed from {n} contacts.", n
        ),
        "archive": ngettext("{n} contact archived.", "{n} contacts archived.", n),
        "unarchive": ngettext(
            "{n} contact back in the wider network.", "{n} contacts back in the wider network.", n
        ),
    }[action]
    return redirect(back, text.format(n=n, tag=tag))


def _local_path(url: str, default: str = "/contacts") -> str:
    """``url`` if it is a path of this application, else ``default`` (no open redirect)."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default
