"""``tisser import``, ``export`` and ``duplicates`` end to end, with khard and vobject reading
what tisser exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import vobject

from tisser.cli import main

DATA = Path(__file__).parent / "data" / "imports"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("TISSER_TODAY", "2026-11-23")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TISSER_LANG", "en")

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out.replace("\u00a0", " "), err

    return _run


def test_import_summary_problems_and_idempotence(run) -> None:
    code, out, _ = run("import", str(DATA / "linkedin_2024.csv"), str(DATA / "google_current.csv"))
    assert code == 0
    assert "linkedin_2024.csv (LinkedIn): 6 read — 5 added, 0 updated, 0 merged, 0 unchanged" in out
    assert "linkedin_2024.csv, line 7: a row with no name: left out [refused]" in out
    assert "google_current.csv (Google CSV): 3 read — 2 added, 0 updated, 1 merged" in out
    code, out, _ = run("import", str(DATA / "linkedin_2024.csv"), "--json")
    (report,) = json.loads(out)
    assert (report["added"], report["unchanged"], report["refused"]) == (0, 5, 1)


def test_dry_run_and_forced_format(run) -> None:
    code, out, _ = run("import", "--dry-run", str(DATA / "outlook_desktop.csv"))
    assert code == 0 and "1 added" in out and "Dry run: nothing was written." in out
    assert json.loads(run("list", "--all", "--json")[1]) == []
    code, _, _ = run("import", "--format", "vcard", str(DATA / "outlook_desktop.csv"))
    assert code == 0


def test_a_missing_file_does_not_stop_the_others(run, tmp_path: Path) -> None:
    code, out, _ = run("import", str(tmp_path / "nope.vcf"), str(DATA / "linkedin_2018.csv"))
    assert code == 2
    assert "nope.vcf: not imported" in out
    assert "linkedin_2018.csv (LinkedIn): 2 read — 2 added" in out


def test_unknown_format_is_one_line(run, tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("just some text\n")
    code, out, _ = run("import", str(f))
    assert code == 2 and "cannot tell the format of this file" in out
    code, _, err = run("import", "--format", "docx", str(f))
    assert code == 2 and "unknown format 'docx'" in err


def test_linkedin_data_export_zip_as_downloaded(run, tmp_path: Path) -> None:
    import zipfile

    export = tmp_path / "Basic_LinkedInDataExport_12-06-2026.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Connections.csv", (DATA / "linkedin_2024.csv").read_bytes())
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nMoi,Même,Marketing\n")
        z.writestr("messages.csv", "CONVERSATION ID,FROM,TO\n1,a,b\n")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(export.read_bytes()[:200])
    code, out, _ = run("import", str(export), str(broken))
    assert code == 2  # the broken one; the export is imported all the same
    assert f"{export} (LinkedIn): 6 read — 5 added, 0 updated, 0 merged" in out
    assert "Connections.csv, line 7: a row with no name: left out [refused]" in out
    flat = " ".join(out.split())  # long lines are wrapped at the terminal's width
    assert "hold no connections (profile, messages, invitations...): 2 [note]" in flat
    assert f"{broken}: not imported — not a readable ZIP archive: " in flat
    code, out, _ = run("--lang", "fr", "import", str(export), "--json")
    report, messages = json.loads(out)  # the contacts, then messages.csv's capture (#16)
    assert (report["format"], report["unchanged"], report["refused"]) == ("linkedin", 5, 1)
    assert messages["capture"]["read"] == 1 and messages["capture"]["skipped"] == {"no_date": 1}
    assert [p["file"] for p in report["problems"]] == [str(export), "Connections.csv"]
    assert "export de données LinkedIn" in report["problems"][0]["message"]


def test_french_messages(run) -> None:
    code, out, _ = run("--lang", "fr", "import", str(DATA / "linkedin_2021.csv"))
    assert code == 0 and "2 lus — 2 ajoutés" in out


def _khard(folder: Path, tmp_path: Path) -> list[str]:
    conf = tmp_path / "khard.conf"
    conf.write_text(f"[addressbooks]\n[[tisser]]\npath = {folder}\n", encoding="utf-8")
    khard = Path(sys.executable).parent / "khard"
    done = subprocess.run(
        [str(khard), "-c", str(conf), "list", "--parsable"],
        capture_output=True,
        text=True,
        check=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    return sorted(line.split("\t")[1] for line in done.stdout.splitlines() if "\t" in line)


@pytest.mark.parametrize("version", ["4", "3"])
def test_vcard_folder_is_listed_by_khard_and_parsed_by_vobject(
    run, tmp_path: Path, version: str
) -> None:
    run("import", str(DATA / "linkedin_2024.csv"), str(DATA / "google_current.csv"))
    run("import", str(REAL / "ez-vcard" / "John_Doe_IPHONE.vcf"))
    folder = tmp_path / "cards"
    code, out, _ = run("export", str(folder), "--vcard-version", version)
    assert code == 0 and "8 contacts exported" in out
    files = sorted(folder.glob("*.vcf"))
    assert len(files) == 8
    uids = set()
    for f in files:
        card = vobject.readOne(f.read_text(encoding="utf-8"))
        assert card.version.value == f"{version}.0"
        uids.add(card.uid.value)
    assert len(uids) == 8
    code, list_out, _ = run("list", "--all", "--json")
    # The iPhone card's N comes back as it was read (issue #17), middle names included,
    # and khard shows them: "John Richter James Doe" where tisser lists "John Doe".
    middle = {"John Doe": "John Richter James Doe"}
    expected = sorted(middle.get(c["name"], c["name"]) for c in json.loads(list_out))
    assert _khard(folder, tmp_path) == expected


def test_export_round_trip_through_the_cli(run, tmp_path: Path, monkeypatch) -> None:
    run("import", str(DATA / "linkedin_2024.csv"), str(DATA / "google_current.csv"))
    run("link", "Hélène Durand", "Jean de La Fontaine", "--strength", "0.8")
    one = tmp_path / "all.vcf"
    assert run("export", str(one))[0] == 0
    _, before, _ = run("list", "--all", "--json")
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'other.db'}")
    _, out, _ = run("import", str(one))
    assert "7 added" in out
    _, after, _ = run("list", "--all", "--json")
    fields = ("name", "organization", "emails", "phones", "linkedin", "met_on", "circle")

    def keyed(text: str) -> list[tuple]:
        return sorted(tuple(str(c[f]) for f in fields) for c in json.loads(text))

    assert keyed(after) == keyed(before)


def test_csv_export_neutralises_formulas(run, tmp_path: Path) -> None:
    run("import", str(DATA / "linkedin_2024.csv"))
    out = tmp_path / "contacts.csv"
    assert run("export", str(out), "--format", "csv")[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    marc = next(r for r in rows if r["family_name"] == "Dupont")
    assert marc["organization"] == "'=SUM(A1:B2)"
    assert marc["position"] == "'+cmd"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_excel_export_in_your_language_imports_back(run, tmp_path: Path, monkeypatch, lang) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    run("import", str(DATA / "linkedin_2024.csv"), str(DATA / "google_current.csv"))
    run("log", "Hélène Durand", "lunch", "--date", "2026-11-20")
    run("edit", "Hélène Durand", "--notes", "vue\x0bau salon")  # a vertical tab, as old vCards
    out = tmp_path / "reseau.xlsx"
    assert run("--lang", lang, "export", str(out), "--format", "xlsx")[0] == 0
    book = load_workbook(out)  # read with formulas as written, not as computed
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:2] == (["Prénom", "Nom"] if lang == "fr" else ["First name", "Last name"])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    by_family = {r[header[1]]: r for r in rows}
    marc = by_family["Dupont"]
    # a contact whose organisation is a formula: text in the cell, never a formula
    organisation = header[2]
    assert marc[organisation] == "=SUM(A1:B2)"
    assert next(c for c in sheet.iter_rows(2) if c[1].value == "Dupont")[2].data_type == "s"
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    last = header[-1]
    assert by_family["Durand"][last].date().isoformat() == "2026-11-20"
    assert by_family["Durand"]["Notes"] == "vueau salon"  # what the format cannot hold: out
    # edited in Excel or not, the file imports back as the same people
    _, before, _ = run("list", "--all", "--json")
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'other.db'}")
    code, text, _ = run("import", str(out))
    assert code == 0 and "(spreadsheet)" in text
    _, after, _ = run("list", "--all", "--json")
    fields = ("name", "organization", "position", "emails", "phones", "city", "tags", "linkedin")

    def keyed(text: str) -> list[tuple[str, ...]]:
        return sorted(tuple(str(c[f]) for f in fields) for c in json.loads(text))

    assert keyed(after) == keyed(before)


def test_export_format_from_the_target_suffix(run, tmp_path: Path) -> None:
    run("import", str(DATA / "linkedin_2024.csv"))
    for name in ("c.csv", "c.xlsx", "c.json", "c.gexf", "c.vcf", "cards"):
        assert run("export", str(tmp_path / name))[0] == 0
    assert next(csv.reader(io.StringIO((tmp_path / "c.csv").read_text())))[0] == "id"
    assert (tmp_path / "c.xlsx").read_bytes()[:2] == b"PK"
    assert json.loads((tmp_path / "c.json").read_text())["format"] == "tisser-export"
    assert b"<gexf" in (tmp_path / "c.gexf").read_bytes()
    assert (tmp_path / "c.vcf").read_text().startswith("BEGIN:VCARD")
    assert len(list((tmp_path / "cards").glob("*.vcf"))) == 5  # a folder: one card each


def test_json_export_holds_everything(run, tmp_path: Path) -> None:
    run("init", "--name", "Hélène Marchand")
    run("import", str(DATA / "linkedin_2024.csv"))
    run("log", "Hélène Durand", "lunch", "--gave", "intro")
    run("link", "Hélène Durand", "Marc Dupont")
    out = tmp_path / "me.json"
    assert run("export", str(out), "--format", "json")[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["profile"]["given_name"] == "Hélène"
    assert len(data["contacts"]) == 5
    assert {c["imported_from"][0]["source"] for c in data["contacts"]} == {"linkedin"}
    assert data["interactions"][0]["gave"] == "intro"
    assert len(data["links"]) == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_open_in_networkx(run, tmp_path: Path, fmt: str) -> None:
    run("import", str(DATA / "linkedin_2024.csv"))
    run("import", str(DATA / "edges.csv"))
    out = tmp_path / f"net.{fmt}"
    assert run("export", str(out), "--format", fmt)[0] == 0
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 2
    weights = sorted(d.get("weight", 1.0) for _, _, d in g.edges(data=True))
    assert weights == [pytest.approx(0.6), pytest.approx(0.8)]
    # imported back into the same database: the same contacts and links, nothing added
    _, out, _ = run("import", str(out), "--json")
    (report,) = json.loads(out)
    assert (report["added"], report["unchanged"], report["links"]) == (0, 5, 2)


def test_duplicates_list_merge_apart_undo(run) -> None:
    run("add", "Hélène Durand", "--email", "h@a.fr")
    run("add", "DURAND Helene", "--email", "h@b.fr", "--force")
    run("add", "Bob Smith")
    run("add", "Robert Smith")
    code, out, _ = run("duplicates")
    assert code == 0 and "Hélène Durand" in out and "DURAND Helene" in out and "nickname" in out
    code, out, _ = run("duplicates", "list", "--json")
    pairs = json.loads(out)
    assert {tuple(p["reasons"]) for p in pairs} == {("same_name",), ("nickname",)}
    code, out, _ = run("duplicates", "apart", "Bob Smith", "Robert Smith")
    assert code == 0
    code, out, _ = run("duplicates", "merge", "#1", "#2")
    assert code == 0 and "Merged #2 DURAND Helene into #1 Hélène Durand" in out
    assert json.loads(run("duplicates", "list", "--json")[1]) == []
    _, shown, _ = run("show", "#1", "--json")
    assert json.loads(shown)["emails"] == ["h@a.fr", "h@b.fr"]
    code, out, _ = run("duplicates", "undo", "--list")
    assert "DURAND Helene" in out
    code, out, _ = run("duplicates", "undo")
    assert code == 0 and "two contacts again" in out
    code, _, err = run("duplicates", "undo")
    assert code == 3 and "no merge to undo" in err


def test_a_folder_of_cards_is_one_import(run, tmp_path: Path, monkeypatch) -> None:
    run("import", str(DATA / "linkedin_2024.csv"))
    folder = tmp_path / "vdir"
    run("export", str(folder))
    (folder / "broken.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name\r\nEND:VCARD\r\n"
    )
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 'other.db'}")
    code, out, _ = run("import", str(folder), "--json")
    assert code == 0
    (report,) = json.loads(out)
    assert (report["added"], report["refused"]) == (5, 1)
    assert report["problems"][0]["file"] == "broken.vcf"
    assert report["problems"][0]["card"] == 1
    _, out, _ = run("import", str(folder), "--json")
    assert json.loads(out)[0]["unchanged"] == 5
