"""What every source hands the capture mechanism: messages reduced to their metadata.

A reader (mailbox file, IMAP folder, calendar, chat export) turns what it reads into
:class:`Message` values, never keeping a body; :mod:`tisser.capture.sync` filters, resolves
and groups them. Keeping the readers this thin is what lets one mechanism make every source
incremental and idempotent the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tisser.core.model import Channel

ME = "me"
THEM = "them"


@dataclass(frozen=True, slots=True)
class Party:
    """Someone on a message: ``kind`` is email, phone, linkedin or name; ``value`` the folded
    key resolution compares (see :mod:`tisser.capture.parties`); ``display`` what to show."""

    kind: str
    value: str
    display: str = ""

    @property
    def address(self) -> str:
        """The key the review queue and the ignore list store: ``"email:jean@x.fr"``."""
        return f"{self.kind}:{self.value}"


@dataclass(slots=True)
class Message:
    """One message, call or meeting, as metadata.

    ``key`` is stable across runs (a digest of the Message-ID, or of the source position when
    there is none): the same message read twice is counted once. ``thread`` groups messages
    into one interaction (an e-mail thread's root, a chat's peer and day, an event's UID and
    occurrence). ``outgoing`` is None when the sender's address decides it.
    """

    key: str
    thread: str
    at: datetime
    sender: Party | None
    recipients: list[Party] = field(default_factory=list)
    channel: Channel = Channel.EMAIL
    outgoing: bool | None = None
    subject: str = ""
    automated: bool = False
    where: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """An item a reader could not use: where it is, what is wrong (an ``N_`` template)."""

    where: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    reason: str = "unreadable"  # the report's count it goes to (no_date, unreadable...)


@dataclass(slots=True)
class Batch:
    """What a reader read since the previous batch, and its cursor once these are saved."""

    messages: list[Message]
    state: dict[str, Any]
    read: int = 0
    problems: list[Problem] = field(default_factory=list)
    fetched: int = 0


@dataclass(slots=True)
class SyncReport:
    """What a sync did, for the closing report: read, captured, grouped, skipped by reason."""

    source: str = ""
    read: int = 0
    fetched: int = 0
    messages: int = 0  # messages that went into an interaction
    created: int = 0  # new interactions
    updated: int = 0  # interactions a new message of their thread updated
    no_reply: int = 0  # outgoing threads marked unanswered
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    proposed: int = 0  # correspondents now in the review queue
    dry_run: bool = False

    @property
    def grouped(self) -> int:
        """Messages that joined an interaction another message had already made."""
        return max(0, self.messages - self.created)

    def add_problems(self, problems: list[Problem], keep: int = 50) -> None:
        self.problem_count += len(problems)
        room = keep - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able copy, kept as the source's last report."""
        return {
            "source": self.source,
            "read": self.read,
            "fetched": self.fetched,
            "messages": self.messages,
            "created": self.created,
            "updated": self.updated,
            "grouped": self.grouped,
            "no_reply": self.no_reply,
            "skipped": dict(self.skipped),
            "problems": [
                {"where": p.where, "message": p.message, "params": p.params, "reason": p.reason}
                for p in self.problems
            ],
            "problem_count": self.problem_count,
            "proposed": self.proposed,
            "dry_run": self.dry_run,
        }
