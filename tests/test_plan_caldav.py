"""The plan on the user's CalDAV calendar (issue #17), against a real Radicale, on SQLite
and PostgreSQL. What tisser wrote is read back with raw HTTP and ``icalendar`` (not
tisser's code); a task ticked on the server comes back as done; a dropped action's
resource disappears; a 412 half-way leaves the next sync to finish the job."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import icalendar
import niquests
import pytest

from dav_faults import start_proxy
from radicale_server import PASSWORD, USER, Radicale, radicale  # noqa: F401
from tisser.app.context import State
from tisser.app.plan import put_off, week_plan
from tisser.app.plan_calendar import add_plan_calendar, sync_plan_calendar
from tisser.core.actions import ActionState
from tisser.core.errors import InvalidInput
from tisser.store import Store
from web_helpers import seed, web_store  # noqa: F401  (the `store` fixture)

AUTH = (USER, PASSWORD)
WEEK = date(2026, 11, 23)
FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//phone//EN\r\nBEGIN:VTODO\r\n"
    "UID:my-own-task@phone\r\nDTSTAMP:20261120T100000Z\r\nSUMMARY:Buy bread\r\n"
    "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
)


def new_calendar(server: Radicale, name: str) -> str:
    """A calendar of the user that takes events and tasks (extended MKCOL, RFC 5689)."""
    path = f"/{USER}/{uuid.uuid4().hex[:10]}/"
    body = (
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
        "<d:set><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype>"
        f"<d:displayname>{name}</d:displayname><c:supported-calendar-component-set>"
        '<c:comp name="VEVENT"/><c:comp name="VTODO"/></c:supported-calendar-component-set>'
        "</d:prop></d:set></d:mkcol>"
    )
    r = niquests.request("MKCOL", server.base + path, data=body, auth=AUTH, timeout=10)
    assert r.status_code == 201, r.text
    return server.base + path


def server_items(url: str) -> dict[str, icalendar.Component]:
    """``{uid: component}`` of the calendar, read with PROPFIND, GET and icalendar."""
    body = (
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
    )
    r = niquests.request("PROPFIND", url, data=body, auth=AUTH, headers={"Depth": "1"})
    assert r.status_code == 207
    hrefs = [h.text or "" for h in ElementTree.fromstring(r.content).iter("{DAV:}href")]
    out = {}
    for href in hrefs:
        if not href.endswith(".ics"):
            continue
        got = niquests.get(url.split(f"/{USER}/")[0] + href, auth=AUTH)
        assert got.status_code == 200
        cal = icalendar.Calendar.from_ical(got.content)
        for c in cal.walk():
            if c.name in ("VTODO", "VEVENT"):
                out[str(c["uid"])] = c
    return out


def tick(url: str, uid: str, when: datetime) -> None:
    """Mark a task completed on the server, as a phone's task app does."""
    href = url + uid.removesuffix("@tisser.local") + ".ics"
    got = niquests.get(href, auth=AUTH)
    cal = icalendar.Calendar.from_ical(got.content)
    todo = next(iter(cal.walk("VTODO")))
    todo["status"] = "COMPLETED"
    todo.add("completed", when)
    todo["percent-complete"] = 100
    r = niquests.put(
        href,
        data=cal.to_ical(),
        auth=AUTH,
        headers={"If-Match": got.headers["ETag"], "Content-Type": "text/calendar"},
    )
    assert r.status_code in (201, 204), r.status_code


