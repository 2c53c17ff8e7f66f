"""Two-way sync of the network with a CardDAV address book (issue #17).

One sync: pull what changed on the server since the last one, merge it, push what changed
in tisser, in that order, each card on its own, so an interrupted sync loses nothing and the
next one completes it.

- Identity is the vCard UID: a card that arrives is matched to its contact by href, then
  UID, then by the import's own matching (source keys, tisser's UIDs, duplicate detection),
  so a sync never creates a duplicate.
- Merge is three-way, field by field, against the card as last synced (``base``): a field
  changed on one side only takes that side's value; changed on both to different values
  is a :class:`~tisser.store.carddav.Conflict` for review, and tisser's value stays.
- Deleted on the server: the contact is archived (dormant circle) with a note, never erased.
  Erased in tisser: the card waits, and is deleted on the server only when the user says so
  (``delete_erased``).
- A push names the ETag it read (``If-Match``): if someone changed the card meanwhile (412)
  it is left for the next sync, which merges it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tisser.core.errors import N_
from tisser.core.model import Circle, Contact
from tisser.dav.client import CardDav, Changed, DavError
from tisser.formats import vcard
from tisser.formats.base import Parsed, Photo, Problem
from tisser.store import Store
from tisser.store.carddav import BookRow, CardRow

MAX_PHOTO = 2 * 1024 * 1024  # a card's photo above this is refused (the card syncs without)
VERSION = "3.0"  # what DAVx5, iOS and Nextcloud all read
# The fields merged one by one; each group travels as a whole (a phone with its type).
GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "particle", "family_name"),
    "organization": ("organization",), "position": ("position",),
    "emails": ("emails", "email_info"), "phones": ("phones", "phone_info"),
    "addresses": ("addresses", "city", "country"), "birthday": ("birthday",),
    "anniversary": ("anniversary",), "nickname": ("nickname",), "notes": ("notes",),
    "tags": ("tags",), "links": ("urls", "ims", "website", "linkedin", "x_handle"),
    "related": ("related",), "circle": ("circle",), "categories": ("categories",),
    "profile": ("relational_profile", "energy"), "work": ("sector", "function", "seniority"),
    "met": ("met_on", "met_how", "met_channel"), "closeness": ("closeness",),
}  # fmt: skip


# What the user reads for each group (in a conflict).
GROUP_LABELS = {
    "name": N_("Name"), "organization": N_("Organisation"), "position": N_("Position"),
    "emails": N_("E-mail"), "phones": N_("Phone"), "addresses": N_("Addresses"),
    "birthday": N_("Birthday"), "anniversary": N_("Anniversary"), "nickname": N_("Nickname"),
    "notes": N_("Notes"), "tags": N_("Tags"), "links": N_("Links"), "related": N_("Related"),
    "circle": N_("Circle"), "categories": N_("Categories"), "profile": N_("Profile"),
    "work": N_("Sector"), "met": N_("Met"), "closeness": N_("Closeness"),
}  # fmt: skip


@dataclass
class SyncReport:
    """What one sync did; ``problems`` name the card (its href) and say what is wrong."""

    added: int = 0
    updated: int = 0
    pushed: int = 0
    archived: int = 0
    conflicts: int = 0
    deleted: int = 0
    pending_deletes: int = 0
    requests: int = 0
    problems: list[Problem] = field(default_factory=list)
    fresh: set[int] = field(default_factory=set)  # contacts this sync created from cards


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            k: _plain(v)
            for k, v in dataclasses.asdict(value).items()
            if k not in ("group", "params", "text")
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def values(c: Contact, group: str) -> str:
    """A group's values as comparable text (types count, groups and parameters do not)."""
    return json.dumps([_plain(getattr(c, name)) for name in GROUPS[group]], ensure_ascii=False)


def shown(c: Contact, group: str) -> str:
    """A group's values as a person reads them (in a conflict)."""
    parts = []
    for name in GROUPS[group]:
        value = getattr(c, name)
        if name.endswith("_info") or (name in ("urls", "ims") and not value):
            continue
        if isinstance(value, list):
            value = ", ".join(
                " ".join(v.lines()) if hasattr(v, "lines") else getattr(v, "value", str(v))
                for v in value
            )
        elif hasattr(value, "value"):
            value = value.value
        if value not in ("", None):
            parts.append(str(value))
    return " · ".join(parts)


def _take(target: Contact, source: Contact, group: str) -> None:
    for name in GROUPS[group]:
        setattr(target, name, getattr(source, name))


def _card(text: str) -> tuple[Contact | None, Photo | None, str, list[Problem]]:
    parsed = vcard.read(text.encode("utf-8"))
    if not parsed.records:
        return None, None, "", parsed.problems
    r = parsed.records[0]
    return r.contact, r.photo, (r.key[4:] if r.key.startswith("uid:") else ""), parsed.problems


