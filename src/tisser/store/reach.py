"""Reach and give first: offers and needs, introductions, and full-text candidates.

``fulltext_candidates`` asks the search index (SQLite FTS5 / PostgreSQL tsvector, see
:mod:`tisser.store.search`) for the contacts holding *any* of a set of word prefixes: the
cheap first pass of ``tisser reach``, whose query module then checks stems, phrases and
synonyms in Python on those candidates only. Offers are matched by their folded text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tisser.core import names
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.introductions import Introduction, IntroStatus, Offer, OfferKind
from tisser.store import search as fts
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import aware, new_id, now
from tisser.store.schema import contact_offers, introductions


def _offer_from(r: sa.Row[Any]) -> Offer:
    return Offer(
        id=r.id,
        owner_id=r.owner_id,
        contact_id=r.contact_id,
        kind=OfferKind(r.kind),
        text=r.text,
        created_at=r.created_at,
        closed_at=r.closed_at,
    )


def _intro_from(r: sa.Row[Any]) -> Introduction:
    return Introduction(
        id=r.id,
        owner_id=r.owner_id,
        a_id=r.a_id,
        b_id=r.b_id,
        status=IntroStatus(r.status),
        reason=r.reason,
        outcome=r.outcome,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _clean_prefixes(prefixes: Sequence[str]) -> list[str]:
    out: list[str] = []
    for p in prefixes:
        out.extend(fts.words(p))
    return list(dict.fromkeys(w for w in out if w))


def _clean_groups(groups: Sequence[str | Sequence[str]]) -> list[list[str]]:
    clean = []
    for g in groups:
        ws = _clean_prefixes([g] if isinstance(g, str) else list(g))
        if ws:
            clean.append(ws)
    return clean


def _fts5(clean: list[list[str]]) -> str:
    return " OR ".join(
        "(" + " AND ".join('"' + w.replace('"', '""') + '"*' for w in ws) + ")" for ws in clean
    )


def _tsquery(clean: list[list[str]]) -> str:
    return " | ".join(
        "(" + " & ".join("'" + w.replace("'", "''") + "':*" for w in ws) + ")" for ws in clean
    )


def _candidates_all(
    conn: sa.Connection, queries: Sequence[Sequence[str | Sequence[str]]], owner_id: int
) -> list[int]:
    cleaned = [_clean_groups(q) for q in queries]
    if not cleaned or any(not c for c in cleaned):
        return []
    if conn.dialect.name == "sqlite":
        terms = " AND ".join(f"({_fts5(c)})" for c in cleaned)
        rows = conn.execute(
            sa.text("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH :q ORDER BY rowid"),
            {"q": f"{fts._owner_filter(conn, owner_id)}{{name body}} : ({terms})"},
        )
    else:
        tsq = " & ".join(f"({_tsquery(c)})" for c in cleaned)
        rows = conn.execute(
            sa.text(
                "SELECT c.id FROM contacts c WHERE c.owner_id = :o AND "
                "c.search_vector @@ to_tsquery('simple', :q) ORDER BY c.id"
            ),
            {"o": owner_id, "q": tsq},
        )
    return [int(r[0]) for r in rows]


def _candidates(
    conn: sa.Connection,
    groups: Sequence[str | Sequence[str]],
    owner_id: int,
    limit: int | None,
) -> list[int]:
    clean = _clean_groups(groups)
    if not clean:
        return []
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            sa.text(
                "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH :q "
                "ORDER BY rowid LIMIT :lim"
            ),
            {
                "q": f"{fts._owner_filter(conn, owner_id)}{{name body}} : ({_fts5(clean)})",
                "lim": limit if limit is not None else -1,
            },
        )
    else:
        rows = conn.execute(
            sa.text(
                "SELECT c.id FROM contacts c WHERE c.owner_id = :o AND "
                "c.search_vector @@ to_tsquery('simple', :q) ORDER BY c.id"
                + (" LIMIT :lim" if limit is not None else "")
            ),
            {"o": owner_id, "q": _tsquery(clean), "lim": limit},
        )
    return [int(r[0]) for r in rows]


class ReachMixin(StoreBase):
    """Offers and needs, introductions, and the candidates of a reach query."""

    # --- offers and needs -----------------------------------------------------------------

    def add_offer(self, offer: Offer) -> Offer:
        """Record an offer or a need of a contact; its text must not be empty."""
        text = " ".join(offer.text.split())
        if not text:
            raise InvalidInput(
                N_("an offer or a need needs a text"),
                hint=N_('e.g. tisser offer "Claire Dubois" "can advise on export to Japan"'),
            )
        moment = now()
        with self._conn() as conn:
            self._ensure_owners(conn, {offer.owner_id})
            check_contacts(conn, {offer.contact_id}, offer.owner_id)
            oid = new_id(
                conn.execute(
                    contact_offers.insert().values(
                        owner_id=offer.owner_id,
                        contact_id=offer.contact_id,
                        kind=OfferKind(offer.kind).value,
                        text=text,
                        text_fold=names.fold(text),
                        created_at=moment,
                        closed_at=None,
                    )
                )
            )
            r = conn.execute(sa.select(contact_offers).where(contact_offers.c.id == oid)).one()
        return _offer_from(r)

    def offers(
        self,
        owner_id: int = 1,
        *,
        kind: OfferKind | None = None,
        contact_id: int | None = None,
        include_closed: bool = False,
    ) -> list[Offer]:
        """The owner's offers and needs (open ones unless asked), oldest first."""
        o = contact_offers
        stmt = sa.select(o).where(o.c.owner_id == owner_id)
        if kind is not None:
            stmt = stmt.where(o.c.kind == OfferKind(kind).value)
        if contact_id is not None:
            stmt = stmt.where(o.c.contact_id == contact_id)
        if not include_closed:
            stmt = stmt.where(o.c.closed_at.is_(None))
        with self._conn() as conn:
            return [_offer_from(r) for r in conn.execute(stmt.order_by(o.c.id))]

    def close_offer(self, offer_id: int, owner_id: int = 1) -> Offer:
        """Mark an offer or a need as met or no longer current (kept for the record)."""
        o = contact_offers
        with self._conn() as conn:
            done = conn.execute(
                o.update()
                .where(o.c.id == offer_id, o.c.owner_id == owner_id)
                .values(closed_at=now())
            ).rowcount
            if not done:
                raise NotFound(
                    N_("no offer or need #{id}"),
                    hint=N_("list them with `tisser offers`"),
                    id=offer_id,
                )
            return _offer_from(conn.execute(sa.select(o).where(o.c.id == offer_id)).one())

    def offer_matches(self, prefixes: Sequence[str], owner_id: int = 1) -> list[Offer]:
        """Open offers and needs holding a word that starts with one of ``prefixes``."""
        words = _clean_prefixes(prefixes)
        if not words:
            return []
        o = contact_offers
        padded = sa.literal(" ") + o.c.text_fold
        stmt = sa.select(o).where(
            o.c.owner_id == owner_id,
            o.c.closed_at.is_(None),
            sa.or_(*(padded.like(f"% {w}%") for w in words)),
        )
        with self._conn() as conn:
            return [_offer_from(r) for r in conn.execute(stmt.order_by(o.c.id))]

    # --- full-text candidates -------------------------------------------------------------

    def fulltext_candidates(
        self,
        groups: Sequence[str | Sequence[str]],
        owner_id: int = 1,
        limit: int | None = None,
    ) -> list[int]:
        """Ids of the contacts whose indexed text matches any group of word prefixes.

        Each group is a prefix or a sequence of prefixes that must all start a word (a
        phrase); the groups are ORed. One query in the index, no row of ``contacts`` read:
        the caller checks the candidates precisely. Other owners' rows never come back.
        """
        with self._conn() as conn:
            return _candidates(conn, groups, owner_id, limit)

    def fulltext_all(
        self, queries: Sequence[Sequence[str | Sequence[str]]], owner_id: int = 1
    ) -> list[int]:
        """Contacts matching every query (one per concept): the intersection, in the index."""
        with self._conn() as conn:
            return _candidates_all(conn, queries, owner_id)

    def fulltext_candidate_sets(
        self, queries: Sequence[Sequence[str | Sequence[str]]], owner_id: int = 1
    ) -> list[set[int]]:
        """:meth:`fulltext_candidates` for several queries (one per concept), one connection."""
        with self._conn() as conn:
            return [set(_candidates(conn, groups, owner_id, None)) for groups in queries]

    # --- introductions --------------------------------------------------------------------

    def add_introduction(self, intro: Introduction) -> Introduction:
        """Record a proposed introduction between two different contacts of the owner."""
        if intro.a_id == intro.b_id:
            raise InvalidInput(N_("an introduction needs two different people"))
        moment = now()
        with self._conn() as conn:
            self._ensure_owners(conn, {intro.owner_id})
            check_contacts(conn, {intro.a_id, intro.b_id}, intro.owner_id)
            iid = new_id(
                conn.execute(
                    introductions.insert().values(
                        owner_id=intro.owner_id,
                        a_id=intro.a_id,
                        b_id=intro.b_id,
                        status=IntroStatus(intro.status).value,
                        reason=intro.reason.strip(),
                        outcome=intro.outcome.strip(),
                        created_at=moment,
                        updated_at=moment,
                    )
                )
            )
            return self._fetch_intro(conn, iid, intro.owner_id)

    def _fetch_intro(self, conn: sa.Connection, intro_id: int, owner_id: int) -> Introduction:
        r = conn.execute(
            sa.select(introductions).where(
                introductions.c.id == intro_id, introductions.c.owner_id == owner_id
            )
        ).first()
        if r is None:
            raise NotFound(
                N_("no introduction #{id}"),
                hint=N_("list them with `tisser intro list`"),
                id=intro_id,
            )
        return _intro_from(r)

    def get_introduction(self, intro_id: int, owner_id: int = 1) -> Introduction:
        with self._conn() as conn:
            return self._fetch_intro(conn, intro_id, owner_id)

    def update_introduction(
        self,
        intro_id: int,
        owner_id: int = 1,
        *,
        status: IntroStatus | None = None,
        outcome: str | None = None,
        at: datetime | None = None,
    ) -> Introduction:
        """Move an introduction to ``status`` and/or record its outcome."""
        values: dict[str, Any] = {"updated_at": aware(at, "at") if at else now()}
        if status is not None:
            values["status"] = IntroStatus(status).value
        if outcome is not None:
            values["outcome"] = outcome.strip()
        with self._conn() as conn:
            self._fetch_intro(conn, intro_id, owner_id)
            conn.execute(
                introductions.update()
                .where(introductions.c.id == intro_id, introductions.c.owner_id == owner_id)
                .values(**values)
            )
            return self._fetch_intro(conn, intro_id, owner_id)

    def list_introductions(self, owner_id: int = 1) -> list[Introduction]:
        """Every introduction of the owner, newest first."""
        stmt = (
            sa.select(introductions)
            .where(introductions.c.owner_id == owner_id)
            .order_by(introductions.c.id.desc())
        )
        with self._conn() as conn:
            return [_intro_from(r) for r in conn.execute(stmt)]
