"""The capture mechanism every source shares: filter, resolve, group, write, resume.

A reader yields :class:`~tisser.capture.model.Batch` values (a few thousand messages and
the cursor that follows them). For each batch, in order:

1. messages already counted by this source (their key in ``capture_seen``) are dropped, so
   a re-run, a resumed sync or Gmail's "All Mail" beside "Sent" add nothing;
2. the filters of :mod:`tisser.capture.filters` leave out automated mail, crowds, the
   user's own addresses, colleagues if asked, each counted under its reason;
3. the other parties are resolved to contacts (:class:`~tisser.capture.parties.Resolver`);
   the unknown ones are counted per address for the review queue, none added silently;
4. messages are grouped by thread into conversations, merged with the stored ones of the
   same keys (a reply weeks later extends its thread), and written with the seen keys and
   the cursor in one transaction (:meth:`tisser.store.Store.save_capture_batch`).

Memory is one batch whatever the size of the source. Who wrote first and when the other
answered are kept exactly across batches: a stored conversation's first message each way is
its ``first_at`` and its ``replied_at``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tisser.capture import filters as f
from tisser.capture.headers import decode_subject
from tisser.capture.model import ME, THEM, Batch, Message, Party, SyncReport
from tisser.capture.parties import Resolver
from tisser.core.actions import Outcome
from tisser.core.model import Channel
from tisser.store import Store
from tisser.store.capture import Conversation, Correspondent, SourceRecord

Progress = Callable[[int], None]


class _DryRun(Exception):
    """Raised at the end of a dry run to roll its single transaction back."""


@dataclass(slots=True)
class _Ends:
    """The first message each way of a conversation, the rest follows from them."""

    first_out: datetime | None = None
    first_in: datetime | None = None


@dataclass(slots=True)
class _Group:
    """The messages of one conversation in a batch: contacts, ends, first, counts."""

    ids: list[int]
    ends: _Ends
    first: Message
    sent: int = 0
    received: int = 0


def _ends(cv: Conversation) -> _Ends:
    if cv.initiator == ME:
        return _Ends(cv.first_at, cv.replied_at)
    return _Ends(cv.replied_at, cv.first_at)


def _apply_ends(cv: Conversation, e: _Ends) -> None:
    if e.first_out is not None and (e.first_in is None or e.first_out <= e.first_in):
        cv.initiator, cv.first_at, cv.replied_at = ME, e.first_out, e.first_in
    else:
        assert e.first_in is not None
        cv.initiator, cv.first_at, cv.replied_at = THEM, e.first_in, e.first_out


# Meetings happen once: a moved one moves (its time is replaced, not extended), it has
# no reply to wait for, and it counts as one exchange each way.
MEETINGS = {Channel.IN_PERSON.value, Channel.VIDEO.value, Channel.EVENT.value, Channel.CALL.value}


def outcome_of(cv: Conversation, now: datetime, days: int) -> str:
    """ "replied" or "no_reply" for what the user started, "" otherwise or while waiting."""
    if cv.channel in MEETINGS:
        return ""
    if cv.initiator != ME:
        return cv.outcome if cv.outcome not in (Outcome.NO_REPLY.value,) else ""
    if cv.received:
        return Outcome.REPLIED.value
    if now - cv.first_at >= timedelta(days=days):
        return Outcome.NO_REPLY.value
    return ""


def review_items(
    store: Store, owner_id: int, resolver: Resolver
) -> list[tuple[Correspondent, list[int]]]:
    """The review queue: correspondents who are no contact, with at least
    :data:`~tisser.capture.filters.DEFAULT_MIN_EXCHANGES` messages each way, or whatever
    their count when they bear the name of contacts the resolver would not choose between
    (homonyms, a lone first name); each with those contacts' ids."""
    out = []
    for c in store.correspondents(owner_id, 0):
        kind, _, value = c.address.partition(":")
        if resolver.resolve(Party(kind, value)) is not None:
            continue
        may_be = resolver.candidates(Party(kind, value, c.display))
        if may_be or min(c.sent, c.received) >= f.DEFAULT_MIN_EXCHANGES:
            out.append((c, may_be))
    return out


