"""One source of actions (#18 item 4): each top finding's action, worded once, reads the same
in ``tisser diagnose`` (terminal, ``--json`` and the HTML report), the week's plan (``tisser
plan``, terminal and ``--json``) and the web's Diagnostic and Plan pages, in English and in
French.

The answer keys are written by hand, as a networking coach would write them, for three small
networks built here: a former close colleague gone silent, a user who alone joins two worlds,
a recruiter who never answers. Each runs on SQLite and PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tisser.cli import main
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, make_link
from tisser.store import Store, open_store
from web_helpers import client_for

TODAY = date(2026, 11, 23)  # web_helpers' day as well
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_url: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TISSER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("TISSER_TZ", "Europe/Paris")
    monkeypatch.setenv("TISSER_DB", db_url)

    def _run(*args: str, lang: str = "en") -> str:
        monkeypatch.setenv("TISSER_LANG", lang)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert code == 0, out + err
        assert "Traceback" not in out + err
        return out

    _run.url = db_url  # type: ignore[attr-defined]
    return _run


def flat(text: str) -> str:
    """Whitespace (no-break spaces included) as single spaces: terminals wrap, pages indent."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def page_text(body: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _add(store: Store, first: str, last: str, **fields: object) -> int:
    c = store.add_contact(Contact(given_name=first, family_name=last, **fields))  # type: ignore[arg-type]
    assert c.id is not None
    return c.id


def _log(store: Store, cid: int, days_ago: int, **fields: object) -> None:
    store.add_interaction(
        Interaction(occurred_at=NOW - timedelta(days=days_ago), contact_ids=[cid], **fields)  # type: ignore[arg-type]
    )


def dormant_colleague(store: Store) -> None:
    """Claire worked next to the user for five years (help both ways), then nothing for
    two and a half years; Hugo and Léa are seen on their rhythm."""
    claire = _add(store, "Claire", "Dubois", circle=Circle.ACTIVE, closeness=4, gender="f",
                  organization="Airbus", met_on=date(2018, 1, 10))  # fmt: skip
    for i in range(20):
        help_ = HelpDirection.GAVE if i < 2 else HelpDirection.RECEIVED if i < 4 else None
        _log(store, claire, 900 + 40 * i, channel=Channel.LUNCH,
             **({"direction": help_} if help_ else {}))  # fmt: skip
    hugo = _add(store, "Hugo", "Petit", circle=Circle.SECOND, closeness=4)
    lea = _add(store, "Léa", "Roy", circle=Circle.ACTIVE, closeness=3)
    for d in (2, 12, 24, 40):
        _log(store, hugo, d, channel=Channel.CALL)
    for d in (10, 60, 120):
        _log(store, lea, d, channel=Channel.EMAIL)


def two_worlds(store: Store) -> None:
    """Two groups that do not know each other: hospital doctors, app founders. The user is
    the only tie between them; Nora and Yann are the closest of each."""
    doctors = [_add(store, "Nora", "Haddad", circle=Circle.ACTIVE, closeness=5, sector="santé",
                    organization="CHU")]  # fmt: skip
    doctors += [
        _add(
            store,
            given,
            "Santé",
            circle=Circle.ACTIVE,
            closeness=2,
            sector="santé",
            organization="CHU",
        )
        for given in ("Marc", "Julie", "Éric")
    ]
    founders = [_add(store, "Yann", "Kerbrat", circle=Circle.ACTIVE, closeness=5,
                     sector="numérique", organization="Appli")]  # fmt: skip
    founders += [
        _add(
            store,
            given,
            "Start",
            circle=Circle.ACTIVE,
            closeness=2,
            sector="numérique",
            organization="Appli",
        )
        for given in ("Sam", "Tom")
    ]
    for group in (doctors, founders):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                store.add_link(make_link(a, b, 0.8))
    for cid in doctors + founders:
        for d in (5, 35, 70):
            _log(store, cid, d, channel=Channel.EMAIL)


