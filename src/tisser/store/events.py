"""Events, clubs and associations: the catalogue, who goes, attendances and follow-ups.

The catalogue entries (:class:`tisser.core.events.Event`) live in ``events``; the user's
contacts linked to an entry in ``event_contacts`` with a role — ``goes`` (attends),
``want`` (to meet there, with why), ``met`` (a new contact met there) and ``seen`` (a known
one seen there), these two once per occurrence attended; the occurrences attended in
``event_attendances``; the actions owed to people met in ``event_followups``. Every query
filters on ``owner_id``; deleting a contact or an entry cascades to these rows (foreign keys).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.event_results import Attendance, FollowUp
from tisser.core.events import Event, EventKind, Format, check_event
from tisser.core.names import fold
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import aware, chunks, enum_of, new_id, now, value_of
from tisser.store.schema import event_attendances, event_contacts, event_followups, events

ROLES = ("goes", "want", "met", "seen")


def _row(e: Event) -> dict[str, Any]:
    return {
        "owner_id": e.owner_id,
        "title": e.title.strip(),
        "title_fold": fold(e.title),
        "kind": e.kind.value,
        "starts_at": aware(e.starts_at, "starts_at") if e.starts_at else None,
        "rrule": e.rrule.strip(),
        "duration_minutes": e.duration_minutes,
        "travel_minutes": e.travel_minutes,
        "place": e.place,
        "city": e.city,
        "organizer": e.organizer,
        "url": e.url,
        "entry_fee": float(e.entry_fee),
        "yearly_fee": float(e.yearly_fee),
        "sectors": list(e.sectors),
        "functions": list(e.functions),
        "profiles": list(e.profiles),
        "expected_size": e.expected_size,
        "format": value_of(e.format),
        "can_bring": list(e.can_bring),
        "membership_id": e.membership_id,
        "attend_count": e.attend_count,
        "notes": e.notes,
        "uid": e.uid,
    }


def _event(r: Any) -> Event:
    return Event(
        id=r.id,
        owner_id=r.owner_id,
        title=r.title,
        kind=EventKind(r.kind),
        starts_at=r.starts_at,
        rrule=r.rrule,
        duration_minutes=r.duration_minutes,
        travel_minutes=r.travel_minutes,
        place=r.place,
        city=r.city,
        organizer=r.organizer,
        url=r.url,
        entry_fee=r.entry_fee,
        yearly_fee=r.yearly_fee,
        sectors=list(r.sectors or []),
        functions=list(r.functions or []),
        profiles=list(r.profiles or []),
        expected_size=r.expected_size,
        format=enum_of(Format, r.format),
        can_bring=list(r.can_bring or []),
        membership_id=r.membership_id,
        attend_count=r.attend_count,
        notes=r.notes,
        uid=r.uid,
    )


class EventsMixin(StoreBase):
    """The events catalogue and what happens around each entry."""

    # --- catalogue ------------------------------------------------------------------------

    def _check_membership(self, conn: sa.Connection, e: Event) -> None:
        if e.membership_id is None:
            return
        owner = conn.execute(
            sa.select(events.c.owner_id).where(events.c.id == e.membership_id)
        ).scalar()
        if owner != e.owner_id or e.membership_id == e.id:
            raise NotFound(N_("no event #{id}"), id=e.membership_id)

    def _write_links(self, conn: sa.Connection, e: Event) -> None:
        assert e.id is not None
        check_contacts(conn, set(e.attendee_ids) | set(e.wanted), e.owner_id)
        ec = event_contacts
        conn.execute(ec.delete().where(ec.c.event_id == e.id, ec.c.role.in_(("goes", "want"))))
        rows = [
            {"event_id": e.id, "contact_id": c, "role": "goes", "owner_id": e.owner_id}
            for c in dict.fromkeys(e.attendee_ids)
        ] + [
            {"event_id": e.id, "contact_id": c, "role": "want", "owner_id": e.owner_id, "note": n}
            for c, n in e.wanted.items()
        ]
        for chunk in chunks(rows):
            conn.execute(ec.insert(), [{"day": None, "note": "", **r} for r in chunk])

    def add_event(self, event: Event) -> Event:
        """Store a new catalogue entry with its contacts; return it with its id."""
        check_event(event)
        self._ensure_owners_once(event.owner_id)
        with self._conn() as conn:
            self._check_membership(conn, event)
            moment = now()
            event_id = new_id(
                conn.execute(
                    events.insert().values(**_row(event), created_at=moment, updated_at=moment)
                )
            )
            event.id = event_id
            self._write_links(conn, event)
        return self.get_event(event_id, event.owner_id)

    def _ensure_owners_once(self, owner_id: int) -> None:
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})

    def update_event(self, event: Event) -> Event:
        """Replace an entry's fields and its contacts who go or are wanted."""
        assert event.id is not None
        check_event(event)
        with self._conn() as conn:
            self._fetch(conn, event.id, event.owner_id)
            self._check_membership(conn, event)
            conn.execute(
                events.update()
                .where(events.c.id == event.id, events.c.owner_id == event.owner_id)
                .values(**_row(event), updated_at=now())
            )
            self._write_links(conn, event)
        return self.get_event(event.id, event.owner_id)

    def _fetch(self, conn: sa.Connection, event_id: int, owner_id: int) -> Any:
        r = conn.execute(
            sa.select(events).where(events.c.id == event_id, events.c.owner_id == owner_id)
        ).first()
        if r is None:
            raise NotFound(N_("no event #{id}"), hint=N_("see `tisser events list`"), id=event_id)
        return r

    def _with_links(self, conn: sa.Connection, found: list[Event], owner_id: int) -> list[Event]:
        if not found:
            return found
        ec = event_contacts
        by_id = {e.id: e for e in found}
        stmt = sa.select(ec.c.event_id, ec.c.contact_id, ec.c.role, ec.c.note).where(
            ec.c.owner_id == owner_id, ec.c.role.in_(("goes", "want"))
        )
        if len(by_id) < 500:
            stmt = stmt.where(ec.c.event_id.in_(list(by_id)))
        for event_id, contact_id, role, note in conn.execute(
            stmt.order_by(ec.c.event_id, ec.c.contact_id)
        ):
            e = by_id.get(event_id)
            if e is None:
                continue
            if role == "goes":
                e.attendee_ids.append(contact_id)
            else:
                e.wanted[contact_id] = note
        return found

    def get_event(self, event_id: int, owner_id: int = 1) -> Event:
        """One entry with its contacts; NotFound if it is not the owner's."""
        with self._conn() as conn:
            return self._with_links(
                conn, [_event(self._fetch(conn, event_id, owner_id))], owner_id
            )[0]

    def list_events(self, owner_id: int = 1) -> list[Event]:
        """Every entry of the owner, by start then title (undated ones last)."""
        stmt = (
            sa.select(events)
            .where(events.c.owner_id == owner_id)
            .order_by(events.c.starts_at.is_(None), events.c.starts_at, events.c.title_fold)
        )
        with self._conn() as conn:
            return self._with_links(conn, [_event(r) for r in conn.execute(stmt)], owner_id)

    def find_events(self, text: str, owner_id: int = 1) -> list[Event]:
        """Entries whose title is ``text`` (folded), else starts with it, else contains it."""
        key = fold(text)
        if not key:
            return []
        rows = [
            (r.id, r.title_fold)
            for r in self._conn_rows(
                sa.select(events.c.id, events.c.title_fold).where(events.c.owner_id == owner_id)
            )
        ]
        for test in (
            lambda t: t == key,
            lambda t: t.startswith(key),
            lambda t: key in t,
        ):
            ids = [i for i, t in rows if test(t)]
            if ids:
                return [self.get_event(i, owner_id) for i in ids]
        return []

    def _conn_rows(self, stmt: Any) -> list[Any]:
        with self._conn() as conn:
            return list(conn.execute(stmt))

    def delete_event(self, event_id: int, owner_id: int = 1) -> Event:
        """Erase an entry with its attendances, contacts' links and follow-ups."""
        with self._conn() as conn:
            gone = self._with_links(conn, [_event(self._fetch(conn, event_id, owner_id))], owner_id)
            conn.execute(
                events.update()
                .where(events.c.owner_id == owner_id, events.c.membership_id == event_id)
                .values(membership_id=None)
            )
            conn.execute(
                events.delete().where(events.c.id == event_id, events.c.owner_id == owner_id)
            )
        return gone[0]

    def event_by_uid(self, uid: str, owner_id: int = 1) -> Event | None:
        """The entry imported with this calendar UID, if any."""
        if not uid:
            return None
        with self._conn() as conn:
            r = conn.execute(
                sa.select(events).where(events.c.owner_id == owner_id, events.c.uid == uid)
            ).first()
            return self._with_links(conn, [_event(r)], owner_id)[0] if r else None

    # --- people met, attendances, follow-ups -----------------------------------------------

    def link_event_contact(
        self, event_id: int, contact_id: int, role: str, day: date | None = None, owner_id: int = 1
    ) -> None:
        """Record that a contact goes, is wanted, was met or was seen at an entry.

        ``goes`` and ``want`` are one row per contact; ``met`` and ``seen`` one per day
        (the occurrence), so a club's regulars are counted each time they are seen.
        """
        if role not in ROLES:
            raise InvalidInput(N_("unknown role {role!r}"), role=role)
        ec = event_contacts
        with self._conn() as conn:
            self._fetch(conn, event_id, owner_id)
            check_contacts(conn, {contact_id}, owner_id)
            same_day = ec.c.day.is_(None) if day is None else ec.c.day == day
            conn.execute(
                ec.delete().where(
                    ec.c.event_id == event_id,
                    ec.c.contact_id == contact_id,
                    ec.c.role == role,
                    same_day if role in ("met", "seen") else sa.true(),
                )
            )
            conn.execute(
                ec.insert().values(
                    event_id=event_id,
                    contact_id=contact_id,
                    role=role,
                    owner_id=owner_id,
                    day=day,
                    note="",
                )
            )

    def event_people(
        self, role: str, owner_id: int = 1
    ) -> dict[int, list[tuple[int, date | None]]]:
        """For each entry, its contacts with ``role`` and the day (met or seen)."""
        ec = event_contacts
        out: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
        for event_id, contact_id, day in self._conn_rows(
            sa.select(ec.c.event_id, ec.c.contact_id, ec.c.day)
            .where(ec.c.owner_id == owner_id, ec.c.role == role)
            .order_by(ec.c.event_id, ec.c.contact_id, ec.c.day)
        ):
            out[event_id].append((contact_id, day))
        return dict(out)

    def record_attendance(self, event_id: int, day: date, owner_id: int = 1) -> bool:
        """Note that the user went to the entry on ``day``; False if already noted."""
        ea = event_attendances
        with self._conn() as conn:
            self._fetch(conn, event_id, owner_id)
            if conn.execute(
                sa.select(ea.c.id).where(ea.c.event_id == event_id, ea.c.day == day)
            ).first():
                return False
            conn.execute(ea.insert().values(event_id=event_id, owner_id=owner_id, day=day))
        return True

    def attendances(self, owner_id: int = 1) -> list[Attendance]:
        """Every occurrence attended, with the contacts seen or met there that day."""
        ea = event_attendances
        seen: dict[tuple[int, date | None], list[int]] = defaultdict(list)
        for role in ("seen", "met"):
            for event_id, people in self.event_people(role, owner_id).items():
                for cid, day in people:
                    seen[(event_id, day)].append(cid)
        return [
            Attendance(r.id, owner_id, r.event_id, r.day, sorted(seen.get((r.event_id, r.day), [])))
            for r in self._conn_rows(
                sa.select(ea).where(ea.c.owner_id == owner_id).order_by(ea.c.day, ea.c.event_id)
            )
        ]

    def add_followups(self, items: Sequence[FollowUp]) -> list[FollowUp]:
        """Store follow-up actions (each with its due date); return them with their ids."""
        out = []
        with self._conn() as conn:
            for f in items:
                if f.due_on is None:
                    raise InvalidInput(N_("a follow-up needs a due date"))
                self._fetch(conn, f.event_id, f.owner_id)
                check_contacts(conn, {f.contact_id}, f.owner_id)
                f.id = new_id(
                    conn.execute(
                        event_followups.insert().values(
                            owner_id=f.owner_id,
                            event_id=f.event_id,
                            contact_id=f.contact_id,
                            action=f.action,
                            due_on=f.due_on,
                            done_on=f.done_on,
                            created_at=now(),
                        )
                    )
                )
                out.append(f)
        return out

    def followups(
        self, owner_id: int = 1, open_only: bool = False, due_by: date | None = None
    ) -> list[FollowUp]:
        """Follow-ups by due date; ``open_only`` leaves out the done ones. The plan reads
        ``followups(owner, open_only=True, due_by=end_of_week)``."""
        ef = event_followups
        stmt = sa.select(ef).where(ef.c.owner_id == owner_id)
        if open_only:
            stmt = stmt.where(ef.c.done_on.is_(None))
        if due_by is not None:
            stmt = stmt.where(ef.c.due_on <= due_by)
        return [
            FollowUp(r.id, r.owner_id, r.event_id, r.contact_id, r.action, r.due_on, r.done_on)
            for r in self._conn_rows(stmt.order_by(ef.c.due_on, ef.c.id))
        ]

    def complete_followups(self, ids: Iterable[int], day: date, owner_id: int = 1) -> int:
        """Mark follow-ups done on ``day``; the number changed."""
        ef = event_followups
        with self._conn() as conn:
            return int(
                conn.execute(
                    ef.update()
                    .where(ef.c.owner_id == owner_id, ef.c.id.in_(list(ids)))
                    .values(done_on=day)
                ).rowcount
            )

    def reset_events(self, owner_id: int = 1) -> None:
        """Erase every events record of the owner (:meth:`Store.reset` calls it)."""
        with self._conn() as conn:
            conn.execute(event_followups.delete().where(event_followups.c.owner_id == owner_id))
            conn.execute(event_contacts.delete().where(event_contacts.c.owner_id == owner_id))
            conn.execute(event_attendances.delete().where(event_attendances.c.owner_id == owner_id))
            conn.execute(
                events.update().where(events.c.owner_id == owner_id).values(membership_id=None)
            )
            conn.execute(events.delete().where(events.c.owner_id == owner_id))
