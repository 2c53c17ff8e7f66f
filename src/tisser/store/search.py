"""Full-text search over contacts, accent- and case-insensitive, by prefix as you type.

Both dialects index the same text: ``contacts.search_text``, the *Python-folded* words of a
contact (names, organisation, position, sector, function, city, country, tags, categories,
notes, e-mails) built by :func:`search_text` with :func:`tisser.core.names.fold`. Queries are
folded the same way, so "helene" finds Hélène, "oeuvre" finds Œuvre and "MÜLLER" finds Müller
on SQLite and PostgreSQL alike:

* SQLite: the FTS5 table ``contacts_fts`` (rowid = contact id, columns ``name``, ``body`` =
  the rest of ``search_text``, and ``owner`` = one token ``o<owner id>``; tokenizer
  ``unicode61 remove_diacritics 2``); the query ANDs the owner's token with one quoted
  prefix term per word (``owner : "o1" AND {name body} : ("hel"* AND "mul"*)``), ranked by
  ``bm25`` with the name weighing 10x, inside the index (see :func:`_ranked_sqlite`).
* PostgreSQL: a GIN index over the stored generated column ``search_vector`` =
  ``to_tsvector('simple', search_text)``; the query is
  ``to_tsquery('simple', '''hel'':* & ''mul'':*')``, ranked by ``ts_rank`` on the stored
  vector (no text re-parsed per match). ``unaccent`` is applied to the query when the
  extension exists, but it changes nothing: the folding already did its work, which is why
  both dialects agree.

Query words are reduced to letters and digits before they reach either query language, so
no user input (``"``, ``AND (``, ``*``, ``:``, ``&``) can change the query's structure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from tisser.core import names
from tisser.core.model import Contact

_WORD = re.compile(r"[^\W_]+")

MAX_TERMS = 16
SORT_SEP = "\x01"  # separates the parts of contacts.sort_key


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits only."""
    return _WORD.findall(names.fold(text))


def query_words(query: str) -> list[str]:
    """The words of a typed query, folded, each one usable as a prefix term."""
    out: list[str] = []
    for term in names.search_terms(query):
        out.extend(_WORD.findall(term))
    return list(dict.fromkeys(out))[:MAX_TERMS]


def _fields(c: Contact) -> list[tuple[str, str]]:
    return [
        ("name", c.display_name),
        ("organization", c.organization),
        ("position", c.position),
        ("sector", c.sector),
        ("function", c.function),
        ("city", c.city),
        ("country", c.country),
        *(("tag", t) for t in c.tags),
        *(("category", t) for t in c.categories),
        *(("email", e) for e in c.emails),
        ("notes", c.notes),
    ]


def search_text(c: Contact) -> str:
    """The folded text indexed for ``c``: its words separated by single spaces."""
    name, body = search_columns(c)
    return f"{name} {body}" if name and body else name or body


class _WordFolds(dict[int, str]):
    """Code point -> its folding (:func:`tisser.core.names.fold_char`), every character of
    which that is no word character (not :meth:`str.isalnum`: what ``[\\W_]`` matches)
    turned into a space; computed the first time ``str.translate`` asks."""

    def __missing__(self, code: int) -> str:
        folded = "".join(ch if ch.isalnum() else " " for ch in names.fold_char(chr(code)))
        self[code] = folded
        return folded


_WORD_FOLDS = _WordFolds()


def joined_words(text: str) -> str:
    """``" ".join(words(text))``: the folded words of ``text`` separated by single spaces.

    One ``str.translate`` folds each character and blanks the others, then ``split``
    collapses the blanks: folding, then a regular expression over the folded text, cost
    twice as much on a long note. Folding works character by character (see
    :func:`~tisser.core.names.fold_char`), so both give the same words.
    """
    return " ".join(text.translate(_WORD_FOLDS).split())


def search_columns(c: Contact) -> tuple[str, str]:
    """The words of ``c``'s name, and those of its other fields (:func:`_fields` order).

    :func:`search_text` is the two joined, and they are the two FTS5 columns: computed
    once for both (a bulk import writes each contact's text twice). The words of values
    many contacts share (companies, positions, cities, tags) are remembered
    (:func:`_shared_words`); e-mails and notes, which seldom repeat, are joined by spaces
    (no word) and their words found in one pass.
    """
    (_, name), *others = _fields(c)
    parts = [_shared_words(v) for f, v in others if v and f not in _SELDOM_SHARED]
    parts.append(joined_words(" ".join(v for f, v in others if f in _SELDOM_SHARED)))
    return joined_words(name), " ".join(p for p in parts if p)


