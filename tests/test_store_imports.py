"""Imports, merges and their undo, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.core.errors import NotFound
from tisser.core.model import Contact, Interaction, Link
from tisser.formats import vcard
from tisser.formats.importer import import_file
from tisser.store import ContactFilter, Store, open_store

DATA = Path(__file__).parent / "data" / "imports"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"
ALL = ContactFilter(include_archived=True)


def names(store: Store) -> list[str]:
    return sorted(c.display_name for c in store.list_contacts(ALL))


def test_reimport_updates_never_duplicates(store: Store, tmp_path: Path) -> None:
    first = import_file(store, DATA / "linkedin_2024.csv")
    assert (first.added, first.refused) == (5, 1)
    again = import_file(store, DATA / "linkedin_2024.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    newer = tmp_path / "Connections.csv"
    text = (DATA / "linkedin_2024.csv").read_text(encoding="utf-8-sig")
    newer.write_text(text.replace('"Airbus, Toulouse"', "Safran"), encoding="utf-8")
    third = import_file(store, newer)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 4)
    assert store.count_contacts(ALL) == 5
    (h,) = store.find_contacts_by_name("Hélène Durand")
    assert h.organization == "Safran"


def test_dry_run_writes_nothing(store: Store) -> None:
    report = import_file(store, DATA / "linkedin_2024.csv", dry_run=True)
    assert report.added == 5
    assert store.count_contacts(ALL) == 0
    assert store.source_keys("linkedin") == {}


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failure_mid_file_leaves_the_database_as_before(
    store: Store, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    import_file(store, DATA / "linkedin_2021.csv")
    before = names(store)

    def boom(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(store, "save_source_keys", boom)
    with pytest.raises(type(failure)):
        import_file(store, DATA / "google_current.csv")
    monkeypatch.undo()
    assert names(store) == before
    assert store.source_keys("google") == {}


def test_cross_source_certain_matches_merge(store: Store) -> None:
    import_file(store, DATA / "linkedin_2024.csv")
    report = import_file(store, DATA / "google_current.csv")
    # Hélène Durand: same LinkedIn profile -> merged, her e-mails and phone added
    assert report.merged == 1 and report.added == 2
    (h,) = store.find_contacts_by_name("Hélène Durand")
    assert h.emails == ["helene.durand@airbus.com", "h.durand@gmail.com"]
    assert h.phones == ["+33612345678"]
    assert h.organization == "Airbus, Toulouse"  # the contact already there wins


def test_edge_list_links_by_name_email_and_reports_the_rest(store: Store) -> None:
    import_file(store, DATA / "linkedin_2024.csv")
    report = import_file(store, DATA / "edges.csv")
    assert report.links == 2
    messages = sorted((p.line, p.render()) for p in report.problems)
    assert [line for line, _ in messages] == [4, 5, 6]
    assert "Personne Inconnue" in messages[0][1]
    (h,) = store.find_contacts_by_name("Hélène Durand")
    (j,) = store.find_contacts_by_name("Jean de La Fontaine")
    assert [(ln.strength) for ln in store.links_of(h.id or 0)] == [0.8]
    assert {ln.a_id for ln in store.links_of(j.id or 0)} | {
        ln.b_id for ln in store.links_of(j.id or 0)
    } >= {h.id}


def test_every_real_vcard_file_imports(store: Store) -> None:
    files = sorted(REAL.rglob("*.vcf"))
    total = 0
    for f in files:
        report = import_file(store, f)
        total += report.added + report.merged
        assert not any(p.message.startswith("unreadable") for p in report.problems)
    assert store.count_contacts(ALL) > 1000
    assert len(store.photos()) >= 5
    for f in files:  # idempotent
        assert import_file(store, f).added == 0


def test_vcard_export_then_import_gives_the_same_contacts(store: Store, tmp_path: Path) -> None:
    import_file(store, REAL / "ez-vcard" / "rfc2426-example.vcf")
    import_file(store, DATA / "google_current.csv")
    import_file(store, DATA / "linkedin_2024.csv")
    people = store.list_contacts(ALL)
    out = tmp_path / "all.vcf"
    out.write_text(
        vcard.write([(c, vcard.tisser_uid(1, c.id or 0), None) for c in people]),
        encoding="utf-8",
    )
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        import_file(other, out)
        again = other.list_contacts(ALL)

    def key(c: Contact) -> tuple:
        return (
            c.display_name,
            c.organization,
            c.position,
            c.emails,
            c.phones,
            c.city,
            c.linkedin,
            c.tags,
            c.notes,
            c.met_on,
            c.circle,
        )

    assert sorted(map(key, again)) == sorted(map(key, people))
    # and into the same database: the UIDs tisser gave are recognised, nothing changes
    report = import_file(store, out)
    assert (report.added, report.merged, report.unchanged) == (0, 0, len(people))


def _setup_merge(store: Store) -> tuple[int, int, int, int]:
    a = store.add_contact(Contact(given_name="Hélène", family_name="Durand", emails=["h@a.fr"]))
    b = store.add_contact(
        Contact(given_name="H.", family_name="Durand", emails=["h@b.fr"], phones=["+33611111111"])
    )
    c = store.add_contact(Contact(given_name="Claire", family_name="Dubois"))
    d = store.add_contact(Contact(given_name="Zoé", family_name="Arnaud", met_through_id=b.id))
    ids = [x.id or 0 for x in (a, b, c, d)]
    when = datetime(2025, 5, 1, 12, tzinfo=UTC)
    store.add_interaction(Interaction(occurred_at=when, contact_ids=[ids[0], ids[1]], about="AB"))
    store.add_interaction(Interaction(occurred_at=when, contact_ids=[ids[1]], about="B"))
    store.add_interaction(Interaction(occurred_at=when, contact_ids=[ids[1], ids[2]], about="BC"))
    store.add_link(Link(ids[1], ids[2], strength=0.5))
    store.add_link(Link(ids[0], ids[2], strength=0.3))
    store.add_link(Link(ids[0], ids[1], strength=0.9))
    store.save_source_keys("vcard", [("uid:b", ids[1])])
    store.save_photos([(ids[1], "image/jpeg", b"\xff\xd8jpeg")])
    return ids[0], ids[1], ids[2], ids[3]


def _state(store: Store, ids: tuple[int, ...]) -> dict:
    return {
        "contacts": {i: store.get_contact(i) for i in ids if _exists(store, i)},
        "interactions": sorted(
            (i.about, tuple(sorted(i.contact_ids))) for i in store.list_interactions()
        ),
        "links": sorted((ln.a_id, ln.b_id, ln.strength) for ln in store.all_links()),
        "sources": store.source_keys("vcard"),
        "photos": sorted(store.photos()),
    }


def _exists(store: Store, cid: int) -> bool:
    try:
        store.get_contact(cid)
    except NotFound:
        return False
    return True


def test_merge_keeps_everything_and_undo_restores_it(store: Store) -> None:
    a, b, c, d = _setup_merge(store)
    before = _state(store, (a, b, c, d))
    merge_id = store.merge_contacts(a, b)
    merged = store.get_contact(a)
    assert merged.emails == ["h@a.fr", "h@b.fr"] and merged.phones == ["+33611111111"]
    assert not _exists(store, b)
    after = _state(store, (a, b, c, d))
    assert after["interactions"] == sorted(
        [("AB", (a,)), ("B", (a,)), ("BC", tuple(sorted((a, c))))]
    )
    assert after["links"] == [(min(a, c), max(a, c), 0.5)]  # the stronger of 0.3 and 0.5
    assert after["sources"] == {"uid:b": a}
    assert after["photos"] == [a]
    assert store.get_contact(d).met_through_id == a
    assert [m["id"] for m in store.list_merges()] == [merge_id]
    assert store.undo_merge()[:2] == (a, b)
    restored = _state(store, (a, b, c, d))
    for i in (a, b, c, d):
        x, y = before["contacts"][i], restored["contacts"][i]
        assert (x.display_name, x.emails, x.phones, x.met_through_id) == (
            y.display_name,
            y.emails,
            y.phones,
            y.met_through_id,
        )
    for part in ("interactions", "links", "sources", "photos"):
        assert restored[part] == before[part], part
    assert store.list_merges() == []
    with pytest.raises(NotFound):
        store.undo_merge()


def test_keep_apart_and_erasure_of_merge_snapshots(store: Store) -> None:
    a, b, c, _ = _setup_merge(store)
    store.keep_apart(c, a)
    assert store.apart_pairs() == {(min(a, c), max(a, c))}
    store.merge_contacts(a, b)
    store.delete_contact(a)
    assert store.list_merges(include_undone=True) == []
    assert store.apart_pairs() == set()


def test_likely_duplicates_follow_every_change(store: Store) -> None:
    """Each kind of write shows in the next call (the web keeps the list until a write)."""
    from tisser.core.duplicates import find_candidates

    def pairs() -> set[tuple[int, int]]:
        return {(p.a.id or 0, p.b.id or 0) for p in store.likely_duplicates()}

    def reference() -> set[tuple[int, int]]:  # computed afresh, nothing kept
        everyone = store.list_contacts(ContactFilter(include_archived=True))
        return {(c.a_id, c.b_id) for c in find_candidates(everyone, store.apart_pairs())}

    a = store.add_contact(Contact(given_name="Hélène", family_name="Müller"))
    b = store.add_contact(Contact(given_name="Helene", family_name="Muller"))
    assert pairs() == reference() == {(a.id, b.id)}
    c = store.add_contact(Contact(given_name="Hélène", family_name="Muller"))  # added
    assert len(pairs()) == 3 and pairs() == reference()
    store.update_contact(Contact(id=c.id, given_name="Paul", family_name="Martin"))  # edited
    assert pairs() == reference() == {(a.id, b.id)}
    store.keep_apart(a.id or 0, b.id or 0)  # kept apart
    assert pairs() == reference() == set()
    d = store.add_contact(Contact(given_name="Paul", family_name="Martin", city="Pau"))
    assert pairs() == reference() == {(c.id, d.id)}
    merge = store.merge_contacts(c.id or 0, d.id or 0)  # merged
    assert pairs() == reference() == set()
    store.undo_merge(merge)  # undone
    assert pairs() == reference() == {(c.id, d.id)}
    store.delete_contact(d.id or 0)  # erased
    assert pairs() == reference() == set()


name = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(name, name, st.sampled_from(["", "Airbus", "Safran"])), max_size=12))
def test_any_linkedin_file_imported_twice_changes_nothing(rows: list[tuple[str, str, str]]) -> None:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])  # fmt: skip
    for i, (first, last, company) in enumerate(rows):
        w.writerow(
            [first, last, f"https://www.linkedin.com/in/p{i}", "", company, "", "01 Jan 2024"]
        )
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "Connections.csv"
        f.write_text(out.getvalue(), encoding="utf-8")
        with open_store(f"sqlite:///{Path(tmp) / 't.db'}") as store:
            first = import_file(store, f)
            assert first.added == len(rows)
            second = import_file(store, f)
            assert (second.added, second.updated, second.merged) == (0, 0, 0)
            assert second.unchanged == len(rows)
            assert store.count_contacts(ALL) == len(rows)


def test_edge_list_ambiguous_names_and_ids(store: Store, tmp_path: Path) -> None:
    a = store.add_contact(Contact(given_name="Jean", family_name="Martin", organization="A"))
    b = store.add_contact(Contact(given_name="Jean", family_name="Martin", organization="B"))
    c = store.add_contact(Contact(given_name="Claire", family_name="Dubois"))
    f = tmp_path / "links.csv"
    f.write_text(f"source,target,weight\nJean Martin,Claire Dubois,0.5\n#{a.id},{c.id},0.4\n")
    report = import_file(store, f)
    assert report.links == 1
    (problem,) = report.problems
    assert problem.line == 2 and "names several contacts" in problem.render()
    assert f"#{a.id} Jean Martin" in problem.render() and f"#{b.id} Jean Martin" in problem.render()
    assert [(ln.a_id, ln.b_id, ln.strength) for ln in store.all_links()] == [
        (min(a.id or 0, c.id or 0), max(a.id or 0, c.id or 0), 0.4)
    ]
