"""Outlook CSV: Outlook.com (61 unquoted columns, ``First Name,Middle Name,Last Name,Title,
Suffix,Nickname,...``) and Outlook desktop (92 quoted columns, ``"Title","First Name",...``).

Both use the same names for what tisser keeps (``Company``, ``Job Title``, ``E-mail
Address``, ``E-mail 2 Address``, ``Business Phone``, ``Mobile Phone``, ``Business City``,
``Home City``, ``Web Page``, ``Notes``, ``Categories``), so columns are mapped by name and
the two layouts share one mapping. Categories are separated by ``;``. Outlook in French
writes its columns in French (``Prénom``, ``Nom``, ``Société``, ``Fonction``, ``Adresse de
messagerie``, ``Tél. mobile``, ``Catégories``...): they are mapped too.
"""

from __future__ import annotations

import re

from tisser.formats import csvbook
from tisser.formats.base import Parsed

SOURCE = "outlook"

LAYOUT = csvbook.Layout(
    source=SOURCE,
    given=("first name", "prénom"),
    family=("last name", "nom"),
    middle=("middle name", "deuxième prénom"),
    full=("display name", "name"),
    organization=("company", "société"),
    position=("job title", "fonction"),  # in French, "Titre" is Mr or Ms
    city=(
        "business city",
        "home city",
        "other city",
        "ville (bureau)",
        "ville (domicile)",
        "ville (autre)",
    ),
    country=(
        "business country/region",
        "home country/region",
        "business country",
        "home country",
        "pays/région (bureau)",
        "pays/région (domicile)",
    ),
    notes=("notes",),
    tags=("categories", "catégories"),
    email=re.compile(r"^(e-mail( \d)? address|adresse de messagerie( \d)?)$"),
    phone=re.compile(
        r"^((business|home|mobile|primary|company main|car|other|assistant's)( \d)? phone"
        r"|téléphone( \d)? \((bureau|domicile|voiture|autre)\)|tél\. mobile"
        r"|téléphone (société|principal))$"
    ),
    website=re.compile(r"^(web page|personal web page|business web page|page web)$"),
    tag_sep=";",
)

MARKERS = {"job title", "business phone", "e-mail address", "mobile phone", "company"}
# Outlook in French names its columns in French
MARKERS |= {"fonction", "téléphone (bureau)", "adresse de messagerie", "tél. mobile", "société"}


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    return csvbook.looks_like(rows, MARKERS, 3)


def read(data: bytes) -> Parsed:
    return csvbook.read(data, LAYOUT)
