"""CSV sources: LinkedIn (three eras and a spreadsheet re-save), Google, Outlook, edge lists.

The files in tests/data/imports follow the headers documented in
../shared/realdata/README.md (Outlook.com: 61 columns, Outlook desktop: 92 quoted, in
Windows-1252). Hypothesis writes LinkedIn rows with Python's csv module (an independent
writer) and checks every field comes back.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tisser.core.errors import InvalidInput
from tisser.core.model import Channel
from tisser.core.names import split_particle
from tisser.formats import detect, edges, google_csv, linkedin, outlook_csv, read

DATA = Path(__file__).parent / "data" / "imports"


def _read(name: str):
    data = (DATA / name).read_bytes()
    return read(data, detect(data, name))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("linkedin_2024.csv", "linkedin"),
        ("linkedin_2021.csv", "linkedin"),
        ("linkedin_2018.csv", "linkedin"),
        ("linkedin_resaved.csv", "linkedin"),
        ("google_current.csv", "google"),
        ("google_legacy.csv", "google"),
        ("outlook_com.csv", "outlook"),
        ("outlook_desktop.csv", "outlook"),
        ("edges.csv", "edges"),
    ],
)
def test_format_is_found_from_content(name: str, fmt: str) -> None:
    data = (DATA / name).read_bytes()
    assert detect(data, "renamed.txt") == fmt


def test_unknown_content_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidInput) as info:
        detect(b"hello world\nnothing here\n", "notes.txt")
    assert "--format" in info.value.one_line()


def test_linkedin_2024_preamble_bom_url_and_odd_values() -> None:
    parsed = _read("linkedin_2024.csv")
    people = {r.contact.display_name: r for r in parsed.records}
    assert set(people) == {
        "Hélène Durand",
        "Jean de La Fontaine",
        "李 小龙",
        "Marc Dupont",
        "Tab Person",
    }
    h = people["Hélène Durand"].contact
    assert h.organization == "Airbus, Toulouse"
    assert h.met_on == date(2024, 10, 9)
    assert h.met_channel is Channel.LINKEDIN
    assert h.linkedin == "https://www.linkedin.com/in/helene-durand-4a2b1c"
    assert people["Hélène Durand"].key == "url:in/helene-durand-4a2b1c"
    j = people["Jean de La Fontaine"].contact
    assert (j.particle, j.family_name, j.emails) == ("de", "La Fontaine", ["jean@fables.fr"])
    assert j.position == "Auteur 🦊"
    assert (
        people["Marc Dupont"].contact.organization == "=SUM(A1:B2)"
    )  # kept; neutralised on export
    assert people["Tab Person"].contact.organization == "Acme\tCorp"
    assert people["Tab Person"].contact.position == 'Head of "Growth", EMEA'
    # the near-empty row is refused, by line (line 7 of the file: preamble is 4 lines)
    assert [(p.line, p.refused) for p in parsed.problems] == [(7, True)]


def test_linkedin_eras_and_dates() -> None:
    r2021 = _read("linkedin_2021.csv").records
    assert [r.contact.met_on for r in r2021] == [date(2021, 6, 17), date(2020, 2, 2)]
    assert r2021[0].contact.emails == ["claire.dubois@example.fr"]
    r2018 = _read("linkedin_2018.csv").records
    assert [r.contact.met_on for r in r2018] == [date(2018, 1, 8), date(2017, 12, 24)]
    resaved = _read("linkedin_resaved.csv").records
    assert [r.contact.met_on for r in resaved] == [date(2024, 3, 20), date(2023, 1, 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Oct 2024", date(2024, 10, 9)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("20-Mar-24", date(2024, 3, 20)),
        ("2024-10-09", date(2024, 10, 9)),
        ("31 Feb 2024", None),
        ("hier", None),
    ],
)
def test_linkedin_dates(text: str, expected: date | None) -> None:
    assert linkedin.parse_date(text) == expected


def test_google_current_multi_values_labels_and_notes() -> None:
    parsed = _read("google_current.csv")
    h, bob, shop = (r.contact for r in parsed.records)
    assert h.emails == ["helene.durand@airbus.com", "h.durand@gmail.com"]
    assert h.phones == ["+33612345678"]
    assert h.city == "Toulouse" and h.country == "France"
    assert h.tags == ["Salon 2024"]  # "* myContacts" is Google's own
    assert h.notes == "Rencontrée au salon.\nA deux enfants."
    assert h.linkedin == "https://www.linkedin.com/in/helene-durand-4a2b1c"
    assert bob.phones == ["+442079460958", "+447700900123"]
    assert shop.display_name == "Boulangerie Paul"  # no name: the organisation names it


def test_google_legacy() -> None:
    claire, marc = (r.contact for r in _read("google_legacy.csv").records)
    assert (claire.given_name, claire.family_name) == ("Claire", "Dubois")
    assert claire.organization == "Cabinet Dubois" and claire.position == "Associée"
    assert claire.tags == ["Clients"]
    assert claire.phones == ["+33611223344"]
    assert (marc.given_name, marc.family_name) == ("Marc", "Dupont")  # from "Name"


def test_outlook_com_and_desktop() -> None:
    sophie, paul = (r.contact for r in _read("outlook_com.csv").records)
    assert sophie.position == "CMO" and sophie.organization == "Orange"
    assert sophie.phones == ["+33698765432"] and sophie.city == "Paris"
    assert paul.emails == ["paul.martin@renault.com"]
    (jerome,) = (r.contact for r in _read("outlook_desktop.csv").records)
    assert jerome.display_name == "Jérôme Lefèvre"  # Windows-1252 bytes
    assert jerome.position == "DAF"  # not "Title", which is "M."
    assert jerome.tags == ["Finance", "Golf"]
    assert jerome.phones == ["+33557000000", "+33600112233"]
    assert jerome.linkedin == "https://www.linkedin.com/in/jlefevre"
    assert jerome.notes == "Ligne 1\nLigne 2"


def test_edge_list_reports_bad_lines() -> None:
    parsed = _read("edges.csv")
    assert [(e.a, e.b, e.strength) for e in parsed.edges] == [
        ("Hélène Durand", "Jean de La Fontaine", 0.8),
        ("jean@fables.fr", "Marc Dupont", 0.6),
        ("Hélène Durand", "Personne Inconnue", 0.5),
        ("Marc Dupont", "Marc Dupont", None),
    ]
    assert [p.line for p in parsed.problems] == [6]


def test_edge_list_header_variants() -> None:
    assert edges.header(["source", "target", "weight"]) == (0, 1, 2)
    assert edges.header(["Source", "Target"]) == (0, 1, -1)
    assert edges.header(["name", "company"]) is None


# --- fuzzing ---------------------------------------------------------------------------

cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
name = cell.filter(lambda s: s.strip() != "" and s == s.strip())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(name, cell, cell, cell), min_size=1, max_size=8),
    st.sampled_from(["09 Oct 2024", "1/8/18, 6:14 PM", "20-Mar-24"]),
    st.booleans(),
)
def test_linkedin_rows_come_back(
    rows: list[tuple[str, str, str, str]], day: str, preamble: bool
) -> None:
    out = io.StringIO()
    if preamble:
        out.write('Notes:\n"Some e-mail addresses are missing, see https://x, y."\n\n')
    w = csv.writer(out)
    w.writerow(["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"])
    for first, last, company, position in rows:
        w.writerow([first, last, "", company, position, day])
    parsed = linkedin.read(("\ufeff" + out.getvalue()).encode("utf-8"))
    assert len(parsed.records) == len(rows)
    for (first, last, company, position), r in zip(rows, parsed.records, strict=True):
        assert r.contact.given_name == first
        assert (r.contact.particle, r.contact.family_name) == split_particle(last.strip())
        assert r.contact.organization == company.strip()
        assert r.contact.position == position.strip()
        assert r.contact.met_on is not None


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["linkedin", "google", "outlook", "edges"]))
def test_csv_readers_never_raise(data: bytes, fmt: str) -> None:
    parsed = read(data, fmt)
    assert parsed.source == fmt
    for p in parsed.problems:
        assert p.render()
        assert not p.message.startswith("unreadable file"), p.render()  # no reader crashed


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_google_and_outlook_survive_truncation(data: st.DataObject) -> None:
    for module, name in ((google_csv, "google_current.csv"), (outlook_csv, "outlook_desktop.csv")):
        raw = (DATA / name).read_bytes()
        cut = data.draw(st.integers(0, len(raw)))
        parsed = module.read(raw[:cut])
        assert all(r.contact.display_name for r in parsed.records)


@settings(max_examples=40, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.sampled_from(
        ["google_current.csv", "google_legacy.csv", "outlook_com.csv", "outlook_desktop.csv"]
    ),
    st.sampled_from([",", ";"]),
)
def test_columns_are_mapped_by_name_not_position(rnd, name: str, delimiter: str) -> None:
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8-sig") if name != "outlook_desktop.csv" else raw.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    order = list(range(len(rows[0])))
    rnd.shuffle(order)
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter)
    for row in rows:
        w.writerow([row[i] if i < len(row) else "" for i in order])
    expected = [r.contact for r in _read(name).records]
    shuffled = out.getvalue().encode("utf-8")
    got = [r.contact for r in read(shuffled, detect(shuffled)).records]
    assert got == expected
