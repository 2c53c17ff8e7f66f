"""One contact: card, cadence, timeline, links; edit in place, log, link, tag, erase."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.journal import make_interaction
from tisser.core import cadence
from tisser.core.errors import N_, TisserError
from tisser.core.model import (
    Channel,
    Circle,
    Contact,
    HelpDirection,
    RelationalProfile,
    make_link,
)
from tisser.i18n import gettext, ngettext
from tisser.present import labels
from tisser.present.contact_card import detail_rows
from tisser.present.dates import human_date
from tisser.present.plantext import outcome_label
from tisser.settings import load_settings
from tisser.web.flash import redirect
from tisser.web.forms import contact_from_form, form_values, split_list
from tisser.web.refresh import out_of_band, why_placeholder
from tisser.web.render import Web, WebState, is_htmx, local, render, render_kept, web
from tisser.web.routers.contacts import _form, _local_path
from tisser.web.timeline import by_month, channel_counts

router = APIRouter()

TIMELINE = 24  # the rest in the journal, searched by this name


def contact_context(w: Web, contact_id: int, channel: str = "") -> dict[str, Any]:
    """The card, cadence, timeline and links of one contact (its journal of one ``channel``
    when given: the status still reads every interaction)."""
    c = w.store.get_contact(contact_id, w.owner_id)
    every = local(w.store.interactions_for(contact_id, w.owner_id))
    last = every[0].occurred_at if every else None
    history = [i for i in every if i.channel.value == channel] if channel else every
    st = cadence.status_of(c, last, w.today, settings=load_settings().cadence)
    links = w.store.links_of(contact_id, w.owner_id)
    others = {lk.b_id if lk.a_id == contact_id else lk.a_id: lk for lk in links}
    wanted = set(others) | {x for i in history[:TIMELINE] for x in i.contact_ids}
    if c.met_through_id:
        wanted.add(c.met_through_id)
    names = dict(w.store.contact_names_of(wanted, w.owner_id))
    known = sorted(
        ((oid, names.get(oid, "?"), lk.strength) for oid, lk in others.items()),
        key=lambda t: t[1].casefold(),
    )
    return {
        "c": c,
        "status": st,
        "history": history[:TIMELINE],
        "sources": w.store.capture_sources_of(i.id for i in history[:TIMELINE] if i.id),  # #16
        "outcome_label": outcome_label,
        "months": by_month(history[:TIMELINE]),
        "channel_counts": channel_counts(every),
        "channel": channel,
        "more": max(0, len(history) - TIMELINE),
        "known": known,
        "names": names,
        "today": w.today,
        "channels": list(Channel),
        "directions": list(HelpDirection),
        "details": detail_rows(c, w.today),
        "has_photo": w.store.has_photo(contact_id, w.owner_id),
    }


def _page(request: Request, w: Web, contact_id: int, **extra: Any) -> HTMLResponse:
    context = _page_context(w, contact_id)
    context.update(extra)
    return render(request, "contact.html", context, status=extra.get("status_code", 200))


def _page_context(w: Web, contact_id: int, channel: str = "") -> dict[str, Any]:
    context = contact_context(w, contact_id, channel)
    context["offer_rows"] = [
        {"offer": o, "name": ""} for o in w.store.offers(w.owner_id, contact_id=contact_id)
    ]
    return context


@router.get("/contacts/{contact_id}", response_class=HTMLResponse)
def contact_page(
    request: Request, contact_id: int, w: Annotated[Web, Depends(web)]
) -> HTMLResponse:
    """Kept as rendered until the next write: one goes back to a contact often."""
    rhythm = repr(load_settings().cadence)
    return render_kept(
        request,
        w,
        "contact.html",
        (rhythm,),
        lambda: _page_context(w, contact_id),
        many=True,
    )


@router.get("/contacts/{contact_id}/timeline", response_class=HTMLResponse)
def contact_timeline(
    request: Request,
    contact_id: int,
    w: Annotated[Web, Depends(web)],
    channel: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """The contact's journal of one channel (the whole page without htmx)."""
    chosen = channel if channel in {c.value for c in Channel} else ""
    if is_htmx(request):
        return render(request, "_timeline.html", contact_context(w, contact_id, chosen))
    return render(request, "contact.html", _page_context(w, contact_id, chosen))


