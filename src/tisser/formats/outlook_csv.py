"""Outlook CSV: Outlook.com (61 unquoted columns, ``First Name,Middle Name,Last Name,Title,
Suffix,Nickname,...``) and Outlook desktop (92 quoted columns, ``"Title","First Name",...``).

Both use the same names for what tisser keeps (``Company``, ``Job Title``, ``E-mail
Address``, ``E-mail 2 Address``, ``Business Phone``, ``Mobile Phone``, ``Business City``,
``Home City``, ``Web Page``, ``Notes``, ``Categories``), so columns are mapped by name and
the two layouts share one mapping. Categories are separated by ``;``.
"""

from __future__ import annotations

import re

from tisser.formats import csvbook
from tisser.formats.base import Parsed

SOURCE = "outlook"

LAYOUT = csvbook.Layout(
    source=SOURCE,
    given=("first name",),
    family=("last name",),
    middle=("middle name",),
    full=("display name", "name"),
    organization=("company",),
    position=("job title",),
    city=("business city", "home city", "other city"),
    country=(
        "business country/region",
        "home country/region",
        "business country",
        "home country",
    ),
    notes=("notes",),
    tags=("categories",),
    email=re.compile(r"^e-mail( \d)? address$"),
    phone=re.compile(
        r"^(business|home|mobile|primary|company main|car|other|assistant's)( \d)? phone$"
    ),
    website=re.compile(r"^(web page|personal web page|business web page)$"),
    tag_sep=";",
)

MARKERS = {"job title", "business phone", "e-mail address", "mobile phone", "company"}


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    return csvbook.looks_like(rows, MARKERS, 3)


def read(data: bytes) -> Parsed:
    return csvbook.read(data, LAYOUT)
