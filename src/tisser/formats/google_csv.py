"""Google Contacts CSV (contacts.google.com > Export > Google CSV), current and legacy.

Current header: ``First Name,Middle Name,Last Name,...,Organization Name,Organization
Title,...,Notes,Photo,Labels`` then numbered groups ``E-mail 1 - Label,E-mail 1 - Value``,
``Phone 1 - ...``, ``Address 1 - City`` (as many as the data needs). Legacy header:
``Name,Given Name,Additional Name,Family Name,...,Group Membership,E-mail 1 - Type,E-mail 1 -
Value``. Several values in one cell are joined by `` ::: ``; labels such as ``* myContacts``
and ``* starred`` are Google's own and are not kept as tags.
"""

from __future__ import annotations

import re

from tisser.formats import csvbook
from tisser.formats.base import Parsed

SOURCE = "google"

LAYOUT = csvbook.Layout(
    source=SOURCE,
    given=("first name", "given name"),
    family=("last name", "family name"),
    middle=("middle name", "additional name"),
    full=("name", "file as"),
    organization=("organization name", "organization 1 - name"),
    position=("organization title", "organization 1 - title"),
    city=("address 1 - city",),
    country=("address 1 - country",),
    notes=("notes",),
    tags=("labels", "group membership"),
    email=re.compile(r"^e-mail \d+ - value$"),
    phone=re.compile(r"^phone \d+ - value$"),
    website=re.compile(r"^website \d+ - value$"),
    skip_tag=lambda t: t.startswith("*"),
)

MARKERS = {
    "given name",
    "family name",
    "group membership",
    "labels",
    "organization name",
    "e-mail 1 - value",
    "phone 1 - value",
    "e-mail 1 - label",
    "e-mail 1 - type",
}


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    return csvbook.looks_like(rows, MARKERS, 2)


def read(data: bytes) -> Parsed:
    return csvbook.read(data, LAYOUT)
