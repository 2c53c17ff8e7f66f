"""Erasure redacts the person's mentions elsewhere (issue #21 item 9), on SQLite and PostgreSQL.

After ``delete_contact``, the erased name, e-mail and phone must be nowhere: not in a
table (every text and JSON column of every table is read back), and on SQLite not in the
database file's bytes nor its WAL. A mention written without accents or in other case is
found too; texts that do not mention the person are left exactly as they were.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from tisser.core.events import Event
from tisser.core.introductions import Introduction
from tisser.core.model import Contact, Interaction
from tisser.core.objectives import Objective
from tisser.core.redact import Finder, needles
from tisser.store import Store
from tisser.store.schema import capture_correspondents, capture_pending, metadata

NAME_FORMS = ("Anaïs Bénard", "anais benard", "ANAÏS BÉNARD", "Bénard Anaïs")
EMAIL, PHONE = "anais.benard@exemple.fr", "+33611223344"


def test_finder_spans_keep_the_text_around() -> None:
    f = Finder(needles(Contact(given_name="Anaïs", family_name="Bénard", emails=[EMAIL])))
    text = "Présentée par ANAIS  Benard, écrire à anais.benard@exemple.fr."
    assert f.redact(text, "[x]") == "Présentée par [x], écrire à [x]."
    assert f.redact("Anaïs Bénardeau et Anaïs", "[x]") == "Anaïs Bénardeau et Anaïs"
    assert f.redact("Œuvre sans nom") == "Œuvre sans nom"


def _everything_text(store: Store) -> str:
    """Every text and JSON value of every table, joined (the independent check)."""
    out: list[str] = []
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, sa.Text | sa.String | sa.JSON)]
            if cols:
                for row in conn.execute(sa.select(*cols)):
                    out += [str(v) for v in row if v is not None]
    return "\n".join(out)


def _fill(store: Store) -> dict[str, int]:
    target = store.add_contact(
        Contact(given_name="Anaïs", family_name="Bénard", emails=[EMAIL], phones=[PHONE])
    )
    tid = target.id or 0
    other = store.add_contact(
        Contact(
            given_name="Paul",
            family_name="Durand",
            notes="Présenté par anais benard au salon.",
            met_how="via Anaïs Bénard",
        )
    )
    third = store.add_contact(Contact(given_name="Zoé", family_name="Martin", notes="Rien à voir."))
    oid, zid = other.id or 0, third.id or 0
    at = datetime(2024, 3, 1, 12, tzinfo=UTC)
    shared = store.add_interaction(
        Interaction(occurred_at=at, contact_ids=[tid, oid], about="Déjeuner avec ANAÏS BÉNARD")
    )
    among = store.add_interaction(
        Interaction(occurred_at=at, contact_ids=[oid, zid], about=f"parlé de {EMAIL} et {PHONE}")
    )
    store.add_event(Event(title="Dîner chez Bénard Anaïs", notes="Anaïs Bénard organise"))
    store.add_introduction(
        Introduction(a_id=oid, b_id=zid, reason="les deux connaissent Anaïs Bénard")
    )
    store.add_objective(Objective(title="Revoir Anaïs Bénard", why="elle connaît tout le monde"))
    source = store.add_source(1, "boîte", "imap", "imap://localhost", {})
    with store.engine.begin() as conn:
        conn.execute(
            capture_correspondents.insert().values(
                source_id=source.id,
                address=EMAIL,
                owner_id=1,
                display="Anaïs Bénard",
                sent=3,
                received=3,
                last_at=at,
            )
        )
        conn.execute(  # a message of hers kept for when she is resolved
            capture_pending.insert().values(
                source_id=source.id,
                key="k1",
                address=EMAIL,
                owner_id=1,
                conversation="c1",
                at=at,
                outgoing=False,
                channel="email",
                counted=False,
            )
        )
    return {"target": tid, "other": oid, "third": zid, "shared": shared.id or 0,
            "among": among.id or 0}  # fmt: skip


def test_erasure_redacts_every_mention(store: Store, db_url: str) -> None:
    ids = _fill(store)
    preview = store.contact_mentions(ids["target"])
    places = sorted({m.place for m in preview})
    assert places == sorted(
        {
            "another contact",
            "an interaction",
            "an event",
            "an introduction",
            "an objective",
            "the capture review queue",
        }
    )
    assert any("Présenté par anais benard" in m.excerpt for m in preview)
    before = _everything_text(store)
    assert all(form in before for form in NAME_FORMS) and EMAIL in before  # the check sees them

    report = store.delete_contact(ids["target"], placeholder="[effacé]")
    assert report.mentions_redacted >= 6
    after = _everything_text(store)
    for needle in (*NAME_FORMS, "Bénard", "benard", "BÉNARD", EMAIL, PHONE):
        assert needle not in after, needle
    other = store.get_contact(ids["other"])
    assert other.notes == "Présenté par [effacé] au salon." and other.met_how == "via [effacé]"
    assert store.get_contact(ids["third"]).notes == "Rien à voir."
    texts = {i.id: i.about for i in store.list_interactions()}
    assert texts == {
        ids["shared"]: "Déjeuner avec [effacé]",
        ids["among"]: "parlé de [effacé] et [effacé]",
    }
    assert store.search("benard") == [] and store.search("anais") == []
    assert [h.contact.id for h in store.search("salon")] == [ids["other"]]  # index rebuilt
    if store.dialect == "sqlite":
        db = Path(sa.make_url(db_url).database or "")
        raw = b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())
        assert b"Durand" in raw  # the check reads text that is really there
        for needle in (*NAME_FORMS, "Bénard", "benard", EMAIL, PHONE):
            for encoded in {needle.encode(), needle.lower().encode()}:
                assert encoded not in raw, needle


def test_erasure_can_keep_mentions(store: Store) -> None:
    ids = _fill(store)
    store.delete_contact(ids["target"], redact_mentions=False)
    assert store.get_contact(ids["other"]).notes == "Présenté par anais benard au salon."
