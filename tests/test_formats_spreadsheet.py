"""Contact lists saved from a spreadsheet, and Outlook's CSV in French.

The expected values are read from the same bytes by the standard library (``csv`` with the
file's encoding and delimiter, cell by cell), never by tisser's own reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tisser.core.errors import InvalidInput
from tisser.core.identity import phone_key
from tisser.formats import detect, outlook_csv, spreadsheet
from tisser.formats.importer import import_file
from tisser.store import ContactFilter, Store

ALL = ContactFilter(include_archived=True)

# As Excel saves "CSV (séparateur : point-virgule)" in a French locale: Windows-1252, CRLF.
ANNUAIRE = (
    "Nom;Prénom;E-mail pro;E-mail perso;Tél. portable;Fixe;Société;Fonction;Ville;Pays;"
    "Commentaires;Étiquettes\r\n"
    "Durand;Hélène;helene.durand@airbus.com;;06 12 34 56 78;05 61 00 00 00;Airbus;DRH;"
    "Toulouse;France;Vue au salon;RH, aéro\r\n"
    "de La Fontaine;Jean;;jean@fables.fr;;;Œuvres complètes;Auteur;Château-Thierry;France;;\r\n"
    ";;;;;;;;;;;\r\n"
    "Müller;Jörg;;;+49 30 1234567;;Siemens;CTO;Berlin;Allemagne;;\r\n"
    ";;;;;;;;Paris;;une ligne sans personne;\r\n"
    ";;;;;;Maison Lescure;;Bordeaux;France;;client\r\n"
)
EMAILS = ("E-mail pro", "E-mail perso")
PHONES = ("Tél. portable", "Fixe")


def rows_by_csv(data: bytes, encoding: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def by_name(store: Store) -> dict[str, object]:
    return {c.display_name: c for c in store.list_contacts(ALL)}


def saved(tmp_path: Path, name: str, data: bytes, fmt: str) -> Path:
    """``data`` written to ``name``, once checked to be recognised as ``fmt``."""
    assert detect(data, name) == fmt
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_french_excel_export(store: Store, tmp_path: Path) -> None:
    data = ANNUAIRE.encode("cp1252")
    path = saved(tmp_path, "annuaire.csv", data, "spreadsheet")
    report = import_file(store, path)
    rows = rows_by_csv(data, "cp1252", ";")
    people = [r for r in rows if r["Nom"] or r["Société"]]
    assert report.added == len(people) == 4
    assert [(p.line, p.render()) for p in report.problems] == [
        (6, "a row with no name, organisation or e-mail: left out")
    ]
    found = by_name(store)
    for r in people:
        name = f"{r['Prénom']} {r['Nom']}".strip() or r["Société"]
        c = found[name]
        assert c.emails == [r[k] for k in EMAILS if r[k]]  # type: ignore[attr-defined]
        assert c.phones == [phone_key(r[k]) for k in PHONES if r[k]]  # type: ignore[attr-defined]
        assert (c.organization, c.position, c.city, c.country) == (  # type: ignore[attr-defined]
            r["Société"],
            r["Fonction"],
            r["Ville"],
            r["Pays"],
        )
        assert c.tags == [t.strip() for t in r["Étiquettes"].split(",") if t.strip()]  # type: ignore[attr-defined]
        assert c.notes == r["Commentaires"]  # type: ignore[attr-defined]
    jean = found["Jean de La Fontaine"]
    assert (jean.particle, jean.family_name) == ("de", "La Fontaine")  # type: ignore[attr-defined]
    again = import_file(store, path)  # the same list saved again: nothing duplicated
    assert (again.added, again.unchanged) == (0, 4)


def test_one_name_column_holds_whole_names(store: Store, tmp_path: Path) -> None:
    data = "Nom,Email,Entreprise\nHélène Durand,helene@durand.fr,Airbus\nMarc Petit,,Thales\n"
    path = tmp_path / "membres.csv"
    path.write_text(data, encoding="utf-8")
    report = import_file(store, path)
    assert report.fmt == "spreadsheet" and report.added == 2
    helene = by_name(store)["Hélène Durand"]
    assert (helene.given_name, helene.family_name) == ("Hélène", "Durand")  # type: ignore[attr-defined]
    assert helene.emails == ["helene@durand.fr"]  # type: ignore[attr-defined]


def test_an_english_sheet_and_column_names_as_people_type_them(
    store: Store, tmp_path: Path
) -> None:
    data = (
        "FIRST NAME\tlast name\tE-Mail\tPhone Number\tCompany\tTitle\tCITY\n"
        "Claire\tDubois\tclaire@dubois.fr\t+33 6 11 22 33 44\tLectra\tCFO\tBordeaux\n"
    )
    path = tmp_path / "people.tsv.csv"
    path.write_text(data, encoding="utf-8-sig")
    report = import_file(store, path)
    assert (report.fmt, report.added) == ("spreadsheet", 1)
    c = by_name(store)["Claire Dubois"]
    assert (c.position, c.organization, c.city) == ("CFO", "Lectra", "Bordeaux")  # type: ignore[attr-defined]
    assert c.phones == ["+33611223344"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "a,b,strength\nHélène Durand,Marc Petit,0.5\n",  # an edge list
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline\nMoi,Même,,,,\n",
        "Date,Montant,Libellé\n2026-01-01,12,Café\n",
    ],
)
def test_what_is_not_a_contact_list_is_not_taken_for_one(text: str) -> None:
    data = text.encode()
    try:
        fmt = detect(data, "x.csv")
    except InvalidInput:  # cannot tell: fine
        fmt = ""
    assert fmt != "spreadsheet"


# Outlook desktop in French: its own column names (extract of its 92 columns, in order).
OUTLOOK_FR = (
    '"Titre","Prénom","Deuxième prénom","Nom","Suffixe","Société","Service","Fonction",'
    '"Rue (bureau)","Ville (bureau)","Pays/Région (bureau)","Téléphone (bureau)",'
    '"Tél. mobile","Adresse de messagerie","Adresse de messagerie 2","Catégories","Notes",'
    '"Page Web"\r\n'
    '"Mme","Hélène","","Durand","","Airbus","RH","DRH","1 rue X","Toulouse","France",'
    '"05 61 00 00 00","06 12 34 56 78","helene@durand.fr","h.durand@gmail.com",'
    '"Clients;Aéro","Rencontrée au salon","https://www.linkedin.com/in/hdurand"\r\n'
)


def test_outlook_in_french(store: Store, tmp_path: Path) -> None:
    data = OUTLOOK_FR.encode("cp1252")
    report = import_file(store, saved(tmp_path, "contacts.csv", data, "outlook"))
    assert (report.added, report.problems) == (1, [])
    (r,) = rows_by_csv(data, "cp1252", ",")
    c = by_name(store)[f"{r['Prénom']} {r['Nom']}"]
    assert c.position == r["Fonction"] != r["Titre"]  # type: ignore[attr-defined]
    assert c.organization == r["Société"] and c.city == r["Ville (bureau)"]  # type: ignore[attr-defined]
    assert c.emails == [r["Adresse de messagerie"], r["Adresse de messagerie 2"]]  # type: ignore[attr-defined]
    phones = [phone_key(r["Téléphone (bureau)"]), phone_key(r["Tél. mobile"])]
    assert sorted(c.phones) == sorted(phones)  # type: ignore[attr-defined]
    assert c.tags == r["Catégories"].split(";")  # type: ignore[attr-defined]
    assert c.linkedin == "https://www.linkedin.com/in/hdurand"  # type: ignore[attr-defined]


HEADERS = {
    "given": ["Prénom", "prenom", "PRÉNOM", "First name", "Firstname"],
    "family": ["Nom", "NOM", "Nom de famille", "Last Name", "Surname"],
    "email": ["E-mail", "Email", "email", "Courriel", "Adresse e-mail", "Mail"],
    "phone": ["Téléphone", "Tel", "Tél.", "Portable", "Mobile", "Phone"],
    "org": ["Société", "Entreprise", "ORGANISATION", "Company"],
    "city": ["Ville", "VILLE", "City", "Commune"],
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    choice=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in HEADERS.items()}),
    order=st.permutations(list(HEADERS)),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_spelling_and_order_of_the_columns_reads_the_same(
    choice: dict[str, str], order: list[str], delimiter: str
) -> None:
    values = {
        "given": "Hélène",
        "family": "Durand",
        "email": "helene@durand.fr",
        "phone": "06 12 34 56 78",
        "org": "Airbus",
        "city": "Toulouse",
    }
    text = delimiter.join(choice[k] for k in order) + "\r\n"
    text += delimiter.join(values[k] for k in order) + "\r\n"
    parsed = spreadsheet.read(text.encode("utf-8"))
    (record,) = parsed.records
    c = record.contact
    assert (c.given_name, c.family_name, c.organization, c.city) == (
        "Hélène",
        "Durand",
        "Airbus",
        "Toulouse",
    )
    assert c.emails == ["helene@durand.fr"] and c.phones == ["+33612345678"]


def test_outlook_markers_are_header_cells_as_folded() -> None:
    # every French marker is written as csvbook folds a header cell (lower case, accents kept)
    from tisser.formats.text import header_cell

    assert all(header_cell(m) == m for m in outlook_csv.MARKERS)


# --- Excel workbooks ----------------------------------------------------------------------


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook written by openpyxl, one sheet per entry, rows as given."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_inside_an_archive(store: Store, tmp_path: Path) -> None:
    import zipfile

    data = workbook_bytes({"Contacts": [["Name", "Email"], ["Claire Dubois", "c@dubois.fr"]]})
    path = tmp_path / "club.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("club/membres.xlsx", data)
        z.writestr("club/reglement.pdf", b"%PDF-1.4")
    report = import_file(store, path)
    assert (report.fmt, report.added) == ("spreadsheet", 1)
    assert names_in(store) == ["Claire Dubois"]


def names_in(store: Store) -> list[str]:
    return sorted(c.display_name for c in store.list_contacts(ALL))


# --- LibreOffice spreadsheets (.ods), written by odfpy ------------------------------------


def ods_bytes(sheets: dict[str, list[list[object]]], repeated_blank_rows: int = 0) -> bytes:
    """An OpenDocument spreadsheet written by odfpy; numbers and dates typed as such, and,
    like LibreOffice, the trailing blank cells and rows written once with a repeat count."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P, S, Span

    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        table = Table(name=title)
        for row in rows:
            tr = TableRow()
            for value in row:
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, bool | int | float):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=f"{value:,}".replace(",", "\u202f")))  # as shown
                    tr.addElement(cell)
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d/%m/%Y")))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string")
                    first, _, rest = str(value).partition("  ")
                    p = P(text=first)
                    if rest:  # two spaces, as ODF writes them: <text:s/> in a span
                        span = Span(text="")
                        span.addElement(S(c=2))
                        p.addElement(span)
                        p.addText(rest)
                    cell.addElement(p)
                    tr.addElement(cell)
            tr.addElement(TableCell(numbercolumnsrepeated=16_000))  # up to the last column
            table.addElement(tr)
        if repeated_blank_rows:
            blank = TableRow(numberrowsrepeated=repeated_blank_rows)
            blank.addElement(TableCell(numbercolumnsrepeated=1024))
            table.addElement(blank)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


