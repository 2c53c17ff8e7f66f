"""Done means (#16): the demo network plus a generated mailbox, calendar and WhatsApp export
for the demo's user; ``tisser sync`` fills the journal and the cadence moves as a coach
expects: a contact written to yesterday is no longer cooling, a contact written to four
times without an answer is flagged "no reply" four times, a meeting and a chat count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, formataddr
from pathlib import Path

from tisser.app import capture as ac
from tisser.core.cadence import Status, status_of
from tisser.demo import mailbox as gen
from tisser.demo.load import load_demo
from tisser.store import Store

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _status(store: Store, cid: int) -> Status:
    last = store.last_interactions().get(cid)
    return status_of(store.get_contact(cid), last, TODAY).status


def _mail(n: int, frm: str, to: str, at: datetime, reply_to: str = "") -> bytes:
    head = [
        f"From: {frm}",
        f"To: {to}",
        f"Date: {format_datetime(at)}",
        f"Message-ID: <demo{n}@maison-lescure.fr>",
        "Subject: =?utf-8?q?Caf=C3=A9?=",
    ]
    if reply_to:
        head += [f"In-Reply-To: {reply_to}", f"References: {reply_to}"]
    return ("From x Thu Jan  1 00:00:00 2026\n" + "\n".join(head) + "\n\nbody\n\n").encode()


def test_sync_changes_the_cadence_as_a_coach_expects(store: Store, tmp_path: Path) -> None:
    load_demo(store, TODAY, size=120)
    people = [c for c in store.list_contacts() if c.emails and c.id is not None]
    cooling = next(c for c in people if _status(store, c.id or 0) is Status.COOLING)
    silent, met, chat = [c for c in people if c.id != cooling.id][:3]
    me = formataddr((gen.ME_NAME, gen.ME))
    yesterday = NOW - timedelta(days=1)
    mails = [
        _mail(1, me, formataddr((cooling.display_name, cooling.emails[0].upper())), yesterday),
        _mail(
            2,
            formataddr((cooling.display_name, cooling.emails[0])),
            me,
            yesterday + timedelta(hours=3),
            "<demo1@maison-lescure.fr>",
        ),
        *(_mail(10 + k, me, silent.emails[0], NOW - timedelta(days=30 + 7 * k)) for k in range(4)),
    ]
    (tmp_path / "Sent.mbox").write_bytes(b"".join(mails))
    (tmp_path / "agenda.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//FR\r\nBEGIN:VEVENT\r\nUID:m1\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART:20261203T120000Z\r\nDTEND:20261203T133000Z\r\n"
        f"ORGANIZER:mailto:{gen.ME}\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:{met.emails[0]}\r\n"
        "SUMMARY:Déjeuner\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    (tmp_path / f"Discussion WhatsApp avec {chat.display_name}.txt").write_text(
        f"05/12/2026 10:00 - {chat.display_name}: Bonjour !\n"
        f"05/12/2026 10:05 - {gen.ME_NAME}: Bonjour, on se voit mardi ?\n",
        encoding="utf-8",
    )
    settings = {"own_emails": [gen.ME], "own_names": [gen.ME_NAME]}
    typed = len(store.list_interactions())
    for kind, name in (
        ("mbox", "Sent.mbox"),
        ("ics", "agenda.ics"),
        ("whatsapp", f"Discussion WhatsApp avec {chat.display_name}.txt"),
    ):
        src = ac.add_source(store, 1, kind, str(tmp_path / name), name=kind, settings=settings)
        ac.sync_source(store, src, NOW)
    assert _status(store, cooling.id or 0) is Status.ON_TRACK
    assert store.last_interactions()[cooling.id or 0].date() == yesterday.date()
    flagged = [i.outcome for i in store.interactions_for(silent.id or 0) if i.outcome == "no_reply"]
    assert flagged == ["no_reply"] * 4
    assert store.last_interactions()[met.id or 0].date() == date(2026, 12, 3)
    assert store.last_interactions()[chat.id or 0].date() == date(2026, 12, 5)
    assert len(store.list_interactions()) == typed + 1 + 4 + 1 + 1
    # the demo's own journal is never touched: removing the sources gives it back
    for kind in ("mbox", "ics", "whatsapp"):
        store.remove_source(1, kind)
    assert len(store.list_interactions()) == typed
