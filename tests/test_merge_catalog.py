"""The catalogue merge driver (scripts/merge_catalog.py): a three-way merge entry by entry,
deletions included (a union brought back every entry a branch had dropped)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.catalog import Catalog

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "merge_catalog.py"
spec = importlib.util.spec_from_file_location("merge_catalog", SCRIPT)
assert spec and spec.loader
merge_catalog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(merge_catalog)


def catalog(entries: dict[str, str]) -> Catalog:
    c = Catalog(locale="fr")
    for msgid, msgstr in entries.items():
        c.add(msgid, msgstr)
    return c


def entries(c: Catalog) -> dict[str, str]:
    return {m.id: m.string for m in c if m.id}


def test_additions_deletions_and_changes_of_both_sides() -> None:
    base = catalog({"kept": "gardé", "ours drops": "a", "theirs drops": "b", "changed": "vieux"})
    ours = catalog({"kept": "gardé", "theirs drops": "b", "changed": "vieux", "ours adds": "c"})
    theirs = catalog({"kept": "gardé", "ours drops": "a", "changed": "neuf", "theirs adds": "d"})
    merged = merge_catalog.merge(base, ours, theirs)
    assert entries(merged) == {
        "kept": "gardé",
        "changed": "neuf",
        "ours adds": "c",
        "theirs adds": "d",
    }


def test_a_deleted_entry_whose_translation_the_other_side_changed_stays() -> None:
    base = catalog({"m": "vieux", "n": "x"})
    ours = catalog({"m": "neuf", "n": "x"})  # ours retranslated m
    theirs = catalog({"n": "x"})  # theirs deleted m
    assert entries(merge_catalog.merge(base, ours, theirs)) == {"m": "neuf", "n": "x"}
    ours = catalog({"n": "x"})  # ours deleted m, theirs retranslated it
    theirs = catalog({"m": "neuf", "n": "x"})
    assert entries(merge_catalog.merge(base, ours, theirs)) == {"m": "neuf", "n": "x"}
