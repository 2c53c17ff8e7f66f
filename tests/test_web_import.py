"""The Import page and the duplicates review through their routes (TestClient), on SQLite and
PostgreSQL: every format uploaded from real files, previews, progress, broken files, CSRF,
escaping, French and English.

References are independent of the importer: rows counted with the ``csv`` module, cards with
``BEGIN:VCARD``, contacts counted in the store after the import.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tisser.core.model import Contact, Interaction
from tisser.store import ContactFilter, Store, open_store
from tisser.web.routers import imports
from web_helpers import (
    client_for,
    post,
    token,
    web_store,  # noqa: F401  (the `store` fixture)
)

DATA = Path(__file__).parent / "data" / "imports"
# ../shared/realdata from the project root (a git worktree may sit one folder deeper)
REAL = next(
    (
        p / "shared" / "realdata" / "vcard"
        for p in Path(__file__).resolve().parents[1:4]
        if (p / "shared" / "realdata" / "vcard").is_dir()
    ),
    Path("missing"),
)
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realdata is missing")
XSS = "<script>alert(1)</script>"
EVERYONE = ContactFilter(include_archived=True)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        post(c, "/language", {"lang": "en", "back": "/"})
        yield c


def lang(client: TestClient, code: str) -> None:
    post(client, "/language", {"lang": code, "back": "/"})


def count(store: Store) -> int:
    return store.count_contacts(EVERYONE)


def card(name: str, email: str = "", org: str = "") -> bytes:
    family, _, given = name.rpartition(" ")[::-1] if " " in name else (name, "", "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{family};{given};;;"]
    if email:
        lines.append(f"EMAIL:{email}")
    if org:
        lines.append(f"ORG:{org}")
    return ("\r\n".join([*lines, "END:VCARD"]) + "\r\n").encode()


def upload(client: TestClient, *files: tuple[str, bytes], **fields: str) -> tuple[int, str, str]:
    """Post ``files`` to the Import page; (status, final URL, page) once the job is done."""
    r = client.post(
        "/import",
        data={"csrf_token": token(client), **fields},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        follow_redirects=False,
    )
    if r.status_code != 303:
        return r.status_code, "", r.text
    url = r.headers["location"]
    return 200, url, report(client, url)


def report(client: TestClient, url: str) -> str:
    """The page at ``url`` once the import is done (the progress page until then)."""
    deadline = time.monotonic() + 120
    while True:
        page = client.get(url).text
        if 'id="import-progress"' not in page:
            return page
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.05)


def figure(page: str, label: str) -> list[int]:
    """The numbers of the counts table rows named ``label``, file by file."""
    return [
        int(n) for n in re.findall(rf'<th scope="row">{re.escape(label)}</th><td>(\d+)</td>', page)
    ]


def text(page: str) -> str:
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def csv_records(path: Path) -> int:
    """Data rows of an export: the rows after the header line, by the csv module."""
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # Outlook desktop writes Windows-1252
        content = raw.decode("cp1252")
    rows = list(csv.reader(io.StringIO(content)))
    header = next(i for i, r in enumerate(rows) if len(r) > 2)
    return sum(1 for r in rows[header + 1 :] if any(cell.strip() for cell in r))


# --- the page -------------------------------------------------------------------------------


def test_the_page_in_both_languages(client: TestClient) -> None:
    html = client.get("/import").text
    assert 'enctype="multipart/form-data"' in html
    assert f'name="csrf_token" value="{token(client)}"' in html
    assert '<label for="f-files">Files to import</label>' in html
    assert 'href="/import" aria-current="page">Import</a>' in html  # the navigation entry
    lang(client, "fr")
    html = client.get("/import").text
    assert "<h1>Importer des contacts</h1>" in html
    assert "Aperçu d’abord" in html
    assert 'href="/duplicates"' in html
    assert 'href="/duplicates"' in client.get("/contacts").text


@pytest.mark.parametrize(
    ("file", "fmt"),
    [
        ("linkedin_2024.csv", "LinkedIn"),
        ("linkedin_2021.csv", "LinkedIn"),
        ("linkedin_2018.csv", "LinkedIn"),
        ("linkedin_resaved.csv", "LinkedIn"),
        ("google_current.csv", "Google CSV"),
        ("google_legacy.csv", "Google CSV"),
        ("outlook_com.csv", "Outlook CSV"),
        ("outlook_desktop.csv", "Outlook CSV"),
    ],
)
def test_upload_each_csv_export(client: TestClient, store: Store, file: str, fmt: str) -> None:
    status, url, page = upload(client, (file, (DATA / file).read_bytes()))
    assert status == 200 and url.startswith("/import/")
    assert f'{file} <span class="muted">({fmt})</span>' in page
    rows = csv_records(DATA / file)
    (read,) = figure(page, "Read")
    (added,) = figure(page, "Added")
    (refused,) = figure(page, "Lines or cards refused")
    assert read == rows
    assert added == count(store) > 0
    assert added + refused + figure(page, "Merged with a contact already there")[0] == rows
    # every contact added is linked from the report
    links = re.findall(r'<li><a href="/contacts/(\d+)">', page)
    assert sorted(int(i) for i in links) == sorted(c.id for c in store.list_contacts(EVERYONE))


def test_upload_linkedin_data_export_zip_and_a_mixed_archive(
    client: TestClient, store: Store
) -> None:
    import zipfile

    export = io.BytesIO()
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", (DATA / "linkedin_2024.csv").read_bytes())
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nMoi,Même,Marketing\n")
    name = "Basic_LinkedInDataExport_12-06-2026.zip"
    status, _url, page = upload(client, (name, export.getvalue()))
    assert status == 200
    assert f'{name} <span class="muted">(LinkedIn)</span>' in page
    assert figure(page, "Added") == [5] and count(store) == 5
    assert "Connections.csv, line 7" in text(page)  # the file inside the archive
    assert "hold no connections (profile, messages, invitations...): 1" in text(page)
    mixed = io.BytesIO()
    with zipfile.ZipFile(mixed, "w") as z:
        z.writestr("google.csv", (DATA / "google_current.csv").read_bytes())
        z.writestr("edges.csv", (DATA / "edges.csv").read_bytes())
    post(client, "/language", {"lang": "fr", "back": "/"})
    status, _url, page = upload(client, ("carnet.zip", mixed.getvalue()))
    assert status == 200 and 'carnet.zip <span class="muted">(archive ZIP)</span>' in page
    assert "edges.csv, ligne 4" in text(page)
    # a download cut short: one clear message in the report, nothing written
    before = count(store)
    status, _url, page = upload(client, ("export.zip", export.getvalue()[:200]))
    assert status == 200 and "archive ZIP illisible" in text(page)
    assert "téléchargez de nouveau l’archive" in text(page)
    assert count(store) == before


def test_upload_an_excel_member_list(client: TestClient, store: Store) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (
        ["Nom", "Prénom", "E-mail", "Portable", "Société"],
        ["Durand", "Hélène", "helene@durand.fr", 612345678, "Airbus"],
        ["Petit", "Marc", None, None, "Thales"],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    status, _url, page = upload(client, ("membres.xlsx", out.getvalue()))
    assert status == 200
    assert 'membres.xlsx <span class="muted">(spreadsheet)</span>' in page
    assert figure(page, "Added") == [2] and count(store) == 2
    (helene,) = store.find_contacts_by_name("Hélène Durand")
    assert helene.phones == ["+33612345678"]


def test_refused_lines_are_listed_with_their_reason(client: TestClient, store: Store) -> None:
    _status, _url, page = upload(
        client, ("Connections.csv", (DATA / "linkedin_2024.csv").read_bytes())
    )
    (refused,) = figure(page, "Lines or cards refused")
    assert refused >= 1  # the nearly empty row ",,,,,06 Mar 2021"
    problems = re.findall(r"<tr><td>(Connections\.csv, line \d+)</td><td>([^<]+)</td>", page)
    assert len([p for p in problems]) >= refused
    assert "<strong>refused</strong>" in page
    lang(client, "fr")
    page = client.get(_url).text
    assert "Connections.csv, ligne" in page and "<strong>refusé</strong>" in page


@needs_real
@pytest.mark.parametrize(
    "file",
    ["ez-vcard/John_Doe_IPHONE.vcf", "aosp/v21_multiple_entry.vcf", "folkerkinzel/LargeFile.vcf"],
)
def test_upload_real_vcards(client: TestClient, store: Store, file: str) -> None:
    data = (REAL / file).read_bytes()
    _status, _url, page = upload(client, (Path(file).name, data))
    cards = data.count(b"BEGIN:VCARD")
    (read,) = figure(page, "Read")
    assert read == cards
    (added,) = figure(page, "Added")
    assert added == count(store) > 0
    assert (
        added
        + figure(page, "Merged with a contact already there")[0]
        + figure(page, "Lines or cards refused")[0]
        == cards
    )


@needs_real
def test_a_file_with_bad_cards_imports_the_others_and_names_the_cards(
    client: TestClient, store: Store
) -> None:
    data = (REAL / "ez-vcard" / "John_Doe_ANDROID.vcf").read_bytes()
    _status, _url, page = upload(client, ("android.vcf", data))
    places = re.findall(r"<tr><td>(android\.vcf, card \d+ \(line \d+\))</td>", page)
    assert places  # every problem names its card
    (added,) = figure(page, "Added")
    assert added == count(store) > 0


def test_graphml_gexf_and_an_edge_list(client: TestClient, store: Store) -> None:
    graphml = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="n0"><data key="label">H\xc3\xa9l\xc3\xa8ne Durand</data></node>
    <node id="n1"><data key="label">Jean de La Fontaine</data></node>
    <node id="n2"><data key="label">Marc Dupont</data></node>
    <edge source="n0" target="n1"/>
    <edge source="n1" target="n2"/>
  </graph>
</graphml>"""
    gexf = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.2" version="1.2">
  <graph defaultedgetype="undirected">
    <nodes><node id="a" label="Ana Lima"/><node id="b" label="Bruno Costa"/></nodes>
    <edges><edge id="0" source="a" target="b" weight="0.5"/></edges>
  </graph>
