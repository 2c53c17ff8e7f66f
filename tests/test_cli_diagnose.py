"""``tisser diagnose``, ``why`` and ``report`` end to end, and the demo's golden report.

The golden file ``tests/golden/diagnose_demo.json`` pins ``tisser diagnose --json`` on the
demo network (``TISSER_TODAY=2026-11-23``, English). After an intended change, refresh it:

    TISSER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_cli_diagnose.py -k golden

then read the diff. ``test_golden_checked_against_the_raw_journal`` recomputes a few of its
values through other code paths (the overview's cadence counts, one contact's journal read
interaction by interaction), so the golden file is not only what the code wrote.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tisser.cli import main
from tisser.store import open_store

TODAY = "2026-11-23"
GOLDEN = Path(__file__).parent / "golden" / "diagnose_demo.json"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    monkeypatch.delenv("TISSER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent-tisser-config")
    return monkeypatch


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.replace("\u00a0", " "), err


@pytest.fixture
def demo_db(tmp_path: Path, env, capsys) -> str:
    path = tmp_path / "demo.db"
    code, _, err = call(capsys, "--db", str(path), "demo", "--yes")
    assert code == 0, err
    return str(path)


def test_golden_demo_report(demo_db: str, capsys) -> None:
    code, out, err = call(capsys, "--db", demo_db, "diagnose", "--json")
    assert code == 0, err
    data = json.loads(out)
    if os.environ.get("TISSER_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert data == json.loads(GOLDEN.read_text("utf-8"))


def test_golden_checked_against_the_raw_journal(demo_db: str, capsys) -> None:
    golden = json.loads(GOLDEN.read_text("utf-8"))
    # totals as the demo loader announces them (README session)
    assert golden["totals"] == {"contacts": 350, "kept": 330, "archived": 20,
                                "interactions": 3561, "links": 2069}  # fmt: skip
    # cadence counts as the overview (another code path) computes them
    _, out, _ = call(capsys, "--db", demo_db, "overview", "--json")
    assert golden["cadence"] == json.loads(out)["statuses"]
    # circles: 5 / 15 / 60 / 250 as the README's overview shows
    assert [x["size"] for x in golden["circles"]["layers"]] == [5, 15, 60, 250]
    # the first dormant tie, recomputed from its interactions one by one
    top = golden["dormant"][0]
    store = open_store(f"sqlite:///{demo_db}")
    try:
        history = store.interactions_for(top["id"])
        contact = store.get_contact(top["id"])
    finally:
        store.close()
    gave = sum(1 for i in history if i.direction.value in ("gave", "mutual"))
    received = sum(1 for i in history if i.direction.value in ("received", "mutual"))
    last = max(i.occurred_at for i in history).date()
    days = (date.fromisoformat(TODAY) - last).days
    assert days > 365 and top["status"] == "dormant"
    assert f"help: given {gave}, received {received}" in top["reasons"]
    _code, out, _ = call(capsys, "--db", demo_db, "why", f"#{top['id']}", "--json")
    why = json.loads(out)
    parts = {p["part"]: p for p in why["parts"]}
    assert parts["recency"]["value"] == round(2 ** (-days / 180), 4)
    assert parts["intensity"]["value"] == round(
        min(1, math.log1p(len(history)) / math.log1p(40)), 4
    )
    closeness = (contact.closeness - 1) / 4 if contact.closeness else None
    if closeness is not None:
        assert parts["closeness"]["value"] == round(closeness, 4)
    assert sum(p["weight"] for p in why["parts"]) == pytest.approx(1.0)


# The demo's three things to do now, as a coach words them (#18: the plan says the same)
DEMO_ACTIONS = {
    "en": [
        "Call Guillaume Bénard this week",
        "Offer Béatrice de La Fontaine something useful: an introduction, an article, your time",
        "Write to Grégoire d'Argenson to catch up, with news and no request",
    ],
    "fr": [
        "Appelez Guillaume Bénard cette semaine",
        "Offrez quelque chose d'utile à Béatrice de La Fontaine : une mise en relation, un "
        "article, votre temps",
        "Écrivez à Grégoire d'Argenson pour prendre des nouvelles, sans rien demander",
    ],
}


def test_diagnose_reads_like_a_coach_in_both_languages(demo_db: str, capsys) -> None:
    code, out, err = call(capsys, "--db", demo_db, "diagnose")
    assert code == 0, err
    assert out.index("In short") < out.index("Three things to do now") < out.index("Cadence")
    assert "slipping away" in out and "Dormant ties worth reviving" in out
    flat = " ".join(out.replace("\u00a0", " ").split())
    for i, sentence in enumerate(DEMO_ACTIONS["en"], 1):
        assert f"{i}. {sentence} Why:" in flat
    code, out, err = call(capsys, "--db", demo_db, "--lang", "fr", "diagnose")
    assert code == 0, err
    assert "En bref" in out and "Trois choses à faire maintenant" in out
    assert "s'éloignent" in out and "Liens en sommeil à réveiller" in out
    assert "In short" not in out
    flat = " ".join(out.replace("\u00a0", " ").split())
    for i, sentence in enumerate(DEMO_ACTIONS["fr"], 1):
        assert f"{i}. {sentence} Pourquoi :" in flat


def test_why_explains_a_contact(demo_db: str, capsys) -> None:
    golden = json.loads(GOLDEN.read_text("utf-8"))
    name = golden["dormant"][0]["name"]
    code, out, err = call(capsys, "--db", demo_db, "diagnose", "--why", name)
    assert code == 0, err
    assert name in out and "Tie strength" in out and "dormant: last contact" in out
    code, out, err = call(capsys, "--db", demo_db, "why", "Nobody Atall")
    assert code == 3 and "no contact named" in err


class Fetches(HTMLParser):
    """Collects every attribute that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("src", "href", "data", "poster", "srcset", "action") and value:
                self.fetches.append(f"{tag} {key}={value}")
        if tag == "link":
            self.fetches.append("link element")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_report_is_self_contained(demo_db: str, tmp_path: Path, capsys, lang: str) -> None:
    page = tmp_path / f"report-{lang}.html"
    code, _out, err = call(capsys, "--db", demo_db, "--lang", lang, "report", "--html", str(page))
    assert code == 0, err
    html = page.read_text("utf-8")
    parser = Fetches()
    parser.feed(html)
    parser.close()
    assert parser.fetches == []
    assert "@import" not in html and "url(" not in html
    assert parser.tags.count("svg") >= 6  # five charts and the map
    assert f'<html lang="{lang}">' in html
    assert "@media print" in html
    assert ("Three things to do now" if lang == "en" else "Trois choses à faire") in html
    assert 'id="netmap"' in html and "data-by-cluster" in html