MEMBERS = {
    "Synthèse": [["Adhérents 2026", None], ["Total", 3]],
    "Adhérents": [
        ["Nom", "Prénom", "Courriel", "Portable", "Société", "Adhésion", "Commentaires"],
        ["Durand", "Hélène", "helene@durand.fr", 612345678, "Airbus", dt.date(2026, 1, 5),
         "Vue  au salon"],
        [None, None, None, None, None, None, None],
        ["Œuvray", "Zoé", None, "06 98 76 54 32", None, None, None],
        [None, None, None, None, None, None, "sans nom"],
    ],
}  # fmt: skip
WRITERS = {
    "xlsx": workbook_bytes,
    "ods": lambda sheets: ods_bytes(sheets, repeated_blank_rows=1_048_000),
}


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_a_member_list_in_excel_or_libreoffice(store: Store, tmp_path: Path, suffix: str) -> None:
    data = WRITERS[suffix](MEMBERS)
    path = tmp_path / "adherents"  # no suffix: recognised by its content
    path.write_bytes(data)
    assert detect(data, path.name) == "spreadsheet"
    report = import_file(store, path)
    assert (report.fmt, report.added) == ("spreadsheet", 2)  # from the sheet of people
    # the row numbers of the sheet: the row without a name is row 5 of "Adhérents"
    assert [(p.line, p.refused) for p in report.problems] == [(5, True)]
    found = by_name(store)
    helene = found["Hélène Durand"]
    assert helene.phones == ["+33612345678"]  # type: ignore[attr-defined]  # typed as a number
    assert (helene.emails, helene.organization) == (["helene@durand.fr"], "Airbus")  # type: ignore[attr-defined]
    assert helene.notes == "Vue  au salon"  # type: ignore[attr-defined]  # both spaces kept
    assert found["Zoé Œuvray"].phones == ["+33698765432"]  # type: ignore[attr-defined]
    again = import_file(store, path)
    assert (again.added, again.unchanged) == (0, 2)


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_a_cut_spreadsheet_file_is_one_clear_problem(
    store: Store, tmp_path: Path, suffix: str
) -> None:
    data = WRITERS[suffix]({"Contacts": [["Nom", "Email"], ["Durand", "h@d.fr"]]})
    path = tmp_path / f"contacts.{suffix}"
    path.write_bytes(data[: len(data) // 2])  # cut in the middle, as a failed download
    assert detect(path.read_bytes(), path.name) == "spreadsheet"
    (problem,) = import_file(store, path).problems
    assert problem.render().startswith("not a readable spreadsheet file: ")
    assert names_in(store) == []


def test_a_workbook_zip_bomb_is_refused_before_it_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a workbook whose shared strings inflate to 64 MB of zeros, past a 16 MB cap: one clear
    # message, and memory far below what the part would take (#21 item 11)
    import tracemalloc
    import zipfile

    from tisser.formats import workbook

    monkeypatch.setattr(workbook, "MAX_UNZIPPED", 16 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/sharedStrings.xml", "w") as f:
            for _ in range(64):
                f.write(b"\0" * 1024 * 1024)
    data = buffer.getvalue()
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as caught:
            workbook.sheets(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.render() == "spreadsheet file too large once unzipped (over 16 MB)"
    assert peak < 4 * 1024 * 1024
