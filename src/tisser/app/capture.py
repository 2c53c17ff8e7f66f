"""Use cases of capture: add, list, remove and sync sources; the review queue.

The CLI (:mod:`tisser.cli.sources`) and the web's Sources page call these with plain values;
what goes wrong is a :class:`~tisser.core.errors.TisserError` naming the source and what to
do. Secrets never pass through here: a reader that needs a password asks the callable it is
given (environment, prompt, keyring), at sync time only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tisser.capture import filters as f
from tisser.capture.model import Batch, SyncReport
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Contact
from tisser.store import Store
from tisser.store.capture import SourceRecord

FILE_KINDS = ("mbox", "maildir", "eml", "ics", "whatsapp", "sms", "linkedin")
SERVER_KINDS = ("imap", "caldav")
KINDS = FILE_KINDS + SERVER_KINDS

Secret = Callable[[SourceRecord], str]


def _default_name(kind: str, location: str) -> str:
    stem = Path(location).name if kind in FILE_KINDS else location.split("//")[-1]
    stem = re.sub(r"[^\w.@-]+", "-", stem).strip("-")[:60] or kind
    return f"{kind}-{stem}"


def add_source(
    store: Store,
    owner_id: int,
    kind: str,
    location: str,
    *,
    name: str = "",
    settings: dict[str, Any] | None = None,
) -> SourceRecord:
    """Record a source after checking it can be read (a file that exists, a host given)."""
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise InvalidInput(
            N_("unknown source kind {kind!r}"),
            hint=N_("use one of: {kinds}"),
            kind=kind,
            kinds=", ".join(KINDS),
        )
    location = location.strip()
    if not location:
        raise InvalidInput(N_("say where the source is (a file, a folder or a server)"))
    if kind in FILE_KINDS:
        path = Path(location).expanduser()
        if not path.exists():
            raise InvalidInput(
                N_("{path} does not exist"), hint=N_("check the path"), path=str(path)
            )
        location = str(path.resolve())
    full = f.CaptureSettings.from_dict(settings or {}).as_dict()
    for key, value in (settings or {}).items():
        full.setdefault(key, value)  # reader options (host, user, folders...)
    return store.add_source(
        owner_id, name.strip() or _default_name(kind, location), kind, location, full
    )


def reader_for(
    source: SourceRecord,
    secret: Secret | None = None,
    now: datetime | None = None,
    since: datetime | None = None,
) -> Iterator[Batch]:
    """The batches of a source from its cursor on."""
    path = Path(source.location)
    state = source.state
    if source.kind in FILE_KINDS and not path.exists():
        raise InvalidInput(
            N_("{path} is gone"),
            where=source.name,
            hint=N_("put the file back, or remove the source"),
            path=str(path),
        )
    if source.kind == "mbox":
        from tisser.capture.mailfiles import read_mbox

        return read_mbox(path, state)
    if source.kind == "maildir":
        from tisser.capture.mailfiles import read_maildir

        return read_maildir(path, state)
    if source.kind == "eml":
        from tisser.capture.mailfiles import read_eml

        return read_eml(path, state)
    if source.kind == "imap":
        from tisser.capture.imap import read_imap

        if secret is None:
            raise InvalidInput(N_("a password is needed"), where=source.name)
        return read_imap(source, secret(source))
    own = f.Filters(f.CaptureSettings.from_dict(source.settings)).own
    moment = now or datetime.now(UTC)
    if source.kind == "ics":
        from tisser.capture.calendar import read_ics

        return read_ics(path, own, moment, since)
    if source.kind == "caldav":
        from tisser.capture.calendar import read_caldav

        if secret is None:
            raise InvalidInput(N_("a password is needed"), where=source.name)
        return read_caldav(
            source.location,
            str(source.settings.get("user", "")),
            secret(source),
            own,
            moment,
            since,
            source.name,
        )
    from tisser.capture import chats

    return chats.reader(source, path, own)


def sync_source(
    store: Store,
    source: SourceRecord,
    now: datetime,
    *,
    since: datetime | None = None,
    dry_run: bool = False,
    secret: Secret | None = None,
    progress: Callable[[int], None] | None = None,
    watch: Callable[[SyncReport], None] | None = None,
) -> SyncReport:
    """Capture what is new in one source; the report of what was read, kept and left out.
    ``progress`` counts the messages read batch by batch, ``watch`` sees the report so far."""
    from tisser.capture.sync import Capture

    settings = f.CaptureSettings.from_dict(source.settings)
    cap = Capture(store, source, settings, now, since)
    batches = reader_for(source, secret, now, since)
    return cap.run(batches, dry_run=dry_run, progress=progress, watch=watch)


KEYRING_SERVICE = "tisser"
PASSWORD_ENV = "TISSER_PASSWORD"


def keyring_user(source: SourceRecord) -> str:
    """Whose password the keyring holds for a source: kind, account and server."""
    s = source.settings
    return f"{source.kind}:{s.get('user', '')}@{s.get('host', '') or source.location}"


def stored_secret(source: SourceRecord) -> str | None:
    """The source's password from ``TISSER_PASSWORD`` or the system keyring, or None."""
    import os

    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_user(source))
    except Exception:
        return None


