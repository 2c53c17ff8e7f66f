"""``reach``, ``ask``, offers and needs, introductions and the ledger, end to end.

The demo network is generated (seed 2026, TISSER_TODAY=2026-11-23); the expected people
below were read off its cards by hand (``tisser list --json``), not computed by reach.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tisser.cli import main
from tisser.store import open_store

TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('reach') / 'demo.db'}"
    from datetime import date

    from tisser.demo import load_demo

    store = open_store(url)
    try:
        load_demo(store, date.fromisoformat(TODAY))
    finally:
        store.close()
    return url


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")

    def _run(db: str, *args: str) -> str:
        monkeypatch.setenv("TISSER_DB", db)
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert code == 0, err
        return out.replace("\u00a0", " ")

    return _run


def _reach(run, db: str, *args: str) -> list[dict]:
    return json.loads(run(db, "reach", *args, "--json"))


def _names(rows: list[dict]) -> set[str]:
    return {r["name"] for r in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # French, with stop words, a synonym and a place
        ("recruteur chez Thales", {"Sophie Castaing", "Chiara Bianchi"}),
        # English synonym of "DRH"; the six DRH of the demo (none archived)
        (
            "HR director",
            {"Mathilde Darrigade", "Maïwenn Duprat", "Rémi Hébert", "Sophie Barthe",
             "Isabelle Lacroix", "Jeanne Duprat"},
        ),
        ("DRH à Bordeaux", {"Maïwenn Duprat", "Sophie Barthe", "Isabelle Lacroix",
                            "Jeanne Duprat"}),
        # CISO = RSSI = responsable cybersécurité; Bordeaux narrows to two
        ("CISO in Bordeaux", {"Pierre-Alexandre Lafargue", "François Hébert"}),
        ("lawyer at Maison Lescure", {"Arnaud Bréchet"}),
    ],
)  # fmt: skip
def test_reach_finds_the_expected_people(run, demo_db: str, query: str, expected: set) -> None:
    rows = _reach(run, demo_db, query, "--limit", "20")
    assert _names(rows) == expected
    assert all(r["complete"] for r in rows)


def test_reach_by_a_note_in_english(run, demo_db: str) -> None:
    rows = _reach(run, demo_db, "someone who speaks Mandarin", "--limit", "20")
    assert "Cécile Morel" in _names(rows)  # DAF at Cdiscount, circle 2: first
    assert rows[0]["name"] == "Cécile Morel"
    assert all(r["why"][0]["field"] == "notes" for r in rows)


def test_reach_through_a_contact_of_a_contact(run, demo_db: str) -> None:
    # Two regional sales directors at Google France; Léo Lévêque, in the wider network, is
    # best reached through Séverine Chevalier (a strong tie who knows him well):
    # you -> Séverine Chevalier -> Léo Lévêque.
    rows = _reach(run, demo_db, "directeur régional des ventes chez Google")
    assert _names(rows) == {"Léo Lévêque", "Séverine Chevalier"}
    leo = next(r for r in rows if r["name"] == "Léo Lévêque")
    assert [p["name"] for p in leo["path"]] == ["Séverine Chevalier", "Léo Lévêque"]
    assert leo["hops"] == 2
    direct = _reach(run, demo_db, "directeur régional des ventes chez Google", "--hops", "1")
    leo_direct = next(r for r in direct if r["name"] == "Léo Lévêque")
    assert [p["name"] for p in leo_direct["path"]] == ["Léo Lévêque"]
    assert leo_direct["score"] < leo["score"]


def test_reach_direct_when_the_tie_is_strong_enough(run, demo_db: str) -> None:
    # Arnaud Bréchet (lawyer at Maison Lescure, wider network): the diagnosis's tie
    # strength (seen in person six months ago, known for years, many contacts in common)
    # makes the direct tie better than going through Louise Lalanne.
    rows = _reach(run, demo_db, "avocat chez Maison Lescure")
    assert rows[0]["name"] == "Arnaud Bréchet"
    assert [p["name"] for p in rows[0]["path"]] == ["Arnaud Bréchet"]
    direct = _reach(run, demo_db, "avocat chez Maison Lescure", "--hops", "1")
    assert direct[0]["score"] == rows[0]["score"]


def test_reach_table_shows_path_and_why_in_french(run, demo_db: str) -> None:
    out = run(demo_db, "--lang", "fr", "reach", "directeur régional des ventes chez Google")
    flat = " ".join(out.split())
    assert "vous → Séverine Chevalier (fort" in flat
    assert "→ Léo Lévêque (se" in flat
    assert "poste : Directeur régional des ventes" in flat
    out = run(demo_db, "--lang", "fr", "reach", "avocat chez Maison Lescure")
    flat = " ".join(out.split())
    assert "vous → Arnaud Bréchet (moyen" in flat
    assert "Arnaud Bréchet" in flat and "poste : Avocat collaborateur" in flat
    assert 'tisser ask "Arnaud Bréchet" --need business-intro' in flat


def test_reach_table_shows_path_and_why_in_english(run, demo_db: str) -> None:
    """The French table's English twin: the same paths, the same reasons."""
    out = run(demo_db, "--lang", "en", "reach", "directeur régional des ventes chez Google")
    flat = " ".join(out.split())
    assert "you → Séverine Chevalier (strong" in flat
    assert "→ Léo Lévêque (they know" in flat  # the cell wraps there
    assert "position: Directeur régional des ventes" in flat
    out = run(demo_db, "--lang", "en", "reach", "avocat chez Maison Lescure")
    flat = " ".join(out.split())
    assert "you → Arnaud Bréchet (medium" in flat
    assert "Arnaud Bréchet" in flat and "position: Avocat collaborateur" in flat
    assert 'tisser ask "Arnaud Bréchet" --need business-intro' in flat