def sync(
    store: Store, dav: CardDav, book: BookRow, owner_id: int = 1, *, delete_erased: bool = False
) -> SyncReport:
    """Pull, merge and push one book; see the module docstring."""
    from datetime import UTC, datetime

    report = SyncReport()
    started = datetime.now(UTC)
    known = store.cards(book.id)
    changes = dav.changes(book.url, book.sync_token)
    changed = {
        h: e for h, e in changes.changed.items() if h not in known or known[h].etag != e or not e
    }
    deleted = set(known) - set(changes.changed) if changes.listed else changes.deleted & set(known)
    _pull(store, dav, book, owner_id, known, changed, report)
    for href in deleted:
        _archive(store, book, known[href], report)
    _push(store, dav, book, owner_id, report, delete_erased)
    store.save_token(book.id, changes.token, started)
    report.requests = dav.requests
    return report


def _pull(
    store: Store, dav: CardDav, book: BookRow, owner_id: int,
    known: dict[str, CardRow], changed: dict[str, str], report: SyncReport,
) -> None:  # fmt: skip
    by_uid = {row.uid: row for row in known.values() if row.uid}
    arrivals: list[tuple[str, str, str, Contact, Photo | None, str]] = []
    for href, (etag, text) in dav.fetch(book.url, sorted(changed)).items():
        remote, photo, uid, problems = _card(text)
        for p in problems:
            if p.refused:
                report.problems.append(Problem(p.message, p.params, file=href))
        if remote is None:
            continue
        if photo is not None and len(photo.data) > MAX_PHOTO:
            report.problems.append(
                Problem(N_("the photo is too large ({size} MB): the card syncs without it"),
                        {"size": round(len(photo.data) / 2**20)}, file=href, refused=False)
            )  # fmt: skip
            photo = None
        row = known.get(href) or by_uid.get(uid)
        if row is not None and row.contact_id is not None:
            same = _merge(store, book, owner_id, row, remote, photo, report)
            card = CardRow(href, etag, uid, row.contact_id, text)
            store.save_card(book.id, owner_id, card, matches=same)
        elif row is None:
            arrivals.append((href, etag, uid, remote, photo, text))
    if arrivals:
        _arrive(store, book, owner_id, arrivals, report)


def _arrive(
    store: Store, book: BookRow, owner_id: int, arrivals: list[Any], report: SyncReport
) -> None:
    """New cards through the import: its matching (UID, source keys, tisser's own UIDs,
    likely duplicates) decides whether each is a new contact or one tisser has."""
    from tisser.formats.base import Record
    from tisser.formats.importer import import_parsed

    parsed = Parsed(vcard.SOURCE)
    keys = []
    for i, (href, _etag, uid, remote, photo, _text) in enumerate(arrivals):
        key = f"uid:{uid}" if uid else f"carddav:{href}"
        keys.append(key)
        parsed.records.append(Record(key=key, contact=remote, photo=photo, card=i + 1))
    done = import_parsed(store, parsed, book.url, owner_id=owner_id)
    report.added += done.added
    report.updated += done.updated + done.merged
    report.fresh.update(done.added_ids)
    ids = store.source_keys(vcard.SOURCE, owner_id)
    with store.transaction():  # one commit for the lot: a first sync brings thousands
        for key, (href, etag, uid, _remote, _photo, text) in zip(keys, arrivals, strict=True):
            cid = ids.get(key)
            card = CardRow(href, etag, uid, cid, text)
            store.save_card(book.id, owner_id, card, matches=cid in report.fresh)


def _merge(
    store: Store, book: BookRow, owner_id: int, row: CardRow,
    remote: Contact, photo: Photo | None, report: SyncReport,
) -> bool:  # fmt: skip
    """Take the server's changes into the contact (conflicts set aside); whether the contact
    now says exactly what the card says."""
    local = store.get_contact(row.contact_id or 0, owner_id)
    base = _card(row.base)[0] if row.base else None
    merged = dataclasses.replace(local)
    changed = False
    for group in GROUPS:
        r = values(remote, group)
        b = values(base, group) if base is not None else None
        mine = values(local, group)
        if r in (b, mine):
            continue
        if b is None or mine == b:
            _take(merged, remote, group)
            changed = True
        else:
            store.add_conflict(
                book.id, owner_id, local.id or 0, group, shown(local, group), shown(remote, group)
            )
            report.conflicts += 1
    if changed:
        merged.card = remote.card
        store.update_contact(merged)
        report.updated += 1
    if photo is not None:
        store.save_photos([(local.id or 0, photo.media_type, photo.data)], owner_id)
    return all(values(merged, g) == values(remote, g) for g in GROUPS)


def _archive(store: Store, book: BookRow, row: CardRow, report: SyncReport) -> None:
    if row.contact_id is not None:
        c = store.get_contact(row.contact_id)
        note = f"[{date.today().isoformat()}] " + _deleted_note(book)
        store.update_contact(
            dataclasses.replace(c, circle=Circle.DORMANT, notes=(c.notes + "\n" + note).strip())
        )
        report.archived += 1
    store.drop_card(book.id, row.href)


def _deleted_note(book: BookRow) -> str:
    from tisser.i18n import gettext

    return gettext(N_("deleted from the address book {name}: archived, not erased")).format(
        name=book.name or book.url
    )


