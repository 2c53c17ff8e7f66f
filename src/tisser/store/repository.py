"""The store: every read and write of tisser's records, on SQLite or PostgreSQL.

SQLAlchemy Core throughout (no ORM objects per row): the core dataclasses go in and come
out. Every query filters on ``owner_id``. Every database failure that can reach a user is
wrapped in :class:`~tisser.core.errors.StoreError`.

Units of work: each public method runs in its own transaction, unless called inside
:meth:`Store.transaction`, in which case it joins that transaction and everything commits or
rolls back together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from tisser.core import names
from tisser.core.errors import N_, InvalidInput, NotFound, StoreError, TisserError
from tisser.core.model import (
    Channel,
    Circle,
    Contact,
    Energy,
    HelpDirection,
    Interaction,
    Link,
    Profile,
    RelationalProfile,
    User,
)
from tisser.store import search as fts
from tisser.store.migrations import upgrade_head
from tisser.store.schema import (
    SCHEMA_REVISION,
    contact_emails,
    contact_name_keys,
    contact_phones,
    contact_tags,
    contacts,
    interaction_contacts,
    interactions,
    links,
    profiles,
    users,
)

try:  # psycopg is optional (the "postgres" extra)
    import psycopg

    _DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
except ImportError:  # pragma: no cover
    _DRIVER_ERRORS = (sqlite3.Error,)

BATCH = 5000
# Above this many contacts, children rows are fetched for the whole owner, not by id list.
_IN_LIST_MAX = 500
# names.sort_key uses NUL, which PostgreSQL text cannot hold: stored as fts.SORT_SEP.
SORT_SEP = fts.SORT_SEP


@dataclass
class ContactFilter:
    """What :meth:`Store.list_contacts` and :meth:`Store.count_contacts` keep."""

    circles: list[Circle] | None = None
    include_archived: bool = False
    tag: str | None = None
    category: str | None = None
    sector: str | None = None
    city: str | None = None
    relational_profile: RelationalProfile | None = None
    not_seen_since: date | None = None
    limit: int | None = None
    offset: int = 0


@dataclass
class SearchHit:
    """One search result: the contact, its rank (higher is better), the field that matched."""

    contact: Contact
    rank: float
    snippet: str


@dataclass
class ErasureReport:
    """What :meth:`Store.delete_contact` erased."""

    contact_name: str
    interactions_deleted: int
    interactions_detached: int
    links_deleted: int
    references_cleared: int


# --- errors ------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def _wrap(exc: BaseException, url: str) -> StoreError:
    reason = _reason(exc)
    low = reason.lower()
    if "locked" in low or "busy" in low:
        hint = N_("another program is writing to the database; try again in a moment")
    elif "not a database" in low or "malformed" in low or "file is encrypted" in low:
        hint = N_("this file is not a tisser database; restore a backup or choose another --db")
    elif "unable to open" in low or "readonly" in low or "permission" in low:
        hint = N_("check the file exists and you may read and write it, or choose another --db")
    elif "connect" in low or "connection" in low or "server" in low:
        hint = N_("check the PostgreSQL server is running and the URL is right")
    else:
        hint = N_("if it persists, restore a backup made with `tisser backup`")
    return StoreError(
        N_("database error on {url}: {reason}"), hint=hint, url=_safe_url(url), reason=reason
    )


def _safe_url(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


@contextlib.contextmanager
def _wrapped(url: str) -> Iterator[None]:
    try:
        yield
    except TisserError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise _wrap(exc, url) from exc
    except _DRIVER_ERRORS as exc:
        raise _wrap(exc, url) from exc


# --- opening -----------------------------------------------------------------------------


def _sqlite_path(url: sa.URL) -> Path | None:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            try:
                cur.execute("PRAGMA busy_timeout = 30000")
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                cur.execute("PRAGMA foreign_keys = ON")
                cur.execute("PRAGMA secure_delete = ON")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            conn.exec_driver_sql("BEGIN")

        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def _current_revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def open_store(url: str) -> Store:
    """Open (creating if needed) the database at ``url``, migrate it to head, return a Store.

    Any failure (unreadable file, not a database, server down, bad URL) is a StoreError.
    """
    try:
        engine = _make_engine(url)
    except TisserError:
        raise
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as exc:
        raise StoreError(
            N_("cannot use the database address {url}: {reason}"),
            hint=N_("give a file path, or a URL such as postgresql://user@host/tisser"),
            url=url,
            reason=_reason(exc),
        ) from exc
    except OSError as exc:
        raise StoreError(
            N_("cannot create the database at {url}: {reason}"),
            hint=N_("choose another place with --db or TISSER_DB"),
            url=url,
            reason=exc.strerror or str(exc),
        ) from exc
    try:
        with _wrapped(url), engine.begin() as conn:
            if _current_revision(conn) != SCHEMA_REVISION:
                upgrade_head(conn)
    except TisserError:
        engine.dispose()
        raise
    except Exception as exc:  # alembic CommandError: a revision this tisser does not know
        engine.dispose()
        raise StoreError(
            N_("cannot migrate the database {url}: {reason}"),
            hint=N_("it may come from a newer tisser; upgrade tisser or restore a backup"),
            url=_safe_url(url),
            reason=_reason(exc),
        ) from exc
    return Store(engine, url)


# --- row <-> dataclass ---------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None, what: str) -> datetime:
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            N_("{what} needs a date and time with a time zone"),
            hint=N_("this is a bug in the caller: pass a timezone-aware datetime"),
            what=what,
        )
    return moment.astimezone(UTC)


def _name_key(text: str) -> str:
    return " ".join(names.fold(text).replace(",", " ").split())


def _name_keys(c: Contact) -> set[str]:
    family = names.join_name("", c.particle, c.family_name)
    keys = {
        _name_key(c.display_name),
        _name_key(names.join_name(c.given_name, "", c.family_name)),
        _name_key(f"{c.family_name} {c.given_name}"),
        _name_key(f"{family} {c.given_name}"),
    }
    keys.discard("")
    return keys


def _unique_folded(values: Sequence[str]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for v in values:
        v = v.strip()
        f = names.fold(v)
        if f and f not in seen:
            seen[f] = v
    return [(v, f) for f, v in seen.items()]


def _contact_row(c: Contact) -> dict[str, Any]:
    return {
        "owner_id": c.owner_id,
        "given_name": c.given_name,
        "particle": c.particle,
        "family_name": c.family_name,
        "organization": c.organization,
        "position": c.position,
        "sector": c.sector,
        "function": c.function,
        "seniority": c.seniority,
        "gender": c.gender,
        "city": c.city,
        "country": c.country,
        "linkedin": c.linkedin,
        "x_handle": c.x_handle,
        "website": c.website,
        "met_on": c.met_on,
        "met_how": c.met_how,
        "met_channel": c.met_channel.value if c.met_channel is not None else None,
        "met_through_id": c.met_through_id,
        "relational_profile": (
            c.relational_profile.value if c.relational_profile is not None else None
        ),
        "energy": c.energy.value if c.energy is not None else None,
        "circle": int(c.circle),
        "closeness": c.closeness,
        "notes": c.notes,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "sort_key": c.sort_key.replace("\x00", SORT_SEP),
        "sector_fold": names.fold(c.sector),
        "city_fold": names.fold(c.city),
        "search_text": fts.search_text(c),
    }


def _child_rows(
    cid: int, c: Contact
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    o = c.owner_id
    emails = [
        {"contact_id": cid, "owner_id": o, "position": i, "email": e, "email_fold": f}
        for i, (e, f) in enumerate(_unique_folded(c.emails))
    ]
    phones = [
        {"contact_id": cid, "owner_id": o, "position": i, "phone": p.strip()}
        for i, p in enumerate(dict.fromkeys(p for p in c.phones if p.strip()))
    ]
    tags = [
        {"contact_id": cid, "owner_id": o, "kind": kind, "position": i, "value": v, "folded": f}
        for kind, values in (("tag", c.tags), ("category", c.categories))
        for i, (v, f) in enumerate(_unique_folded(values))
    ]
    keys = [{"contact_id": cid, "owner_id": o, "key": k} for k in sorted(_name_keys(c))]
    return emails, phones, tags, keys


def _enum(kind: Any, value: Any) -> Any:
    return kind(value) if value is not None else None


def _contact_from(
    r: sa.Row[Any], emails: list[str], phones: list[str], tags: list[str], cats: list[str]
) -> Contact:
    return Contact(
        id=r.id,
        owner_id=r.owner_id,
        given_name=r.given_name,
        particle=r.particle,
        family_name=r.family_name,
        organization=r.organization,
        position=r.position,
        sector=r.sector,
        function=r.function,
        seniority=r.seniority,
        gender=r.gender,
        city=r.city,
        country=r.country,
        emails=emails,
        phones=phones,
        linkedin=r.linkedin,
        x_handle=r.x_handle,
        website=r.website,
        met_on=r.met_on,
        met_how=r.met_how,
        met_channel=_enum(Channel, r.met_channel),
        met_through_id=r.met_through_id,
        relational_profile=_enum(RelationalProfile, r.relational_profile),
        energy=_enum(Energy, r.energy),
        circle=Circle(r.circle),
        categories=cats,
        tags=tags,
        closeness=r.closeness,
        notes=r.notes,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


_CONTACT_COLS = [c for c in contacts.c if c.name not in ("search_text", "sector_fold", "city_fold")]


def _interaction_row(i: Interaction, iid: int | None = None) -> dict[str, Any]:
    row = {
        "owner_id": i.owner_id,
        "occurred_at": i.occurred_at,
        "channel": Channel(i.channel).value,
        "direction": HelpDirection(i.direction).value,
        "gave": i.gave,
        "received": i.received,
        "about": i.about,
        "outcome": i.outcome,
    }
    if iid is not None:
        row["id"] = iid
    return row


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _chunks(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# --- the store -----------------------------------------------------------------------------


class Store:
    """tisser's records in one database. Open it with :func:`open_store`."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect: str = engine.dialect.name
        self._local = threading.local()
        self._known_owners: set[int] = set()
        self._unaccent: bool | None = None

    def __repr__(self) -> str:
        return f"Store({_safe_url(self.url)!r})"

    def close(self) -> None:
        """Close every connection of the store."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- units of work --------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work: store calls inside it commit or roll back together.

        Yields a SQLAlchemy Session bound to the transaction's connection. Nested calls join
        the outer transaction.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        self._local.after_commit = []
        try:
            with _wrapped(self.url), Session(self.engine) as session, session.begin():
                self._local.session = session
                try:
                    yield session
                finally:
                    self._local.session = None
            for action in self._local.after_commit:
                action()
        finally:
            self._local.after_commit = []

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sa.Connection]:
        session: Session | None = getattr(self._local, "session", None)
        if session is not None:
            yield session.connection()
            return
        with _wrapped(self.url), self.engine.begin() as conn:
            yield conn

    def _after_commit(self, action: Callable[[], None]) -> None:
        if getattr(self._local, "session", None) is not None:
            self._local.after_commit.append(action)
        else:
            action()

    # --- owner & profile --------------------------------------------------------------------

    def ensure_owner(self, owner_id: int = 1, name: str = "") -> User:
        """The user ``owner_id``, created if missing (its name updated when one is given)."""
        with self._conn() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == owner_id)).first()
            if row is None:
                conn.execute(
                    users.insert().values(id=owner_id, name=name, email="", created_at=_now())
                )
                self._fix_sequence(conn, "users")
            elif name and row.name != name:
                conn.execute(users.update().where(users.c.id == owner_id).values(name=name))
            row = conn.execute(sa.select(users).where(users.c.id == owner_id)).one()
        self._known_owners.add(owner_id)
        return User(id=row.id, name=row.name, email=row.email, created_at=row.created_at)

    def _ensure_owners(self, conn: sa.Connection, owner_ids: set[int]) -> None:
        missing = owner_ids - self._known_owners
        if not missing:
            return
        found = set(conn.scalars(sa.select(users.c.id).where(users.c.id.in_(missing))))
        for oid in sorted(missing - found):
            conn.execute(users.insert().values(id=oid, name="", email="", created_at=_now()))
        if missing - found:
            self._fix_sequence(conn, "users")
        self._known_owners.update(missing)

    def _fix_sequence(self, conn: sa.Connection, table: str) -> None:
        if self.dialect == "postgresql":
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )

    def get_profile(self, owner_id: int = 1) -> Profile | None:
        """The owner's own profile, or None before ``tisser init``."""
        with self._conn() as conn:
            r = conn.execute(sa.select(profiles).where(profiles.c.owner_id == owner_id)).first()
        if r is None:
            return None
        return Profile(
            owner_id=r.owner_id,
            given_name=r.given_name,
            family_name=r.family_name,
            headline=r.headline,
            organization=r.organization,
            sector=r.sector,
            function=r.function,
            seniority=r.seniority,
            city=r.city,
            country=r.country,
            relational_profile=_enum(RelationalProfile, r.relational_profile),
            energy=_enum(Energy, r.energy),
            weekly_budget_minutes=r.weekly_budget_minutes,
            values=list(r.values or []),
            skills=list(r.skills or []),
            pitch=r.pitch,
            language=r.language,
        )

    def save_profile(self, profile: Profile) -> Profile:
        """Create or replace the owner's profile."""
        row = dataclasses.asdict(profile)
        row["relational_profile"] = (
            profile.relational_profile.value if profile.relational_profile is not None else None
        )
        row["energy"] = profile.energy.value if profile.energy is not None else None
        row["values"] = list(profile.values)
        row["skills"] = list(profile.skills)
        with self._conn() as conn:
            self._ensure_owners(conn, {profile.owner_id})
            done = conn.execute(
                profiles.update().where(profiles.c.owner_id == profile.owner_id).values(row)
            ).rowcount
            if not done:
                conn.execute(profiles.insert().values(row))
        saved = self.get_profile(profile.owner_id)
        assert saved is not None
        return saved

    # --- contacts ------------------------------------------------------------------------

    def _check_contacts(self, conn: sa.Connection, ids: set[int], owner_id: int) -> None:
        if not ids:
            return
        found: set[int] = set()
        for chunk in _chunks(sorted(ids)):
            # by primary key, owner checked in Python (see search)
            found.update(
                cid
                for cid, owner in conn.execute(
                    sa.select(contacts.c.id, contacts.c.owner_id).where(contacts.c.id.in_(chunk))
                )
                if owner == owner_id
            )
        missing = sorted(ids - found)
        if missing:
            raise NotFound(
                N_("no contact #{id}"),
                hint=N_("list contacts with `tisser list --all`"),
                id=", #".join(str(i) for i in missing),
            )

    def _insert_children(self, conn: sa.Connection, rows: list[tuple[int, Contact]]) -> None:
        emails: list[dict[str, Any]] = []
        phones: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        keys: list[dict[str, Any]] = []
        for cid, c in rows:
            e, p, t, k = _child_rows(cid, c)
            emails += e
            phones += p
            tags += t
            keys += k
        for table, data in (
            (contact_emails, emails),
            (contact_phones, phones),
            (contact_tags, tags),
            (contact_name_keys, keys),
        ):
            for chunk in _chunks(data):
                conn.execute(table.insert(), list(chunk))

    def _delete_children(self, conn: sa.Connection, cid: int) -> None:
        for table in (contact_emails, contact_phones, contact_tags, contact_name_keys):
            conn.execute(table.delete().where(table.c.contact_id == cid))

    def add_contact(self, c: Contact) -> Contact:
        """Save a new contact; returns a copy with its id and timestamps."""
        now = _now()
        new = dataclasses.replace(c, id=None, created_at=now, updated_at=now)
        with self._conn() as conn:
            self._ensure_owners(conn, {c.owner_id})
            if c.met_through_id is not None:
                self._check_contacts(conn, {c.met_through_id}, c.owner_id)
            row = _contact_row(new)
            cid = _new_id(conn.execute(contacts.insert().values(row)))
            self._insert_children(conn, [(cid, new)])
            fts.fts_insert(conn, [(cid, row["search_text"], new)])
            return self._get(conn, cid, c.owner_id)

    def update_contact(self, c: Contact) -> Contact:
        """Replace a contact's fields; NotFound if the owner has no contact with that id."""
        if c.id is None:
            raise NotFound(N_("no contact #{id}"), id="?")
        with self._conn() as conn:
            old = self._get(conn, c.id, c.owner_id)
            if c.met_through_id is not None:
                if c.met_through_id == c.id:
                    raise InvalidInput(N_("a contact cannot introduce themselves"))
                self._check_contacts(conn, {c.met_through_id}, c.owner_id)
            new = dataclasses.replace(c, created_at=old.created_at, updated_at=_now())
            row = _contact_row(new)
            conn.execute(
                contacts.update()
                .where(contacts.c.id == c.id, contacts.c.owner_id == c.owner_id)
                .values(row)
            )
            self._delete_children(conn, c.id)
            self._insert_children(conn, [(c.id, new)])
            fts.fts_delete(conn, [c.id])
            fts.fts_insert(conn, [(c.id, row["search_text"], new)])
            return self._get(conn, c.id, c.owner_id)

    def get_contact(self, contact_id: int, owner_id: int = 1) -> Contact:
        """The contact ``contact_id`` of ``owner_id``; NotFound otherwise."""
        with self._conn() as conn:
            return self._get(conn, contact_id, owner_id)

    def _get(self, conn: sa.Connection, contact_id: int, owner_id: int) -> Contact:
        found = self._load(
            conn,
            sa.select(*_CONTACT_COLS).where(
                contacts.c.id == contact_id, contacts.c.owner_id == owner_id
            ),
            owner_id,
        )
        if not found:
            raise NotFound(
                N_("no contact #{id}"),
                hint=N_("list contacts with `tisser list --all`"),
                id=contact_id,
            )
        return found[0]

    def _load(self, conn: sa.Connection, stmt: sa.Select[Any], owner_id: int) -> list[Contact]:
        """Run ``stmt`` (a select of contact columns) and attach the contacts' lists."""
        rows = conn.execute(stmt).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        emails: dict[int, list[str]] = defaultdict(list)
        phones: dict[int, list[str]] = defaultdict(list)
        tags: dict[int, list[str]] = defaultdict(list)
        cats: dict[int, list[str]] = defaultdict(list)

        def where(table: sa.Table) -> sa.ColumnElement[bool]:
            if len(ids) <= _IN_LIST_MAX:
                return table.c.contact_id.in_(ids)
            return table.c.owner_id == owner_id

        for r in conn.execute(
            sa.select(contact_emails.c.contact_id, contact_emails.c.email)
            .where(where(contact_emails))
            .order_by(contact_emails.c.contact_id, contact_emails.c.position)
        ):
            emails[r[0]].append(r[1])
        for r in conn.execute(
            sa.select(contact_phones.c.contact_id, contact_phones.c.phone)
            .where(where(contact_phones))
            .order_by(contact_phones.c.contact_id, contact_phones.c.position)
        ):
            phones[r[0]].append(r[1])
        for cid, kind, value in conn.execute(
            sa.select(contact_tags.c.contact_id, contact_tags.c.kind, contact_tags.c.value)
            .where(where(contact_tags))
            .order_by(contact_tags.c.contact_id, contact_tags.c.position)
        ):
            (tags if kind == "tag" else cats)[cid].append(value)
        return [
            _contact_from(
                r,
                emails.get(r.id, []),
                phones.get(r.id, []),
                tags.get(r.id, []),
                cats.get(r.id, []),
            )
            for r in rows
        ]

    def _order(self) -> list[sa.ColumnElement[Any]]:
        key: sa.ColumnElement[Any] = contacts.c.sort_key
        if self.dialect == "postgresql":
            key = key.collate("C")
        return [key, contacts.c.id]

    def _filter(self, f: ContactFilter | None, owner_id: int) -> list[sa.ColumnElement[bool]]:
        f = f or ContactFilter()
        where: list[sa.ColumnElement[bool]] = [contacts.c.owner_id == owner_id]
        if f.circles is not None:
            where.append(contacts.c.circle.in_([int(c) for c in f.circles]))
        elif not f.include_archived:
            where.append(contacts.c.circle != int(Circle.DORMANT))
        for kind, value in (("tag", f.tag), ("category", f.category)):
            if value is not None:
                where.append(
                    sa.exists().where(
                        contact_tags.c.contact_id == contacts.c.id,
                        contact_tags.c.owner_id == owner_id,
                        contact_tags.c.kind == kind,
                        contact_tags.c.folded == names.fold(value),
                    )
                )
        if f.sector is not None:
            where.append(contacts.c.sector_fold.contains(names.fold(f.sector), autoescape=True))
        if f.city is not None:
            where.append(contacts.c.city_fold.contains(names.fold(f.city), autoescape=True))
        if f.relational_profile is not None:
            where.append(contacts.c.relational_profile == f.relational_profile.value)
        if f.not_seen_since is not None:
            # The user's day: local midnight of the machine.
            since = datetime.combine(f.not_seen_since, time(0, 0)).astimezone()
            where.append(
                ~sa.exists().where(
                    interaction_contacts.c.contact_id == contacts.c.id,
                    interaction_contacts.c.owner_id == owner_id,
                    interaction_contacts.c.occurred_at >= since,
                )
            )
        return where

    def list_contacts(self, f: ContactFilter | None = None, owner_id: int = 1) -> list[Contact]:
        """The owner's contacts kept by ``f``, in directory order (:attr:`Contact.sort_key`)."""
        f = f or ContactFilter()
        stmt = sa.select(*_CONTACT_COLS).where(*self._filter(f, owner_id)).order_by(*self._order())
        if f.limit is not None:
            stmt = stmt.limit(f.limit)
        if f.offset:
            stmt = stmt.offset(f.offset)
        with self._conn() as conn:
            return self._load(conn, stmt, owner_id)

    def count_contacts(self, f: ContactFilter | None = None, owner_id: int = 1) -> int:
        """How many contacts ``f`` keeps (limit and offset ignored)."""
        stmt = sa.select(sa.func.count()).select_from(contacts).where(*self._filter(f, owner_id))
        with self._conn() as conn:
            return int(conn.execute(stmt).scalar_one())

    def find_contacts_by_name(self, name: str, owner_id: int = 1) -> list[Contact]:
        """Contacts whose name (any usual order, accents and case ignored) or e-mail is ``name``."""
        key = _name_key(name)
        if not key:
            return []
        ids = sa.union(
            sa.select(contact_name_keys.c.contact_id).where(
                contact_name_keys.c.owner_id == owner_id, contact_name_keys.c.key == key
            ),
            sa.select(contact_emails.c.contact_id).where(
                contact_emails.c.owner_id == owner_id,
                contact_emails.c.email_fold == names.fold(name),
            ),
        )
        stmt = (
            sa.select(*_CONTACT_COLS)
            .where(contacts.c.owner_id == owner_id, contacts.c.id.in_(ids))
            .order_by(*self._order())
        )
        with self._conn() as conn:
            return self._load(conn, stmt, owner_id)

    def contact_names(self, owner_id: int = 1) -> list[tuple[int, str]]:
        """``(id, display name)`` of every contact of the owner, archived ones included."""
        stmt = (
            sa.select(
                contacts.c.id, contacts.c.given_name, contacts.c.particle, contacts.c.family_name
            )
            .where(contacts.c.owner_id == owner_id)
            .order_by(*self._order())
        )
        with self._conn() as conn:
            return [(r[0], names.join_name(r[1], r[2], r[3])) for r in conn.execute(stmt)]

    def add_tags(self, contact_id: int, tags: list[str], owner_id: int = 1) -> Contact:
        """Add tags (a tag already there, accents and case aside, is kept as it was)."""
        with self._conn() as conn:
            c = self._get(conn, contact_id, owner_id)
        return self.update_contact(dataclasses.replace(c, tags=[*c.tags, *tags]))

    def remove_tags(self, contact_id: int, tags: list[str], owner_id: int = 1) -> Contact:
        """Remove tags, matched accent- and case-insensitively."""
        gone = {names.fold(t) for t in tags}
        with self._conn() as conn:
            c = self._get(conn, contact_id, owner_id)
        kept = [t for t in c.tags if names.fold(t) not in gone]
        return self.update_contact(dataclasses.replace(c, tags=kept))

    def delete_contact(self, contact_id: int, owner_id: int = 1) -> ErasureReport:
        """Erase a contact and every trace of them (RGPD right to erasure).

        Deleted: the contact, their e-mails, phones, tags and name keys, the links touching
        them, the interactions where they were the only participant, their search-index
        entry. Shared interactions lose them as a participant but stay. Contacts they
        introduced keep existing with ``met_through_id`` cleared. On SQLite, secure_delete
        zeroes the freed content, the FTS index is merged so the deleted words leave it, and
        the WAL is checkpointed and truncated after the commit.
        """
        with self._conn() as conn:
            c = self._get(conn, contact_id, owner_id)
            ic = interaction_contacts
            others = (
                sa.select(sa.func.count())
                .select_from(ic.alias("o"))
                .where(sa.literal_column("o.interaction_id") == ic.c.interaction_id)
                .scalar_subquery()
            )
            mine = conn.execute(
                sa.select(ic.c.interaction_id, others).where(
                    ic.c.contact_id == contact_id, ic.c.owner_id == owner_id
                )
            ).all()
            solo = [r[0] for r in mine if r[1] == 1]
            shared = [r[0] for r in mine if r[1] > 1]
            for chunk in _chunks(solo):
                conn.execute(
                    interactions.delete().where(
                        interactions.c.owner_id == owner_id, interactions.c.id.in_(chunk)
                    )
                )
            conn.execute(ic.delete().where(ic.c.contact_id == contact_id))
            links_deleted = conn.execute(
                links.delete().where(
                    links.c.owner_id == owner_id,
                    sa.or_(links.c.a_id == contact_id, links.c.b_id == contact_id),
                )
            ).rowcount
            cleared = conn.execute(
                contacts.update()
                .where(contacts.c.owner_id == owner_id, contacts.c.met_through_id == contact_id)
                .values(met_through_id=None)
            ).rowcount
            self._delete_children(conn, contact_id)
            fts.fts_delete(conn, [contact_id])
            conn.execute(
                contacts.delete().where(
                    contacts.c.id == contact_id, contacts.c.owner_id == owner_id
                )
            )
            fts.fts_optimize(conn)
        self._after_commit(self._checkpoint)
        return ErasureReport(
            contact_name=c.display_name,
            interactions_deleted=len(solo),
            interactions_detached=len(shared),
            links_deleted=int(links_deleted),
            references_cleared=int(cleared),
        )

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (SQLite), so erased text is gone."""
        if self.dialect != "sqlite":
            return
        with _wrapped(self.url):
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cur.close()
            finally:
                raw.close()

    # --- interactions ---------------------------------------------------------------------

    def add_interaction(self, i: Interaction) -> Interaction:
        """Log an interaction; its contacts must belong to the owner (NotFound otherwise)."""
        moment = _aware(i.occurred_at, "occurred_at")
        ids = list(dict.fromkeys(i.contact_ids))
        new = dataclasses.replace(i, occurred_at=moment, contact_ids=ids)
        with self._conn() as conn:
            self._ensure_owners(conn, {i.owner_id})
            self._check_contacts(conn, set(ids), i.owner_id)
            iid = _new_id(conn.execute(interactions.insert().values(_interaction_row(new))))
            if ids:
                conn.execute(
                    interaction_contacts.insert(),
                    [
                        {
                            "interaction_id": iid,
                            "contact_id": cid,
                            "owner_id": i.owner_id,
                            "position": n,
                            "occurred_at": moment,
                        }
                        for n, cid in enumerate(ids)
                    ],
                )
            return self._interactions(
                conn, sa.select(interactions).where(interactions.c.id == iid), i.owner_id
            )[0]

    def _interactions(
        self,
        conn: sa.Connection,
        stmt: sa.Select[Any],
        owner_id: int,
        since: datetime | None = None,
    ) -> list[Interaction]:
        rows = conn.execute(stmt).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        ic = interaction_contacts
        q = sa.select(ic.c.interaction_id, ic.c.contact_id).order_by(
            ic.c.interaction_id, ic.c.position
        )
        who: dict[int, list[int]] = defaultdict(list)
        if len(ids) <= _IN_LIST_MAX:
            q = q.where(ic.c.interaction_id.in_(ids))
        else:
            q = q.where(ic.c.owner_id == owner_id)
            if since is not None:
                q = q.where(ic.c.occurred_at >= since)
        for iid, cid in conn.execute(q):
            who[iid].append(cid)
        return [
            Interaction(
                id=r.id,
                owner_id=r.owner_id,
                occurred_at=r.occurred_at,
                channel=Channel(r.channel),
                contact_ids=who.get(r.id, []),
                direction=HelpDirection(r.direction),
                gave=r.gave,
                received=r.received,
                about=r.about,
                outcome=r.outcome,
            )
            for r in rows
        ]

    def interactions_for(
        self, contact_id: int, owner_id: int = 1, limit: int | None = None
    ) -> list[Interaction]:
        """The interactions with a contact, newest first, each with all its contacts."""
        ic = interaction_contacts
        stmt = (
            sa.select(interactions)
            .join(ic, ic.c.interaction_id == interactions.c.id)
            .where(ic.c.contact_id == contact_id, interactions.c.owner_id == owner_id)
            .order_by(interactions.c.occurred_at.desc(), interactions.c.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._conn() as conn:
            self._check_contacts(conn, {contact_id}, owner_id)
            return self._interactions(conn, stmt, owner_id)

    def list_interactions(
        self, owner_id: int = 1, since: datetime | None = None
    ) -> list[Interaction]:
        """The owner's interactions (from ``since`` on, if given), newest first."""
        stmt = sa.select(interactions).where(interactions.c.owner_id == owner_id)
        if since is not None:
            since = _aware(since, "since")
            stmt = stmt.where(interactions.c.occurred_at >= since)
        stmt = stmt.order_by(interactions.c.occurred_at.desc(), interactions.c.id.desc())
        with self._conn() as conn:
            return self._interactions(conn, stmt, owner_id, since)

    def last_interactions(self, owner_id: int = 1) -> dict[int, datetime]:
        """contact id -> moment of the latest interaction with them (one GROUP BY)."""
        ic = interaction_contacts
        stmt = (
            sa.select(ic.c.contact_id, sa.func.max(ic.c.occurred_at))
            .where(ic.c.owner_id == owner_id)
            .group_by(ic.c.contact_id)
        )
        with self._conn() as conn:
            return {int(r[0]): r[1] for r in conn.execute(stmt)}

    def interaction_counts(self, owner_id: int = 1) -> dict[int, int]:
        """contact id -> number of interactions with them."""
        ic = interaction_contacts
        stmt = (
            sa.select(ic.c.contact_id, sa.func.count())
            .where(ic.c.owner_id == owner_id)
            .group_by(ic.c.contact_id)
        )
        with self._conn() as conn:
            return {int(r[0]): int(r[1]) for r in conn.execute(stmt)}

    def help_balance(self, owner_id: int = 1) -> dict[str, int]:
        """HelpDirection value -> number of interactions (every direction present, maybe 0)."""
        stmt = (
            sa.select(interactions.c.direction, sa.func.count())
            .where(interactions.c.owner_id == owner_id)
            .group_by(interactions.c.direction)
        )
        out = {d.value: 0 for d in HelpDirection}
        with self._conn() as conn:
            for direction, n in conn.execute(stmt):
                out[direction] = int(n)
        return out

    # --- links --------------------------------------------------------------------------

    @staticmethod
    def _canonical(link: Link) -> Link:
        if link.a_id == link.b_id:
            raise InvalidInput(N_("a contact cannot be linked to themselves"))
        if link.strength is not None and not 0.0 <= link.strength <= 1.0:
            raise InvalidInput(
                N_("link strength {strength} is outside 0..1"), strength=link.strength
            )
        lo, hi = sorted((link.a_id, link.b_id))
        return dataclasses.replace(link, a_id=lo, b_id=hi)

    def _upsert_links(self, conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
        from sqlalchemy.dialects import postgresql, sqlite

        stmt: Any = (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(links)
        stmt = stmt.on_conflict_do_update(
            index_elements=[links.c.owner_id, links.c.a_id, links.c.b_id],
            set_={"strength": stmt.excluded.strength},
        )
        for chunk in _chunks(rows):
            conn.execute(stmt, list(chunk))

    def add_link(self, link: Link) -> Link:
        """Record that A knows B (ends put in order); an existing link gets the new strength."""
        link = self._canonical(link)
        with self._conn() as conn:
            self._check_contacts(conn, {link.a_id, link.b_id}, link.owner_id)
            self._upsert_links(conn, [self._link_row(link)])
            r = conn.execute(
                sa.select(links).where(
                    links.c.owner_id == link.owner_id,
                    links.c.a_id == link.a_id,
                    links.c.b_id == link.b_id,
                )
            ).one()
        return self._link_from(r)

    @staticmethod
    def _link_row(link: Link) -> dict[str, Any]:
        return {
            "owner_id": link.owner_id,
            "a_id": link.a_id,
            "b_id": link.b_id,
            "strength": link.strength,
            "source": link.source,
        }

    @staticmethod
    def _link_from(r: sa.Row[Any]) -> Link:
        return Link(
            a_id=r.a_id, b_id=r.b_id, owner_id=r.owner_id, strength=r.strength, source=r.source
        )

    def links_of(self, contact_id: int, owner_id: int = 1) -> list[Link]:
        """The links touching a contact."""
        stmt = (
            sa.select(links)
            .where(
                links.c.owner_id == owner_id,
                sa.or_(links.c.a_id == contact_id, links.c.b_id == contact_id),
            )
            .order_by(links.c.a_id, links.c.b_id)
        )
        with self._conn() as conn:
            return [self._link_from(r) for r in conn.execute(stmt)]

    def all_links(self, owner_id: int = 1) -> list[Link]:
        """Every link of the owner."""
        stmt = (
            sa.select(links)
            .where(links.c.owner_id == owner_id)
            .order_by(links.c.a_id, links.c.b_id)
        )
        with self._conn() as conn:
            return [self._link_from(r) for r in conn.execute(stmt)]

    # --- search ---------------------------------------------------------------------------

    def _has_unaccent(self, conn: sa.Connection) -> bool:
        if self._unaccent is None:
            self._unaccent = self.dialect == "postgresql" and bool(
                conn.execute(
                    sa.text("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
                ).first()
            )
        return self._unaccent

    def search(self, query: str, owner_id: int = 1, limit: int = 20) -> list[SearchHit]:
        """Contacts matching every word of ``query`` as a prefix, best first.

        Accents and case are ignored ("helene" finds Hélène); see :mod:`tisser.store.search`.
        """
        terms = fts.query_words(query)
        if not terms:
            return []
        with self._conn() as conn:
            ranked = fts.ranked_ids(conn, terms, owner_id, limit, self._has_unaccent(conn))
            if not ranked:
                return []
            found = {
                c.id: c
                for c in self._load(
                    conn,
                    # by primary key only: with owner_id in the WHERE, SQLite would scan
                    # the owner's index instead (the ids are the owner's already)
                    sa.select(*_CONTACT_COLS).where(contacts.c.id.in_([i for i, _ in ranked])),
                    owner_id,
                )
                if c.owner_id == owner_id
            }
        return [
            SearchHit(contact=found[i], rank=rank, snippet=fts.snippet(found[i], terms))
            for i, rank in ranked
            if i in found
        ]

    # --- bulk ---------------------------------------------------------------------------

    def _reserve_ids(
        self, conn: sa.Connection, table: sa.Table, first: dict[str, Any], n: int
    ) -> list[int]:
        """Insert ``first`` and return ``n`` consecutive ids, the first being its id.

        PostgreSQL: ids come from the table's sequence. SQLite: the first insert takes the
        write lock for the rest of the transaction, so ``id + 1 ...`` stay free.
        """
        if self.dialect == "postgresql":
            ids = list(
                conn.scalars(
                    sa.text(
                        f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"n": n},
                )
            )
            conn.execute(table.insert().values({**first, "id": ids[0]}))
            return [int(i) for i in ids]
        first_id = _new_id(conn.execute(table.insert().values(first)))
        return list(range(first_id, first_id + n))

    def bulk_add_contacts(self, contacts_in: Sequence[Contact]) -> list[int]:
        """Insert many contacts in one transaction; their ids, in input order."""
        if not contacts_in:
            return []
        now = _now()
        items = [
            dataclasses.replace(c, id=None, created_at=now, updated_at=now) for c in contacts_in
        ]
        rows = [_contact_row(c) for c in items]
        with self._conn() as conn:
            self._ensure_owners(conn, {c.owner_id for c in items})
            ids = self._reserve_ids(conn, contacts, rows[0], len(rows))
            for cid, row in zip(ids[1:], rows[1:], strict=True):
                row["id"] = cid
            for chunk in _chunks(rows[1:]):
                conn.execute(contacts.insert(), list(chunk))
            self._insert_children(conn, list(zip(ids, items, strict=True)))
            fts.fts_insert(
                conn,
                [
                    (cid, row["search_text"], c)
                    for cid, row, c in zip(ids, rows, items, strict=True)
                ],
            )
            refs: dict[int, set[int]] = defaultdict(set)
            for c in items:
                if c.met_through_id is not None:
                    refs[c.owner_id].add(c.met_through_id)
            for owner_id, ref_ids in refs.items():
                self._check_contacts(conn, ref_ids, owner_id)
        return ids

    def bulk_add_interactions(self, interactions_in: Sequence[Interaction]) -> int:
        """Insert many interactions in one transaction; how many were inserted."""
        if not interactions_in:
            return 0
        moments = [_aware(i.occurred_at, "occurred_at") for i in interactions_in]
        by_owner: dict[int, set[int]] = defaultdict(set)
        for i in interactions_in:
            by_owner[i.owner_id].update(i.contact_ids)
        with self._conn() as conn:
            self._ensure_owners(conn, set(by_owner))
            for owner_id, wanted in by_owner.items():
                have = set(
                    conn.scalars(sa.select(contacts.c.id).where(contacts.c.owner_id == owner_id))
                )
                if wanted - have:
                    self._check_contacts(conn, wanted, owner_id)
            first = dataclasses.replace(interactions_in[0], occurred_at=moments[0])
            ids = self._reserve_ids(
                conn, interactions, _interaction_row(first), len(interactions_in)
            )
            rows = [
                _interaction_row(dataclasses.replace(i, occurred_at=m), iid)
                for i, m, iid in zip(interactions_in[1:], moments[1:], ids[1:], strict=True)
            ]
            for chunk in _chunks(rows):
                conn.execute(interactions.insert(), list(chunk))
            assoc = [
                {
                    "interaction_id": iid,
                    "contact_id": cid,
                    "owner_id": i.owner_id,
                    "position": n,
                    "occurred_at": m,
                }
                for i, m, iid in zip(interactions_in, moments, ids, strict=True)
                for n, cid in enumerate(dict.fromkeys(i.contact_ids))
            ]
            for chunk in _chunks(assoc):
                conn.execute(interaction_contacts.insert(), list(chunk))
        return len(interactions_in)

    def bulk_add_links(self, links_in: Sequence[Link]) -> int:
        """Upsert many links in one transaction; how many were given."""
        canon = [self._canonical(link) for link in links_in]
        by_owner: dict[int, set[int]] = defaultdict(set)
        for link in canon:
            by_owner[link.owner_id].update((link.a_id, link.b_id))
        # The last strength given for a pair wins, as with repeated add_link calls.
        rows = {(ln.owner_id, ln.a_id, ln.b_id): self._link_row(ln) for ln in canon}
        with self._conn() as conn:
            for owner_id, wanted in by_owner.items():
                self._check_contacts(conn, wanted, owner_id)
            self._upsert_links(conn, list(rows.values()))
        return len(canon)

    # --- maintenance ----------------------------------------------------------------------

    def reset(self, owner_id: int = 1) -> None:
        """Erase every record of the owner (contacts, interactions, links, profile)."""
        with self._conn() as conn:
            conn.execute(links.delete().where(links.c.owner_id == owner_id))
            conn.execute(interactions.delete().where(interactions.c.owner_id == owner_id))
            fts.fts_delete_owner(conn, owner_id)
            conn.execute(
                contacts.update().where(contacts.c.owner_id == owner_id).values(met_through_id=None)
            )
            conn.execute(contacts.delete().where(contacts.c.owner_id == owner_id))
            conn.execute(profiles.delete().where(profiles.c.owner_id == owner_id))
            fts.fts_optimize(conn)
        self._after_commit(self._checkpoint)

    def backup(self, dest: Path) -> None:
        """Copy the database to ``dest`` (SQLite online backup; safe while others write)."""
        from tisser.store.backup import backup_sqlite

        backup_sqlite(self, Path(dest))

    def restore(self, src: Path) -> None:
        """Replace the database with the backup ``src``, then migrate it to head."""
        from tisser.store.backup import restore_sqlite

        restore_sqlite(self, Path(src))
        with _wrapped(self.url), self.engine.begin() as conn:
            if _current_revision(conn) != SCHEMA_REVISION:
                upgrade_head(conn)
        self._known_owners.clear()
