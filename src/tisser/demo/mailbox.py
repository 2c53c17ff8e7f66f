"""A generated mailbox for the demo's user: realistic headers, threads, newsletters, and the
truth of who each message is with, so capture can be measured and shown on the demo.

The generator writes an mbox as it goes (one message in memory at a time), so the bench can
make files of any size. Addresses vary the way real ones do against the address book:
upper case, ``+tags``, Gmail dots; some correspondents are not contacts at all, some write
with a display name only the address book knows. :class:`Truth` records, per Message-ID,
the contact it should be attached to (None for strangers and newsletters).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import BinaryIO

from tisser.core.model import Contact
from tisser.core.names import fold

ME = "helene.marchand@maison-lescure.fr"
ME_NAME = "Hélène Marchand"


@dataclass(slots=True)
class Correspondent:
    """Someone in the mailbox: their address as the book has it, and their contact id."""

    name: str
    address: str
    contact_id: int | None


@dataclass(slots=True)
class Truth:
    """Message-ID -> the contact the message is with (None: nobody the user knows)."""

    contact_of: dict[str, int | None] = field(default_factory=dict)
    thread_of: dict[str, str] = field(default_factory=dict)  # Message-ID -> its root's
    outgoing: dict[str, bool] = field(default_factory=dict)
    messages: int = 0
    newsletters: int = 0
    threaded: int = 0


def _slug(text: str) -> str:
    return "".join(ch for ch in fold(text).replace(" ", ".") if ch.isalnum() or ch in ".-")


def correspondents(
    contacts: Sequence[Contact], strangers: int, rng: random.Random
) -> list[Correspondent]:
    """The contacts' first e-mail addresses, and ``strangers`` people not in the book."""
    out = [
        Correspondent(c.display_name, c.emails[0], c.id)
        for c in contacts
        if c.emails and c.id is not None
    ]
    for n in range(strangers):
        out.append(
            Correspondent(f"Inconnu {n}", f"inconnu{n}.{rng.randrange(10**6)}@ailleurs.org", None)
        )
    return out


def variant(address: str, rng: random.Random) -> str:
    """The same mailbox written another way: case, a +tag, Gmail dots."""
    local, _, domain = address.partition("@")
    roll = rng.random()
    if roll < 0.15:
        return f"{local}+{rng.choice(['crm', 'pro', 'perso'])}@{domain}"
    if roll < 0.3:
        return address.upper() if rng.random() < 0.5 else f"{local.title()}@{domain}"
    if roll < 0.4 and domain == "gmail.com":
        cut = rng.randrange(1, max(2, len(local)))
        return f"{local[:cut]}.{local[cut:]}@googlemail.com"
    return address


def _addr(name: str, address: str) -> str:
    return formataddr((name, address))  # a non-ASCII name as an RFC 2047 encoded word


