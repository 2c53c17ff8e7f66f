"""LinkedIn's ``Connections.csv`` (Settings > Data privacy > Get a copy of your data).

Three eras are in the wild (see ``../shared/realdata/README.md``): since 2023 a preamble
(``Notes:``, one quoted sentence, a blank line) then ``First Name,Last Name,URL,Email
Address,Company,Position,Connected On`` with dates like ``09 Oct 2024``; 2020-2022 the same
without ``URL``; 2018 no preamble and dates like ``1/8/18, 6:14 PM``. A spreadsheet that
re-saved the file writes ``20-Mar-24``. So the header is found by its content, columns are
mapped by name, and the date is tried against each known form with English month names
(never the machine's locale).

"Connected On" becomes how and when we met: channel LinkedIn, ``met_on`` that day. The
stable key of a row is its profile URL when there is one, else its folded name and e-mail,
so importing next year's export updates the same contacts.
"""

from __future__ import annotations

import re
from datetime import date

from tisser.core import names
from tisser.core.errors import N_
from tisser.core.identity import email_key, linkedin_key, linkedin_url
from tisser.core.model import Channel, Contact
from tisser.formats.base import Parsed, Record
from tisser.formats.text import csv_rows, decode, header_cell, header_index

SOURCE = "linkedin"

COLUMNS = {
    "first name": "first",
    "prénom": "first",
    "last name": "last",
    "nom": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "adresse e-mail": "email",
    "company": "company",
    "entreprise": "company",
    "position": "position",
    "poste": "position",
    "connected on": "connected",
    "date de connexion": "connected",
    "connexion établie le": "connected",
}
HEADERS = set(COLUMNS)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DMY_NAME = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{2,4})$")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})(?:,?\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> date | None:
    """``09 Oct 2024``, ``20-Mar-24``, ``1/8/18, 6:14 PM``, ``2024-10-09`` -> a date."""
    text = text.strip()
    if not text:
        return None
    try:
        if m := _DMY_NAME.match(text):
            month = _MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            return date(_year(m.group(3)), month, int(m.group(1)))
        if m := _MDY.match(text):
            return date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _ISO.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    i = header_index(rows, HEADERS, 3)
    if i < 0:
        return False
    cells = {header_cell(c) for c in rows[i][1]}
    return "connected on" in cells or ("position" in cells and "company" in cells)


def read(data: bytes) -> Parsed:
    """Every connection of the export; rows without a name are reported by line."""
    parsed = Parsed(SOURCE)
    rows = csv_rows(decode(data))
    parsed.unreadable_rows(rows)
    start = header_index(rows, HEADERS, 2)
    if start < 0:
        parsed.problem(
            N_("no LinkedIn header (First Name, Last Name, Company…) in the first 50 lines")
        )
        return parsed
    cols = {
        COLUMNS[h]: i for i, h in enumerate(header_cell(c) for c in rows[start][1]) if h in COLUMNS
    }
    seen: dict[str, int] = {}
    for line, row in rows[start + 1 :]:
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        first, last = cell("first"), cell("last")
        if not first and not last:
            parsed.problem(N_("a row with no name: left out"), line=line)
            continue
        c = Contact(given_name=first, organization=cell("company"), position=cell("position"))
        c.particle, c.family_name = names.split_particle(last)
        url = cell("url")
        c.linkedin = linkedin_url(url) or url
        email = cell("email")
        if email:
            c.emails = [email]
        connected = cell("connected")
        c.met_channel = Channel.LINKEDIN
        c.met_how = "LinkedIn"
        if connected:
            c.met_on = parse_date(connected)
            if c.met_on is None:
                parsed.problem(
                    N_("unknown date {text!r}: the connection is kept without it"),
                    line=line,
                    refused=False,
                    text=connected,
                )
        key = _key(c)
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        parsed.records.append(Record(key=key, contact=c, line=line))
    return parsed


def _key(c: Contact) -> str:
    url = linkedin_key(c.linkedin)
    if url:
        return f"url:{url}"
    mail = email_key(c.emails[0]) if c.emails else ""
    return f"name:{names.fold(c.display_name)}|{mail}"
