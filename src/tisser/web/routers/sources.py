"""The Sources page (#16): add a source, sync it now and read its report, remove it (with
a confirmation), and the review queue of correspondents who are not contacts yet.

Everything goes through :mod:`tisser.app.capture`, as the CLI does. A server's password
comes from the environment or the system keyring only (the page never asks for one, so no
secret crosses the browser); the report says how to store it when it is missing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app import capture as ac
from tisser.app import plan_calendar as pc
from tisser.capture.filters import REASON_LABELS
from tisser.core.errors import N_, TisserError
from tisser.i18n import gettext, ngettext
from tisser.web.flash import redirect
from tisser.web.render import Web, render, web
from tisser.web.routers.contacts import _form

router = APIRouter()

KIND_LABELS = {
    "mbox": N_("Mailbox file (mbox)"),
    "maildir": N_("Maildir folder"),
    "eml": N_(".eml files"),
    "ics": N_("Calendar file (.ics)"),
    "whatsapp": N_("WhatsApp export"),
    "sms": N_("SMS Backup & Restore"),
    "linkedin": N_("LinkedIn messages"),
    "imap": N_("IMAP account"),
    "caldav": N_("CalDAV calendar"),
    pc.KIND: N_("The plan on a CalDAV calendar"),
}


def _report_lines(report: dict[str, Any] | None) -> list[str]:
    """The closing report of a sync, in the reader's language."""
    if not report:
        return []
    if report.get("kind") == pc.KIND:
        return pc.report_lines(report)
    counts = [
        ngettext("{n} message read", "{n} messages read", report.get("read", 0)),
        ngettext("{n} interaction created", "{n} interactions created", report.get("created", 0)),
        ngettext("{n} interaction updated", "{n} interactions updated", report.get("updated", 0)),
        ngettext(
            "{n} conversation without reply",
            "{n} conversations without reply",
            report.get("no_reply", 0),
        ),
    ]
    values = [report.get(k, 0) for k in ("read", "created", "updated", "no_reply")]
    lines = [c.format(n=n) for c, n in zip(counts, values, strict=True)]
    for reason, n in sorted(report.get("skipped", {}).items(), key=lambda kv: -kv[1]):
        why = gettext(REASON_LABELS.get(reason, N_("not readable")))
        lines.append(ngettext("{n} left out: {why}", "{n} left out: {why}", n).format(n=n, why=why))
    return lines


def _now(w: Web) -> datetime:
    """Now, on the application's "today" (fixed by the demo and the tests)."""
    return datetime.combine(w.today, datetime.now(UTC).time(), UTC)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    sources = w.store.list_sources(w.owner_id)
    queue = ac.review_queue(w.store, w.owner_id)
    kinds = [
        (k, gettext(v)) for k, v in KIND_LABELS.items() if k not in ac.SERVER_KINDS and k != pc.KIND
    ]
    return render(
        request,
        "sources.html",
        {
            "sources": sources,
            "reports": {s.name: _report_lines(s.last_report) for s in sources},
            "problems": {s.name: (s.last_report or {}).get("problems", [])[:10] for s in sources},
            "kind_labels": {k: gettext(v) for k, v in KIND_LABELS.items()},
            "kinds": kinds,
            "queue": queue,
            "values": {},
            "errors": {},
        },
    )


@router.post("/sources")
async def add_source(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    mine = [m.strip() for m in form.get("me", "").split(",") if m.strip()]
    settings = {
        "own_emails": [m for m in mine if "@" in m],
        "own_names": [m for m in mine if "@" not in m],
    }
    try:
        source = ac.add_source(
            w.store,
            w.owner_id,
            form.get("kind", ""),
            form.get("location", ""),
            name=form.get("name", ""),
            settings=settings,
        )
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    return redirect("/sources", gettext(N_("Source {name} added.")).format(name=source.name))


@router.post("/sources/sync")
async def sync_source(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    try:
        source = w.store.get_source(w.owner_id, form.get("name", ""))
        if source.kind == pc.KIND:
            return _sync_plan_calendar(w, source)
        report = ac.sync_source(w.store, source, _now(w), secret=ac.keyring_secret)
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    text = ngettext(
        "{name}: {n} interaction created.", "{name}: {n} interactions created.", report.created
    ).format(name=source.name, n=report.created)
    return redirect("/sources", text)


def _sync_plan_calendar(w: Web, source: Any) -> Response:
    """Send the plan to the calendar (the password from the environment or the keyring)."""
    from tisser.web.render import WebState

    report = pc.sync_plan_calendar(WebState(w), source, ac.keyring_secret(source))
    lines = pc.report_lines(report.as_dict())
    return redirect("/sources", f"{source.name}: " + ", ".join(lines) + ".")


@router.post("/sources/plan-calendar")
async def add_plan_calendar(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Connect the calendar the plan goes to; its password is never asked here (the sync
    takes it from TISSER_PASSWORD or the system keyring), the calendar is found at the
    first sync."""
    form = await _form(request)
    try:
        source = pc.add_plan_calendar(
            w.store,
            w.owner_id,
            form.get("url", ""),
            user=form.get("user", ""),
            name=form.get("name", ""),
            calendar=form.get("calendar", ""),
        )
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    return redirect("/sources", gettext(N_("Source {name} added.")).format(name=source.name))


@router.post("/sources/remove")
async def remove_source(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    if form.get("confirm") != "yes":
        return redirect("/sources", gettext(N_("Tick the box to confirm the removal.")), "error")
    try:
        n = w.store.remove_source(w.owner_id, form.get("name", ""))
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    text = ngettext(
        "Source removed with {n} captured interaction.",
        "Source removed with {n} captured interactions.",
        n,
    ).format(n=n)
    return redirect("/sources", text)


def _replayed(n: int) -> str:
    """ " 4 earlier messages are now in the journal.", or "" when there were none."""
    if not n:
        return ""
    return " " + ngettext(
        "{n} earlier message is now in the journal.",
        "{n} earlier messages are now in the journal.",
        n,
    ).format(n=n)


@router.post("/sources/review")
async def review(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    form = await _form(request)
    address, action = form.get("address", ""), form.get("action", "")
    shown = address.partition(":")[2] or address  # "email:a@b" is stored, "a@b" is shown
    try:
        if action == "add":
            done = ac.accept(w.store, w.owner_id, address, _now(w))
            text = gettext(N_("Added {name}.")).format(name=done.contact.display_name)
            text += _replayed(done.replayed)
        elif action == "attach":
            from tisser.web.render import WebState

            who = WebState(w).contact(form.get("contact", ""))
            done = ac.attach(w.store, w.owner_id, address, who.id or 0, _now(w))
            text = gettext(N_("{address} now belongs to {name}.")).format(
                address=shown, name=done.contact.display_name
            )
            text += _replayed(done.replayed)
        else:
            ac.ignore(w.store, w.owner_id, address)
            text = gettext(N_("{address} will not be proposed again.")).format(address=shown)
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    return redirect("/sources", text)