</gexf>"""
    _status, _url, page = upload(client, ("net.graphml", graphml), ("gephi.gexf", gexf))
    assert figure(page, "Added") == [3, 2]
    assert figure(page, "Links") == [2, 1]
    assert count(store) == 5 and store.count_links(1) == 3
    # the edge list names people already there (by name or e-mail)
    edges = b"a,b,strength\nHelene Durand,Marc Dupont,0.8\nAna Lima,Personne Inconnue,0.5\n"
    _status, _url, page = upload(client, ("edges.csv", edges))
    assert "(edge list)" in page
    assert figure(page, "Links") == [1]
    assert "no contact named" in page and "edges.csv, line 3" in page
    assert store.count_links(1) == 4


def test_several_files_in_one_upload(client: TestClient, store: Store) -> None:
    _status, _url, page = upload(
        client,
        ("a.vcf", card("Claire Dubois", "claire@dubois.fr")),
        ("google.csv", (DATA / "google_current.csv").read_bytes()),
    )
    assert page.count('class="panel import-file"') == 2
    assert sum(figure(page, "Added")) == count(store)


# --- preview, progress ----------------------------------------------------------------------


def test_preview_writes_nothing_then_imports_for_real(client: TestClient, store: Store) -> None:
    data = card("Claire Dubois", "claire@dubois.fr") + card("Paul Martin")
    _status, url, page = upload(client, ("two.vcf", data), dry_run="1")
    assert "Preview: nothing was written" in page
    assert figure(page, "Would be added") == [2]
    assert count(store) == 0
    r = post(client, f"{url}/confirm")
    assert r.status_code == 303
    real = report(client, r.headers["location"])
    assert figure(real, "Added") == [2] and count(store) == 2
    assert "Preview" not in text(real)
    # confirming twice does not import twice
    again = post(client, f"{url}/confirm")
    assert again.headers["location"] == r.headers["location"]
    assert count(store) == 2


def test_progress_while_the_import_waits(client: TestClient, store: Store) -> None:
    registry = imports.jobs(_app_request(client))
    with registry._run_lock:  # another import is running: this one waits its turn
        r = client.post(
            "/import",
            data={"csrf_token": token(client)},
            files=[("files", ("a.vcf", card("Claire Dubois"), "text/vcard"))],
            follow_redirects=False,
        )
        url = r.headers["location"]
        page = client.get(url).text
        assert 'id="import-progress"' in page
        assert f'hx-get="{url}/progress"' in page and 'hx-trigger="every' in page
        assert '<progress id="import-bar" max="100" value="0">' in page
        assert '<meta http-equiv="refresh"' in page  # inside <noscript>: without JavaScript
        partial = client.get(f"{url}/progress", headers={"HX-Request": "true"}).text
        assert partial.lstrip().startswith('<div id="import-progress"')
        assert "Waiting for the previous import to finish" in partial
        assert count(store) == 0
    report(client, url)
    done = client.get(f"{url}/progress", headers={"HX-Request": "true"})
    assert done.headers["hx-redirect"] == url
    plain = client.get(f"{url}/progress", follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == url
    assert count(store) == 1


def _app_request(client: TestClient):  # type: ignore[no-untyped-def]
    """A stand-in request carrying the application (``imports.jobs`` reads its state)."""

    class R:
        app = client.app

    return R()


def test_old_jobs_are_forgotten_with_their_uploads(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tisser.web import import_jobs

    monkeypatch.setattr(import_jobs, "KEPT_JOBS", 2)
    urls = [upload(client, (f"{n}.vcf", card(f"Claire Dubois{n}")), dry_run="1")[1] for n in "abc"]
    registry = imports.jobs(_app_request(client))
    first = urls[0].rsplit("/", 1)[1]
    assert client.get(urls[0]).status_code == 400  # forgotten
    kept = [registry.get(u.rsplit("/", 1)[1], 1) for u in urls[1:]]
    assert all(job.folder.is_dir() for job in kept)  # previews keep their files
    assert first not in {j.id for j in kept}
    registry.close()
    assert not any(job.folder.exists() for job in kept)


def test_an_unknown_job_is_a_clear_page(client: TestClient) -> None:
    r = client.get("/import/nope")
    assert r.status_code == 400
    assert "this import is no longer known" in r.text
    assert "choose the files again on the Import page" in r.text


# --- broken files, limits, security ---------------------------------------------------------


def test_a_broken_file_is_one_clear_message(client: TestClient, store: Store) -> None:
    status, _url, page = upload(
        client, ("good.vcf", card("Claire Dubois")), ("photo.csv", bytes(range(256)) * 40)
    )
    assert status == 400
    assert "photo.csv: tisser cannot tell what this file is" in text(page)
    assert "Choose its format in the list" in page
    assert "Nothing was imported." in page
    assert "Traceback" not in page
    assert count(store) == 0  # the good file was not imported either
    lang(client, "fr")
    status, _url, page = upload(client, ("photo.csv", b"\x00\x01 not a table"))
    assert status == 400 and "photo.csv\u00a0: tisser ne reconnaît pas ce fichier" in page


def test_a_file_of_the_wrong_format_is_refused_in_the_report(
    client: TestClient, store: Store
) -> None:
    status, _url, page = upload(
        client, ("broken.graphml", b"<graphml><graph><node id="), format="graphml"
    )
    assert status == 200
    assert figure(page, "Added") == [0]
    assert "Nothing could be imported from this file" in page
    assert count(store) == 0


def test_an_empty_address_book_says_so(client: TestClient, store: Store) -> None:
    status, _url, page = upload(client, ("C:\\Users\\me\\empty.vcf", b""))
    assert status == 200
    assert '<h2 id="file-1">empty.vcf' in page
    assert "nothing to import: the file holds no contact and no link" in page
    assert "<td>note</td>" in page and "read in part" not in page
    assert count(store) == 0


def test_no_file_and_too_large(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _url, page = upload(client)
    assert status == 400 and "Choose at least one file to import." in page
    monkeypatch.setattr(imports, "MAX_UPLOAD", 1000)
    status, _url, page = upload(client, ("big.vcf", card("A B") * 100))
    assert status == 400
    assert f"big.vcf is too large: {imports.MAX_UPLOAD_MB} MB at most" in page
    # far too large: refused from the request's declared length, before anything is saved
    status, _url, page = upload(client, ("a.vcf", card("A B")), ("huge.vcf", card("C D") * 3000))
    assert status == 400
    assert f"These files make more than {imports.MAX_UPLOAD_MB} MB: a.vcf, huge.vcf." in page
    assert count(store) == 0


def test_csrf_is_required(client: TestClient, store: Store) -> None:
    files = [("files", ("a.vcf", card("Claire Dubois"), "text/vcard"))]
    r = client.post("/import", files=files, follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/import", data={"csrf_token": "x" * 43}, files=files, follow_redirects=False)
    assert r.status_code == 403
    a = store.add_contact(Contact(given_name="Jean", family_name="Dupont"))
    b = store.add_contact(Contact(given_name="Jean", family_name="Dupond"))
    for url, data in (
        ("/duplicates/merge", {"a": a.id, "b": b.id, "keep": a.id}),
        ("/duplicates/apart", {"a": a.id, "b": b.id}),
        ("/duplicates/undo", {"merge": 1}),
    ):
        assert client.post(url, data=data, follow_redirects=False).status_code == 403
    assert count(store) == 2 and store.apart_pairs(1) == set()


def test_a_script_in_an_imported_name_renders_as_text(client: TestClient, store: Store) -> None:
    for code in ("en", "fr"):
        data = card(f"{XSS} Injection{code}", f"{code}@example.org") + card(f"Other{code} {XSS}")
        lang(client, code)
        _status, _url, page = upload(client, (f"{XSS}.vcf", data))
        assert figure(page, "Added" if code == "en" else "Ajoutés") == [2]
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert any(c.given_name == XSS for c in store.list_contacts(EVERYONE))
    page = client.get("/duplicates").text
    assert "<script>alert" not in page


# --- duplicates review ----------------------------------------------------------------------


@pytest.fixture
def pair(store: Store) -> tuple[int, int]:
    """Hélène Müller (two interactions) and Helene Muller (imported): the same name."""
    from datetime import UTC, datetime

    a = store.add_contact(
        Contact(
            given_name="Hélène",
            family_name="Müller",
            organization="Airbus",
            emails=["h@airbus.com"],
        )
    )
    b = store.add_contact(
        Contact(given_name="Helene", family_name="Muller", phones=["+33612345678"])
    )
    store.add_contact(Contact(given_name="Marc", family_name="Dupont"))
    for day in (2, 9):
        store.add_interaction(
            Interaction(
                occurred_at=datetime(2026, 11, day, 10, tzinfo=UTC), contact_ids=[a.id or 0]
            )
        )
    return a.id or 0, b.id or 0


def test_review_side_by_side(client: TestClient, pair: tuple[int, int]) -> None:
    a, b = pair
    page = client.get("/duplicates").text
    body = text(page)
    assert "1 pair may be one person twice" in body
    assert "Hélène Müller and Helene Muller" in body
    assert "Score 90 of 100 · same name" in body
    assert "h@airbus.com" in page and "06 12 34 56 78" in page
    cells = r"<th scope=\"row\">Interactions</th><td>(\d+)[^<]*(?:<span[^>]*>[^<]*</span>)?</td>"
    row = re.search(cells + r"<td>(\d+)", page)
    assert row and row.groups() == ("2", "0")
    # the one with the history is offered first; both can be kept
    assert f'name="keep" value="{a}" class="primary"' in page
    assert f'name="keep" value="{b}">' in page
    lang(client, "fr")
    body = text(client.get("/duplicates").text)
    assert "1 paire est peut-être une même personne en double" in body
    assert "Score 90 sur 100 · même nom" in body
    assert "Garder séparés" in body


def test_merge_keeping_either_then_undo(
    client: TestClient, store: Store, pair: tuple[int, int]
) -> None:
    a, b = pair
    r = post(client, "/duplicates/merge", {"a": a, "b": b, "keep": b})
    assert r.status_code == 303 and r.headers["location"] == "/duplicates"
    page = client.get("/duplicates").text
    assert f"Merged #{a} Hélène Müller into #{b} Helene Muller." in page
    kept = store.get_contact(b)
    assert "h@airbus.com" in kept.emails and "+33612345678" in kept.phones
    assert len(store.interactions_for(b)) == 2
    assert count(store) == 2
    assert "No likely duplicates." in page
    assert "Recent merges" in page
    (merge,) = store.list_merges(1)
    r = post(client, "/duplicates/undo", {"merge": merge["id"]})
    assert r.status_code == 303
    assert count(store) == 3
    assert store.get_contact(a).emails == ["h@airbus.com"]
    assert len(store.interactions_for(a)) == 2 and store.interactions_for(b) == []
    assert "Merge undone" in client.get("/duplicates").text


def test_merge_in_place_with_htmx(client: TestClient, store: Store, pair: tuple[int, int]) -> None:
    a, b = pair
    r = client.post(
        "/duplicates/merge",
        data={"a": a, "b": b, "keep": a, "card": f"pair-{a}-{b}"},
        headers={"X-CSRF-Token": token(client), "HX-Request": "true"},
    )
    assert r.status_code == 200
    assert r.text.lstrip().startswith(f'<article class="panel pair done-card" id="pair-{a}-{b}"')
    assert "Undo this merge" in r.text
    merge_id = re.search(r'name="merge" value="(\d+)"', r.text)
    assert merge_id
    r = client.post(
        "/duplicates/undo",
        data={"merge": merge_id.group(1), "card": f"pair-{a}-{b}"},
        headers={"X-CSRF-Token": token(client), "HX-Request": "true"},
    )
    assert "Merge undone" in r.text and count(store) == 3


def test_keep_apart_is_remembered(client: TestClient, store: Store, pair: tuple[int, int]) -> None:
    a, b = pair
    r = post(client, "/duplicates/apart", {"a": a, "b": b})
    assert r.status_code == 303
    page = client.get("/duplicates").text
    assert "will not be proposed as duplicates again" in page
    assert "No likely duplicates." in page
    assert store.apart_pairs(1) == {(min(a, b), max(a, b))}
    assert count(store) == 3


def test_wrong_choices_are_clear_pages(
    client: TestClient, store: Store, pair: tuple[int, int]
) -> None:
    a, b = pair
    other = store.find_contacts_by_name("Marc Dupont")[0].id
    r = post(client, "/duplicates/merge", {"a": a, "b": b, "keep": other})
    assert r.status_code == 400 and "choose which of the two contacts to keep" in r.text
    r = post(client, "/duplicates/merge", {"a": a, "b": 99999, "keep": a})
    assert r.status_code == 404 and "no contact #99999" in r.text
    r = post(client, "/duplicates/apart", {"a": a})
    assert r.status_code == 400 and "no contact chosen" in r.text
    r = post(client, "/duplicates/undo", {"merge": 12345})
    assert r.status_code == 404 and "no merge to undo" in r.text
    assert "tisser duplicates undo --list" not in r.text  # a command means nothing here
    assert count(store) == 3


def test_the_import_report_links_to_the_review(client: TestClient, store: Store) -> None:
    store.add_contact(Contact(given_name="Hélène", family_name="Müller", organization="Airbus"))
    _status, _url, page = upload(client, ("phone.vcf", card("Helene Muller", "helene@free.fr")))
    assert figure(page, "Added") == [1]
    assert '<a href="/duplicates">1 possible duplicate to review</a>' in page
    page = client.get("/duplicates").text
    assert "Hélène Müller and Helene Muller" in text(page)


# --- several worker processes (tisser web --workers 2) ---------------------------------------


class Browser:
    """One browser whose requests reach either of two worker processes, as the server's
    shared socket hands them out. The workers are two applications over the same database
    file and the same shared import folder, with nothing else in common: what one knows of
    a job, the other learns from the folder only, as between processes."""

    def __init__(self, url: str, shared: Path) -> None:
        from tisser.web.app import build_app

        self.stores = [open_store(url), open_store(url)]
        self.workers = [
            TestClient(build_app(s, import_dir=shared), base_url="http://127.0.0.1")
            for s in self.stores
        ]
        self.last = 0  # the worker that answered last holds the browser's latest cookies
        self.workers[0].get("/journal")  # the CSRF cookie
        post(self.workers[0], "/language", {"lang": "en", "back": "/"})

    def __call__(self, k: int) -> TestClient:
        """Worker ``k``, carrying the browser's cookies."""
        if k != self.last:
            self.workers[k].cookies.update(self.workers[self.last].cookies)
            self.last = k
        return self.workers[k]

    def close(self) -> None:
        for c in self.workers:
            c.close()
        for s in self.stores:
            s.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """The folder the workers share, as ``tisser web`` creates it."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def browser(db_url: str, shared: Path) -> Iterator[Browser]:
    b = Browser(db_url, shared)
    try:
        yield b
    finally:
        b.close()


def test_two_workers_share_the_import_jobs(browser: Browser, shared: Path) -> None:
    data = card("Claire Dubois", "claire@dubois.fr") + card("Paul Martin")
    _status, url, _ = upload(browser(0), ("two.vcf", data), dry_run="1")
    preview = report(browser(1), url)  # the other worker shows the preview's report
    assert "Preview: nothing was written" in preview
    assert figure(preview, "Would be added") == [2]
    r = post(browser(1), f"{url}/confirm")  # and imports its files (worker 0 saved them)
    assert r.status_code == 303
    real = report(browser(0), r.headers["location"])
    assert figure(real, "Added") == [2]
    assert "Claire Dubois" in real  # the names of the contacts added, read from the store
    again = post(browser(0), f"{url}/confirm")  # a second click, reaching the first worker
    assert again.headers["location"] == r.headers["location"]
    assert count(browser.stores[0]) == 2  # imported once
    assert browser(1).get("/import/..%2F..%2Fetc").status_code in (400, 404)
    progress = browser(1).get(f"{r.headers['location']}/progress", follow_redirects=False)
    assert progress.status_code == 303  # done, seen from the worker that did not run it
    assert not [p for p in shared.iterdir() if p.is_dir()]  # the real import took the uploads


def test_one_import_at_a_time_across_workers(browser: Browser, shared: Path) -> None:
    import fcntl

    with open(shared / "run.lock", "a+b") as held:  # the other worker is importing
        fcntl.flock(held, fcntl.LOCK_EX)
        r = browser(0).post(
            "/import",
            data={"csrf_token": token(browser(0))},
            files=[("files", ("a.vcf", card("Claire Dubois"), "text/vcard"))],
            follow_redirects=False,
        )
        url = r.headers["location"]
        partial = browser(1).get(f"{url}/progress", headers={"HX-Request": "true"}).text
        assert "Waiting for the previous import to finish" in partial
        assert count(browser.stores[1]) == 0
    assert figure(report(browser(1), url), "Added") == [1]


def test_a_failed_file_is_reported_by_the_other_worker_in_both_languages(
    browser: Browser,
) -> None:
    wrong = b"a,b\nNobody Known,Someone Else\n"
    _status, url, _ = upload(browser(0), ("links.csv", wrong))
    page = text(report(browser(1), url))  # the problems travel with the snapshot
    assert "links.csv, line 2 no contact named &#39;Nobody Known&#39;" in page
    post(browser(1), "/language", {"lang": "fr", "back": "/"})
    page = text(report(browser(0), url))  # rendered in the language of the request
    assert "links.csv, ligne 2" in page and "Nobody Known" in page


def test_a_preview_forgotten_by_one_worker_keeps_its_files_for_the_others_real_import(
    browser: Browser, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from tisser.web import import_jobs

    monkeypatch.setattr(import_jobs, "KEPT_JOBS", 1)
    monkeypatch.setattr(imports, "WAIT_SECONDS", 0)
    data = card("Claire Dubois") + card("Paul Martin")
    _status, url, _ = upload(browser(0), ("two.vcf", data), dry_run="1")
    folders = [p for p in shared.iterdir() if p.is_dir()]
    with open(shared / "run.lock", "a+b") as held:  # the real import waits its turn
        fcntl.flock(held, fcntl.LOCK_EX)
        real = post(browser(1), f"{url}/confirm").headers["location"]
        third = browser(0).post(  # a new job: worker 0 forgets the preview
            "/import",
            data={"csrf_token": token(browser(0))},
            files=[("files", ("c.vcf", card("Inès Navarro"), "text/vcard"))],
            follow_redirects=False,
        )
        assert browser(0).get(url).status_code == 400  # forgotten there
        assert all(f.is_dir() for f in folders)  # but its files are still there
    assert figure(report(browser(0), real), "Added") == [2]
    # Both imports waited for the lock; the third one may finish after the second.
    assert figure(report(browser(0), third.headers["location"]), "Added") == [1]
    assert count(browser.stores[0]) == 3
