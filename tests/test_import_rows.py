"""What an import stores for every real vCard, against the plain formulas of the derived rows.

The store computes a contact's full-text words, FTS5 columns and name keys in a few passes
(:func:`tisser.store.search.search_columns`, :func:`tisser.store.rows.child_rows`); here
they are recomputed field by field, word by word, the way they are defined, from the
contacts the store gives back, and compared with the rows in the SQLite file.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tisser.core.model import Contact
from tisser.formats.importer import import_file
from tisser.store import ContactFilter, open_store
from tisser.store.search import joined_words, search_columns

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ẞ": "ss", "ø": "o",
             "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "þ": "th",
             "Þ": "th", "’": "'", "‘": "'"}  # fmt: skip


def fold(text: str) -> str:
    """names.fold as documented: ligatures, NFKD, marks out, casefold, spaces collapsed."""
    lig = str.maketrans(LIGATURES)
    text = unicodedata.normalize("NFKD", text.translate(lig))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.casefold().translate(lig)).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def name_key(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").split())


def expected_fts(c: Contact) -> tuple[str, str]:
    name = " ".join(words(c.display_name))
    others = [c.organization, c.position, c.sector, c.function, c.city, c.country,
              *c.tags, *c.categories, *c.emails, c.notes]  # fmt: skip
    return name, " ".join(w for v in others for w in words(v))


def expected_keys(c: Contact) -> set[str]:
    family = (
        f"{c.particle}{c.family_name}"
        if c.particle.endswith("'")
        else (f"{c.particle} {c.family_name}")
    )
    texts = [c.display_name, f"{c.given_name} {c.family_name}", f"{c.family_name} {c.given_name}",
             f"{family} {c.given_name}"]  # fmt: skip
    return {k for k in map(name_key, texts) if k}


def test_every_real_card_is_stored_with_its_words_and_name_keys(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    store = open_store(f"sqlite:///{db}")
    files = sorted(REAL.rglob("*.vcf"))
    assert len(files) >= 75
    reports = [import_file(store, f, fmt="vcard") for f in files]
    assert sum(r.added for r in reports) > 100
    contacts = store.list_contacts(ContactFilter(include_archived=True))
    store.close()
    raw = sqlite3.connect(db)
    fts = {r[0]: (r[1], r[2]) for r in raw.execute("SELECT rowid, name, body FROM contacts_fts")}
    text = dict(raw.execute("SELECT id, search_text FROM contacts").fetchall())
    keys: dict[int, set[str]] = {}
    for cid, key in raw.execute("SELECT contact_id, key FROM contact_name_keys"):
        keys.setdefault(cid, set()).add(key)
    raw.close()
    assert set(fts) == {c.id for c in contacts}
    for c in contacts:
        assert c.id is not None
        name, body = expected_fts(c)
        assert fts[c.id] == (name, body), c.display_name
        assert text[c.id] == " ".join(p for p in (name, body) if p)
        assert keys.get(c.id, set()) == expected_keys(c), c.display_name


# --- the same formulas on generated contacts: any text, any character ---------------------

_TEXT = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        Contact,
        given_name=_TEXT,
        particle=st.sampled_from(["", "de", "d'", "van der"]),
        family_name=_TEXT,
        organization=_TEXT,
        position=_TEXT,
        sector=_TEXT,
        function=_TEXT,
        city=_TEXT,
        country=_TEXT,
        tags=st.lists(_TEXT, max_size=3),
        categories=st.lists(_TEXT, max_size=2),
        emails=st.lists(_TEXT, max_size=2),
        notes=st.text(max_size=200),
    )
)
def test_search_columns_are_the_words_of_each_field(c: Contact) -> None:
    assert search_columns(c) == expected_fts(c)


@given(st.text())
def test_joined_words_are_the_words(text: str) -> None:
    assert joined_words(text) == " ".join(words(text))
