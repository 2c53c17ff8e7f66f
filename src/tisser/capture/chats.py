"""Chat exports: WhatsApp (.txt or .zip, Android and iOS, French and English, 12 h and 24 h
clocks), Android "SMS Backup & Restore" XML (sms, mms, calls) and LinkedIn's messages.csv.

One day's conversation with one person (or one group) is one interaction: its messages are
grouped by chat and day (the thread key), so forty messages on a Saturday do not read as
forty lunches, and their counts each way are kept. Message texts are never kept: a line is
read for its time and sender only, an XML element is cleared as soon as its attributes are
read (constant memory), LinkedIn's CONTENT column is never touched.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from tisser.capture import filters as f
from tisser.capture.headers import digest
from tisser.capture.model import Batch, Message, Party, Problem
from tisser.capture.parties import linkedin_party, name_party, phone_party
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel
from tisser.formats.archive import MAX_FILE, bounded_read
from tisser.store.capture import SourceRecord

BATCH = 2000
NOT_UNDERSTOOD = "not_understood"
MISSED = "missed_call"
SYSTEM = "system_line"

# [31/12/2023, 14:05:33] Name: text  (iOS)   31/12/2023 14:05 - Name: text  (Android)
_LINE = re.compile(
    r"^[\u200e\u200f]?\[?(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?\s+(?:à\s+|um\s+)?"
    r"(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?(?:[\s\u202f\u00a0]*([AaPp])\.?\s?[Mm]\.?)?\]?"
    r"\s*(?:[-–]\s+)?(.*)$"
)
_PEER = re.compile(
    r"(?:WhatsApp Chat (?:with|-)|Discussion WhatsApp avec)\s+(.+?)(?:\.txt|\.zip)?$", re.I
)


def _batches(items: Iterable[Message | Problem], state: dict[str, Any]) -> Iterator[Batch]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for item in items:
        (messages if isinstance(item, Message) else problems).append(item)
        if len(messages) + len(problems) >= BATCH:
            yield Batch(messages, state, len(messages) + len(problems), problems)
            messages, problems = [], []
    yield Batch(messages, state, len(messages) + len(problems), problems)


# --- WhatsApp -----------------------------------------------------------------------------


def _whatsapp_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(chat name, text) of a .txt export, of the .txt inside a .zip, or of a folder's."""
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.suffix.lower() in (".txt", ".zip"):
                yield from _whatsapp_texts(p)
        return
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.filename.lower().endswith(".txt"):
                    name = (
                        path.stem
                        if info.filename.lower() == "_chat.txt"
                        else Path(info.filename).stem
                    )
                    yield name, _unzipped(z, info, path).decode("utf-8-sig", "replace")
        return
    yield path.stem, path.read_bytes().decode("utf-8-sig", "replace")


def _unzipped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """A chat export's file, unzipped within the archive cap (a zip bomb is refused unread)."""
    raw = bounded_read(archive, info, MAX_FILE)
    if raw is None:
        raise InvalidInput(
            N_("{name}: {file} too large once unzipped (over {mb} MB)"),
            hint=N_("unzip it and capture the file alone"),
            name=path.name,
            file=info.filename,
            mb=MAX_FILE // (1024 * 1024),
        )
    return raw


def _day_first(heads: list[tuple[int, int]]) -> bool:
    """Whether dates are day/month: a first number above 12 says so, a second one says not;
    French exports (and most of the world) are day first, so it is the default."""
    if any(a > 12 for a, _ in heads):
        return True
    return not any(b > 12 for _, b in heads)