class Capture:
    """One sync of one source."""

    def __init__(
        self,
        store: Store,
        source: SourceRecord,
        settings: f.CaptureSettings,
        now: datetime,
        since: datetime | None = None,
    ) -> None:
        self.store = store
        self.source = source
        self.settings = settings
        self.filters = f.Filters(settings)
        self.resolver = Resolver(
            store.list_contacts(owner_id=source.owner_id),
            settings.region,
            store.capture_aliases(source.owner_id),
        )
        self.now = now
        self.since = since
        self.report = SyncReport(source=source.name)
        self._last: dict[str, datetime] = {}  # thread -> its latest message in this batch
        self._meeting_at: dict[str, datetime] = {}  # event -> its start as last read

    def run(
        self,
        batches: Iterable[Batch],
        dry_run: bool = False,
        progress: Progress | None = None,
        watch: Callable[[SyncReport], None] | None = None,
    ) -> SyncReport:
        """Capture every batch; a dry run does all of it in one transaction rolled back.
        ``progress`` is told how many messages each batch read, ``watch`` sees the report
        so far after each batch."""
        self.report.dry_run = dry_run
        try:
            with self._unit(dry_run):
                for batch in batches:
                    self.batch(batch)
                    if progress is not None:
                        progress(batch.read)
                    if watch is not None:
                        watch(self.report)
                self.report.no_reply += self.store.mark_no_reply(
                    self.source.id,
                    self.now - timedelta(days=self.settings.no_reply_days),
                    Outcome.NO_REPLY.value,
                )
                self.report.proposed = len(
                    review_items(self.store, self.source.owner_id, self.resolver)
                )
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        if not dry_run:
            self.store.update_source(
                self.source.id, last_sync_at=self.now, last_report=self.report.as_dict()
            )
        return self.report

    @contextmanager
    def _unit(self, dry_run: bool) -> Iterator[None]:
        if dry_run:
            with self.store.transaction():
                yield
        else:
            yield

    def batch(self, batch: Batch) -> None:
        """Filter, resolve, group and write one batch with its cursor."""
        r = self.report
        r.read += batch.read or len(batch.messages)
        r.fetched += batch.fetched
        r.add_problems([p for p in batch.problems if p.message])  # not plain skips
        for p in batch.problems:
            r.skipped[p.reason] += 1
        seen = self.store.seen_keys(self.source.id, (m.key for m in batch.messages))
        fresh: dict[str, Message] = {}
        for m in batch.messages:
            if m.key in seen or m.key in fresh:
                r.skipped[f.DUPLICATE] += 1
            else:
                fresh[m.key] = m
        self._capture(fresh.values(), fresh, batch.state)

    def replay(self, rows: Iterable[Any], address: str, contact_id: int) -> tuple[int, set[str]]:
        """The messages kept for a correspondent (:meth:`Store.pending_messages` rows of
        this source) become interactions of ``contact_id``, now that the user said who it
        is: those another contact's interaction holds already gain the contact, the others
        are captured as a sync would have. How many messages, and the keys of those newly
        captured; the seen keys are untouched, so a later sync adds none of them again."""
        self.resolver.aliases[address] = contact_id
        rows = list(rows)
        joined = self._join([r.conversation for r in rows if r.counted], contact_id)
        kind, _, value = address.partition(":")
        party = Party(kind, value)
        messages = [
            Message(
                key=r.key,
                thread=r.conversation,
                at=r.at,
                sender=None if r.outgoing else party,
                recipients=[party] if r.outgoing else [],
                channel=Channel(r.channel),
                outgoing=bool(r.outgoing),
            )
            for r in rows
            if not r.counted
        ]
        grouped = self._capture(messages, (), None) if messages else set()
        return joined + len(grouped), grouped

    def _join(self, keys: list[str], contact_id: int) -> int:
        """Add the contact to the stored conversations of these keys; how many messages."""
        if not keys:
            return 0
        stored = self.store.conversations(self.source.id, keys)
        convs = [cv for cv in stored.values() if contact_id not in cv.contact_ids]
        for cv in convs:
            cv.contact_ids.append(contact_id)
        if convs:
            _, updated = self.store.save_capture_batch(
                self.source.id, self.source.owner_id, convs, (), {}, None
            )
            self.report.updated += updated
        return sum(1 for k in keys if k in stored)

    def _capture(
        self, messages: Iterable[Message], seen: Iterable[str], state: dict[str, Any] | None
    ) -> set[str]:
        """Group the messages, merge them with the stored conversations and write them;
        the keys of the messages that went into an interaction."""
        groups, unknown, pending, grouped = self._group(messages)
        convs = self._merge(groups)
        created, updated = self.store.save_capture_batch(
            self.source.id, self.source.owner_id, convs, seen, unknown, state, pending
        )
        self.report.created += created
        self.report.updated += updated
        return grouped

    def _group(
        self, messages: Iterable[Message]
    ) -> tuple[dict[str, _Group], dict[str, list[Any]], list[dict[str, Any]], set[str]]:
        """Messages by conversation key, the unknown correspondents' counts and messages,
        the keys of the messages grouped."""
        r = self.report
        groups: dict[str, _Group] = {}
        unknown: dict[str, list[Any]] = {}
        pending: list[dict[str, Any]] = []
        grouped: set[str] = set()
        for m in messages:
            if self.since is not None and m.at < self.since:
                r.skipped[f.BEFORE] += 1
                continue
            out = self.filters.outgoing(m)
            others = self.filters.others(m, out)
            why = self.filters.skip_reason(m, others)
            if why:
                r.skipped[why] += 1
                continue
            key = m.thread if self.settings.group else m.key
            ids = self._resolve(m, out, others, key, unknown, pending)
            if not ids:
                r.skipped[f.NO_CONTACT] += 1
                continue
            r.messages += 1
            grouped.add(m.key)
            self._add(groups, key, m, out, ids)
        return groups, unknown, pending, grouped

    def _resolve(
        self,
        m: Message,
        out: bool,
        others: list[Party],
        key: str,
        unknown: dict[str, list[Any]],
        pending: list[dict[str, Any]],
    ) -> list[int]:
        """The contacts of a message's other parties; the unknown ones counted and kept."""
        ids: list[int] = []
        strangers = []
        for p in others:
            cid = self.resolver.resolve(p)
            if cid is not None:
                ids.append(cid)
            elif out or (m.sender is not None and p.address == m.sender.address):
                u = unknown.setdefault(p.address, [p.display or p.value, 0, 0, m.at])
                u[1 if out else 2] += 1
                if m.at > u[3]:
                    u[3] = m.at
                strangers.append(p.address)
        for address in strangers:
            pending.append(
                {
                    "key": m.key,
                    "address": address,
                    "conversation": key,
                    "at": m.at,
                    "outgoing": out,
                    "channel": m.channel.value,
                    "counted": bool(ids),
                }
            )
        return ids

    def _add(
        self, groups: dict[str, _Group], key: str, m: Message, out: bool, ids: list[int]
    ) -> None:
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group([], _Ends(), m)
        for cid in ids:
            if cid not in g.ids:
                g.ids.append(cid)
        ends = g.ends
        if out:
            ends.first_out = m.at if ends.first_out is None else min(ends.first_out, m.at)
            g.sent += 1
        else:
            ends.first_in = m.at if ends.first_in is None else min(ends.first_in, m.at)
            g.received += 1
        if m.at < g.first.at:
            g.first = m
        last = self._last.get(key)
        if last is None or m.at > last:
            self._last[key] = m.at
        if m.channel.value in MEETINGS:
            self._meeting_at[key] = m.at

    def _merge(self, groups: dict[str, _Group]) -> list[Conversation]:
        """The groups merged into their stored conversations (or new ones)."""
        stored = self.store.conversations(self.source.id, groups) if groups else {}
        convs = []
        for key, g in groups.items():
            cv = stored.get(key)
            last = self._last.pop(key)
            first = g.first
            subject = (
                decode_subject(first.subject)
                if self.settings.keep_subject and first.subject
                else None
            )
            ends = g.ends
            if cv is None:
                cv = Conversation(
                    key=key,
                    channel=first.channel.value,
                    initiator=ME,
                    first_at=first.at,
                    last_at=last,
                    subject=subject,
                )
            else:
                old = _ends(cv)
                for attr in ("first_out", "first_in"):
                    a, b = getattr(old, attr), getattr(ends, attr)
                    setattr(ends, attr, a if b is None else b if a is None else min(a, b))
                cv.last_at = max(cv.last_at, last)
                if subject and not cv.subject:
                    cv.subject = subject
            self._update(cv, key, g)
            convs.append(cv)
        return convs

    def _update(self, cv: Conversation, key: str, g: _Group) -> None:
        """Counts, ends, contacts and outcome of a conversation its group extends."""
        if cv.channel in MEETINGS:  # the latest reading of the event is the event
            cv.first_at = cv.last_at = self._meeting_at.pop(key)
            cv.initiator, cv.replied_at = (ME if g.sent else THEM), None
            cv.sent, cv.received = 1, 1
        else:
            _apply_ends(cv, g.ends)
            cv.sent += g.sent
            cv.received += g.received
        for cid in g.ids:
            if cid not in cv.contact_ids:
                cv.contact_ids.append(cid)
        before = cv.outcome
        cv.outcome = outcome_of(cv, self.now, self.settings.no_reply_days)
        if cv.outcome == Outcome.NO_REPLY.value != before:
            self.report.no_reply += 1
