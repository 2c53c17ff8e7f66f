"""The plan on the user's CalDAV calendar (issue #17): a source of kind ``plan-calendar``.

One sync, in this order, each write on its own so an interrupted sync loses nothing:

1. **Pull**: the calendar's listing (href and ETag of each resource); the resources tisser
   wrote (its own UIDs, ``tisser-<owner>-<action>``) whose ETag moved are read
   (``calendar-multiget``); a task marked ``STATUS:COMPLETED`` there (on the phone) is
   recorded as done through :func:`tisser.app.plan.mark_done`, as ``tisser done`` does. A
   resource of tisser's found on the server but not in the source's memory (a sync cut
   between its PUT and the memory's save) is adopted, never written twice.
2. **Push**: each action of the week (:func:`tisser.app.calendar.week_entries`) is a
   ``VTODO`` due on its day; written with ``If-None-Match: *`` when new, ``If-Match`` on
   the ETag read when it changed (412: someone changed it meanwhile, it is read again at the
   next sync); an unchanged one costs no request.
3. **Drop**: the resources of actions the plan dropped (replanned, put off) are deleted with
   ``If-Match``; a done action of a past week is left where it is and forgotten. Only
   tisser's own resources are ever written or deleted: the rest of the calendar is the
   user's.

A task the user deleted on the phone is not written again. The memory (href, ETag and a
digest of what was written, per UID) lives in the source's state; the password never does.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.dav.client import Changed, DavError
from tisser.formats.ics import UID_DOMAIN, Entry

if TYPE_CHECKING:
    from tisser.app.context import State
    from tisser.dav.caldav import CalDav, Calendar
    from tisser.store import Store
    from tisser.store.capture import SourceRecord

KIND = "plan-calendar"
FORMAT = 1  # bump to rewrite every resource once (when what is written changes)
SKIPPED_STATUSES = (400, 403, 415, 507)  # refused by the server: reported, the rest goes on


@dataclass
class Trouble:
    """A resource the sync could not handle: its href, what happened (an N_ template)."""

    where: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class PushReport:
    """What one sync of the plan's calendar did."""

    source: str = ""
    created: int = 0
    updated: int = 0
    deleted: int = 0
    done: int = 0  # actions recorded as done from the calendar
    unchanged: int = 0
    requests: int = 0
    problems: list[Trouble] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": KIND, **asdict(self)}


# --- adding the source ------------------------------------------------------------------------


def _check_url(url: str) -> str:
    url = url.strip()
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise InvalidInput(
            N_("not a web address: {url}"),
            hint=N_("give the server's address, starting with https://"),
            url=url,
        )
    return url


def pick(calendars: list[Calendar], wanted: str = "") -> Calendar:
    """The calendar named ``wanted`` (its name or address), or the only one there is."""
    key = wanted.strip().casefold()
    chosen = [c for c in calendars if key in (c.name.casefold(), c.url.casefold())] if key else []
    if not key and len(calendars) == 1:
        chosen = calendars
    if len(chosen) != 1:
        raise InvalidInput(
            N_("choose the calendar among: {names}"),
            hint=N_("add --calendar NAME (tisser sources add plan-calendar URL --user U ...)"),
            names=", ".join(c.name for c in calendars) or "—",
        )
    if not chosen[0].tasks:
        raise InvalidInput(
            N_("the calendar {name} does not take tasks"),
            hint=N_("choose a calendar with tasks, or create one (see the documentation)"),
            name=chosen[0].name,
        )
    return chosen[0]


def add_plan_calendar(
    store: Store,
    owner_id: int,
    url: str,
    *,
    user: str,
    name: str = "",
    calendar: str = "",
    password: str | None = None,
) -> SourceRecord:
    """Record the calendar the plan goes to. With the password, the server is asked now
    and the calendar picked; without it (the web never asks for one), at the first sync."""
    url = _check_url(url)
    if not user.strip():
        raise InvalidInput(N_("give your user name on the server"), hint=N_("e.g. --user alice"))
    settings: dict[str, Any] = {"user": user.strip(), "calendar": calendar.strip()}
    if password is not None:
        from tisser.dav.caldav import CalDav

        chosen = pick(CalDav(url, user.strip(), password).calendars(), calendar)
        settings.update(calendar=chosen.name, calendar_url=chosen.url)
    return store.add_source(owner_id, name.strip() or KIND, KIND, url, settings)


