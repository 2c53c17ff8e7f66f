"""The events store on SQLite and PostgreSQL: catalogue, people, attendances, follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tisser.core.errors import InvalidInput, NotFound
from tisser.core.event_results import FollowUp
from tisser.core.events import Event, EventKind, Format
from tisser.core.model import Contact
from tisser.store import Store

PARIS = ZoneInfo("Europe/Paris")


def _people(store: Store, owner: int = 1) -> list[int]:
    return [
        store.add_contact(Contact(owner_id=owner, given_name=g, family_name=f)).id or 0
        for g, f in (("Claire", "Dubois"), ("Karim", "Benali"), ("Anaïs", "Bénard"))
    ]


def test_catalogue_round_trip(store: Store) -> None:
    a, b, c = _people(store)
    club = store.add_event(Event(title="Club DirCom", kind=EventKind.CLUB, yearly_fee=250.0))
    start = datetime(2026, 12, 3, 18, 30, tzinfo=PARIS)
    saved = store.add_event(
        Event(
            title="Afterwork French Tech",
            kind=EventKind.AFTERWORK,
            starts_at=start,
            rrule="FREQ=MONTHLY;BYDAY=1TH",
            duration_minutes=150,
            travel_minutes=40,
            city="Bordeaux",
            entry_fee=15.5,
            sectors=["tech", "vin"],
            functions=["CMO"],
            profiles=["fondateurs"],
            expected_size=120,
            format=Format.BIG_ROOM,
            can_bring=["talk"],
            membership_id=club.id,
            attend_count=6,
            attendee_ids=[b, a],
            wanted={c: "parler export"},
        )
    )
    got = store.get_event(saved.id or 0)
    assert got.starts_at == start
    assert got.starts_at is not None and got.starts_at.utcoffset() is not None
    assert (got.rrule, got.entry_fee, got.format, got.membership_id) == (
        "FREQ=MONTHLY;BYDAY=1TH", 15.5, Format.BIG_ROOM, club.id)  # fmt: skip
    assert sorted(got.attendee_ids) == sorted([a, b])
    assert got.wanted == {c: "parler export"}
    assert [e.title for e in store.find_events("afterwork")] == ["Afterwork French Tech"]
    assert [e.title for e in store.find_events("club dircom")] == ["Club DirCom"]
    assert store.find_events("nothing like it") == []
    got.attendee_ids = [c]
    got.wanted = {}
    got.title = "Afterwork FT"
    updated = store.update_event(got)
    assert (updated.title, updated.attendee_ids, updated.wanted) == ("Afterwork FT", [c], {})
    assert [e.title for e in store.list_events()] == ["Afterwork FT", "Club DirCom"]
    store.delete_event(club.id or 0)
    assert store.get_event(saved.id or 0).membership_id is None


def test_bad_values_and_other_owners(store: Store) -> None:
    (a, _b, _c) = _people(store)
    with pytest.raises(InvalidInput):
        store.add_event(Event(title="x", duration_minutes=-5))
    with pytest.raises(NotFound):
        store.add_event(Event(title="x", attendee_ids=[a + 100]))
    mine = store.add_event(Event(title="Mine"))
    with pytest.raises(NotFound):
        store.get_event(mine.id or 0, owner_id=2)
    with pytest.raises(NotFound):
        store.add_event(Event(owner_id=2, title="Theirs", attendee_ids=[a]))
    assert store.list_events(owner_id=2) == []


def test_people_met_attendances_followups_and_erasure(store: Store) -> None:
    a, b, c = _people(store)
    ev = store.add_event(Event(title="Salon", attendee_ids=[a]))
    eid = ev.id or 0
    assert store.record_attendance(eid, date(2026, 11, 20))
    assert not store.record_attendance(eid, date(2026, 11, 20))
    store.link_event_contact(eid, b, "met", date(2026, 11, 20))
    store.link_event_contact(eid, a, "seen", date(2026, 11, 20))
    with pytest.raises(InvalidInput):
        store.link_event_contact(eid, a, "friend")
    done = store.add_followups(
        [
            FollowUp(event_id=eid, contact_id=b, action="note", due_on=date(2026, 11, 22)),
            FollowUp(event_id=eid, contact_id=a, action="note", due_on=date(2026, 11, 22)),
        ]
    )
    assert store.complete_followups([done[0].id or 0], date(2026, 11, 21)) == 1
    assert [f.contact_id for f in store.followups(open_only=True)] == [a]
    assert store.followups(due_by=date(2026, 11, 21)) == []
    (att,) = store.attendances()
    assert (att.event_id, att.day, att.seen_ids) == (eid, date(2026, 11, 20), sorted([a, b]))
    # A regular is seen at each occurrence: one row per day, the same day once.
    store.record_attendance(eid, date(2026, 12, 18))
    store.link_event_contact(eid, a, "seen", date(2026, 12, 18))
    store.link_event_contact(eid, a, "seen", date(2026, 12, 18))
    assert store.event_people("seen") == {eid: [(a, date(2026, 11, 20)), (a, date(2026, 12, 18))]}
    assert [x.seen_ids for x in store.attendances()] == [sorted([a, b]), [a]]
    # Erasing a contact erases their traces here too.
    store.delete_contact(b)
    assert store.event_people("met") == {}
    assert [f.contact_id for f in store.followups()] == [a]
    # Deleting the event removes attendances, links and follow-ups.
    store.delete_event(eid)
    assert (store.attendances(), store.followups(), store.event_people("seen")) == ([], [], {})
    assert c


def test_reset_erases_events(store: Store) -> None:
    (a, _b, _c) = _people(store)
    ev = store.add_event(Event(title="Salon", attendee_ids=[a]))
    store.record_attendance(ev.id or 0, date(2026, 1, 5))
    store.add_event(Event(owner_id=2, title="Other owner's"))
    store.reset(1)
    assert store.list_events() == [] and store.attendances() == []
    assert [e.title for e in store.list_events(owner_id=2)] == ["Other owner's"]


def test_uid_lookup(store: Store) -> None:
    store.add_event(Event(title="From ics", uid="abc@club"))
    found = store.event_by_uid("abc@club")
    assert found is not None and found.title == "From ics"
    assert store.event_by_uid("") is None
