"""E-mail headers to a :class:`~tisser.capture.model.Message`: shared by mailbox files and
IMAP, so both count, group and filter a message the same way.

Headers are parsed with ``email.policy.default`` (encoded words decoded, addresses parsed);
a header that does not parse (a broken charset, a mangled address list) is read raw with
its undecodable bytes replaced rather than failing the message. The thread is the root of
``References`` (its first id), else ``In-Reply-To``, else the message's own id: every
reply of a usual client names the root first, so one thread is one key without keeping a
table of every message seen.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email.message import EmailMessage, Message as EmailMsg
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from tisser.capture.model import Message, Party
from tisser.capture.parties import email_party
from tisser.core.model import Channel

FIELDS = (
    "From",
    "To",
    "Cc",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Subject",
    "List-Unsubscribe",
    "List-Id",
    "Precedence",
    "Auto-Submitted",
)
_ID = re.compile(r"<([^<>\s]+)>")
_NOREPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|notifications?|"
                      r"newsletters?|bounces?|postmaster)\b", re.I)  # fmt: skip


class BadDate(ValueError):
    """The message has no usable date."""


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def header(msg: EmailMsg, name: str) -> str:
    """A header as text, never raising: policy.default's parse, else the raw value."""
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a malformed header of any kind is read raw
        value = None
        raw = getattr(msg, "_headers", [])
        for k, v in raw:
            if k.lower() == name.lower():
                value = v
                break
    if value is None:
        return ""
    text = str(value)
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


def _raw(msg: EmailMsg, name: str) -> str:
    for k, v in getattr(msg, "_headers", []):
        if k.lower() == name.lower():
            return str(v)
    return ""


def parties(msg: EmailMsg, name: str) -> list[Party]:
    out = []
    try:
        value = msg.get(name)
        addrs: list[Any] = list(getattr(value, "addresses", ()) or ())
        pairs = [(a.display_name, a.addr_spec) for a in addrs]
    except Exception:  # noqa: BLE001 - fall back on the stdlib's lenient split
        pairs = getaddresses([_raw(msg, name)])
    if not pairs and _raw(msg, name):
        pairs = getaddresses([_raw(msg, name)])
    for display, addr in pairs:
        p = email_party(addr, display)
        if p is not None:
            out.append(p)
    return out


def moment(msg: EmailMsg) -> datetime:
    text = header(msg, "Date") or _raw(msg, "Date")
    if not text.strip():
        raise BadDate("no Date header")
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        raise BadDate(text) from exc
    if when is None:
        raise BadDate(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if not 1980 <= when.year <= 2100:
        raise BadDate(text)
    return when


def automated(msg: EmailMsg, sender: Party | None) -> bool:
    """Mailing lists, bulk mail, auto-replies and no-reply senders."""
    if header(msg, "List-Unsubscribe") or header(msg, "List-Id"):
        return True
    if header(msg, "Precedence").strip().lower() in ("bulk", "list", "junk"):
        return True
    auto = header(msg, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return True
    return sender is not None and bool(_NOREPLY.match(sender.value.split("@")[0]))


def to_message(msg: EmailMsg | EmailMessage, where: str, fallback_key: str) -> Message:
    """The message's metadata; :class:`BadDate` when its date is missing or impossible."""
    when = moment(msg)
    own_id = _first_id(header(msg, "Message-ID"))
    refs = _ID.findall(header(msg, "References"))
    parent = _first_id(header(msg, "In-Reply-To"))
    key = digest(own_id) if own_id else digest(f"{fallback_key}|{when.isoformat()}")
    root = refs[0] if refs else parent or own_id
    thread = digest(root) if root else key
    senders = parties(msg, "From")
    sender = senders[0] if senders else None
    recipients = parties(msg, "To") + parties(msg, "Cc")
    return Message(
        key=key,
        thread=thread,
        at=when,
        sender=sender,
        recipients=recipients,
        channel=Channel.EMAIL,
        subject=_subject(header(msg, "Subject")),
        automated=automated(msg, sender),
        where=where,
    )


def _first_id(text: str) -> str:
    found = _ID.search(text)
    if found:
        return found.group(1)
    return text.strip()


def _subject(text: str) -> str:
    return " ".join(text.split())[:300]
