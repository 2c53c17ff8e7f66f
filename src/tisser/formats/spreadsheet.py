"""A contact list kept in a spreadsheet and saved as CSV: an association's member list, a
club's directory, a trade show's attendees, one's own "annuaire".

Its columns are named by whoever made it, in French or English, with or without accents,
in any case: ``Nom;Prénom;E-mail;Tél. portable;Société;Fonction;Ville`` as Excel saves it
in a French locale (``;``, Windows-1252), or ``Name,Email,Company,Title``. Columns are
matched by their name folded (accents, case, punctuation: ``Prénom`` = ``PRENOM``,
``E-mail`` = ``email``); several e-mail or phone columns are all kept (``Email pro``,
``Email perso``, ``Portable``, ``Fixe``). With a given-name column, ``Nom`` is the family
name; without one, it holds the whole name ("Hélène Durand", "DURAND Hélène").

A file is taken for a spreadsheet when one header row names the person (a name column)
and something to reach or place them (e-mail, phone, organisation, position or city):
LinkedIn's, Google's and Outlook's own exports are recognised before it. An Excel workbook
(.xlsx) or a LibreOffice one (.ods) is read the same way, from its first sheet with such a
header.
"""

from __future__ import annotations

import dataclasses
import re

from tisser.core.errors import InvalidInput
from tisser.core.names import fold
from tisser.formats import csvbook, workbook
from tisser.formats.base import Parsed
from tisser.formats.text import csv_rows, decode

SOURCE = "spreadsheet"

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def plain(cell: str) -> str:
    """``" Tél. portable "`` -> ``"tel portable"``: a header cell folded for matching."""
    return _NOT_WORD.sub(" ", fold(cell.replace("\ufeff", ""))).strip()


GIVEN = ("prenom", "prenoms", "first name", "firstname", "given name", "forename")
FAMILY = (
    "nom", "nom de famille", "nom d usage", "last name", "lastname", "surname", "family name",
)  # fmt: skip
FULL = (
    "nom complet", "nom prenom", "prenom nom", "nom et prenom", "prenom et nom", "name",
    "full name", "contact", "personne", "membre", "adherent", "participant",
)  # fmt: skip
_QUALIFIER = r"( \d+| pro| professionnel(le)?| perso| personnel(le)?| travail| bureau| domicile"
_QUALIFIER += r"| work| home| business| personal| principal(e)?| fixe| portable| mobile)?"

LAYOUT = csvbook.Layout(
    source=SOURCE,
    given=GIVEN,
    family=FAMILY,
    full=FULL,
    organization=(
        "societe",
        "entreprise",
        "organisation",
        "organization",
        "organisme",
        "company",
        "employeur",
        "employer",
        "structure",
        "etablissement",
    ),
    position=(
        "fonction",
        "poste",
        "titre du poste",
        "metier",
        "job title",
        "title",
        "position",
        "role",
    ),
    city=("ville", "commune", "localite", "city", "town"),
    country=("pays", "country"),
    notes=("notes", "note", "commentaire", "commentaires", "remarques", "observations"),
    tags=("tags", "etiquettes", "categories", "groupes", "labels", "mots cles"),
    email=re.compile(
        r"^((adresse )?(e ?mail|mail|courriel|mel)|email address|adresse electronique"
        r"|adresse de messagerie)" + _QUALIFIER + "$"
    ),
    phone=re.compile(
        r"^((numero de )?(tel|telephone)|phone( number)?|portable|mobile|gsm|fixe|cell"
        r"|cellphone)" + _QUALIFIER + "$"
    ),
    website=re.compile(r"^(site( web| internet)?|website|web|url|page web|(profil )?linkedin)$"),
    tag_sep=",",
    header=plain,
    file_order=True,
)
# Without a given-name column, "Nom" holds the whole name.
WHOLE_NAMES = dataclasses.replace(LAYOUT, family=(), full=FAMILY + FULL)

_NAMES = set(GIVEN) | set(FAMILY) | set(FULL)
_DETAILS = {*LAYOUT.organization, *LAYOUT.position, *LAYOUT.city}


def _header(rows: list[tuple[int, list[str]]]) -> set[str] | None:
    """The folded cells of the first row naming a person and a way to reach or place
    them, within the first 50 rows; None if there is none."""
    for _, row in rows[:50]:
        cells = {plain(c) for c in row}
        reach = any(LAYOUT.email.match(c) or LAYOUT.phone.match(c) for c in cells)
        if cells & _NAMES and (reach or cells & _DETAILS):
            return cells
    return None


def looks_like(rows: list[tuple[int, list[str]]]) -> bool:
    return _header(rows) is not None


def read(data: bytes) -> Parsed:
    """The contacts of a CSV export, or of the first sheet of an Excel or LibreOffice file
    whose header names people (its other sheets are usually totals or notes)."""
    if data[:4] == b"PK\x03\x04":  # a spreadsheet file (detect tells it from an archive)
        try:
            found = workbook.sheets(data)
        except InvalidInput as exc:
            parsed = Parsed(SOURCE)
            parsed.problem(exc.message, **exc.params)
            return parsed
        rows = next((r for _, r in found if _header(r) is not None), found[0][1] if found else [])
    else:
        rows = csv_rows(decode(data))
    cells = _header(rows)
    return csvbook.read_rows(rows, LAYOUT if cells and cells & set(GIVEN) else WHOLE_NAMES)