def _calendar_url(store: Store, source: SourceRecord, dav: CalDav) -> str:
    found = str(source.settings.get("calendar_url") or "")
    if found:
        return found
    chosen = pick(dav.calendars(), str(source.settings.get("calendar") or ""))
    source.settings.update(calendar=chosen.name, calendar_url=chosen.url)
    store.update_source(source.id, settings=source.settings)
    return chosen.url


# --- one sync ---------------------------------------------------------------------------------


def own_uid(uid: str, owner_id: int) -> str | None:
    """``uid`` without its domain when tisser wrote it for this owner, else None."""
    bare = uid.removesuffix("@" + UID_DOMAIN)
    return bare if re.fullmatch(rf"tisser-{owner_id}-\d+", bare) else None


def _name_of(uid: str) -> str:
    return uid + ".ics"


def _uid_of_href(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")


def _digest(e: Entry) -> str:
    data = [FORMAT, e.summary, e.description, e.category, e.day.isoformat(), e.minutes, e.done]
    data.append(e.start.isoformat() if e.start else "")
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class Memory:
    """What the source remembers between syncs: per UID, its href, ETag and digest."""

    items: dict[str, dict[str, str]]
    gone: set[str]

    @classmethod
    def of(cls, state: dict[str, Any]) -> Memory:
        return cls(dict(state.get("items") or {}), set(state.get("gone") or []))

    def as_state(self) -> dict[str, Any]:
        return {"items": self.items, "gone": sorted(self.gone)}


class _Sync:
    def __init__(self, state: State, source: SourceRecord, dav: CalDav) -> None:
        self.state, self.source, self.dav = state, source, dav
        self.store = state.store
        self.memory = Memory.of(source.state)
        self.report = PushReport(source=source.name)

    def save(self) -> None:
        self.store.update_source(self.source.id, state=self.memory.as_state())

    def run(self) -> PushReport:
        url = _calendar_url(self.store, self.source, self.dav)
        listing = self.dav.listing(url)
        self.pull(url, listing)
        entries = {e.uid: e for e in plan_entries(self.state)}
        self.push(url, entries)
        self.drop(entries)
        self.report.requests = self.dav.requests
        return self.report

    # pull

    def pull(self, url: str, listing: dict[str, str]) -> None:
        items, owner = self.memory.items, self.state.owner_id
        known = {it["href"]: uid for uid, it in items.items()}
        wanted = [
            href
            for href, etag in listing.items()
            if (href in known and items[known[href]]["etag"] != etag)
            or (href not in known and own_uid(_uid_of_href(href), owner))
        ]
        for href, (etag, text) in self.dav.fetch(url, sorted(wanted)).items():
            self.read_back(href, etag, text)
        for uid in [u for u, it in items.items() if it["href"] not in listing]:
            del items[uid]  # deleted on the server (the phone): not written again
            self.memory.gone.add(uid)
        self.save()

    def read_back(self, href: str, etag: str, text: str) -> None:
        import icalendar

        try:
            component = next(
                c
                for c in icalendar.Calendar.from_ical(text).walk()
                if c.name in ("VTODO", "VEVENT")
            )
            uid = own_uid(str(component.get("uid", "")), self.state.owner_id)
        except Exception:  # icalendar's parse errors, or no component: reported, left alone
            self.report.problems.append(Trouble(href, N_("not a calendar entry: left as it is")))
            return
        if uid is None:
            return
        status = str(component.get("status", "")).upper()
        item = self.memory.items.get(uid)
        if item is None or item.get("status") != status:
            # adopted, or changed there: written again with the plan's values at the push
            item = {"href": href, "digest": ""}
        self.memory.items[uid] = {**item, "href": href, "etag": etag, "status": status}
        if component.name == "VTODO" and status == "COMPLETED":
            self.done_there(uid, component.get("completed"))

    def done_there(self, uid: str, completed: Any) -> None:
        """A task ticked on the phone: the action is done in tisser (as ``tisser done``)."""
        from tisser.app.plan import mark_done
        from tisser.core.actions import ActionState

        try:
            action = self.store.get_action(int(uid.rsplit("-", 1)[-1]), self.state.owner_id)
        except NotFound:
            return  # the plan dropped it meanwhile
        if action.state == ActionState.DONE:
            return
        mark_done(self.state, action, day=_done_day(completed, self.state.today))
        self.report.done += 1

    # push and drop

    def push(self, url: str, entries: dict[str, Entry]) -> None:
        from tisser.app.context import local_zone
        from tisser.formats.ics import resource
        from tisser.i18n import get_language

        items = self.memory.items
        for uid, e in entries.items():
            digest, item = _digest(e), items.get(uid)
            if uid in self.memory.gone or (item is not None and item.get("digest") == digest):
                self.report.unchanged += uid not in self.memory.gone
                continue
            href = item["href"] if item else url.rstrip("/") + "/" + _name_of(uid)
            text = resource(e, str(local_zone()), get_language()).decode("utf-8")
            try:
                etag = self.dav.put(href, text, (item or {}).get("etag") or None)
            except DavError as exc:
                self.trouble(href, exc)
                continue
            status = "CONFIRMED" if e.start else ("COMPLETED" if e.done else "NEEDS-ACTION")
            items[uid] = {"href": href, "etag": etag, "digest": digest, "status": status}
            self.save()
            if item is None:
                self.report.created += 1
            else:
                self.report.updated += 1
        self.memory.gone &= set(entries)

    def drop(self, entries: dict[str, Entry]) -> None:
        from tisser.core.actions import week_of

        week = week_of(self.state.today)
        for uid in [u for u in self.memory.items if u not in entries]:
            item = self.memory.items[uid]
            if not self.past_and_done(uid, week):
                try:
                    self.dav.delete(item["href"], item.get("etag", ""))
                except DavError as exc:
                    self.trouble(item["href"], exc)
                    continue
                self.report.deleted += 1
            del self.memory.items[uid]
            self.save()

    def past_and_done(self, uid: str, week: date) -> bool:
        from tisser.core.actions import ActionState

        try:
            a = self.store.get_action(int(uid.rsplit("-", 1)[-1]), self.state.owner_id)
        except NotFound:
            return False
        return a.state == ActionState.DONE and a.day < week

    def trouble(self, href: str, exc: DavError) -> None:
        if isinstance(exc, Changed):
            message = N_("changed on the server meanwhile: read again at the next sync")
            self.report.problems.append(Trouble(href, message))
        elif exc.params.get("status") in SKIPPED_STATUSES:
            self.report.problems.append(Trouble(href, exc.message, dict(exc.params)))
        else:
            raise exc


def _done_day(completed: Any, today: date) -> date:
    """The day a task was ticked (its COMPLETED time, in the user's zone), never after today."""
    from tisser.app.context import local_zone

    moment = getattr(completed, "dt", None)
    if isinstance(moment, datetime):
        day = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(local_zone())
        return min(day.date(), today)
    return today


def plan_entries(state: State) -> list[Entry]:
    """What goes to the calendar: the week's actions."""
    from tisser.app.calendar import week_entries

    return week_entries(state)


def sync_plan_calendar(
    state: State, source: SourceRecord, password: str, *, dav: CalDav | None = None
) -> PushReport:
    """Pull what was ticked, push the week's plan, drop what it dropped (module docstring)."""
    from tisser.dav.caldav import CalDav

    if dav is None:
        dav = CalDav(source.location, str(source.settings.get("user", "")), password)
    report = _Sync(state, source, dav).run()
    state.store.update_source(
        source.id, last_sync_at=datetime.now(UTC), last_report=report.as_dict()
    )
    return report


def report_lines(report: dict[str, Any]) -> list[str]:
    """The closing report of a sync, in the reader's language."""
    from tisser.i18n import ngettext

    counts = [
        (ngettext("{n} task sent", "{n} tasks sent", report.get("created", 0)), "created"),
        (ngettext("{n} task updated", "{n} tasks updated", report.get("updated", 0)), "updated"),
        (ngettext("{n} task removed", "{n} tasks removed", report.get("deleted", 0)), "deleted"),
        (
            ngettext(
                "{n} action done from the calendar",
                "{n} actions done from the calendar",
                report.get("done", 0),
            ),
            "done",
        ),
    ]
    return [text.format(n=report.get(key, 0)) for text, key in counts]