def unanswered_recruiter(store: Store) -> None:
    """Three e-mails to Romain, a recruiter, without an answer; Paul, who answers, knows him."""
    paul = _add(store, "Paul", "Marin", circle=Circle.SECOND, closeness=4, gender="m")
    romain = _add(store, "Romain", "Lefort", circle=Circle.ACTIVE, gender="m",
                  position="Recruteur")  # fmt: skip
    ines = _add(store, "Inès", "Garnier", circle=Circle.ACTIVE, gender="f")
    store.add_link(make_link(romain, paul, 0.9))
    for d in (12, 8, 4):
        _log(store, romain, d, channel=Channel.EMAIL, outcome="no_reply")
    for d in (3, 17, 31):
        _log(store, paul, d, channel=Channel.CALL)
    _log(store, ines, 20, channel=Channel.EMAIL)


# network, (English action, English why), (French action, French why)
KEYS = {
    "dormant colleague": (
        dormant_colleague,
        ("Write to Claire Dubois to catch up, with news and no request",),
        ("Écrivez à Claire Dubois pour prendre des nouvelles, sans rien demander",),
    ),
    "two worlds": (
        two_worlds,
        (
            "Introduce Nora Haddad (santé) to Yann Kerbrat (numérique), each after asking them",
            "you are the only tie between santé and numérique",
        ),
        (
            "Présentez Nora Haddad (santé) à Yann Kerbrat (numérique), après avoir demandé "
            "son accord à chacun",
            "vous êtes le seul lien entre santé et numérique",
        ),
    ),
    "unanswered recruiter": (
        unanswered_recruiter,
        (
            "Ask Paul Marin to introduce you to Romain Lefort, rather than writing again",
            "pause until December 19, 2026, or go through Paul Marin, who knows him well",
        ),
        (
            "Demandez à Paul Marin de vous présenter à Romain Lefort, plutôt que de réécrire",
            "faites une pause jusqu’au 19 décembre 2026, ou passez par Paul Marin, qui le "
            "connaît bien",
        ),
    ),
}


