"""The Sources page (#16): add a source, sync it now and read its report, remove it (with
a confirmation), and the review queue of correspondents who are not contacts yet.

Everything goes through :mod:`tisser.app.capture`, as the CLI does. A server's password
comes from the environment or the system keyring only (the page never asks for one, so no
secret crosses the browser); the report says how to store it when it is missing.

"Sync now" runs the sync in the background (:mod:`tisser.web.sync_jobs`): with htmx the
source's cell becomes its progress (messages read, interactions created), polled every
second, then its closing report; without JavaScript the page reloads itself meanwhile.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from tisser.app import capture as ac
from tisser.app import plan_calendar as pc
from tisser.capture.filters import REASON_LABELS
from tisser.core.errors import N_, TisserError
from tisser.i18n import gettext, ngettext
from tisser.store.capture import SourceRecord
from tisser.web.flash import redirect
from tisser.web.render import Web, is_htmx, render, web
from tisser.web.routers.contacts import _form
from tisser.web.sync_jobs import SyncJob, SyncJobs

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


WAIT_SECONDS = 1.0  # without JavaScript, a small source's report comes at once
_JOBS_LOCK = threading.Lock()


def sync_jobs(request: Request) -> SyncJobs:
    """The application's syncs (created with the first one)."""
    state = request.app.state
    with _JOBS_LOCK:
        found: SyncJobs | None = getattr(state, "sync_jobs", None)
        if found is None:
            found = SyncJobs(state.store, getattr(state, "import_dir", None))
            state.sync_jobs = found
    return found


def _counts(read: int, created: int) -> str:
    """ "1,200 messages read, 35 interactions created" so far."""
    return ", ".join(
        [
            ngettext("{n} message read", "{n} messages read", read).format(n=read),
            ngettext("{n} interaction created", "{n} interactions created", created).format(
                n=created
            ),
        ]
    )


def _status(s: SourceRecord, job: SyncJob | None, just_done: bool = False) -> dict[str, Any]:
    """What the source's "last sync" cell shows: the sync running, or its last report."""
    report = s.last_report or {}
    return {
        "s": s,
        "running": job is not None and job.running,
        "counts": _counts(job.read, job.created) if job is not None else "",
        "error": job.error_text(gettext) if job is not None else "",
        "just_done": just_done and job is not None and not job.error,
        "proposed": int(report.get("proposed", 0)) if just_done else 0,
        "lines": _report_lines(s.last_report),
        "problems": report.get("problems", [])[:10],
    }


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    sources = w.store.list_sources(w.owner_id)
    registry = sync_jobs(request)
    statuses = {s.id: _status(s, registry.current(w.owner_id, s.id)) for s in sources}
    queue = ac.review_queue(w.store, w.owner_id)
    kinds = [
        (k, gettext(v)) for k, v in KIND_LABELS.items() if k not in ac.SERVER_KINDS and k != pc.KIND
    ]
    return render(
        request,
        "sources.html",
        {
            "sources": sources,
            "statuses": statuses,
            "syncing": any(st["running"] for st in statuses.values()),
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
    except TisserError as exc:
        return redirect("/sources", exc.one_line(gettext), "error")
    registry = sync_jobs(request)
    job = registry.start(source, _now(w), ac.keyring_secret)
    if is_htmx(request):
        if not job.running:  # done already: its report is on the source
            source = w.store.get_source(w.owner_id, source.name)
        return render(request, "_sync_status.html", {"st": _status(source, job, True)})
    await asyncio.to_thread(registry.wait, w.owner_id, source.id, WAIT_SECONDS)
    job = registry.current(w.owner_id, source.id) or job
    if job.running:
        return redirect("/sources", gettext(N_("{name}: sync started.")).format(name=source.name))
    if job.error:
        return redirect("/sources", job.error_text(gettext), "error")
    text = ngettext(
        "{name}: {n} interaction created.", "{name}: {n} interactions created.", job.created
    ).format(name=source.name, n=job.created)
    return redirect("/sources", text)


@router.get("/sources/{source_id}/progress", response_class=HTMLResponse)
def sync_progress(request: Request, source_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    """The source's cell htmx polls: the sync's progress, then its closing report (and the
    source's new count of captured interactions, swapped out of band)."""
    found = [s for s in w.store.list_sources(w.owner_id) if s.id == source_id]
    if not found:
        return Response(status_code=204)  # removed meanwhile: nothing to update
    job = sync_jobs(request).current(w.owner_id, source_id)
    return render(request, "_sync_status.html", {"st": _status(found[0], job, just_done=True)})


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
