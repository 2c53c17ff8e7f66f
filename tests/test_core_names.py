from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tisser.core.model import Contact
from tisser.core.names import fold, join_name, parse_full_name, search_terms, split_particle


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hélène", "helene"),
        ("ŒUVRE", "oeuvre"),
        ("Müller", "muller"),
        ("Straße", "strasse"),
        ("  Jean   de  La Fontaine ", "jean de la fontaine"),
        ("Æsop Łukasz Øre", "aesop lukasz ore"),
        ("Zoë Noël Maël", "zoe noel mael"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Jean de La Fontaine", ("Jean", "de", "La Fontaine")),
        ("Jean d'Alembert", ("Jean", "d'", "Alembert")),
        ("Jean d’Alembert", ("Jean", "d'", "Alembert")),
        ("Marie-Claire Du Bellay", ("Marie-Claire", "", "Du Bellay")),
        ("Charles De Gaulle", ("Charles", "", "De Gaulle")),
        ("Antoine de Saint-Exupéry", ("Antoine", "de", "Saint-Exupéry")),
        ("Jan van der Berg", ("Jan", "van der", "Berg")),
        ("Ana da Silva", ("Ana", "da", "Silva")),
        ("Hélène Müller", ("Hélène", "", "Müller")),
        ("Dupont, Marie", ("Marie", "", "Dupont")),
        ("de La Fontaine, Jean", ("Jean", "de", "La Fontaine")),
        ("Madonna", ("Madonna", "", "")),
        ("", ("", "", "")),
    ],
)
def test_parse_full_name(full: str, parts: tuple[str, str, str]) -> None:
    assert parse_full_name(full) == parts


def test_split_particle_keeps_capitalised_and_articles() -> None:
    assert split_particle("Du Bellay") == ("", "Du Bellay")
    assert split_particle("de") == ("", "de")  # a lone particle is a name
    assert split_particle("von Trapp") == ("von", "Trapp")


def test_join_name() -> None:
    assert join_name("Jean", "de", "La Fontaine") == "Jean de La Fontaine"
    assert join_name("Jean", "d'", "Alembert") == "Jean d'Alembert"
    assert join_name("", "", "Müller") == "Müller"


def _contact(full: str) -> Contact:
    given, particle, family = parse_full_name(full)
    return Contact(given_name=given, particle=particle, family_name=family)


def test_directory_order_french_usage() -> None:
    names = [
        "Paul Lagarde",
        "Jean de La Fontaine",
        "Anne Laborde",
        "Éric Zola",
        "Eric Abel",
        "Pierre Œuvre",
        "Olivier Oeillet",
        "Marie-Claire Du Bellay",
        "Claire Dubois",
    ]
    ordered = [c.display_name for c in sorted(map(_contact, names), key=lambda c: c.sort_key)]
    assert ordered == [
        "Eric Abel",
        "Marie-Claire Du Bellay",
        "Claire Dubois",
        "Jean de La Fontaine",
        "Anne Laborde",
        "Paul Lagarde",
        "Olivier Oeillet",
        "Pierre Œuvre",
        "Éric Zola",
    ]


def test_search_terms_split_on_punctuation() -> None:
    assert search_terms("L'Oréal, Saint-Gobain") == ["l", "oreal", "saint-gobain"]


@given(st.text())
def test_fold_is_idempotent_and_never_raises(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


def _fold_whole(text: str) -> str:
    """fold's definition applied to the whole text at once: the reference of its
    character-by-character translation."""
    import unicodedata

    from tisser.core.names import _LIGATURES

    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().translate(_LIGATURES).split())


REAL_VCARDS = Path("/work/shared/realdata/vcard")


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul ǅemal ﬁnance Œuvre ß ẞ ø Ø đ ł ı þ ’",
        "a\u0323\u0301 e\u0301\u0323 ᾳ ΣΑΣ ς 한국어 ＡＢＣ ½ Å \u00a0x\u2003y",
        "\ud800 \U0001d400 \u0345 \u1e9e",
    ],
)
def test_fold_per_character_is_fold_of_the_whole_text(text: str) -> None:
    assert fold(text) == _fold_whole(text)


@given(st.text())
def test_fold_per_character_agrees_on_any_text(text: str) -> None:
    assert fold(text) == _fold_whole(text)


@pytest.mark.skipif(not REAL_VCARDS.is_dir(), reason="needs the real vCard corpus")
def test_fold_per_character_agrees_on_real_cards() -> None:
    for path in sorted(REAL_VCARDS.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            for line in text.splitlines():
                assert fold(line) == _fold_whole(line), (path, line)


@given(st.text(min_size=1, max_size=60))
def test_parse_full_name_never_raises_and_keeps_letters(text: str) -> None:
    given_name, particle, family = parse_full_name(text)
    rebuilt = fold(" ".join((given_name, particle, family)))
    for ch in fold(text).replace(",", "").replace("'", ""):
        if ch.isalnum():
            assert ch in rebuilt
