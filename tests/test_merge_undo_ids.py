# ruff: noqa: F811 - the tests take the imported ``run`` fixture as a parameter
"""Issue #21: undoing a merge after the merged contact's id went to a newer contact (SQLite
gives a freed id again) restores it under a new id and says so; nothing of it lands on the
newer contact. Both databases."""

from __future__ import annotations

import json

import sqlalchemy as sa

from test_cli import run  # noqa: F401 - the shared fixture that runs tisser
from tisser.store import open_store
from tisser.store.schema import links


def test_undo_after_the_id_was_reused(run, db_url: str) -> None:  # type: ignore[no-untyped-def]
    run("add", "Paul Martin", "--email", "p@m.fr")
    run("add", "Hélène Durand", "--email", "h@a.fr")
    run("add", "DURAND Helene", "--email", "h@b.fr", "--force")
    assert run("link", "#3", "#1")[0] == 0
    code, out, _ = run("duplicates", "merge", "#2", "#3")
    assert code == 0
    run("add", "Carla Bruni", "--email", "c@b.fr")
    carla = next(
        c["id"] for c in json.loads(run("list", "--json")[1]) if c["name"] == "Carla Bruni"
    )
    code, out, err = run("duplicates", "undo")
    assert code == 0, err
    contacts = json.loads(run("list", "--json")[1])
    by_name = {c["name"]: c for c in contacts}
    assert set(by_name) == {"Hélène Durand", "DURAND Helene", "Paul Martin", "Carla Bruni"}
    restored = by_name["DURAND Helene"]["id"]
    assert by_name["Carla Bruni"]["id"] == carla
    assert json.loads(run("show", f"#{restored}", "--json")[1])["emails"] == ["h@b.fr"]
    assert json.loads(run("show", "Carla Bruni", "--json")[1])["emails"] == ["c@b.fr"]
    assert json.loads(run("show", "#2", "--json")[1])["emails"] == ["h@a.fr"]
    text = " ".join(out.split())
    if carla == 3:  # SQLite gave the freed #3 to Carla: the user is told where Hélène went
        assert restored != 3
        assert f"#3 now belongs to a contact added since: restored as #{restored}." in text
    # the link of the merged contact followed it, not the id
    store = open_store(db_url)
    try:
        with store._conn() as conn:
            pairs = {(r.a_id, r.b_id) for r in conn.execute(sa.select(links.c.a_id, links.c.b_id))}
    finally:
        store.close()
    paul = by_name["Paul Martin"]["id"]
    assert tuple(sorted((restored, paul))) in pairs
    assert tuple(sorted((carla, paul))) not in pairs
