"""The first sort (terminal and browser) and ``ask`` during a pause, end to end (#18)."""

from __future__ import annotations

import io
from pathlib import Path
import re
from datetime import UTC, datetime, timedelta

import pytest

from tisser.cli import main
from tisser.core.model import Channel, Circle, Contact, Interaction, RelationalProfile, make_link
from tisser.store import Store, open_store

from web_helpers import client_for, post, web_store  # noqa: F401  (the store fixture)

TODAY = "2026-11-23"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.setenv("TISSER_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    monkeypatch.setenv("TISSER_DB", url)

    def _run(*args: str, stdin: str = "", lang: str = "en") -> tuple[int, str]:
        monkeypatch.setenv("TISSER_LANG", lang)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, (out + err).replace("\u00a0", " ")

    _run.url = url  # type: ignore[attr-defined]
    return _run


def _people(url: str) -> dict[str, int]:
    store = open_store(url)
    try:
        ids = {}
        for given, family in (("Paul", "Marin"), ("Inès", "Garnier"), ("Romain", "Lefort")):
            c = store.add_contact(Contact(given_name=given, family_name=family))
            ids[given] = c.id or 0
        return ids
    finally:
        store.close()


def test_terminal_sort_places_people_and_explains_a_typo(run) -> None:  # type: ignore[no-untyped-def]
    ids = _people(run.url)
    # three people, none placed: Garnier, Lefort, Marin in name order (nothing else to rank by)
    code, out = run("sort", stdin="2m\nzz\n1\nq\n")
    assert code == 0, out
    assert "cannot read 'zz'" in out and "s super-connector" in out
    assert "2 people placed." in out
    store = open_store(run.url)
    try:
        got = {n: store.get_contact(i) for n, i in ids.items()}
    finally:
        store.close()
    assert (got["Inès"].circle, got["Inès"].relational_profile) == (
        Circle.SECOND,
        RelationalProfile.MENTOR,
    )
    assert got["Romain"].circle == Circle.FIRST
    assert got["Paul"].circle == Circle.WIDER  # stopped before: unchanged
    code, out = run("sort", stdin="", lang="fr")
    assert code == 0 and "0 personne placée." in out
    code, out = run("sort", stdin="1\nq\n", lang="fr")
    assert code == 0 and "1 personne placée." in out
    code, out = run("sort", stdin="")
    assert code == 0 and "0 people placed." in out


def _chase(url: str) -> dict[str, int]:
    """Romain never answers; Paul, who answers, knows him."""
    ids = _people(url)
    store = open_store(url)
    try:
        store.add_link(make_link(ids["Romain"], ids["Paul"], 0.9))
        romain = store.get_contact(ids["Romain"])
        romain.position = "Recruteur"
        store.update_contact(romain)
        now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        for d in (12, 8, 4):
            store.add_interaction(
                Interaction(
                    occurred_at=now - timedelta(days=d),
                    channel=Channel.EMAIL,
                    contact_ids=[ids["Romain"]],
                    outcome="no_reply",
                )  # fmt: skip
            )
        store.add_interaction(Interaction(occurred_at=now - timedelta(days=3),
                                          contact_ids=[ids["Paul"]]))  # fmt: skip
        return ids
    finally:
        store.close()


def test_ask_refuses_a_fourth_request_during_the_pause(run) -> None:  # type: ignore[no-untyped-def]
    _chase(run.url)
    code, out = run("ask", "Romain Lefort")
    assert code != 0
    assert "you wrote 3 times to Romain Lefort without an answer: pause until Dec 19, 2026" in out
    assert 'tisser ask "Romain Lefort" --via "Paul Marin"' in out
    code, out = run("ask", "Romain Lefort", lang="fr")
    assert "vous avez écrit 3 fois à Romain Lefort sans réponse" in out
    assert "faites une pause jusqu’au 19 déc. 2026" in out, out
    assert 'tisser ask "Romain Lefort" --via "Paul Marin"' in out
    code, out = run("ask", "Romain Lefort", "--via", "Paul Marin")
    assert code == 0, out  # the way round is open
    code, out = run("reach", "recruteur")
    assert code == 0, out
    flat = " ".join(out.split())
    assert "Romain Lefort has not answered your last 3 messages: go through Paul Marin" in flat
    code, out = run("reach", "recruteur", lang="fr")
    flat = " ".join(out.split())
    assert "Romain Lefort n’a pas répondu à vos 3 derniers messages : passez par Paul Marin" in flat
    code, out = run("diagnose")
    assert "You wrote 3 times to Romain Lefort without an answer" in out
    assert "Ask Paul Marin to introduce you to Romain Lefort, rather than writing again" in out
    assert not re.search(r"\bseed\b", out, re.I)
    code, out = run("diagnose", lang="fr")
    assert "Vous avez écrit 3 fois à Romain Lefort sans réponse" in out
    assert "Demandez à Paul Marin de vous présenter à Romain Lefort, plutôt que de réécrire" in out
    assert not re.search(r"\bseed\b", out, re.I)


def test_web_sort_page(store: Store) -> None:
    a = store.add_contact(Contact(given_name="Anne", family_name="Roy")).id
    b = store.add_contact(Contact(given_name="Bruno", family_name="Lenoir")).id
    client = client_for(store)
    page = client.get("/sort", headers={"accept-language": "fr"})
    assert page.status_code == 200
    assert "Anne Roy" in page.text and "Bruno Lenoir" in page.text
    r = post(client, "/sort", {f"circle-{a}": "2", f"profile-{a}": "expert",
                               f"circle-{b}": "", f"profile-{b}": "", "circle-999999": "1"})  # fmt: skip
    assert r.status_code in (302, 303)
    assert store.get_contact(a or 0).circle == Circle.SECOND
    assert store.get_contact(a or 0).relational_profile == RelationalProfile.EXPERT
    assert store.get_contact(b or 0).circle == Circle.WIDER


def test_cold_start_after_a_linkedin_import(run) -> None:  # type: ignore[no-untyped-def]
    data = Path(__file__).parent / "data" / "imports" / "linkedin_2024.csv"
    code, out = run("import", str(data))
    assert code == 0, out
    for lang, cannot, sort in (
        ("en", "Your journal is empty: I cannot yet tell who is close, active or slipping",
         "tisser sort"),
        ("fr", "Votre journal est vide : je ne peux pas encore dire qui est proche", "tisser sort"),
    ):  # fmt: skip
        code, out = run("diagnose", lang=lang)
        assert code == 0, out
        summary = " ".join(out.split("Cadence")[0].split("Rythme")[0].split())
        assert cannot in summary and sort in summary
        assert "0 %" not in summary and "0%" not in summary  # no "0 % activated"
        assert summary.count("tisser sort") == 1 and "tisser goal add" in summary
