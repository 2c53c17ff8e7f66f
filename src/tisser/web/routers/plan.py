"""Plan: the marketing-de-soi worksheet, objectives (SMART, steps), the week's actions,
the review, and the calendar feed (.ics) a calendar application subscribes to.

The routes call what ``tisser me --worksheet``, ``tisser goal``, ``plan``, ``done``,
``snooze``, ``review`` and ``calendar`` call (#5): :func:`~tisser.app.plan.week_plan`,
:func:`~tisser.app.plan.mark_done`, :func:`~tisser.app.plan.put_off`, the core's
:func:`~tisser.core.objectives.smart_check`, :func:`~tisser.core.review.review` and
:func:`~tisser.formats.ics.calendar`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app.calendar import feed_opens, new_feed_token, week_entries
from tisser.app.context import local_zone, names_of
from tisser.app.digest import digest_message, send_digest
from tisser.app.plan import mark_done, put_off, review_periods, week_plan
from tisser.core.actions import ActionState, Outcome
from tisser.core.card_reading import EMAIL
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.model import Profile
from tisser.core.objectives import Objective, smart_check, split
from tisser.core.worksheet import (
    IKIGAI_PAIRS,
    LIST_FIELDS,
    SECTIONS,
    TEXT_FIELDS,
    draft_pitch,
    ikigai_intersections,
)
from tisser.formats.ics import calendar
from tisser.i18n import get_language, gettext, ngettext
from tisser.mail import smtp_settings
from tisser.present.plantext import (
    OUTCOME_LABELS,
    STATE_LABELS,
    day_label,
    describe,
    future_date,
    kind_label,
    why,
)
from tisser.web.flash import redirect
from tisser.web.forms import split_list
from tisser.web.render import Web, WebState, render, web
from tisser.web.routers.contacts import _form
from tisser.web.routers.diagnosis import diagnosis_of

router = APIRouter()

MAX_MINUTES = 1440


def _profile(w: Web) -> Profile:
    return w.store.get_profile(w.owner_id) or Profile(owner_id=w.owner_id)


def _review(w: Web, budget: int) -> dict[str, Any]:
    """This week and the last four: planned against done, time against budget, streak."""
    periods, run = review_periods(w.store, w.owner_id, w.today, budget)
    return {**periods, "streak": run}


def _objectives(w: Web, profile: Profile) -> list[dict[str, Any]]:
    sheet = w.store.get_worksheet(w.owner_id)
    market = [m for m in (*sheet.sectors, profile.sector) if m]
    return [
        {
            "goal": g,
            "smart": [
                (c.letter, gettext(c.name), c.ok, gettext(c.reason).format(**dict(c.params)))
                for c in smart_check(g, w.today, profile.weekly_budget_minutes, market)
            ],
        }
        for g in w.store.list_objectives(w.owner_id)
    ]


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    week, actions, budget = week_plan(WebState(w), advice=lambda: diagnosis_of(w).actions)
    names = names_of(WebState(w))
    profile = _profile(w)
    rows = [
        {
            "a": a,
            "day": day_label(a.day),
            "kind": kind_label(a.kind),
            "what": describe(a, names),
            "why": why(a),
            "state": gettext(STATE_LABELS[a.state]),
        }
        for a in actions
    ]
    planned = sum(a.minutes for a in actions if a.state != ActionState.SNOOZED)
    return render(
        request,
        "plan.html",
        {
            "week": day_label(week),
            "rows": rows,
            "planned": planned,
            "budget": budget,
            "review": _review(w, budget),
            "objectives": _objectives(w, profile),
            "outcomes": [(o.value, gettext(OUTCOME_LABELS[o])) for o in Outcome],
            "sheet_done": w.store.get_worksheet(w.owner_id).completion(),
            "feed_made": _feed_made(w),
            "digest_to": _digest_recipient(),
            "values": {},
            "errors": {},
        },
    )


def _digest_recipient() -> str:
    """The address the digest goes to by default (TISSER_SMTP_TO, else the sender)."""
    try:
        settings = smtp_settings()
    except TisserError:
        return ""  # a broken settings file is reported when the digest is sent
    return settings.to or settings.sender


@router.post("/plan/actions/{action_id}/done")
async def action_done(
    request: Request, action_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    state = WebState(w)
    a = w.store.get_action(action_id, w.owner_id)
    try:
        outcome = Outcome(form.get("outcome", "done") or "done")
    except ValueError as exc:
        raise InvalidInput(N_("unknown outcome {text!r}"), text=form.get("outcome", "")) from exc
    minutes_text = form.get("minutes", "").strip()
    if minutes_text and not (minutes_text.isdigit() and int(minutes_text) <= MAX_MINUTES):
        raise InvalidInput(N_("give a number of minutes from 0 to {max}"), max=MAX_MINUTES)
    done = mark_done(
        state,
        a,
        outcome=outcome,
        note=form.get("note", ""),
        minutes=int(minutes_text) if minutes_text else None,
    )
    message = gettext(N_("Done: {what}.")).format(what=describe(a, names_of(state)))
    if done.interaction_id is not None:
        message += " " + gettext(N_("Logged in the journal."))
    if done.followups_closed:
        message += " " + gettext(N_("Event follow-up closed."))
    return redirect("/plan#week", message)


@router.post("/plan/actions/{action_id}/snooze")
async def action_snooze(
    request: Request, action_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    state = WebState(w)
    a = w.store.get_action(action_id, w.owner_id)
    not_now = form.get("when") == "not-now"
    day = put_off(state, a, until=None, not_now=not_now)
    text = N_("Not this week: {what}.") if not_now else N_("Snoozed until {day}: {what}.")
    return redirect(
        "/plan#week",
        gettext(text).format(day=day_label(day), what=describe(a, names_of(state))),
    )


@router.post("/plan/refresh")
async def plan_refresh(w: Annotated[Web, Depends(web)]) -> Response:
    week_plan(WebState(w), refresh=True, advice=lambda: diagnosis_of(w).actions)
    return redirect("/plan#week", gettext(N_("The week was planned again.")))


# --- calendar feed ----------------------------------------------------------------------------


def _feed_made(w: Web) -> Any:
    found = w.store.feed_token(w.owner_id)
    return found[1] if found is not None else None


@router.post("/plan/calendar/link")
async def new_feed_link(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """A new secret address for the feed, shown this once (only its hash is kept); the
    previous address stops working."""
    token = new_feed_token(w.store, w.owner_id)
    url = str(request.url_for("calendar_feed", token=token))
    text = N_("Your private calendar address (shown only this once, copy it now): {url}")
    return redirect("/plan#p-feed", gettext(text).format(url=url))


@router.get("/plan/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(token: str, w: Annotated[Web, Depends(web)]) -> Response:
    """The week's plan as iCalendar: a calendar app subscribes to it (GET only, read-only),
    at an address holding the feed's secret; any other address is a plain 404."""
    if not feed_opens(w.store, w.owner_id, token):
        return Response(status_code=404)
    entries = week_entries(WebState(w))
    data = calendar(
        entries,
        zone=str(local_zone()),
        name=gettext(N_("tisser — networking plan")),
        language=get_language(),
    )
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="tisser.ics"',
            "Cache-Control": "no-cache",
        },
    )