def test_report_to_an_unwritable_place(demo_db: str, capsys) -> None:
    code, _out, err = call(capsys, "--db", demo_db, "report", "--html", "/nonexistent/dir/r.html")
    assert code == 2 and "cannot write" in err


def test_diagnose_small_network_on_each_backend(
    db_url: str, env: pytest.MonkeyPatch, capsys
) -> None:
    env.setenv("TISSER_DB", db_url)
    for args in (
        ("add", "Claire Dubois", "--circle", "3", "--closeness", "4", "--met-on", "2020-01-10"),
        ("add", "Marc Petit", "--circle", "4"),
        ("add", "Lina Roux", "--circle", "4"),
        ("add", "Paul Marin", "--circle", "4"),
        ("add", "Zoé Faure", "--circle", "4"),
        ("add", "Hugo Blanc", "--circle", "4"),
        ("log", "Claire Dubois", "lunch", "--date", "2025-09-20", "--received", "intro"),
        ("log", "Marc Petit", "call", "--date", "2026-11-01"),
        # Marc and Lina know each other and Claire; Paul, Zoé and Hugo are reached through
        # Claire only; Paul alone knows Zoé and Hugo.
        ("link", "Claire Dubois", "Marc Petit"),
        ("link", "Claire Dubois", "Lina Roux"),
        ("link", "Marc Petit", "Lina Roux"),
        ("link", "Claire Dubois", "Paul Marin"),
        ("link", "Paul Marin", "Zoé Faure"),
        ("link", "Paul Marin", "Hugo Blanc"),
    ):
        code, _, err = call(capsys, *args)
        assert code == 0, err
    code, out, err = call(capsys, "diagnose", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["totals"]["contacts"] == 6 and data["totals"]["interactions"] == 2
    # Claire: 429 days since 2025-09-20 (> 365); Marc: 22 days; the others: nothing logged
    assert data["cadence"] == {"dormant": 1, "on_track": 1, "unknown": 4}
    assert [x["name"] for x in data["dormant"]] == ["Claire Dubois"]
    # without Claire, Marc and Lina are cut off from Paul's side (3 people); without Paul,
    # Zoé and Hugo are cut off
    assert {b["name"]: b["cuts_off"] for b in data["bridges"]} == {
        "Claire Dubois": 2,
        "Paul Marin": 2,
    }
    code, out, err = call(capsys, "why", "Claire Dubois", "--json")
    why = json.loads(out)
    assert why["status"].startswith("dormant: last contact")
    assert "help: given 0, received 1 — too few exchanges to tell" in why["facts"]


def test_bad_settings_file_is_one_line(demo_db: str, tmp_path: Path, env, capsys) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[cadence]\ncircle_7 = 3\n", "utf-8")
    env.setenv("TISSER_CONFIG", str(cfg))
    code, _out, err = call(capsys, "--db", demo_db, "diagnose")
    assert code == 2 and "circle_7" in err and str(cfg) in err


def test_empty_network(tmp_path: Path, env, capsys) -> None:
    db = str(tmp_path / "empty.db")
    assert call(capsys, "--db", db, "init", "--name", "Test")[0] == 0
    code, out, _err = call(capsys, "--db", db, "diagnose")
    assert code == 0 and "nothing to diagnose" in out


def test_settings_file_changes_overview_list_and_diagnose(
    demo_db: str, tmp_path: Path, env, capsys
) -> None:
    _, out, _ = call(capsys, "--db", demo_db, "overview", "--json")
    before = json.loads(out)["statuses"]
    cfg = tmp_path / "tisser.toml"
    cfg.write_text("[cadence]\ncircle_2 = 365\ncircle_3 = 365\n", "utf-8")
    env.setenv("TISSER_CONFIG", str(cfg))
    _, out, _ = call(capsys, "--db", demo_db, "overview", "--json")
    after = json.loads(out)["statuses"]
    # a yearly rhythm for circles 2 and 3: fewer people overdue, more on track
    assert after["on_track"] > before["on_track"]
    assert after.get("overdue", 0) < before["overdue"]
    _, out, _ = call(capsys, "--db", demo_db, "diagnose", "--json")
    assert json.loads(out)["cadence"] == after
    _, out, _ = call(capsys, "--db", demo_db, "list", "--circle", "2", "--json")
    assert {r["status"] for r in json.loads(out)} <= {"on_track", "due", "dormant"}