def keyring_secret(source: SourceRecord) -> str:
    """:func:`stored_secret`, or an InvalidInput saying how to give the password."""
    found = stored_secret(source)
    if not found:
        raise InvalidInput(
            N_("no password for {name}"),
            hint=N_("set TISSER_PASSWORD, or add the source again with --save-password"),
            name=source.name,
        )
    return found


def save_secret(source: SourceRecord, password: str) -> None:
    """Keep a source's password in the system keyring (never in the database)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_user(source), password)


@dataclass(slots=True)
class Candidate:
    """A contact a proposed correspondent may be, by name: what tells homonyms apart."""

    id: int
    name: str
    detail: str  # organisation and city, else the first e-mail


@dataclass(slots=True)
class Proposal:
    """A correspondent of the review queue, with the contacts it may be (by name)."""

    address: str
    kind: str
    value: str
    display: str
    sent: int
    received: int
    last_at: datetime
    candidates: list[Candidate] = field(default_factory=list)


def _candidate(c: Contact) -> Candidate:
    detail = ", ".join(x for x in (c.organization, c.city) if x)
    return Candidate(c.id or 0, c.display_name, detail or (c.emails[0] if c.emails else ""))


def review_queue(store: Store, owner_id: int) -> list[Proposal]:
    """Correspondents who are not contacts, with at least three exchanges each way, and
    those a name alone would attach to a contact (homonyms, a lone first name), with the
    contacts they may be."""
    from tisser.capture.parties import Resolver
    from tisser.capture.sync import review_items

    contacts = store.list_contacts(owner_id=owner_id)
    by_id = {c.id: c for c in contacts}
    resolver = Resolver(contacts, aliases=store.capture_aliases(owner_id))
    out = []
    for c, may_be in review_items(store, owner_id, resolver):
        kind, _, value = c.address.partition(":")
        p = Proposal(c.address, kind, value, c.display, c.sent, c.received, c.last_at)
        p.candidates = [_candidate(by_id[i]) for i in may_be if i in by_id]
        out.append(p)
    return out


def _find(store: Store, owner_id: int, address: str) -> Proposal:
    for p in review_queue(store, owner_id):
        if p.address == address or p.value == address:
            return p
    raise InvalidInput(
        N_("{address} is not in the review queue"),
        hint=N_("see the queue with: tisser sources review"),
        address=address,
    )


def _with_address(c: Contact, p: Proposal) -> bool:
    """Give the contact the proposal's address; False when it cannot hold it (a name, a
    second LinkedIn profile), which is then kept as an alias."""
    if p.kind == "email":
        if p.value not in c.emails:
            c.emails.append(p.value)
    elif p.kind == "phone":
        if p.value not in c.phones:
            c.phones.append(p.value)
    elif p.kind == "linkedin" and not c.linkedin:
        c.linkedin = f"https://www.linkedin.com/{p.value}"
    else:
        return False
    return True


@dataclass(slots=True)
class Resolution:
    """A review item resolved: the contact, and how many of the messages already read from
    that address became (or joined) interactions of theirs at once."""

    contact: Contact
    replayed: int = 0


def _replay(store: Store, owner_id: int, address: str, contact_id: int, now: datetime) -> int:
    """Capture the kept messages of ``address`` for the contact, source by source."""
    from tisser.capture.sync import Capture

    sources = {s.id: s for s in store.list_sources(owner_id)}
    done, counted = 0, {}
    for source_id, rows in store.pending_messages(owner_id, address).items():
        source = sources[source_id]
        settings = f.CaptureSettings.from_dict(source.settings)
        n, counted[source_id] = Capture(store, source, settings, now).replay(
            rows, address, contact_id
        )
        done += n
    store.settle_pending(owner_id, address, counted)
    return done


def accept(store: Store, owner_id: int, address: str, now: datetime | None = None) -> Resolution:
    """Add a proposed correspondent as a new contact (their name and address), with the
    messages already read from them in the journal."""
    from tisser.core.names import parse_full_name

    p = _find(store, owner_id, address)
    display = p.display if p.display and "@" not in p.display else ""
    given, particle, family = parse_full_name(display) if display else (p.value, "", "")
    c = Contact(owner_id=owner_id, given_name=given, particle=particle, family_name=family)
    held = _with_address(c, p)
    with store.transaction():
        saved = store.add_contact(c)
        if not held:
            store.add_capture_alias(owner_id, p.address, saved.id or 0)
        store.forget_correspondent(owner_id, p.address)
        n = _replay(store, owner_id, p.address, saved.id or 0, now or datetime.now(UTC))
    return Resolution(saved, n)


def attach(
    store: Store, owner_id: int, address: str, contact_id: int, now: datetime | None = None
) -> Resolution:
    """Give an existing contact this correspondent's address (later syncs find them), with
    the messages already read from them in the journal."""
    p = _find(store, owner_id, address)
    c = store.get_contact(contact_id, owner_id)
    with store.transaction():
        if _with_address(c, p):
            saved = store.update_contact(c)
        else:
            saved = c
            store.add_capture_alias(owner_id, p.address, contact_id)
        store.forget_correspondent(owner_id, p.address)
        n = _replay(store, owner_id, p.address, contact_id, now or datetime.now(UTC))
    return Resolution(saved, n)


def ignore(store: Store, owner_id: int, address: str) -> None:
    """Never propose this correspondent again."""
    p = _find(store, owner_id, address)
    store.ignore_address(owner_id, p.address)


# --- tisser import FILE ---------------------------------------------------------------------

_WA_LINE = re.compile(
    r"^[\u200e\ufeff]?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+(?:à\s+)?\d{1,2}[:.h]\d{2}"
)


def capture_kind(path: Path) -> str:
    """The capture source a file or folder is ("" when it is not one): what ``tisser
    import`` captures instead of (or, for LinkedIn's archive, besides) importing contacts."""
    import zipfile

    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return "maildir"
        return ""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return ""
    if suffix == ".mbox" or head.startswith(b"From "):
        return "mbox"
    if suffix == ".eml":
        return "eml"
    if suffix == ".ics" or head.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if suffix == ".xml" and (b"<smses" in head or b"<calls" in head):
        return "sms"
    text = head.decode("utf-8", "replace")
    if suffix == ".txt" and any(_WA_LINE.match(line) for line in text.splitlines()[:5]):
        return "whatsapp"
    if suffix == ".csv" and "CONVERSATION ID" in text.upper().split("\n", 1)[0]:
        return "linkedin"
    if suffix == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = [Path(n).name.lower() for n in z.namelist()]
        if "_chat.txt" in names or any(
            n.startswith("whatsapp") and n.endswith(".txt") for n in names
        ):
            return "whatsapp"
        if "messages.csv" in names:
            return "linkedin"
    return ""


class _Rollback(Exception):
    """Raised to roll a dry run's transaction back."""


def capture_file(
    store: Store, owner_id: int, path: Path, kind: str, now: datetime, dry_run: bool = False
) -> SyncReport:
    """Capture a file once, through a source that remembers it (the same file given again
    syncs that source: nothing is captured twice). The user's own addresses are those of
    their other sources."""
    where = str(path.expanduser().resolve())
    sources = store.list_sources(owner_id)
    for s in sources:
        if s.kind == kind and s.location == where:
            return sync_source(store, s, now, dry_run=dry_run)
    own: dict[str, list[str]] = {"own_emails": [], "own_phones": [], "own_names": []}
    for s in sources:
        for key, values in own.items():
            values.extend(v for v in s.settings.get(key, []) if v not in values)
    taken = {s.name for s in sources}
    name = _default_name(kind, where)
    n = 2
    while name in taken:
        name, n = f"{_default_name(kind, where)}-{n}", n + 1
    if dry_run:  # the source itself is not kept either
        report = SyncReport()
        try:
            with store.transaction():
                source = add_source(store, owner_id, kind, where, name=name, settings=own)
                report = sync_source(store, source, now, dry_run=True)
                raise _Rollback
        except _Rollback:
            return report
    source = add_source(store, owner_id, kind, where, name=name, settings=own)
    return sync_source(store, source, now)