_SELDOM_SHARED = frozenset({"email", "notes"})  # fields whose words are not worth remembering


@functools.lru_cache(maxsize=1 << 14)
def _shared_words(value: str) -> str:
    """:func:`joined_words` of a value many contacts hold: computed once."""
    return joined_words(value)


def fts_columns(search_text_: str, c: Contact) -> tuple[str, str]:
    """The two FTS5 columns of ``c``: the words of its name, then the other words.

    ``search_text`` starts with the name's words (see :func:`search_text`), so the split is
    a cut, not a second folding.
    """
    name = " ".join(words(c.display_name))
    if name and search_text_.startswith(name):
        return name, search_text_[len(name) :].lstrip()
    return "", search_text_


def snippet(c: Contact, terms: Sequence[str], width: int = 60) -> str:
    """Which field of ``c`` matched ``terms``, shortly: ``"organization: Airbus"``.

    The field with the most matching terms wins (the name first on a tie); long text (notes)
    is cut around the first matching word.
    """
    best: tuple[int, str, str] | None = None
    for field, value in _fields(c):
        if not value:
            continue
        value_words = words(value)
        score = sum(1 for t in terms if any(w.startswith(t) for w in value_words))
        if score and (best is None or score > best[0]):
            best = (score, field, value)
    if best is None:
        return ""
    _, field, value = best
    value = " ".join(value.split())
    if len(value) > width:
        value = _window(value, terms, width)
    return f"{field}: {value}"


def _window(text: str, terms: Sequence[str], width: int) -> str:
    raw_words = text.split(" ")
    hit = 0
    for i, w in enumerate(raw_words):
        if any(f.startswith(t) for f in words(w) for t in terms):
            hit = i
            break
    start = max(0, hit - 3)
    out = " ".join(raw_words[start:])
    if len(out) > width:
        out = out[: width - 1].rstrip() + "…"
    return ("…" + out) if start else out


