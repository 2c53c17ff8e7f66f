"""The Export page: every download read back by an independent parser, on SQLite and PostgreSQL.

vobject reads the vCards (one file, version 3 and 4, and the zip of one card per contact),
the csv module the CSV, json the JSON, networkx the GraphML and GEXF; an exported vCard
imported into an empty database gives back the same people.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
import vobject
from fastapi.testclient import TestClient

from tisser.core.model import Contact
from tisser.formats.importer import import_file
from tisser.store import ContactFilter, Store, open_store
from web_helpers import (
    client_for,
    post,
    seed,
    web_store,  # noqa: F401  (the `store` fixture)
)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    seed(store)
    store.add_contact(Contact(given_name="Formule", family_name="Piège", organization="=SUM(A1)"))
    with client_for(store) as c:
        yield c


def everyone(store: Store, archived: bool = True) -> set[str]:
    return {c.display_name for c in store.list_contacts(ContactFilter(include_archived=archived))}


def download(client: TestClient, fmt: str, **options: str) -> bytes:
    answer = client.get("/export/download", params={"format": fmt, **options})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return answer.content


def test_page_offers_every_format_in_both_languages(client: TestClient) -> None:
    page = client.get("/export")
    assert page.status_code == 200
    for value in ("vcard", "vcard3", "vcard-folder", "xlsx", "csv", "json", "graphml", "gexf"):
        assert f'value="{value}"' in page.text
    assert 'href="/export/report.html"' in page.text
    post(client, "/language", {"lang": "fr", "back": "/export"})
    french = client.get("/export").text
    assert "Exporter votre réseau" in french and "Télécharger" in french


@pytest.mark.parametrize("fmt,version", [("vcard", "4.0"), ("vcard3", "3.0")])
def test_vcard_file_is_read_by_vobject(client: TestClient, store: Store, fmt, version) -> None:
    text = download(client, fmt).decode("utf-8")
    cards = list(vobject.readComponents(text))
    assert {card.fn.value for card in cards} == everyone(store)
    assert {card.version.value for card in cards} == {version}
    assert all(card.uid.value for card in cards)


def test_archived_contacts_can_be_left_out(client: TestClient, store: Store) -> None:
    text = download(client, "vcard", archived="false").decode("utf-8")
    assert {card.fn.value for card in vobject.readComponents(text)} == everyone(store, False)


def test_vcard_folder_zip_holds_one_card_per_contact(client: TestClient, store: Store) -> None:
    archive = zipfile.ZipFile(io.BytesIO(download(client, "vcard-folder")))
    names = archive.namelist()
    assert all(n.startswith("contacts/") and n.endswith(".vcf") for n in names)
    read = [vobject.readOne(archive.read(n).decode("utf-8")) for n in names]
    assert sorted(card.fn.value for card in read) == sorted(everyone(store))


def test_csv_is_read_by_the_csv_module_with_formulas_neutralised(
    client: TestClient, store: Store
) -> None:
    rows = list(csv.DictReader(io.StringIO(download(client, "csv").decode("utf-8"))))
    assert len(rows) == len(everyone(store))
    organisations = {r["organization"] for r in rows}
    assert "'=SUM(A1)" in organisations and "=SUM(A1)" not in organisations


def test_excel_workbook_holds_everyone_as_text(client: TestClient, store: Store) -> None:
    from openpyxl import load_workbook

    data = download(client, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Prénom", "Nom", "Organisation", "Poste"]  # the browser's language
    rows = list(sheet.iter_rows(2, values_only=True))
    assert len(rows) == len(everyone(store))
    organisations = {r[2] for r in rows}
    assert "=SUM(A1)" in organisations  # the text itself, kept as text
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    post(client, "/language", {"lang": "en", "back": "/export"})
    english = load_workbook(io.BytesIO(download(client, "xlsx"))).active
    assert [c.value for c in english[1]][:4] == [
        "First name",
        "Last name",
        "Organisation",
        "Position",
    ]


def test_json_holds_everything(client: TestClient, store: Store) -> None:
    data = json.loads(download(client, "json"))
    assert data["format"] == "tisser-export"
    assert len(data["contacts"]) == len(everyone(store))
    assert len(data["interactions"]) == len(store.list_interactions(1))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_are_read_by_networkx(client: TestClient, store: Store, fmt: str) -> None:
    data = io.BytesIO(download(client, fmt))
    graph = nx.read_graphml(data) if fmt == "graphml" else nx.read_gexf(data)
    assert graph.number_of_nodes() == len(everyone(store))


def test_report_is_one_self_contained_page(client: TestClient) -> None:
    answer = client.get("/export/report.html")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].endswith('.html"')
    page = answer.text
    assert "<svg" in page and "<script src=" not in page and 'rel="stylesheet" href' not in page


def test_unknown_format_is_a_clear_page(client: TestClient) -> None:
    answer = client.get("/export/download", params={"format": "docx"})
    assert answer.status_code == 400
    assert "docx" in answer.text and "Traceback" not in answer.text


def test_exported_vcard_imports_back_the_same_people(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    exported = tmp_path / "export.vcf"
    exported.write_bytes(download(client, "vcard"))
    again = open_store(f"sqlite:///{tmp_path / 'again.db'}")
    try:
        again.ensure_owner(1)
        report = import_file(again, exported)
        assert not report.problems
        assert everyone(again) == everyone(store)
    finally:
        again.close()


def test_backup_is_a_database_with_the_same_contacts(
    client: TestClient, store: Store, db_url: str, tmp_path: Path
) -> None:
    answer = client.get("/export/backup")
    if not db_url.startswith("sqlite"):
        # tisser backup copies SQLite files; on PostgreSQL the page says so, no traceback
        assert answer.status_code == 400 and "Traceback" not in answer.text
        return
    assert answer.status_code == 200
    copy = tmp_path / "copy.db"
    copy.write_bytes(answer.content)
    assert copy.read_bytes()[:16] == b"SQLite format 3\x00"
    restored = open_store(f"sqlite:///{copy}")
    try:
        assert everyone(restored) == everyone(store)
    finally:
        restored.close()