# --- digest ---------------------------------------------------------------------------------


@router.get("/plan/digest.eml")
def digest_file(w: Annotated[Web, Depends(web)]) -> Response:
    """The week's digest mail (text and HTML parts) as an .eml file, as ``digest --to-file``."""
    message = digest_message(WebState(w))
    return Response(
        bytes(message),
        media_type="message/rfc822",
        headers={"Content-Disposition": 'attachment; filename="tisser-digest.eml"'},
    )


@router.post("/plan/digest")
async def digest_send(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Send the week's digest through the SMTP settings (TISSER_SMTP_* or the settings file)."""
    form = await _form(request)
    to = form.get("to", "").strip()
    if not EMAIL.fullmatch(to):
        raise InvalidInput(
            N_("{text!r} is not an e-mail address"), hint=N_("type an address"), text=to
        )
    sent_to = send_digest(WebState(w), to)
    return redirect("/plan#digest", gettext(N_("Digest sent to {to}.")).format(to=sent_to))


# --- worksheet --------------------------------------------------------------------------------


def _sheet_context(w: Web, values: dict[str, str]) -> dict[str, Any]:
    sheet = w.store.get_worksheet(w.owner_id)
    sections = [
        (
            title,
            [(k, label, True) for k, (sec, label) in LIST_FIELDS.items() if sec == section]
            + [(k, label, False) for k, (sec, label) in TEXT_FIELDS.items() if sec == section],
        )
        for section, title in SECTIONS
    ]
    meets = ikigai_intersections(sheet)
    return {
        "sections": sections,
        "values": values,
        "errors": {},
        "completion": sheet.completion(),
        "ikigai": [(label, meets.get(key, [])) for key, (_a, _b, label) in IKIGAI_PAIRS.items()],
        "pitch": draft_pitch(_profile(w), sheet, get_language()),
    }


@router.get("/plan/worksheet", response_class=HTMLResponse)
def worksheet_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    sheet = w.store.get_worksheet(w.owner_id)
    values = {k: ", ".join(getattr(sheet, k)) for k in LIST_FIELDS}
    values.update({k: getattr(sheet, k) for k in TEXT_FIELDS})
    return render(request, "worksheet.html", _sheet_context(w, values))


@router.post("/plan/worksheet")
async def save_worksheet(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    sheet = w.store.get_worksheet(w.owner_id)
    for key in LIST_FIELDS:
        if key in form:
            setattr(sheet, key, split_list(form[key]))
    for key in TEXT_FIELDS:
        if key in form:
            setattr(sheet, key, form[key].strip())
    w.store.save_worksheet(sheet, w.owner_id)
    return redirect("/plan/worksheet", gettext(N_("Worksheet saved.")))


# --- objectives -------------------------------------------------------------------------------


def _deadline(text: str, today: date) -> date | None:
    return future_date(text, today) if text.strip() else None


def _steps(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.post("/plan/objectives")
async def add_objective(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    title = form.get("title", "").strip()
    if not title:
        raise InvalidInput(N_("an objective needs a title"))
    target_text = form.get("target", "").strip()
    if target_text and not (target_text.isdigit() and int(target_text) > 0):
        raise InvalidInput(N_("give the target as a whole number, e.g. 5"))
    goal = Objective(
        title=title,
        owner_id=w.owner_id,
        why=form.get("why", "").strip(),
        target=int(target_text) if target_text else None,
        unit=form.get("unit", "").strip(),
        start=w.today,
        deadline=_deadline(form.get("deadline", ""), w.today),
        profiles=split_list(form.get("profiles", "")),
        sectors=split_list(form.get("sectors", "")),
    )
    steps = _steps(form.get("steps", ""))
    if steps:
        goal.steps = split(goal, steps, w.today)
    saved = w.store.add_objective(goal)
    return redirect(
        f"/plan#goal-{saved.id}",
        gettext(N_("Objective #{id} saved: {title}.")).format(id=saved.id, title=saved.title),
    )


@router.post("/plan/objectives/{objective_id}/split")
async def split_objective(
    request: Request, objective_id: int, w: Annotated[Web, Depends(web)]
) -> Response:
    form = await _form(request)
    goal = w.store.get_objective(objective_id, w.owner_id)
    steps = split(goal, _steps(form.get("steps", "")), w.today)
    w.store.add_steps(objective_id, steps, w.owner_id)
    return redirect(
        f"/plan#goal-{objective_id}",
        ngettext("{n} step added to {title}.", "{n} steps added to {title}.", len(steps)).format(
            n=len(steps), title=goal.title
        ),
    )