def test_reach_csv_and_nobody(run, demo_db: str) -> None:
    out = run(demo_db, "reach", "recruteur chez Thales", "--csv")
    assert out.splitlines()[0].startswith("rank,id,name")
    assert "Nobody in your network matches" in run(demo_db, "reach", "astronaute Zanzibar")


def test_ask_drafts_for_every_need(run, demo_db: str, tmp_path: Path) -> None:
    for need in ("job", "recruit-info", "recommendation", "business-intro", "start-company",
                 "campaign-support", "off-record", "other"):  # fmt: skip
        fr = run(demo_db, "ask", "Anaïs Bénard", "--need", need, "--language", "fr")
        assert "Bonjour Anaïs," in fr and "promo ESSEC 2008" in fr
        en = run(demo_db, "ask", "Anaïs Bénard", "--need", need, "--language", "en")
        assert "Hi Anaïs," in en
    out = tmp_path / "draft.txt"
    text = run(
        demo_db, "ask", "Arnaud Bréchet", "--need", "business-intro", "--via", "Louise Lalanne",
        "--about", "contrats export", "--output", str(out),
    )  # fmt: skip
    assert "Arnaud Bréchet" in text and "Bonjour Louise" not in text  # lang en
    assert "Hi Louise," in out.read_text(encoding="utf-8")


def test_ask_refuses_an_unknown_need(monkeypatch, capsys, demo_db: str) -> None:
    monkeypatch.setenv("TISSER_DB", demo_db)
    monkeypatch.setenv("TISSER_LANG", "en")
    assert main(["ask", "Anaïs Bénard", "--need", "money"]) == 2
    assert "unknown need" in capsys.readouterr().err


def test_offers_needs_introductions_and_the_workflow(run, db_url: str) -> None:
    """The whole give-first flow, on SQLite and PostgreSQL."""
    db = db_url
    run(db, "init", "--name", "Hélène Marchand")
    # closeness 5: without a journal, the tie strength (#4) rests on closeness (0.3)
    run(db, "add", "Anne Roux", "--position", "Fondatrice", "--org", "Medisoft",
        "--sector", "santé", "--circle", "2", "--closeness", "5", "--tag", "voile")  # fmt: skip
    run(db, "add", "Bruno Petit", "--position", "CTO", "--org", "Cloudy", "--sector", "tech",
        "--circle", "2", "--closeness", "5", "--tag", "voile")  # fmt: skip
    run(db, "add", "Chloé Martin", "--position", "Juriste", "--org", "Avoc", "--circle", "4")
    assert "Anne Roux needs" in run(db, "need", "Anne Roux", "un", "directeur", "technique")
    run(db, "offer", "Chloé Martin", "conseils RGPD")
    offers = json.loads(run(db, "offers", "--json"))
    assert {o["kind"] for o in offers} == {"offer", "need"}
    # searchable: reach finds the offer
    rows = _reach(run, db, "expert RGPD")
    assert _names(rows) == {"Chloé Martin"}
    assert rows[0]["why"][0]["field"] == "offer"
    pairs = json.loads(run(db, "introductions", "--json"))
    assert (pairs[0]["a"], pairs[0]["b"]) == ("Anne Roux", "Bruno Petit")
    out = run(db, "intro", "propose", "Anne Roux", "Bruno Petit", "--language", "fr")
    assert "Bonjour Anne" in out and "Bonjour Bruno" in out
    for step in ("asked-a", "asked-b", "agreed", "introduced"):
        run(db, "intro", step, "1")
    run(db, "intro", "outcome", "1", "Bruno", "rejoint", "Medisoft")
    intros = json.loads(run(db, "intro", "list", "--json"))
    assert intros[0]["status"] == "done" and intros[0]["outcome"] == "Bruno rejoint Medisoft"
    journal = json.loads(run(db, "journal", "--json"))
    assert len(journal) == 3 and all(j["direction"] == "gave" for j in journal)
    # now they know each other: never proposed again
    assert json.loads(run(db, "introductions", "--json")) == []
    entries = json.loads(run(db, "ledger", "--json"))
    assert {e["name"] for e in entries if e["kind"] == "introduction"} >= {"Anne Roux"}