@pytest.fixture
def state(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[State]:
    monkeypatch.setenv("TISSER_TODAY", WEEK.isoformat())
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    seed(store)
    yield State(owner_id=1, _store=store)


def _planned(state: State) -> list[int]:
    _week, actions, _budget = week_plan(state)
    return [a.id or 0 for a in actions if a.state == ActionState.PLANNED]


def test_push_tick_and_drop(state: State, radicale: Radicale) -> None:  # noqa: F811
    store = state.store
    name = f"Plan {uuid.uuid4().hex[:6]}"
    url = new_calendar(radicale, name)
    new_calendar(radicale, "Other")  # two calendars or more: the user names one
    assert niquests.put(url + "mine.ics", data=FOREIGN.encode(), auth=AUTH).status_code == 201
    with pytest.raises(InvalidInput, match="choose the calendar"):
        add_plan_calendar(store, 1, radicale.base + "/", user=USER, password=PASSWORD)
    source = add_plan_calendar(
        store, 1, radicale.base + "/", user=USER, calendar=name, password=PASSWORD
    )
    assert source.settings["calendar_url"] == url and PASSWORD not in str(source.settings)
    planned = _planned(state)
    assert len(planned) >= 2, "the seeded network gives a few actions"

    first = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
    assert (first.created, first.updated, first.deleted, first.problems) == (
        len(planned), 0, 0, [],
    )  # fmt: skip
    items = server_items(url)
    mine = {f"tisser-1-{i}@tisser.local" for i in planned}
    assert set(items) == mine | {"my-own-task@phone"}
    names = dict(store.contact_names(1))
    for uid in mine:
        todo = items[uid]
        assert todo.name == "VTODO" and str(todo["status"]) == "NEEDS-ACTION"
        due = todo["due"].dt
        assert isinstance(due, date) and not isinstance(due, datetime)
        assert WEEK <= due <= date(2026, 11, 29)
        a = store.get_action(int(uid.split("-")[2].split("@")[0]), 1)
        if a.contact_id:
            assert names[a.contact_id] in str(todo["summary"])

    again = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(planned))
    assert again.requests == 1  # the listing, nothing else

    ticked, dropped = planned[0], planned[1]
    tick(url, f"tisser-1-{ticked}@tisser.local", datetime(2026, 11, 23, 15, 30, tzinfo=UTC))
    put_off(state, store.get_action(dropped, 1), not_now=True)
    third = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
    assert (third.done, third.deleted, third.created) == (1, 1, 0)
    done = store.get_action(ticked, 1)
    assert done.state == ActionState.DONE and done.done_on == WEEK
    assert done.interaction_id is not None or not done.people
    items = server_items(url)
    assert f"tisser-1-{dropped}@tisser.local" not in items
    assert str(items[f"tisser-1-{ticked}@tisser.local"]["status"]) == "COMPLETED"
    assert str(items["my-own-task@phone"]["summary"]) == "Buy bread"  # never touched
    fourth = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
    assert (fourth.done, fourth.created, fourth.updated, fourth.deleted) == (0, 0, 0, 0)


def test_a_412_half_way_and_a_cut_sync(state: State, radicale: Radicale) -> None:  # noqa: F811
    store = state.store
    url = new_calendar(radicale, "tisser")
    proxy, faults, server = start_proxy(radicale.base)
    try:
        source = add_plan_calendar(
            store, 1, proxy + url.removeprefix(radicale.base), user=USER, password=PASSWORD
        )
        planned = _planned(state)
        faults.put_412_at = 2  # someone else wrote there meanwhile
        first = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
        assert first.created == len(planned) - 1
        assert [p.message for p in first.problems] == [
            "changed on the server meanwhile: read again at the next sync"
        ]
        faults.put_412_at = 0
        second = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
        assert (second.created, second.problems) == (1, [])
        assert len(server_items(url)) == len(planned)
        # a sync cut after its PUTs, before it remembered them: nothing is written twice
        store.update_source(source.id, state={})
        third = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
        assert (third.created, third.problems) == (0, [])
        assert sorted(server_items(url)) == sorted(f"tisser-1-{i}@tisser.local" for i in planned)
    finally:
        server.shutdown()