@router.get("/contacts/{contact_id}/card", response_class=HTMLResponse)
def contact_card(
    request: Request, contact_id: int, w: Annotated[Web, Depends(web)]
) -> HTMLResponse:
    return render(request, "_card.html", contact_context(w, contact_id))


def _edit_context(w: Web, contact_id: int, values: dict[str, str] | None, errors: dict[str, str]):  # type: ignore[no-untyped-def]
    context = contact_context(w, contact_id)
    context.update(
        values=values or form_values(context["c"], context["names"]),
        errors=errors,
        circles=list(Circle),
        profiles=list(RelationalProfile),
        energies=list(labels.ENERGY_LABELS),
    )
    return context


@router.get("/contacts/{contact_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    context = _edit_context(w, contact_id, None, {})
    return render(request, "_edit.html" if is_htmx(request) else "contact_edit.html", context)


@router.post("/contacts/{contact_id}", response_class=HTMLResponse)
async def update(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    old = w.store.get_contact(contact_id, w.owner_id)
    state = WebState(w)
    introducer = dict(w.store.contact_names_of([old.met_through_id or 0], w.owner_id))

    def resolve(text: str) -> Contact:
        # the introducer shown in the form stays the same one, even if another has that name
        if old.met_through_id is not None and text == introducer.get(old.met_through_id):
            return w.store.get_contact(old.met_through_id, w.owner_id)
        return state.contact(text)

    contact, errors = contact_from_form(form, old, today=w.today, resolve=resolve)
    if contact is None:
        context = _edit_context(w, contact_id, form, errors)
        template = "_edit.html" if is_htmx(request) else "contact_edit.html"
        return render(request, template, context, status=400)
    saved = w.store.update_contact(contact)
    message = gettext(N_("Updated {name} (#{id}).")).format(name=saved.display_name, id=saved.id)
    if is_htmx(request):
        context = contact_context(w, contact_id)
        context["messages"] = [("ok", message)]
        return render(request, "_card.html", context)
    return redirect(f"/contacts/{contact_id}", message)


@router.post("/contacts/{contact_id}/interactions", response_class=HTMLResponse)
async def log_interaction(
    request: Request, contact_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    c = w.store.get_contact(contact_id, w.owner_id)
    view = form.get("view", "")
    try:
        kind = labels.parse(Channel, form.get("channel", "") or "message")
        others = [WebState(w).contact(n) for n in split_list(form.get("with", ""))]
        interaction = make_interaction(
            w.owner_id,
            w.today,
            kind,
            [contact_id] + [o.id or 0 for o in others],
            on=form.get("date"),
            gave=form.get("gave"),
            received=form.get("received"),
            direction=form.get("direction") or None,
            about=form.get("about"),
            outcome=form.get("outcome"),
        )
        w.store.add_interaction(interaction)
    except TisserError as exc:
        error = exc.one_line(gettext)
        if view == "row":
            return render(request, "_log_row_error.html", {"c": c, "error": error}, status=400)
        if is_htmx(request):
            context = contact_context(w, contact_id)
            context.update(log_error=error, log_values=form)
            return render(request, "_timeline.html", context, status=400)
        return _page(request, w, contact_id, log_error=error, log_values=form, status_code=400)
    day = interaction.occurred_at.date() if interaction.occurred_at else w.today
    message = gettext(N_("Logged {channel} with {names} on {day}.")).format(
        channel=labels.label(kind),
        names=", ".join([c.display_name] + [o.display_name for o in others]),
        day=human_date(day),
    )
    if view == "row":
        return render(request, "_log_row_done.html", {"c": c, "message": message})
    if is_htmx(request):
        context = contact_context(w, contact_id)
        context["messages"] = [("ok", message)]
        return _timeline_and_status(request, context, contact_id)
    return redirect(f"/contacts/{contact_id}", message)


def _timeline_and_status(
    request: Request, context: dict[str, Any], contact_id: int
) -> HTMLResponse:
    """The journal just written to, and out of band the card (its status badge) and the "Why"
    panel: nothing on the page keeps showing the state from before the write."""
    timeline = render(request, "_timeline.html", context)
    card = render(request, "_card.html", {**context, "messages": []}).body.decode()
    why = why_placeholder(contact_id, gettext("Why: cadence and strength"))
    body = timeline.body.decode() + out_of_band(card, "card") + str(why)
    return HTMLResponse(body)


@router.post("/contacts/{contact_id}/links")
async def add_link(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    c = w.store.get_contact(contact_id, w.owner_id)
    try:
        other = WebState(w).contact(form.get("other", "").strip() or "?")
        text = form.get("strength", "").strip().replace(",", ".")
        strength = float(text) if text else None
        w.store.add_link(make_link(contact_id, other.id or 0, strength, owner_id=w.owner_id))
    except ValueError:
        return redirect(
            f"/contacts/{contact_id}", gettext(N_("give a strength between 0 and 1, e.g. 0.8")),
            "error",
        )  # fmt: skip
    except TisserError as exc:
        return redirect(f"/contacts/{contact_id}", exc.one_line(gettext), "error")
    return redirect(
        f"/contacts/{contact_id}",
        gettext(N_("Noted: {a} knows {b}.")).format(a=c.display_name, b=other.display_name),
    )


@router.post("/contacts/{contact_id}/tags")
async def change_tags(
    request: Request, contact_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    tags = split_list(form.get("tag", ""))
    if form.get("remove"):
        saved = w.store.remove_tags(contact_id, tags, w.owner_id)
    elif tags:
        saved = w.store.add_tags(contact_id, tags, w.owner_id)
    else:
        return redirect(f"/contacts/{contact_id}", gettext(N_("Type a tag first.")), "error")
    return redirect(
        f"/contacts/{contact_id}",
        gettext(N_("{name}: tags {tags}")).format(
            name=saved.display_name, tags=", ".join(saved.tags) or "—"
        ),
    )


@router.post("/contacts/{contact_id}/archive")
async def archive(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    c = w.store.get_contact(contact_id, w.owner_id)
    undo = bool(form.get("undo"))
    target = Circle.WIDER if undo else Circle.DORMANT
    saved = w.store.update_contact(dataclasses.replace(c, circle=target))
    message = (
        gettext(N_("{name} is back: {circle}."))
        if undo
        else gettext(N_("{name} is archived ({circle})."))
    )
    return redirect(
        _local_path(form.get("back", f"/contacts/{contact_id}")),
        message.format(name=saved.display_name, circle=labels.label(target)),
    )


@router.get("/contacts/{contact_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, contact_id: int, w: Annotated[Web, Depends(web)]
) -> HTMLResponse:
    c = w.store.get_contact(contact_id, w.owner_id)
    found = w.store.contact_mentions(contact_id, w.owner_id)
    return render(request, "contact_delete.html", {"c": c, "mentions": found})


@router.post("/contacts/{contact_id}/delete")
async def delete(request: Request, contact_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    if form.get("confirm") != "yes":
        return redirect(f"/contacts/{contact_id}", gettext(N_("Nothing erased.")))
    report = w.store.delete_contact(
        contact_id,
        w.owner_id,
        redact_mentions=form.get("keep_mentions") != "yes",
        placeholder=gettext(N_("[erased]")),
    )
    message = gettext(
        N_(
            "Erased {name}. Interactions deleted: {deleted}; shared interactions kept "
            "without them: {detached}; links removed: {links}."
        )
    ).format(
        name=report.contact_name,
        deleted=report.interactions_deleted,
        detached=report.interactions_detached,
        links=report.links_deleted,
    )
    if report.mentions_redacted:
        message += " " + ngettext(
            "{n} mention elsewhere redacted.",
            "{n} mentions elsewhere redacted.",
            report.mentions_redacted,
        ).format(n=report.mentions_redacted)
    return redirect("/contacts", message)