def fts5_query(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression: every term a quoted prefix, ANDed."""
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def tsquery(terms: Iterable[str]) -> str:
    """A ``to_tsquery`` expression: every term a quoted prefix, ANDed."""
    return " & ".join("'" + t.replace("'", "''").replace("\\", "") + "':*" for t in terms)


# --- index maintenance (SQLite only: PostgreSQL indexes the column itself) -------------

_FTS_INSERT = sa.text(
    "INSERT INTO contacts_fts (rowid, name, body, owner) VALUES (:id, :name, :body, :owner)"
)
_FTS_DELETE = sa.text("DELETE FROM contacts_fts WHERE rowid = :id")


def owner_token(owner_id: int) -> str:
    """The token of the FTS5 ``owner`` column: a search ANDs it, so it reads one owner only."""
    return f"o{int(owner_id)}"


def fts_insert(conn: sa.Connection, rows: Sequence[tuple[int, str, Contact]]) -> None:
    """Index ``(id, search_text, contact)`` rows (SQLite; PostgreSQL indexes the column)."""
    if conn.dialect.name == "sqlite" and rows:
        fts_insert_columns(
            conn, [(i, *fts_columns(text, c), owner_token(c.owner_id)) for i, text, c in rows]
        )


def fts_insert_columns(conn: sa.Connection, rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Index ``(id, name words, other words, owner token)`` rows (SQLite only): the bulk
    path, with the columns :func:`search_columns` already gave."""
    if conn.dialect.name == "sqlite" and rows:
        # straight to sqlite3's executemany: SQLAlchemy's per-row parameter dicts cost
        # more than the insert itself on a bulk import
        conn.exec_driver_sql(
            "INSERT INTO contacts_fts (rowid, name, body, owner) VALUES (?, ?, ?, ?)", rows
        )


def fts_delete(conn: sa.Connection, ids: Sequence[int]) -> None:
    if conn.dialect.name == "sqlite" and ids:
        conn.execute(_FTS_DELETE, [{"id": i} for i in ids])


def fts_delete_owner(conn: sa.Connection, owner_id: int) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(
            sa.text("DELETE FROM contacts_fts WHERE contacts_fts MATCH :q"),
            {"q": f'owner : "{owner_token(owner_id)}"'},
        )


def fts_optimize(conn: sa.Connection) -> None:
    """Merge the FTS5 segments so deleted words leave the index (erasure)."""
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')"))


def _name_hits(terms: Sequence[str]) -> tuple[str, dict[str, str]]:
    """SQL counting the terms that start a word of the name (names rank above notes)."""
    name = "(' ' || replace(c.sort_key, :sep, ' '))"
    parts = [f"(CASE WHEN {name} LIKE :n{i} THEN 1 ELSE 0 END)" for i in range(len(terms))]
    params = {f"n{i}": f"% {t}%" for i, t in enumerate(terms)}
    return " + ".join(parts), {"sep": SORT_SEP, **params}


def _rank(name_hits: int, score: float) -> float:
    score = max(score, 0.0)
    return name_hits + score / (1.0 + score)


# Ranked inside the index, LIMIT included: bm25 (name 10x the body, the owner token 0) is
# computed once per matching row, and no row is joined to ``contacts``. Ties go by contact
# id so a page is stable.
_SQLITE_RANKED = sa.text(
    "SELECT rowid, bm25(contacts_fts, 10.0, 1.0, 0.0) AS score FROM contacts_fts "
    "WHERE contacts_fts MATCH :q ORDER BY score, rowid LIMIT :lim"
)

# True when no other owner has a contact (two probes of the owner_id index).
_SOLE_OWNER = sa.text(
    "SELECT NOT EXISTS (SELECT 1 FROM contacts WHERE owner_id < :o) "
    "AND NOT EXISTS (SELECT 1 FROM contacts WHERE owner_id > :o)"
)


def _owner_filter(conn: sa.Connection, owner_id: int) -> str:
    """The FTS5 expression keeping the owner's rows, ANDed before the terms ("" if moot).

    The ``owner`` token keeps other owners' rows out of the match itself. When the owner
    is the only one with contacts it would keep every row anyway, yet bm25 would still
    count its posting list (every contact) for its idf: about 2 ms of a 6 ms search on
    30,000 contacts. Leaving it out then changes no score either: its weight is 0 and the
    rows' lengths are the same.
    """
    if conn.execute(_SOLE_OWNER, {"o": owner_id}).scalar():
        return ""
    return f'owner : "{owner_token(owner_id)}" AND '


def _ranked_sqlite(
    conn: sa.Connection, terms: Sequence[str], owner_id: int, limit: int
) -> list[tuple[int, float]]:
    """Two passes: contacts whose *name* holds every term, then the others by bm25.

    The first pass only ranks name matches (few rows even for a short prefix like "fra"),
    so the costly bm25 over every matching row is only paid when names do not fill the
    page. Both passes keep the owner's rows only (see :func:`_owner_filter`), and the
    user's terms only look at ``name`` and ``body``, never at the owner token.
    """
    query = fts5_query(terms)
    owner = _owner_filter(conn, owner_id)
    first = conn.execute(_SQLITE_RANKED, {"q": f"{owner}name : ({query})", "lim": limit}).all()
    out = [(int(r[0]), _rank(len(terms), -float(r[1]))) for r in first]
    if len(out) < limit:
        seen = {i for i, _ in out}
        more = conn.execute(
            _SQLITE_RANKED,
            {"q": f"{owner}{{name body}} : ({query})", "lim": limit + len(seen)},
        ).all()
        for r in more:
            if int(r[0]) not in seen and len(out) < limit:
                out.append((int(r[0]), _rank(0, -float(r[1]))))
    return out


def ranked_ids(
    conn: sa.Connection, terms: Sequence[str], owner_id: int, limit: int, unaccent: bool
) -> list[tuple[int, float]]:
    """``(contact id, rank)`` of the best matches, best first; higher rank is better.

    Contacts whose name matches the terms come first, then the text-search score orders
    them (bm25 on SQLite, ts_rank on PostgreSQL).
    """
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        return _ranked_sqlite(conn, terms, owner_id, limit)
    hits, params = _name_hits(terms)
    query = "to_tsquery('simple', unaccent(:q))" if unaccent else "to_tsquery('simple', :q)"
    rows = conn.execute(
        sa.text(
            f"SELECT c.id, {hits} AS hits, "
            "ts_rank(c.search_vector, q) AS score "
            f"FROM contacts c, {query} q "
            "WHERE c.owner_id = :o AND c.search_vector @@ q "
            'ORDER BY hits DESC, score DESC, c.sort_key COLLATE "C" LIMIT :lim'
        ),
        {"q": tsquery(terms), "o": owner_id, "lim": limit, **params},
    ).all()
    return [(int(r[0]), _rank(int(r[1]), float(r[2]))) for r in rows]
