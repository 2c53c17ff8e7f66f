"""The demo's events catalogue: realistic, consistent with the network, chosen and explained."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tisser.cli import main
from tisser.core.events import occurrences
from tisser.core.names import fold
from tisser.demo import generate
from tisser.demo.events import generate_events

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo():
    network = generate(TODAY)
    return network, generate_events(network.contacts, TODAY)


def test_catalogue_is_realistic(demo) -> None:
    network, events = demo
    catalogue = events.events
    assert 38 <= len(catalogue) <= 45
    cities = Counter(e.city for e in catalogue)
    assert cities["Bordeaux"] >= 20 and cities["Paris"] >= 8
    assert sum(e.is_membership for e in catalogue) >= 8
    assert sum(bool(e.rrule) for e in catalogue) >= 15
    ids = {e.id for e in catalogue}
    assert all(e.membership_id in ids for e in catalogue if e.membership_id)
    assert all(catalogue[e.membership_id - 1].is_membership for e in catalogue if e.membership_id)
    contact_ids = {c.id for c in network.contacts}
    assert all(set(e.attendee_ids) <= contact_ids for e in catalogue)
    assert sum(len(e.attendee_ids) for e in catalogue) >= 80
    year = [len(occurrences(e, TODAY, TODAY + timedelta(days=365))) for e in catalogue]
    assert sum(1 for n in year if n) >= 38  # nearly everything takes place in the next year
    paris = [e for e in catalogue if e.city == "Paris" and not e.is_membership]
    assert all(e.travel_minutes >= 240 for e in paris)  # the TGV is in the travel time


def test_history_comes_from_the_network(demo) -> None:
    network, events = demo
    by_id = {c.id: c for c in network.contacts}
    titles = {e.id: e.title for e in events.events}
    assert len(events.met) >= 8
    for event_id, contact_id, day in events.met:
        contact = by_id[contact_id]
        assert TODAY - timedelta(days=365) <= contact.met_on < TODAY
        assert (event_id, day) in set(events.attended), titles[event_id]
        assert day <= TODAY
    done = [f for f in events.followups if f.done_on is not None]
    assert 0 < len(done) < len(events.followups)
    assert all(f.due_on == f.done_on + timedelta(days=1) for f in done)
    assert {fold(titles[e]) for e, _c, _d in events.met} >= {fold("Wine Paris & Vinexpo Paris")}


def test_same_seed_same_catalogue(demo) -> None:
    network, events = demo
    again = generate_events(network.contacts, TODAY)
    assert [e.attendee_ids for e in again.events] == [e.attendee_ids for e in events.events]
    assert again.met == events.met and again.seen == events.seen


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_catalogue_chosen_and_explained(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("TISSER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--lang", lang, "demo", "--yes"]) == 0
    capsys.readouterr()
    args = ["--lang", lang, "events", "choose", "--want", "function=marketing", "--missing",
            "function=finance"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    words = {
        "fr": ("Pourquoi chacun est retenu", "Pourquoi le suivant est écarté", "optimal prouvé",
               "Le budget laisse", "un profil qui manque à votre réseau : fonction finance"),
        "en": ("Why each is in", "Why the runner-up is out", "proven optimal",
               "The budget leaves", "a profile your network lacks: function finance"),
    }[lang]  # fmt: skip
    for text in words:
        assert text in out, text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and data["gap"] == 0 and data["candidates"] >= 38
    assert 2 <= len(data["chosen"]) <= 12
    assert data["minutes"] <= data["minutes_budget"] and data["fees"] <= data["fees_budget"]
    assert data["runner_up"]["title"] not in {c["title"] for c in data["chosen"]}
    assert main(["--lang", lang, "events", "results", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert sum(r["contacts_made"] for r in results) >= 8