def test_intro_steps_out_of_order_are_refused(run, tmp_path: Path, monkeypatch, capsys) -> None:
    db = f"sqlite:///{tmp_path / 'order.db'}"
    run(db, "add", "Anne Roux")
    run(db, "add", "Bruno Petit")
    run(db, "intro", "propose", "Anne Roux", "Bruno Petit", "--reason", "voile")
    monkeypatch.setenv("TISSER_DB", db)
    assert main(["intro", "agreed", "1"]) == 2
    assert "asked-a" in capsys.readouterr().err.replace("'", "")
    run(db, "link", "Anne Roux", "Bruno Petit")
    assert main(["intro", "propose", "Bruno Petit", "Anne Roux"]) == 2
    assert "already" in capsys.readouterr().err


def test_no_traceback_on_odd_input(monkeypatch, capsys, demo_db: str) -> None:
    monkeypatch.setenv("TISSER_DB", demo_db)
    for args in (["reach", "le la les"], ["reach", '"*:( AND'], ["intro", "asked-a", "99"]):
        code = main(args)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert code in (0, 2, 3)
    assert sys.stdout is not None


def test_introductions_on_the_demo(run, demo_db: str) -> None:
    pairs = json.loads(run(demo_db, "introductions", "--limit", "20", "--json"))
    assert pairs, "the demo's needs and offers give introductions to suggest"
    # Guillaume Bénard (Vinolib, "A monté sa boîte") needs a DAF; Cécile Morel, DAF at
    # Cdiscount and in the second circle, is the strongest tie among the DAF.
    assert {pairs[0]["a"], pairs[0]["b"]} == {"Guillaume Bénard", "Cécile Morel"}
    assert pairs[0]["reasons"][0] == {"kind": "need_offer", "detail": "un DAF"}
    store = open_store(demo_db)
    try:
        linked = {(lk.a_id, lk.b_id) for lk in store.all_links()}
    finally:
        store.close()
    seen: dict[int, int] = {}
    for p in pairs:
        assert (min(p["a_id"], p["b_id"]), max(p["a_id"], p["b_id"])) not in linked
        for i in (p["a_id"], p["b_id"]):
            seen[i] = seen.get(i, 0) + 1
    assert max(seen.values()) <= 2


def test_reach_matches_offers_on_the_demo(run, demo_db: str) -> None:
    # "conseils pour exporter en Chine" is the offer of the demo's Mandarin speakers
    # (the Mandarin speakers); Clémence de Saint-Exupéry, export director tagged "Chine",
    # matches by her card.
    rows = _reach(run, demo_db, "export en Chine", "--limit", "20")
    assert {"Cécile Morel", "Clémence de Saint-Exupéry"} <= _names(rows)
    morel = next(r for r in rows if r["name"] == "Cécile Morel")
    assert {w["field"] for w in morel["why"]} == {"offer"}
    clemence = next(r for r in rows if r["name"] == "Clémence de Saint-Exupéry")
    assert {w["field"] for w in clemence["why"]} == {"position", "tag"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_intro_group_help_is_translated(monkeypatch, capsys, lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["--lang", lang, "intro"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("double accord" if lang == "fr" else "double opt-in") in out
    for step in ("propose", "asked-a", "asked-b", "agreed", "introduced", "outcome", "list"):
        assert step in out
        assert main(["--lang", lang, "intro", step, "--help"]) == 0
        sub = capsys.readouterr().out
        assert ("Affiche cette aide" if lang == "fr" else "Show this message") in sub
