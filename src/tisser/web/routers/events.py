"""Events (#7) on the web: the catalogue, .ics import, the portfolio, briefs, after an event.

Thin routes over ``tisser events`` (:mod:`tisser.app.events` and its siblings): the same
parsing of a date, a recurrence or a fee (``apply_options``), the same portfolio
(:func:`tisser.core.event_choice.choose_portfolio` with HiGHS) and the same explanations
(``part_text``), the same brief (``brief_sections``) and the same capture (``met``).
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.context import local_zone
from tisser.app.event_brief import brief_sections
from tisser.app.event_choice import (
    build_needs,
    part_text,
    period,
    temperament_of,
)
from tisser.app.event_met import record_met
from tisser.app.events import apply_options, catalogue, compute_results, history_for, next_day
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.event_choice import DEFAULT_FEES, DEFAULT_SHARE, Budgets, choose_portfolio
from tisser.core.events import Event, EventKind
from tisser.core.names import parse_full_name
from tisser.i18n import gettext, ngettext
from tisser.present import labels
from tisser.present.events import SEP, fees_text, number
from tisser.web.flash import redirect
from tisser.web.forms import split_list
from tisser.web.recurrence import describe, read_words
from tisser.web.render import Web, WebState, render, web

router = APIRouter()

MAX_UPLOAD = 2_000_000
TEXT = ("title", "when", "at_time", "every", "duration", "travel", "city", "place", "fee",
        "yearly_fee", "organizer", "url", "sectors", "functions", "notes", "kind")  # fmt: skip


def _state(w: Web) -> WebState:
    """The use cases' state over this request's store (they print nothing: no console)."""
    return WebState(w)


def _values(e: Event) -> dict[str, str]:
    start = e.starts_at.astimezone(local_zone()) if e.starts_at else None
    return {
        "title": e.title,
        "kind": e.kind.value,
        "when": start.date().isoformat() if start else "",
        "at_time": f"{start:%H:%M}" if start else "",
        "every": describe(e.rrule),
        "duration": str(e.duration_minutes),
        "travel": str(e.travel_minutes),
        "city": e.city,
        "place": e.place,
        "fee": f"{e.entry_fee:g}",
        "yearly_fee": f"{e.yearly_fee:g}",
        "organizer": e.organizer,
        "url": e.url,
        "sectors": ", ".join(e.sectors),
        "functions": ", ".join(e.functions),
        "notes": e.notes,
    }


def _from_form(w: Web, base: Event, form: dict[str, str]) -> tuple[Event | None, str]:
    """The event the form describes, or None and the message of the first wrong field."""
    title = form.get("title", "").strip()
    if not title:
        return None, gettext(N_("an event needs a title"))
    given: dict[str, Any] = {}
    for key in ("kind", "when", "at_time", "duration", "travel", "city", "place", "organizer",
                "url", "notes"):  # fmt: skip
        text = form.get(key, "").strip()
        if text or key in ("city", "place", "organizer", "url", "notes"):
            given[key] = text
    if "every" in form:
        given["every"] = read_words(form["every"]).strip() or "-"
    for key in ("fee", "yearly_fee"):
        text = form.get(key, "").strip().replace(",", ".") or "0"
        try:
            if float(text) < 0:
                raise ValueError(text)
        except ValueError:
            return None, gettext(N_("{value!r} is not an amount in euros")).format(value=text)
        given[key] = text
    for key in ("sectors", "functions"):
        given[key] = split_list(form.get(key, ""))
    try:
        event = apply_options(_state(w), dataclasses.replace(base, title=title), given)
    except TisserError as exc:
        return None, exc.one_line(gettext)
    return event, ""


def _form_context(values: dict[str, str], error: str = "") -> dict[str, Any]:
    return {"values": values, "error": error, "kinds": list(EventKind), "errors": {}}


async def _fields(request: Request) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    form = await request.form()
    texts: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for key, value in form.multi_items():
        if isinstance(value, str):
            texts[key] = value
        elif value.filename:
            data = await value.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InvalidInput(N_("{file} is too large (2 MB at most)"), file=value.filename)
            files.append((value.filename, data))
    return texts, files


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    items = []
    for e in catalogue(_state(w)):
        items.append({"event": e, "next": next_day(e, w.today), "fees": fees_text(e)})
    blank = _values(Event(owner_id=w.owner_id))
    blank.update(title="", when="", at_time="", fee="", yearly_fee="")
    return render(request, "events.html", {"items": items, **_form_context(blank)})


@router.post("/events", response_class=HTMLResponse)
async def add_event(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form, _files = await _fields(request)
    event, error = _from_form(w, Event(owner_id=w.owner_id), form)
    if event is None:
        items = [
            {"event": e, "next": next_day(e, w.today), "fees": fees_text(e)}
            for e in catalogue(_state(w))
        ]
        return render(request, "events.html", {"items": items, **_form_context(form, error)}, 400)
    saved = w.store.add_event(event)
    return redirect(
        f"/events/{saved.id}", gettext(N_("Event added: {title}.")).format(title=saved.title)
    )


@router.post("/events/import", response_class=HTMLResponse)
async def import_ics(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    from tisser.formats.ics_events import read_ics

    _form, files = await _fields(request)
    if not files:
        raise InvalidInput(N_("choose an .ics file to import"))
    name, data = files[0]
    report = read_ics(data, name, local_zone(), w.owner_id)
    added = updated = 0
    with w.store.transaction():
        for event in report.events:
            existing = w.store.event_by_uid(event.uid, w.owner_id)
            if existing is not None:
                keep = {"id", "attendee_ids", "wanted", "sectors", "functions", "profiles",
                        "can_bring", "membership_id", "attend_count", "expected_size", "format",
                        "yearly_fee", "travel_minutes", "kind"}  # fmt: skip
                w.store.update_event(
                    dataclasses.replace(event, **{k: getattr(existing, k) for k in keep})
                )
                updated += 1
            else:
                w.store.add_event(event)
                added += 1
    return render(
        request,
        "events_import.html",
        {
            "file": name,
            "added": added,
            "updated": updated,
            "total": report.total,
            "titles": [e.title for e in report.events],
            "problems": [p.one_line(gettext) for p in report.problems],
        },
    )


@router.get("/events/portfolio", response_class=HTMLResponse)
def portfolio_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    from tisser.optimize import solve

    state = _state(w)
    events = catalogue(state)
    context: dict[str, Any] = {"empty": not events}
    if events:
        start, end = period(state, None)
        temperament, weekly = temperament_of(state)
        needs = build_needs(state, events, None, None, None)
        history = history_for(state, events, start)
        choice = choose_portfolio(
            events, start, end, needs, temperament, Budgets(weekly, DEFAULT_SHARE, DEFAULT_FEES),
            solve, history,
        )  # fmt: skip
        by_id = {e.id or 0: e for e in events}
        titles = {k: e.title for k, e in by_id.items()}
        chosen = sorted(choice.solution.chosen, key=lambda k: (-choice.scores[k].value, k))
        rows = []
        for k in chosen:
            s = choice.scores[k]
            parts = [part_text(state, p, titles) for p in s.parts if p.code != "contact"]
            people = sum(1 for p in s.parts if p.code == "contact")
            needed_by = [titles[e] for e in chosen if by_id[e].membership_id == k]
            if needed_by:
                parts.append(
                    gettext(N_("membership needed for: {names}")).format(names=", ".join(needed_by))
                )
            if people:
                parts.append(
                    ngettext(
                        "{count} contact of yours goes", "{count} contacts of yours go", people
                    ).format(count=people)
                )
            rows.append(
                {
                    "id": k,
                    "title": titles[k],
                    "kind": labels.label(by_id[k].kind),
                    "times": s.occurrences,
                    "hours": number(s.minutes / 60),
                    "euros": number(s.euros, 0),
                    "value": number(s.value),
                    "why": gettext(SEP).join(parts),
                }
            )
        runner = None
        ru = choice.runner_up
        if ru is not None:
            reasons = [part_text(state, p, titles) for p in ru.reasons]
            if ru.pushed_out:
                reasons.append(
                    gettext(
                        N_("taking it would lose {loss} of value: it would push out {names}")
                    ).format(
                        loss=number(ru.loss), names=", ".join(titles[k] for k in ru.pushed_out)
                    )
                )
            elif ru.loss == float("inf"):
                reasons.append(gettext(N_("it cannot fit in the budgets at all")))
            runner = {"id": ru.event_id, "title": titles[ru.event_id], "why": reasons}
        per_week = choice.minutes_left / choice.weeks if choice.weeks else 0
        context.update(
            rows=rows,
            runner=runner,
            candidates=len(choice.scores),
            unreachable=[titles[k] for k in choice.unreachable],
            minutes_left=choice.minutes_left,
            per_week=number(per_week, 0),
            minutes_budget=choice.minutes_budget,
            euros_left=number(choice.cents_left / 100, 0),
            euros_budget=number(choice.cents_budget / 100, 0),
            proven=choice.solution.proven,
            start=choice.start,
        )
    return render(request, "events_portfolio.html", context)


@router.get("/events/followups", response_class=HTMLResponse)
def followups_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    names = dict(w.store.contact_names(w.owner_id))
    titles = {e.id: e.title for e in w.store.list_events(w.owner_id)}
    items = [
        {
            "f": f,
            "who": names.get(f.contact_id, "?"),
            "event": titles.get(f.event_id, "?"),
            "late": f.due_on is not None and f.due_on < w.today,
        }
        for f in w.store.followups(w.owner_id, open_only=True)
    ]
    return render(request, "events_followups.html", {"items": items})


@router.post("/events/followups/{followup_id}/done", response_class=HTMLResponse)
async def followup_done(
    request: Request, followup_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    if followup_id not in {f.id for f in w.store.followups(w.owner_id)}:
        raise InvalidInput(N_("no follow-up #{id}"), id=followup_id)
    w.store.complete_followups([followup_id], w.today, w.owner_id)
    return redirect("/events/followups", gettext(N_("Follow-up done.")))


@router.get("/events/results", response_class=HTMLResponse)
def results_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    """What each entry gave over the last 12 months (``tisser events results``)."""
    state = _state(w)
    events = catalogue(state)
    titles = {e.id: e.title for e in events}
    start, end = w.today - timedelta(days=365), w.today + timedelta(days=1)
    found = [
        r
        for r in compute_results(state, events, start, end)
        if r.occurrences or r.contacts_made or r.followups_total
    ]
    found.sort(key=lambda r: (-(r.per_hour or 0.0), r.event_id))
    rows = [
        {
            "r": r,
            "title": titles.get(r.event_id, "?"),
            "hours": number(r.minutes / 60),
            "euros": number(r.euros, 0),
            "per_hour": number(r.per_hour, 2) if r.per_hour is not None else "—",
            "per_euro": number(r.per_euro, 2) if r.per_euro is not None else "—",
        }
        for r in found
    ]
    return render(request, "events_results.html", {"rows": rows, "start": start})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    state = _state(w)
    event = w.store.get_event(event_id, w.owner_id)
    event.starts_at = event.starts_at.astimezone(local_zone()) if event.starts_at else None
    sections = brief_sections(state, event, [], on_web=True)
    return render(
        request,
        "event.html",
        {
            "event": event,
            "next": next_day(event, w.today),
            "fees": fees_text(event),
            "sections": sections,
            **_form_context(_values(event)),
        },
    )


@router.post("/events/{event_id}", response_class=HTMLResponse)
async def edit_event(request: Request, event_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form, _files = await _fields(request)
    base = w.store.get_event(event_id, w.owner_id)
    event, error = _from_form(w, base, form)
    if event is None:
        context: dict[str, Any] = {
            "event": base,
            "next": None,
            "fees": fees_text(base),
            "sections": [],
        }
        return render(request, "event.html", {**context, **_form_context(form, error)}, 400)
    w.store.update_event(event)
    return redirect(f"/events/{event_id}", gettext(N_("Event saved.")))


@router.post("/events/{event_id}/delete", response_class=HTMLResponse)
async def delete_event(
    request: Request, event_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    done = w.store.delete_event(event_id, w.owner_id)
    return redirect("/events", gettext(N_("Deleted {title}.")).format(title=done.title))


def _record(
    w: Web, event_id: int, form: dict[str, str], names: list[str], cards: list[bytes]
) -> None:
    """``tisser events met`` for this event: names, vCards; known names are those contacts."""
    with tempfile.TemporaryDirectory(prefix="tisser-met-") as folder:
        paths = []
        for n, data in enumerate(cards):
            path = Path(folder) / f"card-{n + 1}.vcf"
            path.write_bytes(data)
            paths.append(path)
        record_met(
            WebState(w),
            f"#{event_id}",
            names,
            paths,
            on=form.get("day", "").strip() or None,
            action=form.get("action", "").strip() or None,
        )


@router.post("/events/{event_id}/met", response_class=HTMLResponse)
async def met(request: Request, event_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    """Record the people met: typed names (one a line) and vCard files shared from a phone."""
    form, files = await _fields(request)
    names = [n.strip() for n in form.get("names", "").splitlines() if n.strip()]
    if not (names or files):
        raise InvalidInput(N_("nobody to record"), hint=N_("type names or choose vCard files"))
    _record(w, event_id, form, names, [data for _name, data in files])
    return redirect(
        f"/events/{event_id}",
        gettext(N_("Recorded; follow-ups are in the list of follow-ups.")),
    )


CARD_FIELDS = ("name", "organization", "position", "emails", "phones", "website")


@router.post("/events/{event_id}/card", response_class=HTMLResponse)
async def read_card(request: Request, event_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    """A business-card photo read by OCR, shown for correction; nothing is saved yet."""
    from tisser.formats.card_ocr import read_card_image

    form, files = await _fields(request)
    event = w.store.get_event(event_id, w.owner_id)
    if not files:
        raise InvalidInput(N_("choose a photo of a business card"))
    name, data = files[0]
    suffix = (
        Path(name).suffix.lower() if Path(name).suffix.lower() in (".png", ".jpg", ".jpeg") else ""
    )
    with tempfile.TemporaryDirectory(prefix="tisser-card-") as folder:
        path = Path(folder) / f"card{suffix or '.img'}"
        path.write_bytes(data)
        reading = read_card_image(path)
    values = {
        "name": reading.name,
        "organization": reading.organization,
        "position": reading.position,
        "emails": ", ".join(reading.emails),
        "phones": ", ".join(reading.phones),
        "website": reading.website,
        "day": form.get("day", ""),
        "action": form.get("action", ""),
    }
    return render(
        request,
        "event_card.html",
        {"event": event, "values": values, "errors": {}, "unread": reading.unread},
    )


def card_vcard(form: dict[str, str]) -> bytes:
    """The corrected card as a vCard (vobject escapes it), for ``met`` to read back."""
    import vobject

    given, particle, family = parse_full_name(form.get("name", ""))
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(
        family=" ".join(p for p in (particle, family) if p), given=given
    )
    card.add("fn").value = form.get("name", "").strip()
    if form.get("organization", "").strip():
        card.add("org").value = [form["organization"].strip()]
    if form.get("position", "").strip():
        card.add("title").value = form["position"].strip()
    for email in split_list(form.get("emails", "")):
        card.add("email").value = email
    for phone in split_list(form.get("phones", "")):
        card.add("tel").value = phone
    if form.get("website", "").strip():
        card.add("url").value = form["website"].strip()
    return str(card.serialize()).encode()


@router.post("/events/{event_id}/card/save", response_class=HTMLResponse)
async def save_card(request: Request, event_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    form, _files = await _fields(request)
    event = w.store.get_event(event_id, w.owner_id)
    given, _particle, family = parse_full_name(form.get("name", ""))
    if not (given or family):
        errors = {"name": gettext(N_("a contact needs a name"))}
        context = {"event": event, "values": form, "errors": errors, "unread": []}
        return render(request, "event_card.html", context, 400)
    _record(w, event_id, form, [], [card_vcard(form)])
    return redirect(
        f"/events/{event_id}",
        gettext(N_("Saved: {name}; a follow-up is in the list of follow-ups.")).format(
            name=form.get("name", "").strip()
        ),
    )