def _push(
    store: Store,
    dav: CardDav,
    book: BookRow,
    owner_id: int,
    report: SyncReport,
    delete_erased: bool,
) -> None:
    from tisser.export import card_filename

    cards = store.cards(book.id)
    by_contact = {r.contact_id: r for r in cards.values() if r.contact_id is not None}
    uids = store.vcard_uids(owner_id)
    since = book.last_sync
    waiting = _waiting(store, owner_id)
    people = store.contacts_to_push(book.id, owner_id, since, set(waiting))
    photos = store.photos(owner_id, [c.id or 0 for c in people])
    for c in people:
        row = by_contact.get(c.id or 0)
        if c.id in waiting:
            # until the user settles it, a conflicted field is sent with the server's value
            # (the card as last read): the other fields go, nothing is decided for them
            remote = _card(row.base)[0] if row is not None and row.base else None
            if remote is None:
                continue
            c = dataclasses.replace(c)
            for group in waiting[c.id or 0] & set(GROUPS):
                _take(c, remote, group)
        if row is None and c.circle == Circle.DORMANT:
            continue  # archived: not sent to the phone (a card deleted there stays deleted)
        found = photos.get(c.id or 0)
        photo = Photo(found[0], found[1]) if found else None
        if row is not None and since is not None and c.updated_at and c.updated_at <= since:
            continue  # not changed in tisser since the last sync: nothing to send
        if row is not None and c.id in report.fresh:
            continue  # made from its card by this very sync
        if row is not None:
            base = _card(row.base)[0] if row.base else None
            if base is not None and all(values(base, g) == values(c, g) for g in GROUPS):
                continue
            uid = row.uid or uids.get(c.id or 0) or vcard.tisser_uid(owner_id, c.id or 0)
        else:
            uid = uids.get(c.id or 0) or vcard.tisser_uid(owner_id, c.id or 0)
        text = vcard.write_card(c, uid, VERSION, photo)
        href = row.href if row is not None else book.url.rstrip("/") + "/" + card_filename(uid)
        try:
            etag = dav.put(href, text, row.etag if row is not None else None)
        except Changed:
            report.problems.append(
                Problem(
                    N_("changed on the server meanwhile: merged at the next sync"),
                    file=href,
                    refused=False,
                )
            )
            continue
        except DavError as exc:
            if exc.params.get("status") in (400, 403, 415, 507):
                report.problems.append(Problem(exc.message, exc.params, file=href))
                continue
            raise
        card = CardRow(href, etag, uid, c.id, text)
        store.save_card(book.id, owner_id, card, matches=c.id not in waiting)
        report.pushed += 1
    for row in cards.values():
        if row.contact_id is None:
            if delete_erased:
                dav.delete(row.href, row.etag)
                store.drop_card(book.id, row.href)
                report.deleted += 1
            else:
                report.pending_deletes += 1


def _waiting(store: Store, owner_id: int) -> dict[int, set[str]]:
    """The fields of each contact in conflict, waiting for the user's word."""
    waiting: dict[int, set[str]] = {}
    for conflict in store.conflicts(owner_id):
        waiting.setdefault(conflict.contact_id, set()).add(conflict.field)
    return waiting


def resolve(store: Store, conflict_id: int, keep: str, owner_id: int = 1) -> Contact:
    """Settle a conflict: ``keep`` "tisser" (pushed at the next sync) or "server" (the
    card as last read from the server gives the field)."""
    from tisser.core.errors import InvalidInput, NotFound

    if keep not in ("tisser", "server"):
        raise InvalidInput(N_("keep either tisser or server"), hint=N_("e.g. --keep server"))
    found = next((c for c in store.conflicts(owner_id) if c.id == conflict_id), None)
    if found is None:
        raise NotFound(
            N_("no conflict #{id}"), hint=N_("see tisser carddav conflicts"), id=conflict_id
        )
    contact = store.get_contact(found.contact_id, owner_id)
    if keep == "server":
        row = next(
            (r for r in store.cards(found.book_id).values() if r.contact_id == found.contact_id),
            None,
        )
        remote = _card(row.base)[0] if row is not None and row.base else None
        if remote is not None and found.field in GROUPS:
            _take(contact, remote, found.field)
            contact = store.update_contact(contact)
    store.drop_conflict(conflict_id, owner_id)
    return contact


KEYRING_SERVICE = "tisser-carddav"


def keyring_name(url: str, username: str) -> str:
    """The name a book's password is kept under in the system keyring."""
    from urllib.parse import urlsplit

    return f"{username}@{urlsplit(url).netloc}"


def saved_password(url: str, username: str) -> str | None:
    """The password from ``TISSER_CARDDAV_PASSWORD``, else the system keyring, else None."""
    import os

    if os.environ.get("TISSER_CARDDAV_PASSWORD"):
        return os.environ["TISSER_CARDDAV_PASSWORD"]
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_name(url, username))
    except Exception:  # no usable keyring on this machine: the caller asks
        return None


def save_password(url: str, username: str, password: str) -> bool:
    """Keep the password in the system keyring (never in the database); False if none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_name(url, username), password)
    except Exception:
        return False
    return True


def forget_password(url: str, username: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_name(url, username))
    except Exception:
        return
