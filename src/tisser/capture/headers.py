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

import functools
import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.message import Message as EmailMsg
from email.utils import getaddresses, parsedate_to_datetime

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
_NOREPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|notifications?|"
    r"newsletters?|bounces?|postmaster)\b",
    re.I,
)


class _Registry(HeaderRegistry):
    """``policy.default``'s header classes, each made once: the stdlib makes a new class
    each time a header is read (the parser reads Content-Type), a tenth of the parse."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# The header block is parsed by policy.default (with its header classes cached); the values
# are then read raw and decoded where needed.
POLICY = policy.default.clone(header_factory=_Registry())


class BadDate(ValueError):
    """The message has no usable date."""


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


@functools.lru_cache(maxsize=8192)
def _display(name: str) -> str:
    if "=?" not in name:
        return name
    try:
        return str(make_header(decode_header(name)))
    except (LookupError, ValueError, UnicodeError):
        return name


_PLAIN = re.compile(r"\s*(?:([^<>@]*?)\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*")


def _simple(text: str) -> list[tuple[str, str]] | None:
    """``Name <a@b>, c@d`` without quotes or comments, split by a regex; None when the
    list is anything else (then the stdlib parses it)."""
    out = []
    for piece in text.split(","):
        if not piece.strip():
            continue
        m = _PLAIN.fullmatch(piece)
        if m is None:
            return None
        out.append((m.group(1) or "", m.group(2) or m.group(3)))
    return out


def parties(raw: dict[str, str], name: str) -> list[Party]:
    """The addresses of a header. The stdlib's lenient ``getaddresses`` on the raw value,
    display names decoded: policy.default's full address grammar cost ten times more for
    the same addresses, and a broken list still yields what can be read."""
    text = raw.get(name.lower(), "")
    if not text:
        return []
    return list(_address_list(text))


@functools.lru_cache(maxsize=8192)
def _address_list(text: str) -> tuple[Party, ...]:
    """One header value's parties; the same lists come back message after message (a
    thread, a colleague), so they are read once."""
    out = []
    text = " ".join(text.split())
    pairs = _simple(text) if '"' not in text and "(" not in text else None
    if pairs is None:
        try:
            pairs = getaddresses([text])
        except (TypeError, ValueError, IndexError):
            return ()
    for display, addr in pairs:
        p = email_party(addr, _display(display))
        if p is not None:
            out.append(p)
    return tuple(out)


def moment(raw: dict[str, str]) -> datetime:
    text = raw.get("date", "")
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


_FIELD = re.compile(rb"[\x21-\x39\x3b-\x7e]*:")


WANTED = frozenset(f.lower() for f in FIELDS)  # the headers capture reads


def scan_headers(block: bytes, wanted: frozenset[str] | None = None) -> dict[str, str]:
    """The first value of each header of a raw header block, as the stdlib's feed parser
    would give them (folded lines joined, the value's leading blanks and line end dropped,
    the block ending at the first line that is not a header), without building a message:
    the parser then reads Content-Type through the full header grammar, a third of the
    time of a message, for a field capture never uses. Non-ASCII bytes are read as UTF-8,
    the rest replaced (what :func:`raw_headers` gives for the parsed message). ``wanted``:
    only these (lower-case) names are kept, the others skipped without being decoded."""
    out: dict[str, str] = {}
    name = ""
    keep = False
    parts: list[bytes] = []
    for line in block.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if keep:
                parts.append(line)
            continue
        if line.startswith(b"From "):  # the envelope line, or one misplaced: not a header
            continue
        m = _FIELD.match(line)
        if m is None:
            break
        if keep:
            out[name] = b"".join(parts).rstrip(b"\r\n").decode("utf-8", "replace")
        name = m.group()[:-1].decode("ascii").lower()
        keep = bool(name) and name not in out and (wanted is None or name in wanted)
        if keep:
            parts = [line[m.end() :].lstrip(b" \t")]
    if keep:
        out[name] = b"".join(parts).rstrip(b"\r\n").decode("utf-8", "replace")
    return out


def raw_headers(msg: EmailMsg) -> dict[str, str]:
    """The first value of each header, as written (names in lower case): what needs no
    decoding (ids, dates, list headers) is read from here, without the header parser."""
    out: dict[str, str] = {}
    for k, v in msg.raw_items():
        if k.lower() not in out:
            # bytes that were not ASCII come as surrogates: UTF-8 read as such, the rest replaced
            out[k.lower()] = str(v).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return out


def decode_subject(text: str) -> str:
    """A subject's encoded words decoded; undecodable bytes replaced, never an error."""
    try:
        return _subject(str(make_header(decode_header(text))))
    except (LookupError, ValueError, UnicodeError):
        return _subject(text.encode("utf-8", "replace").decode("utf-8", "replace"))


def automated(raw: dict[str, str], sender: Party | None) -> bool:
    """Mailing lists, bulk mail, auto-replies and no-reply senders."""
    if raw.get("list-unsubscribe") or raw.get("list-id"):
        return True
    if raw.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
        return True
    auto = raw.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return True
    return sender is not None and bool(_NOREPLY.match(sender.value.split("@")[0]))


def to_message(msg: EmailMsg | EmailMessage, where: str, fallback_key: str) -> Message:
    """The message's metadata; :class:`BadDate` when its date is missing or impossible."""
    return from_raw(raw_headers(msg), where, lambda: fallback_key)


def from_raw(raw: dict[str, str], where: str, fallback: Callable[[], str]) -> Message:
    """:func:`to_message` from the raw header values (see :func:`scan_headers`); the
    fallback key, asked for only when the message has no Message-ID."""
    when = moment(raw)
    own_id = _first_id(raw.get("message-id", ""))
    refs = _ID.findall(raw.get("references", ""))
    parent = _first_id(raw.get("in-reply-to", ""))
    key = digest(own_id) if own_id else digest(f"{fallback()}|{when.isoformat()}")
    root = refs[0] if refs else parent or own_id
    thread = digest(root) if root else key
    senders = parties(raw, "From")
    sender = senders[0] if senders else None
    recipients = parties(raw, "To") + parties(raw, "Cc")
    return Message(
        key=key,
        thread=thread,
        at=when,
        sender=sender,
        recipients=recipients,
        channel=Channel.EMAIL,
        subject=raw.get("subject", ""),  # decoded only if the user keeps subjects
        automated=automated(raw, sender),
        where=where,
    )


def _first_id(text: str) -> str:
    found = _ID.search(text)
    if found:
        return found.group(1)
    return text.strip()


def _subject(text: str) -> str:
    return " ".join(text.split())[:300]