def messages(
    people: Sequence[Correspondent],
    count: int,
    start: datetime,
    rng: random.Random,
    *,
    thread_share: float = 0.3,
    newsletter_share: float = 0.1,
    me: str = ME,
    truth: Truth | None = None,
    span_days: int = 720,
) -> Iterator[tuple[str, bytes]]:
    """``count`` messages (Message-ID, bytes) from ``start`` on, over ``span_days``, in time
    order. Written as bytes directly: the email package's generator took milliseconds each."""
    truth = truth if truth is not None else Truth()
    step = timedelta(days=span_days) / max(count, 1)
    open_threads: list[tuple[str, str, Correspondent, str]] = []
    mine_addr = _addr(ME_NAME, me)
    for n in range(count):
        at = start + step * n + timedelta(seconds=rng.randrange(60))
        mid = f"<{n}.{rng.randrange(10**9)}@gen.tisser.test>"
        head = [f"Message-ID: {mid}", f"Date: {format_datetime(at)}"]
        roll = rng.random()
        if roll < newsletter_share:
            shop = rng.randrange(40)
            head += [
                f"From: Boutique {shop} <newsletter@boutique{shop}.fr>",
                f"To: {me}",
                "Subject: Nos offres de la semaine",
                f"List-Unsubscribe: <mailto:unsubscribe@boutique{shop}.fr>",
            ]
            truth.contact_of[mid] = None
            truth.newsletters += 1
        elif roll < newsletter_share + thread_share and open_threads:
            k = rng.randrange(len(open_threads))
            root, subject, who, last = open_threads[k]
            mine = rng.random() < 0.5
            head += _people(who, mine, mine_addr, rng)
            refs = f"{root} {last}" if root != last else root
            head += [f"Subject: Re: {subject}", f"In-Reply-To: {last}", f"References: {refs}"]
            open_threads[k] = (root, subject, who, mid)
            truth.contact_of[mid] = who.contact_id
            truth.thread_of[mid] = root
            truth.outgoing[mid] = mine
            truth.threaded += 1
        else:
            who = people[rng.randrange(len(people))]
            mine = rng.random() < 0.45
            head += _people(who, mine, mine_addr, rng)
            subject = f"Sujet {n} - échange"
            head.append(f"Subject: {Header(subject, 'utf-8').encode()}")
            truth.contact_of[mid] = who.contact_id
            truth.thread_of[mid] = mid
            truth.outgoing[mid] = mine
            open_threads.append((mid, subject, who, mid))
            if len(open_threads) > 200:
                open_threads.pop(0)
        head += [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        body = "Bonjour,\n\nMerci pour ton message.\n\nÀ bientôt\n" * rng.randint(1, 4)
        truth.messages += 1
        yield mid, ("\n".join(head) + "\n\n" + body).encode("utf-8")


def _people(who: Correspondent, mine: bool, mine_addr: str, rng: random.Random) -> list[str]:
    theirs = _addr(who.name, variant(who.address, rng))
    return (
        [f"From: {mine_addr}", f"To: {theirs}"] if mine else [f"From: {theirs}", f"To: {mine_addr}"]
    )


def write_mbox(out: BinaryIO, items: Iterator[tuple[str, bytes]]) -> int:
    """Append messages to an open mbox file (mboxo: "From " lines in bodies quoted)."""
    n = 0
    for _mid, data in items:
        body = data.replace(b"\nFrom ", b"\n>From ")
        out.write(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n")
        out.write(body)
        if not body.endswith(b"\n"):
            out.write(b"\n")
        out.write(b"\n")
        n += 1
    return n


def make_mbox(
    path: Path,
    people: Sequence[Correspondent],
    count: int,
    start: datetime,
    seed: int = 7,
    **kw: object,
) -> Truth:
    """Write a generated mbox at ``path``; the truth of its messages."""
    rng = random.Random(seed)
    truth = Truth()
    with path.open("wb") as fh:
        write_mbox(fh, messages(people, count, start, rng, truth=truth, **kw))  # type: ignore[arg-type]
    return truth


def utc(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    """``python -m tisser.demo.mailbox DB OUT.mbox [COUNT]``: a mailbox for the demo's user,
    written to and from the contacts of the demo database DB (and a few strangers)."""
    import sys

    from tisser.store import open_store

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (2, 3):
        print("usage: python -m tisser.demo.mailbox DB OUT.mbox [COUNT]", file=sys.stderr)
        return 2
    url = args[0] if "://" in args[0] else f"sqlite:///{Path(args[0]).resolve()}"
    store = open_store(url)
    try:
        contacts = store.list_contacts()
    finally:
        store.close()
    rng = random.Random(16)
    people = correspondents(contacts, 12, rng)
    end = datetime.now(UTC)
    count = int(args[2]) if len(args) == 3 else 2000
    truth = make_mbox(
        Path(args[1]), people, count, end - timedelta(days=365), seed=16, span_days=364
    )
    print(f"{truth.messages} messages written to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
