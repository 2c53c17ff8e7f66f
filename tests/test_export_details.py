"""The CSV and Excel exports carry the address-book fields (issue #17), read back with the
csv module and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl

from tisser import export as exporting
from tisser.formats.importer import import_file
from tisser.i18n import language_scope
from tisser.store import Store

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"
TODAY = date(2026, 12, 7)


def test_csv_and_excel_carry_birthday_addresses_and_typed_phones(store: Store) -> None:
    import_file(store, REAL / "ez-vcard" / "John_Doe_IPHONE.vcf")
    rows = list(csv.DictReader(io.StringIO(exporting.export(store, 1, TODAY, "csv").data.decode())))
    (john,) = rows
    assert john["birthday"] == "2012-06-06"
    assert john["nickname"] == "Johny"
    assert "HOME,PREF: Silicon Alley 5" in john["addresses"]
    assert "12345 New York" in john["addresses"] and "WORK: Street4" in john["addresses"]
    assert "CELL,VOICE,PREF: 905-555-1234" in john["phones"].split("; ")
    assert "PAGER: 905-111-1234" in john["phones"].split("; ")
    assert "card" not in john and "phone_info" not in john  # the kept lines stay in vCard/JSON

    with language_scope("en"):  # the sheet's header is in the user's language
        data = exporting.export(store, 1, TODAY, "xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["Birthday"] == "2012-06-06" and values["Nickname"] == "Johny"
    assert values["Addresses"].count("\n") == 1  # two addresses, one per line
