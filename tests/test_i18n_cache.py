"""The French catalogue is parsed once and kept in the user's cache folder, keyed by the
digest of the ``.po`` file's bytes: a changed catalogue is never read stale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tisser import i18n


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    i18n.catalog.cache_clear()
    yield tmp_path / "tisser" / "catalog-fr.json"
    i18n.catalog.cache_clear()


def test_the_first_read_keeps_the_table(cache: Path) -> None:
    assert i18n.catalog("fr")["Commands"] == "Commandes"
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["table"]["Commands"] == "Commandes"
    assert len(kept["source"]) == 32


def test_a_kept_table_is_read_while_the_po_is_the_same(cache: Path) -> None:
    i18n.catalog("fr")
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["table"]["Commands"] = "Commandes (lues dans le cache)"
    cache.write_text(json.dumps(kept), encoding="utf-8")
    i18n.catalog.cache_clear()
    assert i18n.catalog("fr")["Commands"] == "Commandes (lues dans le cache)"


@pytest.mark.parametrize("stale", ['{"source": "0", "table": {"Commands": "x"}}', "not json", ""])
def test_a_stale_or_broken_cache_is_parsed_again(cache: Path, stale: str) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text(stale, encoding="utf-8")
    assert i18n.catalog("fr")["Commands"] == "Commandes"
    assert json.loads(cache.read_text(encoding="utf-8"))["table"]["Commands"] == "Commandes"


def test_no_cache_folder_still_translates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("fr")["Commands"] == "Commandes"
    finally:
        i18n.catalog.cache_clear()
