"""No internal word reaches a user (#18): no "seed N" reference to the method's articles,
no snake_case key, in any message of the catalogue nor in the demo's rendered diagnosis
(the terminal's and the web page's, in French and in English).

A few snake_case words are what the user types — settings-file keys, option values, CSV
columns, command names — and are listed here one by one; a new one has to be added on
purpose. "Random seed" is the help of the ``--seed`` options (the random generator's seed).
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tisser import i18n

PO = Path(i18n.__file__).resolve().parent / "locale" / "fr" / "LC_MESSAGES" / "tisser.po"
SNAKE = re.compile(r"(?<![\w./-])[a-z]+_[a-z_]+\b(?![\w(])")
SEED = re.compile(r"\bseeds?\b", re.I)
TYPED_BY_USERS = {
    "effort_split", "due_fraction", "cooling_multiple", "dormant_after_days",  # settings
    "first_name", "last_name",  # CSV columns of the members' import
    "business_club", "small_group", "big_room", "in_person",  # option values
    "good_at", "value_proposition",  # worksheet fields
    "pg_dump", "pg_restore",  # PostgreSQL's commands
}  # fmt: skip
RANDOM_SEED = {"Random seed: same seed, same network.", "Random seed: same seed, same club."}
TODAY = date(2026, 11, 23)


def offending(text: str) -> list[str]:
    """The internal words of a user-facing text (placeholders left out)."""
    bare = re.sub(r"\{[^}]*\}", "", text)
    words = [w for w in SNAKE.findall(bare) if w not in TYPED_BY_USERS]
    return words + SEED.findall(bare)


def test_the_scan_finds_what_it_looks_for() -> None:
    assert offending("Profiles you lack: super_connector 0") == ["super_connector"]
    assert offending("avoid the entre-soi (seed 000 §9)") == ["seed"]
    assert offending("{count_days} days, see tisser_lang? no: {a_b}") == ["tisser_lang"]
    assert offending("90 % of your network works at the same company") == []


def test_no_catalogue_entry_holds_an_internal_word() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="fr")
    found = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        if ids[0] in RANDOM_SEED:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in (*ids, *strings):
            if offending(text):
                found.append(f"{text!r}: {offending(text)}")
    assert not found, "\n".join(found)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tisser.demo import load_demo
    from tisser.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('words') / 'demo.db'}"
    store = open_store(url)
    try:
        store.ensure_owner(1)
        load_demo(store, TODAY)
    finally:
        store.close()
    return url


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_demo_report_in_the_terminal(
    demo_url: str, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tisser.cli import main

    for k, v in {"TISSER_TODAY": TODAY.isoformat(), "TISSER_LANG": lang, "COLUMNS": "200",
                 "TISSER_DB": demo_url, "TISSER_TZ": "Europe/Paris"}.items():  # fmt: skip
        monkeypatch.setenv(k, v)
    assert main(["diagnose"]) == 0
    out = capsys.readouterr().out
    assert len(out) > 2000  # the whole report, not an error
    assert offending(out) == []
    flat = " ".join(out.split())
    for a in _actions(demo_url, lang):  # the three actions, worded as the web words them
        assert " ".join(a.split()) in flat


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_demo_report_on_the_web(demo_url: str, lang: str) -> None:
    from fastapi.testclient import TestClient

    from tisser.store import open_store
    from tisser.web.app import build_app

    store = open_store(demo_url)
    try:
        client = TestClient(build_app(store, today=lambda: TODAY), base_url="http://127.0.0.1")
        page = client.get("/diagnosis", headers={"accept-language": lang})
        assert page.status_code == 200
    finally:
        store.close()
    body = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", page.text)
    words = html.unescape(re.sub(r"<[^>]+>", " ", body))  # the text a reader sees
    assert "Trois choses" in words if lang == "fr" else "Three things" in words
    assert offending(words) == []
    flat = " ".join(words.split())
    for a in _actions(demo_url, lang):
        assert " ".join(a.split()) in flat


def _actions(url: str, lang: str) -> list[str]:
    """The three things to do now, from the diagnosis itself, in ``lang``."""
    from zoneinfo import ZoneInfo

    from tisser.i18n import language_scope
    from tisser.report.data import text
    from tisser.report.load import load_diagnosis
    from tisser.store import open_store

    store = open_store(url)
    try:
        d = load_diagnosis(store, 1, TODAY, ZoneInfo("Europe/Paris"))
    finally:
        store.close()
    assert len(d.actions) == 3 and d.actions[0] == d.summary[0].action
    with language_scope(lang):
        return [text(a.text) for a in d.actions]


@pytest.mark.parametrize(
    ("lang", "shown"), [("fr", "niveau confirmé"), ("en", "experienced level")]
)
def test_seniority_codes_are_labelled(
    demo_url: str,
    lang: str,
    shown: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo's seniority codes ("confirmed") reach the card as words of the reader's
    language, on the web and in ``tisser show``."""
    from fastapi.testclient import TestClient

    from tisser.cli import main
    from tisser.store import open_store
    from tisser.web.app import build_app

    store = open_store(demo_url)
    try:
        c = next(c for c in store.list_contacts() if c.seniority == "confirmed")
        client = TestClient(build_app(store, today=lambda: TODAY), base_url="http://127.0.0.1")
        page = client.get(f"/contacts/{c.id}", headers={"accept-language": lang})
        assert page.status_code == 200
    finally:
        store.close()
    words = html.unescape(re.sub(r"<[^>]+>", " ", page.text))
    assert shown in words and "confirmed" not in words
    for k, v in {"TISSER_TODAY": TODAY.isoformat(), "TISSER_LANG": lang, "COLUMNS": "200",
                 "TISSER_DB": demo_url, "TISSER_TZ": "Europe/Paris"}.items():  # fmt: skip
        monkeypatch.setenv(k, v)
    assert main(["show", str(c.id)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert shown in out and "confirmed" not in out