def _when(m: re.Match[str], day_first: bool, zone: ZoneInfo) -> datetime:
    a, b, c = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if a > 31:  # 2023-12-31
        year, month, day = a, b, c
    else:
        day, month = (a, b) if day_first else (b, a)
        year = c + 2000 if c < 100 else c
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    ampm = (m.group(7) or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def whatsapp_messages(
    name: str, text: str, own: set[str], zone: ZoneInfo
) -> Iterator[Message | Problem]:
    """The messages of one chat export: senders and times, never the texts."""
    lines = text.splitlines()
    matches = [(n, _LINE.match(line)) for n, line in enumerate(lines, 1)]
    heads = [(int(m.group(1)), int(m.group(2))) for _, m in matches if m and int(m.group(1)) <= 31]
    day_first = _day_first(heads)
    peer_match = _PEER.search(name)
    peer = peer_match.group(1).strip() if peer_match else ""
    senders: Counter[str] = Counter()
    parsed: list[tuple[int, datetime, str]] = []
    started = False
    not_understood: list[int] = []
    for n, m in matches:
        if m is None:
            if not started and lines[n - 1].strip():
                not_understood.append(n)
            continue  # a message's next line (multi-line messages)
        body = m.group(8)
        if ": " not in body:
            started = True
            yield Problem(f"{name}:{n}", "", reason=SYSTEM)  # "X joined", encryption notice
            continue
        try:
            when = _when(m, day_first, zone)
        except ValueError:
            not_understood.append(n)
            continue
        started = True
        sender = body.split(": ", 1)[0].strip().lstrip("\u200e~\u202f ").strip()
        senders[sender] += 1
        parsed.append((n, when, sender))
    for n in not_understood[:20]:
        yield Problem(
            f"{name}:{n}", N_("line not understood (unknown date format?)"), reason=NOT_UNDERSTOOD
        )
    for n in not_understood[20:]:
        yield Problem(f"{name}:{n}", "", reason=NOT_UNDERSTOOD)
    parties = {s: _chat_party(s) for s in senders}
    mine = {s for s, p in parties.items() if p is not None and p.address in own}
    if not mine and peer and len(senders) == 2 and peer in senders:
        mine = {s for s in senders if s != peer}  # a one-to-one chat: the other one is me
    others = [p for s, p in parties.items() if s not in mine and p is not None]
    seen: Counter[tuple[str, str]] = Counter()
    for n, when, sender in parsed:
        seen[when.isoformat(), sender] += 1
        key = digest(f"wa|{name}|{when.isoformat()}|{sender}|{seen[when.isoformat(), sender]}")
        out = sender in mine
        party = parties.get(sender)
        yield Message(
            key=key,
            thread=digest(f"wa|{name}|{when.date().isoformat()}"),
            at=when,
            sender=None if out else party,
            recipients=others if out else [],
            channel=Channel.MESSAGE,
            outgoing=out,
            where=f"{name}:{n}",
        )


def _chat_party(sender: str) -> Party | None:
    digits = sum(ch.isdigit() for ch in sender)
    if digits >= 6 and not any(ch.isalpha() for ch in sender):
        return phone_party(sender)
    return name_party(sender)


def read_whatsapp(path: Path, own: set[str], zone: ZoneInfo) -> Iterator[Batch]:
    def items() -> Iterator[Message | Problem]:
        for name, text in _whatsapp_texts(path):
            yield from whatsapp_messages(name, text, own, zone)

    yield from _batches(items(), {})


# --- SMS Backup & Restore ----------------------------------------------------------------------


def _ms(value: str) -> datetime:
    return datetime.fromtimestamp(int(value) / 1000, UTC)


def sms_messages(path: Path, region: str = "FR") -> Iterator[Message | Problem]:
    """sms, mms and call elements of an SMS Backup & Restore file, streamed."""
    n = 0
    try:
        for _event, el in ET.iterparse(path, events=("end",)):
            tag = el.tag
            if tag not in ("sms", "mms", "call"):
                continue
            n += 1
            a = el.attrib
            where = f"{path.name}: {tag} {n}"
            try:
                when = _ms(a.get("date", ""))
            except (ValueError, OverflowError, OSError):
                yield Problem(where, N_("no usable date: message left out"), reason=f.NO_DATE)
                el.clear()
                continue
            if tag == "call":
                number, kind = a.get("number", ""), a.get("type", "")
                p = phone_party(number, a.get("contact_name", ""), region)
                if kind in ("3", "5", "6") or (kind == "2" and a.get("duration", "0") == "0"):
                    yield Problem(where, "", reason=MISSED)
                elif p is not None:
                    yield Message(
                        key=digest(f"call|{number}|{a.get('date')}"),
                        thread=digest(f"call|{number}|{a.get('date')}"),
                        at=when,
                        sender=None if kind == "2" else p,
                        recipients=[p] if kind == "2" else [],
                        channel=Channel.CALL,
                        outgoing=kind == "2",
                        where=where,
                    )
            else:
                out = (a.get("type") == "2") if tag == "sms" else a.get("msg_box") == "2"
                numbers = [x for x in a.get("address", "").replace("~", ",").split(",") if x]
                people = [
                    p for x in numbers if (p := phone_party(x, a.get("contact_name", ""), region))
                ]
                if people:
                    peer = (
                        people[0].value
                        if len(people) == 1
                        else ",".join(sorted(p.value for p in people))
                    )
                    yield Message(
                        key=digest(f"{tag}|{a.get('address')}|{a.get('date')}|{out}"),
                        thread=digest(f"sms|{peer}|{when.date().isoformat()}"),
                        at=when,
                        sender=None if out else people[0],
                        recipients=people if out else people[1:],
                        channel=Channel.MESSAGE,
                        outgoing=out,
                        where=where,
                    )
            el.clear()  # the body and the mms parts go now: memory stays flat
    except ET.ParseError as exc:
        yield Problem(
            f"{path.name}: line {exc.position[0]}",
            N_("the file is cut or not XML; what came before is kept"),
        )


def read_sms(path: Path, region: str) -> Iterator[Batch]:
    files = [path] if path.is_file() else sorted(path.glob("*.xml"))
    yield from _batches((m for p in files for m in sms_messages(p, region)), {})


# --- LinkedIn messages.csv -------------------------------------------------------------------


def _linkedin_csv(path: Path) -> str:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if Path(info.filename).name.lower() == "messages.csv":
                    return _unzipped(z, info, path).decode("utf-8-sig", "replace")
        raise InvalidInput(
            N_("no messages.csv in {name}"),
            hint=N_("ask LinkedIn for the archive with your messages"),
            name=path.name,
        )
    return path.read_bytes().decode("utf-8-sig", "replace")


def linkedin_messages(path: Path, own: set[str]) -> Iterator[Message | Problem]:
    """LinkedIn's messages: participants by profile URL; CONTENT is never read."""
    rows = list(csv.DictReader(io.StringIO(_linkedin_csv(path))))
    up = [{(k or "").strip().upper(): (v or "") for k, v in r.items()} for r in rows]
    if not own:  # the user is in every conversation: the most frequent sender is them
        counts = Counter(r.get("SENDER PROFILE URL", "") for r in up)
        if counts:
            me = linkedin_party(counts.most_common(1)[0][0])
            own = {me.address} if me else set()
    for n, r in enumerate(up, 2):
        where = f"{path.name}: line {n}"
        raw = r.get("DATE", "").replace(" UTC", "+00:00").strip()
        try:
            when = datetime.fromisoformat(raw)
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
        except ValueError:
            yield Problem(where, N_("no usable date: message left out"), reason=f.NO_DATE)
            continue
        sender = linkedin_party(r.get("SENDER PROFILE URL", ""), r.get("FROM", ""))
        names = [x.strip() for x in r.get("TO", "").split(",")]
        urls = [u.strip() for u in r.get("RECIPIENT PROFILE URLS", "").split(",") if u.strip()]
        recipients = [
            p
            for k, u in enumerate(urls)
            if (p := linkedin_party(u, names[k] if k < len(names) else ""))
        ]
        conv = r.get("CONVERSATION ID", "")
        yield Message(
            key=digest(f"li|{conv}|{raw}|{r.get('SENDER PROFILE URL', '')}"),
            thread=digest(f"li|{conv}|{when.date().isoformat()}"),
            at=when,
            sender=sender,
            recipients=recipients,
            channel=Channel.LINKEDIN,
            outgoing=sender is not None and sender.address in own,
            where=where,
        )


def read_linkedin(path: Path, own: set[str]) -> Iterator[Batch]:
    yield from _batches(linkedin_messages(path, own), {})


def reader(source: SourceRecord, path: Path, own: set[str]) -> Iterator[Batch]:
    """The batches of a chat source."""
    s = source.settings
    if source.kind == "whatsapp":
        zone = ZoneInfo(str(s.get("zone") or "Europe/Paris"))
        return read_whatsapp(path, own, zone)
    if source.kind == "sms":
        return read_sms(path, str(s.get("region") or "FR"))
    if source.kind == "linkedin":
        return read_linkedin(path, own)
    raise InvalidInput(
        N_("{kind} sources cannot be synced yet"), where=source.name, kind=source.kind
    )
