"""Reach (#6) on the web: who can help, asking well, offers and needs, introductions, ledger.

Thin routes over what ``tisser reach``, ``ask``, ``offer``/``need``, ``introductions``,
``intro`` and ``ledger`` do (:mod:`tisser.app.reach`, :mod:`tisser.present.reach`):
the same search, the same drafts, the same double opt-in steps.
Nothing is ever sent: drafts are shown in a text area to edit and copy (seed 000 §10).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.reach import (
    advance_introduction,
    candidate_ids,
    draft_context,
    known_pairs,
    load_network,
    reasons_for,
)
from tisser.core import drafts, ledger, pairs, query
from tisser.core.errors import N_, InvalidInput
from tisser.core.finder import find
from tisser.core.introductions import NEXT_STEP, Introduction, IntroStatus, Offer, OfferKind
from tisser.core.names import fold
from tisser.core.reach import MAX_HOPS
from tisser.i18n import gettext
from tisser.present.reach import (
    STATUS_LABELS,
    draft_reason,
    in_language,
    path_text,
    reason_text,
    score_text,
    short_role,
    why_text,
    willingness,
)
from tisser.store import ContactFilter
from tisser.web.flash import redirect
from tisser.web.render import Web, WebState, render, web
from tisser.web.routers.contacts import _form

router = APIRouter()

NEED_LABELS = {
    "job": N_("a job"),
    "recruit-info": N_("information on a recruiter"),
    "recommendation": N_("a recommendation"),
    "business-intro": N_("a business introduction"),
    "start-company": N_("advice to start a company"),
    "campaign-support": N_("support for a campaign"),
    "off-record": N_("an off-the-record opinion"),
    "other": N_("something else"),
}
STEP_LABELS = {
    "asked-a": N_("I asked {name}"),
    "asked-b": N_("I asked {name}"),
    "agreed": N_("Both said yes"),
    "introduced": N_("I introduced them"),
    "outcome": N_("Note the outcome"),
    "declined": N_("One of them said no"),
}


def _state(w: Web) -> WebState:
    """The use cases' state over this request's store (they print nothing: no console)."""
    return WebState(w)


def _lang(text: str | None, w: Web) -> str:
    return text if text in ("fr", "en") else w.lang


@router.get("/reach", response_class=HTMLResponse)
def reach_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    q: Annotated[str, Query(max_length=300)] = "",
    hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = MAX_HOPS,
) -> HTMLResponse:
    results: list[dict[str, Any]] = []
    text = q.strip()
    concepts = query.parse(text) if text else []
    if concepts:
        state = _state(w)
        net = load_network(state)
        ids = candidate_ids(w.store, concepts, w.owner_id, net.offers)
        candidates = [net.contacts[i] for i in sorted(ids) if i in net.contacts]
        for f in find(concepts, candidates, net.graph, net.offers, hops, 10):
            c = f.contact
            results.append(
                {
                    "contact": c,
                    "role": " — ".join(p for p in (c.position, c.organization, c.city) if p),
                    "path": path_text(f.path, net, w.today),
                    "will": willingness(net.ties.get(f.path.people[0])),
                    "why": why_text(f),
                    "score": score_text(f.rank),
                    "via": f.path.via,
                    "hops": f.path.hops,
                }
            )
    return render(
        request,
        "reach.html",
        {"q": text, "hops": hops, "max_hops": MAX_HOPS, "results": results, "searched": bool(text)},
    )


@router.get("/reach/ask", response_class=HTMLResponse)
def ask_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    to: Annotated[int, Query(ge=1)],
    need: Annotated[str, Query(max_length=40)] = "other",
    via: Annotated[int | None, Query(ge=1)] = None,
    about: Annotated[str, Query(max_length=300)] = "",
    lang: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    if need not in drafts.NEEDS:
        raise InvalidInput(N_("unknown need {need!r}"), need=need)
    state = _state(w)
    target = w.store.get_contact(to, w.owner_id)
    net = load_network(state)
    language = _lang(lang, w)
    middle = w.store.get_contact(via, w.owner_id) if via and via != to else None
    with in_language(language):
        if middle is not None:
            ctx = draft_context(state, net, middle, language)
            role = ", ".join(p for p in (target.position, target.organization) if p)
            text = drafts.intro_request(need, ctx, target.display_name, role, language, about)
        else:
            ctx = draft_context(state, net, target, language)
            text = drafts.draft(need, ctx, language, about)
    best = net.graph.best(target.id or 0)
    suggested = (
        net.contacts.get(best.via) if best and best.via and middle is None and best.via else None
    )
    return render(
        request,
        "reach_ask.html",
        {
            "target": target,
            "middle": middle,
            "suggested": suggested,
            "need": need,
            "needs": [(code, gettext(NEED_LABELS[code])) for code in drafts.NEEDS],
            "about": about,
            "draft_lang": language,
            "text": text,
        },
    )


# --- offers and needs ----------------------------------------------------------------------


def _offer_rows(w: Web, contact_id: int | None = None) -> list[dict[str, Any]]:
    names = dict(w.store.contact_names(w.owner_id))
    return [
        {"offer": o, "name": names.get(o.contact_id, "?")}
        for o in w.store.offers(w.owner_id)
        if contact_id is None or o.contact_id == contact_id
    ]


@router.get("/reach/offers", response_class=HTMLResponse)
def offers_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    return render(request, "reach_offers.html", {"rows": _offer_rows(w), "values": {}})


@router.post("/reach/offers", response_class=HTMLResponse)
async def add_offer(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    back = form.get("back", "")
    text = form.get("text", "").strip()
    kind = OfferKind.NEED if form.get("kind") == "need" else OfferKind.OFFER
    if not text:
        raise InvalidInput(N_("say in a few words what they offer or need"))
    contact = _state(w).contact(form.get("who", "").strip() or "?")
    w.store.add_offer(Offer(contact_id=contact.id or 0, kind=kind, text=text, owner_id=w.owner_id))
    message = (
        gettext(N_("Noted: {name} offers “{text}”."))
        if kind is OfferKind.OFFER
        else gettext(N_("Noted: {name} needs “{text}”."))
    )
    target = back if back.startswith("/contacts/") else "/reach/offers"
    return redirect(target, message.format(name=contact.display_name, text=text))


@router.post("/reach/offers/{offer_id}/close", response_class=HTMLResponse)
async def close_offer(request: Request, offer_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    done = w.store.close_offer(offer_id, w.owner_id)
    back = form.get("back", "")
    target = back if back.startswith("/contacts/") else "/reach/offers"
    return redirect(target, gettext(N_("Closed: “{text}”.")).format(text=done.text))


# --- introductions -------------------------------------------------------------------------


def _intro_row(i: Introduction, names: dict[int, str]) -> dict[str, Any]:
    step = NEXT_STEP[i.status]
    return {
        "intro": i,
        "a": names.get(i.a_id, "?"),
        "b": names.get(i.b_id, "?"),
        "status": gettext(STATUS_LABELS[i.status]),
        "next": step,
    }


@router.get("/reach/introductions", response_class=HTMLResponse)
def introductions_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    state = _state(w)
    net = load_network(state)
    offers = [o for items in net.offers.values() for o in items]
    found = pairs.suggest(net.contacts.values(), net.ties, offers, known_pairs(state), 10)
    names = {cid: c.display_name for cid, c in net.contacts.items()}
    suggested = [
        {
            "a": p.a,
            "b": p.b,
            "why": gettext("; ").join(reason_text(r, names) for r in p.reasons),
            "score": score_text(p.score),
        }
        for p in found
    ]
    intros = [_intro_row(i, names) for i in w.store.list_introductions(w.owner_id)]
    return render(request, "reach_intros.html", {"suggested": suggested, "intros": intros})


@router.post("/reach/introductions", response_class=HTMLResponse)
async def propose(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    a = w.store.get_contact(int(form.get("a", "0") or 0), w.owner_id)
    b = w.store.get_contact(int(form.get("b", "0") or 0), w.owner_id)
    if a.id == b.id:
        raise InvalidInput(N_("an introduction needs two different people"))
    state = _state(w)
    if (min(a.id or 0, b.id or 0), max(a.id or 0, b.id or 0)) in known_pairs(state):
        raise InvalidInput(
            N_("{a} and {b} already know each other or were already proposed"),
            a=a.display_name,
            b=b.display_name,
        )
    net = load_network(state)
    names = {a.id or 0: a.display_name, b.id or 0: b.display_name}
    why = gettext("; ").join(reason_text(r, names) for r in reasons_for(net, a, b))
    intro = w.store.add_introduction(
        Introduction(a_id=a.id or 0, b_id=b.id or 0, owner_id=w.owner_id, reason=why)
    )
    return redirect(
        f"/reach/introductions/{intro.id}",
        gettext(N_("Introduction proposed: {a} ↔ {b}.")).format(a=a.display_name, b=b.display_name),
    )


def _intro_drafts(w: Web, intro: Introduction, language: str) -> list[tuple[str, str]]:
    """The drafts of this step: asking each side, then the introduction itself."""
    state = _state(w)
    a = w.store.get_contact(intro.a_id, w.owner_id)
    b = w.store.get_contact(intro.b_id, w.owner_id)
    out: list[tuple[str, str]] = []
    if intro.status in (IntroStatus.PROPOSED, IntroStatus.ASKED_A, IntroStatus.ASKED_B):
        net = load_network(state)
        found = reasons_for(net, a, b)
        names = {a.id or 0: a.display_name, b.id or 0: b.display_name}
        for one, other in ((a, b), (b, a)):
            with in_language(language):
                own, said = draft_reason(found, one, names)
                text = drafts.intro_ask(
                    draft_context(state, net, one, language),
                    other.display_name,
                    short_role(other),
                    said,
                    language,
                    own_need=own,
                )
            out.append((gettext(N_("To {name}")).format(name=one.display_name), text))
    elif intro.status is IntroStatus.AGREED:
        profile = w.store.get_profile(w.owner_id)
        me = " ".join(
            p for p in ((profile.given_name, profile.family_name) if profile else ()) if p
        )
        with in_language(language):
            text = drafts.intro_message(
                a.given_name or a.display_name,
                short_role(a) or a.display_name,
                b.given_name or b.display_name,
                short_role(b) or b.display_name,
                intro.reason or "…",
                me,
                language,
            )
        out.append((gettext(N_("To {a} and {b}")).format(a=a.display_name, b=b.display_name), text))
    return out


@router.get("/reach/introductions/{intro_id}", response_class=HTMLResponse)
def intro_page(
    request: Request,
    intro_id: int,
    w: Annotated[Web, Depends(web)],
    lang: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    intro = w.store.get_introduction(intro_id, w.owner_id)
    names = dict(w.store.contact_names(w.owner_id))
    row = _intro_row(intro, names)
    step = row["next"]
    steps: list[tuple[str, str]] = []
    if step:
        who = row["a"] if step == "asked-a" else row["b"]
        steps.append((step, gettext(STEP_LABELS[step]).format(name=who)))
    if intro.status not in (IntroStatus.INTRODUCED, IntroStatus.DONE, IntroStatus.DECLINED):
        steps.append(("declined", gettext(STEP_LABELS["declined"])))
    language = _lang(lang, w)
    return render(
        request,
        "reach_intro.html",
        {
            **row,
            "steps": steps,
            "drafts": _intro_drafts(w, intro, language),
            "draft_lang": language,
            "order": [
                (s, gettext(STATUS_LABELS[s])) for s in IntroStatus if s is not IntroStatus.DECLINED
            ],
        },
    )


@router.post("/reach/introductions/{intro_id}/{step}", response_class=HTMLResponse)
async def intro_step(
    request: Request, intro_id: int, step: str, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    if step not in STEP_LABELS:
        raise InvalidInput(N_("unknown introduction step {step!r}"), step=step)
    outcome = form.get("outcome", "").strip() if step == "outcome" else None
    saved, _a, _b = advance_introduction(_state(w), intro_id, step, outcome)
    return redirect(
        f"/reach/introductions/{intro_id}",
        gettext(N_("Introduction: {status}.")).format(status=gettext(STATUS_LABELS[saved.status])),
    )


# --- the ledger ----------------------------------------------------------------------------


LEDGER_PAGE = 50


@router.get("/reach/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    w: Annotated[Web, Depends(web)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    q: Annotated[str, Query(max_length=200)] = "",
    direction: Annotated[str, Query(max_length=16)] = "",
    kind: Annotated[str, Query(max_length=16)] = "",
) -> HTMLResponse:
    """The ledger filtered (given/received, introduction/recommendation, a name or a word)
    and a page at a time: it was one 8,500-px page (#20). The totals stay the whole ledger's."""
    state = _state(w)
    people = w.store.list_contacts(ContactFilter(include_archived=True), w.owner_id)
    names = {c.id: c.display_name for c in people if c.id is not None}
    items = ledger.entries(
        state.interactions(), w.store.list_introductions(w.owner_id), people, names
    )
    totals = ledger.balance(items)
    direction = direction if direction in ("gave", "received") else ""
    kind = kind if kind in ("introduction", "recommendation") else ""
    words = fold(q).split()
    shown = [
        e
        for e in items
        if (not direction or e.direction == direction)
        and (not kind or e.kind == kind)
        and all(x in fold(f"{names.get(e.contact_id, '')} {e.text}") for x in words)
    ]
    pages = max(1, math.ceil(len(shown) / LEDGER_PAGE))
    page = min(page, pages)
    params = {k: v for k, v in (("q", q.strip()), ("direction", direction), ("kind", kind)) if v}
    return render(
        request,
        "reach_ledger.html",
        {
            "items": shown[(page - 1) * LEDGER_PAGE : page * LEDGER_PAGE],
            "total": len(shown),
            "page": page,
            "pages": pages,
            "params": params,
            "q": q.strip(),
            "direction": direction,
            "kind": kind,
            "names": names,
            "given": sum(g for g, _r in totals.values()),
            "received": sum(r for _g, r in totals.values()),
        },
    )