def test_cli_sources_add_and_sync_in_both_languages(
    state: State,
    radicale: Radicale,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tisser.cli import main

    name = f"Tâches {uuid.uuid4().hex[:6]}"
    url = new_calendar(radicale, name)
    monkeypatch.setenv("TISSER_DB", state.store.url)
    monkeypatch.setenv("TISSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> str:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert code == 0 and "Traceback" not in out + err, err
        return out.replace("\u00a0", " ")

    base = radicale.base + "/"
    out = run("--lang", "en", "sources", "add", "plan-calendar", base, "--user", USER,
              "--calendar", name, "--name", "phone")  # fmt: skip
    assert f"Calendar {name} connected" in out and "tisser sync phone" in out
    planned = _planned(state)
    out = run("--lang", "fr", "sync", "phone")
    assert f"{len(planned)} tâches envoyées" in out and "0 tâche retirée" in out
    tick(url, f"tisser-1-{planned[0]}@tisser.local", datetime(2026, 11, 23, 9, tzinfo=UTC))
    out = run("--lang", "fr", "sync")
    assert "1 action faite depuis le calendrier" in out and "1 tâche mise à jour" in out
    out = run("--lang", "en", "sync")  # the texts are written again in English
    assert f"{len(planned)} tasks updated" in out and "0 actions done from the calendar" in out
    code = main(["--lang", "en", "sources", "add", "plan-calendar", "ftp://x", "--user", USER])
    out, err = capsys.readouterr()
    assert code != 0 and "not a web address" in out + err and "Traceback" not in out + err


def test_web_sources_page_connects_and_syncs(
    state: State,
    radicale: Radicale,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from web_helpers import client_for, post

    fr, en = {"accept-language": "fr-FR"}, {"accept-language": "en-GB"}
    name = f"Agenda {uuid.uuid4().hex[:6]}"
    url = new_calendar(radicale, name)
    client = client_for(state.store)
    page = client.get("/sources", headers=fr).text
    assert "Le plan dans votre calendrier" in page and 'action="/sources/plan-calendar"' in page
    r = post(client, "/sources/plan-calendar", {"url": "ftp://nowhere", "user": USER}, headers=en)
    assert r.status_code == 303
    assert "not a web address" in client.get("/sources", headers=en).text
    form = {"url": radicale.base + "/", "user": USER, "calendar": name, "name": "agenda"}
    assert post(client, "/sources/plan-calendar", form).status_code == 303
    forms = [f for f in client.get("/sources").text.split("<form")[1:] if 'value="agenda"' in f]
    sync_form = next(f for f in forms if 'action="/sources/sync"' in f)
    assert "hx-post" not in sync_form.split(">")[0]  # a plain POST: the sync answers at once
    with monkeypatch.context() as m:
        m.delenv("TISSER_PASSWORD", raising=False)
        m.setattr("tisser.app.capture.stored_secret", lambda source: None)
        post(client, "/sources/sync", {"name": "agenda"}, headers=en)
        assert "no password for agenda" in client.get("/sources", headers=en).text
    monkeypatch.setenv("TISSER_PASSWORD", PASSWORD)
    planned = _planned(state)
    post(client, "/sources/sync", {"name": "agenda"}, headers=fr)
    page = client.get("/sources", headers=fr).text.replace("\u00a0", " ")
    assert f"{len(planned)} tâches envoyées" in page and "Le plan dans un calendrier CalDAV" in page
    assert PASSWORD not in page
    assert set(server_items(url)) == {f"tisser-1-{i}@tisser.local" for i in planned}
    assert f"{len(planned)} tasks sent" in client.get("/sources", headers=en).text


def test_bad_input_is_one_clear_message(state: State, radicale: Radicale) -> None:  # noqa: F811
    from tisser.dav.client import DavError

    store = state.store
    url = new_calendar(radicale, "tisser")
    with pytest.raises(DavError, match="refused the user name or password"):
        add_plan_calendar(store, 1, url, user=USER, password="wrong")
    with pytest.raises(DavError, match="did not answer as a CalDAV server"):
        add_plan_calendar(
            store,
            1,
            radicale.base + f"/{USER}/missing-{uuid.uuid4().hex[:6]}/",
            user=USER,
            password=PASSWORD,
        )
    book = radicale.new_book()  # an address book is no calendar
    with pytest.raises(InvalidInput, match=r"choose the calendar among: .*tisser"):
        add_plan_calendar(store, 1, book, user=USER, calendar="Contacts", password=PASSWORD)
    for bad in ("", "ftp://x", "calendar.example.org"):
        with pytest.raises(InvalidInput, match="not a web address"):
            add_plan_calendar(store, 1, bad, user=USER)
    with pytest.raises(InvalidInput, match="user name"):
        add_plan_calendar(store, 1, url, user=" ")
    assert store.list_sources(1) == []
    # a resource named like tisser's but holding someone else's UID is left alone
    lookalike = FOREIGN.replace("my-own-task@phone", "not-tisser@elsewhere")
    assert niquests.put(url + "tisser-1-999999.ics", data=lookalike.encode(), auth=AUTH).ok
    source = add_plan_calendar(store, 1, url, user=USER)  # no password: found at the sync
    report = sync_plan_calendar(state, source, PASSWORD)
    assert (report.created, report.deleted, report.problems) == (len(_planned(state)), 0, [])
    items = server_items(url)
    assert str(items["not-tisser@elsewhere"]["summary"]) == "Buy bread"
    assert sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD).deleted == 0


def test_kill_9_during_a_push(state: State, radicale: Radicale) -> None:  # noqa: F811
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    store = state.store
    url = new_calendar(radicale, "tisser")
    proxy, faults, server = start_proxy(radicale.base)
    try:
        source = add_plan_calendar(
            store, 1, proxy + url.removeprefix(radicale.base), user=USER, password=PASSWORD
        )
        planned = _planned(state)
        faults.hang_put_at = 2
        env = {**os.environ, "TISSER_DB": store.url, "TISSER_PASSWORD": PASSWORD,
               "PYTHONPATH": os.pathsep.join(sys.path)}  # fmt: skip
        child = subprocess.Popen(
            [str(Path(sys.executable).parent / "tisser"), "sync", source.name], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while faults.puts < 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert faults.puts >= 2, "the sync did not reach its second write"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        faults.hang_put_at = 0
        assert len(server_items(url)) == 1
        report = sync_plan_calendar(state, store.get_source(1, source.name), PASSWORD)
        assert (report.created, report.problems) == (len(planned) - 1, [])
        assert sorted(server_items(url)) == sorted(f"tisser-1-{i}@tisser.local" for i in planned)
    finally:
        server.shutdown()