def _views(run, lang: str, tmp: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The same advice as each place shows it, flattened to one line of text."""
    diagnosis = json.loads(run("diagnose", "--json", lang=lang))
    report = tmp / f"report-{lang}.html"
    run("report", "--html", str(report), lang=lang)
    plan = json.loads(run("plan", "--json", lang=lang))
    store = open_store(run.url)
    try:
        store.ensure_owner(1)
        client = client_for(store)
        headers = {"accept-language": lang}
        web_diagnosis = client.get("/diagnosis", headers=headers)
        web_plan = client.get("/plan", headers=headers)
    finally:
        store.close()
    assert web_diagnosis.status_code == 200 and web_plan.status_code == 200
    return {
        "diagnose": flat(run("diagnose", lang=lang)),
        "diagnose --json": " | ".join(
            flat(f"{a['text']} {a['because']}") for a in diagnosis["actions"]
        ),
        "plan": flat(run("plan", lang=lang)),
        "plan --json": " | ".join(flat(f"{a['what']} {a['why']}") for a in plan),
        "web diagnosis": page_text(web_diagnosis.text),
        "web plan": page_text(web_plan.text),
        "report --html": page_text(report.read_text("utf-8")),
    }


@pytest.mark.parametrize("network", list(KEYS))
def test_the_same_action_everywhere(run, network: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build, english, french = KEYS[network]
    store = open_store(run.url)
    try:
        store.ensure_owner(1)
        build(store)
    finally:
        store.close()
    for lang, key in (("en", english), ("fr", french)):
        views = _views(run, lang, tmp_path)
        for place, shown in views.items():
            for sentence in key:
                assert flat(sentence) in shown, f"{network}, {lang}, {place}: {shown[:3000]}"


def test_the_plan_carries_the_action_not_another_one(run) -> None:  # type: ignore[no-untyped-def]
    """The dormant colleague is not also offered a coffee; Romain is not written to."""
    store = open_store(run.url)
    try:
        store.ensure_owner(1)
        dormant_colleague(store)
        unanswered_recruiter(store)
    finally:
        store.close()
    plan = json.loads(run("plan", "--json"))
    claire = [a["what"] for a in plan if "Claire Dubois" in a["what"]]
    assert claire == ["Write to Claire Dubois to catch up, with news and no request"]
    romain = [a for a in plan if "Romain Lefort" in a["what"]]
    assert [a["what"] for a in romain] == [
        "Ask Paul Marin to introduce you to Romain Lefort, rather than writing again"
    ]
    # the action is Paul's: done, it logs an exchange with Paul, not a touch of Romain
    assert romain[0]["other_id"] is None and romain[0]["forced"] is True


# --- introductions across worlds (#18 item 5), in both languages ----------------------------


def test_the_plan_introduces_across_two_worlds_in_both_languages() -> None:
    """Peers of each world already know each other: the week's introduction crosses."""
    from tisser.core.actions import ActionKind, week_of
    from tisser.core.plan import PlanInput, Tie, plan_week
    from tisser.i18n import language_scope
    from tisser.present.plantext import describe, why

    seen = TODAY - timedelta(days=12)
    ties = [
        Tie(1, Circle.SECOND, last=seen, sector="santé", organization="CHU", interactions=20),
        Tie(2, Circle.SECOND, last=seen, sector="santé", organization="Clinique", interactions=9),
        Tie(3, Circle.SECOND, last=seen, sector="numérique", organization="Appli", interactions=20),
        Tie(4, Circle.SECOND, last=seen, sector="numérique", organization="Code", interactions=9),
    ]
    inp = PlanInput(TODAY, week_of(TODAY), 60, ties, linked={(1, 2), (3, 4)})
    intro = [a for a in plan_week(inp) if a.kind == ActionKind.INTRODUCE]
    assert [(a.contact_id, a.other_id) for a in intro] == [(1, 3)]
    names = {1: "Nora Haddad", 2: "Marc Santé", 3: "Yann Kerbrat", 4: "Sam Start"}
    with language_scope("en"):
        assert describe(intro[0], names) == "Introduce Nora Haddad and Yann Kerbrat"
        assert why(intro[0]) == (
            "one works in santé, the other in numérique: you bridge two worlds; ask each "
            "first (double opt-in)"
        )
    with language_scope("fr"):
        assert describe(intro[0], names) == "Mettre en relation Nora Haddad et Yann Kerbrat"
        assert why(intro[0]) == (
            "santé d’un côté, numérique de l’autre\u00a0: vous reliez deux mondes\u00a0; "
            "demandez d’abord leur accord aux deux"
        )


def test_introductions_propose_a_pair_across_worlds_in_both_languages(run) -> None:  # type: ignore[no-untyped-def]
    """Nora (santé) needs a mobile developer; Yann (numérique), in the other world, offers
    it: ``tisser introductions`` proposes them, saying both why and that the worlds differ."""
    store = open_store(run.url)
    try:
        store.ensure_owner(1)
        two_worlds(store)
    finally:
        store.close()
    run("need", "Nora Haddad", "un développeur d'applications mobiles")
    run("offer", "Yann Kerbrat", "développement d'applications mobiles")
    for lang, worlds in (
        ("en", "different worlds: santé / numérique"),
        ("fr", "mondes différents : santé / numérique"),
    ):
        found = json.loads(run("introductions", "--json", lang=lang))
        pair = [p for p in found if {p["a"], p["b"]} == {"Nora Haddad", "Yann Kerbrat"}]
        assert pair, found
        assert flat(worlds) in [flat(w) for w in pair[0]["why"]], pair[0]["why"]
        table = flat(run("introductions", lang=lang))
        assert "Nora Haddad" in table and "Yann Kerbrat" in table and flat(worlds) in table


# --- an objective starts this week, whatever the day it is written (#18 item 4) -------------


@pytest.mark.parametrize(
    ("written", "due"),
    [
        (date(2026, 11, 23), date(2026, 11, 27)),  # a Monday: the first stair by Friday
        (date(2026, 11, 25), date(2026, 11, 27)),  # a Wednesday: still this Friday
        (date(2026, 11, 27), date(2026, 11, 27)),  # a Friday: today
        (date(2026, 11, 28), date(2026, 12, 3)),  # a Saturday: the coming week's plan
    ],
)
def test_an_objective_has_its_first_small_step_in_this_weeks_plan(written: date, due: date) -> None:
    from tisser.core.actions import ActionKind, week_of
    from tisser.core.objectives import Objective, split
    from tisser.core.plan import PlanInput, candidates
    from tisser.i18n import language_scope
    from tisser.present.plantext import describe, why

    goal = Objective(
        "Trouver un poste de directrice produit", id=1, deadline=written + timedelta(days=90)
    )
    goal.steps = split(goal, ["Lister 10 entreprises", "5 cafés", "3 candidatures"], written)
    for i, s in enumerate(goal.steps, 1):
        s.id = i
    assert goal.steps[0].due == due and goal.steps[0].minutes <= 20
    inp = PlanInput(written, week_of(written), 120, [], objectives=[goal])
    steps = [a for a in candidates(inp) if a.kind == ActionKind.STEP]
    assert [a.step_id for a in steps] == [1]
    with language_scope("en"):
        assert describe(steps[0], {}) == "Objective step: Lister 10 entreprises"
        assert why(steps[0]).startswith("step of “Trouver un poste de directrice produit”, due on ")
    with language_scope("fr"):
        assert describe(steps[0], {}) == "Étape d'objectif\u00a0: Lister 10 entreprises"
        assert why(steps[0]).startswith(
            "étape de «\u00a0Trouver un poste de directrice produit\u00a0», prévue le "
        )


def test_erasing_a_person_redacts_the_plan_line_that_names_them(run) -> None:  # type: ignore[no-untyped-def]
    """Paul's line asks him to introduce Romain: erase Romain, and his name leaves the
    stored wording too (the line stays Paul's)."""
    store = open_store(run.url)
    try:
        store.ensure_owner(1)
        unanswered_recruiter(store)
    finally:
        store.close()
    run("plan", "--json")
    store = open_store(run.url)
    try:
        romain = next(c for c in store.list_contacts() if c.family_name == "Lefort")
        places = {m.place for m in store.contact_mentions(romain.id or 0)}
        assert "a plan line" in places
        store.delete_contact(romain.id or 0, placeholder="[erased]")
        week = store.week_actions(TODAY, 1)
        line = next(a for a in week if a.wording is not None and a.wording.code == "go_through")
        assert "Lefort" not in json.dumps(line.wording.text.as_dict())
        assert line.wording.text.params["name"] == "[erased]"
    finally:
        store.close()
    plan = json.loads(run("plan", "--json"))
    assert "Ask Paul Marin to introduce you to [erased], rather than writing again" in [
        a["what"] for a in plan
    ]
    assert "Lefort" not in json.dumps(plan)


def test_advised_actions_respect_snoozes_pauses_and_the_week_already_planned() -> None:
    from tisser.core.actions import ActionKind, week_of
    from tisser.core.explain import say
    from tisser.core.plan import PlanInput, Tie, advised, plan_week
    from tisser.core.verdicts import Action as Advice

    sort = Advice("sort", say("Tag the {count} people who matter most", count=20), say("why"))
    advice = [
        Advice(
            "go_through",
            say("Ask {via} to introduce you to {name}", via="P", name="R"),
            say("why"),
            2,
            1,
        ),
        Advice("introduce", say("Introduce {a} to {b}", a="N", b="Y"), say("why"), 3, 4),
        sort,
        Advice("pause", say("Write nothing more to {name}", name="R"), say("why")),
    ]
    week = week_of(TODAY)

    def plan(**kw: object) -> list[tuple[str, ActionKind, int | None, int | None]]:
        inp = PlanInput(TODAY, week, 120, [], advice=advice, **kw)  # type: ignore[arg-type]
        return [(a.wording.code, a.kind, a.contact_id, a.other_id) for a in advised(inp)]  # type: ignore[union-attr]

    assert plan() == [
        ("go_through", ActionKind.ADVICE, 2, None),  # P's action; R is left alone
        ("introduce", ActionKind.INTRODUCE, 3, 4),
        ("sort", ActionKind.ADVICE, None, None),
    ]  # "pause" asks to write nothing: no line
    later = TODAY + timedelta(days=20)
    assert [x[0] for x in plan(snoozed={"contact:4": later})] == ["go_through", "sort"]
    assert [x[0] for x in plan(paused={2: later})] == ["introduce", "sort"]
    assert [x[0] for x in plan(exclude={3})] == ["go_through", "sort"]
    key = f"advice:{sort.text.render()}"
    assert [x[0] for x in plan(snoozed={key: later})] == ["go_through", "introduce"]
    # the advice leads the week and its people get no second line
    ties = [Tie(2, Circle.SECOND, last=TODAY - timedelta(days=40), interactions=9)]
    inp = PlanInput(TODAY, week, 120, ties, advice=advice)
    chosen = plan_week(inp)
    assert [a.wording.code for a in chosen if a.wording] == ["go_through", "introduce", "sort"]
    assert [a.contact_id for a in chosen].count(2) == 1
    assert all(a.forced for a in chosen if a.wording)
