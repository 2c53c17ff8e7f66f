"""Member lists from CSV, XLSX or ODS, columns mapped by header.

The documented template (lists separated by ``;``), one header line then one member a line::

    email,first_name,last_name,company,sector,function,city,sports,slots,seeks,offers,format,
    languages

e.g. ``claire.roux@garonne.fr,Claire,Roux,Garonne Conseil,consulting,sales,Mérignac,``
``padel:5;running:6,tue-evening;sat-morning,mentor:export,,any,fr;en``.

Headers are matched case- and accent-insensitively, in English or French ("courriel",
"prénom", "créneaux"…), in any order; unknown columns are ignored. A bad row is reported
with its line number and skipped; the others are imported (in one transaction, by the
caller). Extra optional columns: ``seniority``, ``travel_km``, ``relational_profile``.

What a row says that is not understood does not refuse the member (issue #22: one unknown
word dropped 280 of 400 rows of a real list): a word outside the seeks/offers vocabulary
is kept as a free interest, a level outside its sport's scale is left empty, an unknown
sport left out, each reported with its line in :attr:`ImportReport.notes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tisser.core.community import (
    Member,
    parse_format,
    parse_languages,
    parse_slots,
    parse_sports,
    parse_wishes,
    read_sports,
    read_wishes,
)
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.formats import workbook
from tisser.formats.text import csv_rows, decode
from tisser.mail import valid_email

TEMPLATE = (
    "email", "first_name", "last_name", "company", "sector", "function", "city", "sports",
    "slots", "seeks", "offers", "format", "languages",
)  # fmt: skip
ALIASES = {
    "e-mail": "email", "mail": "email", "courriel": "email", "adresse e-mail": "email",
    "first name": "first_name", "prenom": "first_name", "given name": "first_name",
    "last name": "last_name", "nom": "last_name", "family name": "last_name",
    "entreprise": "company", "societe": "company", "organisation": "company",
    "secteur": "sector", "fonction": "function", "ville": "city", "commune": "city",
    "creneaux": "slots", "disponibilites": "slots", "cherche": "seeks", "offre": "offers",
    "offres": "offers", "langues": "languages", "anciennete": "seniority",
    "distance": "travel_km", "profil": "relational_profile",
}  # fmt: skip
OPTIONAL = ("seniority", "travel_km", "relational_profile")
# Rows read from one file at most: a large federation's members, not a flood (about 2 s
# of parsing on one core; the web reads the file in a worker thread).
MAX_MEMBERS = 20_000


@dataclass
class ImportReport:
    """The members read and the rows refused, each with its line and reason."""

    members: list[Member] = field(default_factory=list)
    errors: list[TisserError] = field(default_factory=list)  # rows refused
    notes: list[TisserError] = field(default_factory=list)  # rows kept, a word not understood


# What the lenient readers report, as said of a line of the file (the member is kept).
NOTES = {
    N_("level {level} of {sport} is outside {low}–{high}"): N_(
        "level {level} of {sport} on line {line} is outside {low}–{high}: left empty"
    ),
    N_("level {level!r} of {sport} is not a number"): N_(
        "level {level!r} of {sport} on line {line} is not a number: left empty"
    ),
    N_("unknown sport {sport!r}"): N_("unknown sport {sport!r} on line {line}: left out"),
}


def _column(header: str) -> str:
    key = fold(header).strip().replace("-", " ").replace("_", " ")
    key = ALIASES.get(key, key).replace(" ", "_")
    return key


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | TisserError]]:
    """(line number, {column: text}) for each data row of a CSV or XLSX file; (line, error)
    for a row that cannot be read."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            yield from _sheet_rows(path)
        else:
            yield from _csv_rows(path)
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read {file}: {reason}"), file=str(path), reason=exc.strerror or str(exc)
        ) from exc


def _mapped(header: list[str], path: Path) -> list[str]:
    cols = [_column(h) for h in header]
    if "email" not in cols:
        raise InvalidInput(
            N_("{file} has no e-mail column"),
            hint=N_("the first line must name the columns: {template}"),
            file=str(path),
            template=",".join(TEMPLATE),
        )
    return cols


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | TisserError]]:
    """The contact importers' tolerant reading: the encoding detected (UTF-8, UTF-16,
    Windows-1252), the delimiter sniffed, long fields allowed, NUL bytes dropped, and any row
    the CSV reader refuses yielded as an error with its line."""
    rows = csv_rows(decode(path.read_bytes()).replace("\x00", ""))
    unreadable = dict(rows.unreadable)
    if not rows:
        return
    (_, header), *body = rows
    cols = _mapped(header, path)
    for line, row in sorted([*body, *((n, None) for n in unreadable)], key=lambda r: r[0]):
        if row is None:
            yield (
                line,
                InvalidInput(
                    N_("this row cannot be read as CSV: left out"), hint=N_("check its quotes")
                ),
            )
        elif any(cell.strip() for cell in row):
            yield line, dict(zip(cols, (c.strip() for c in row), strict=False))


def _sheet_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | TisserError]]:
    try:
        found = workbook.sheets(path.read_bytes())
    except InvalidInput as exc:
        exc.where = str(path)
        raise
    rows = found[0][1] if found else []
    if not rows:
        return
    (_, header), *body = rows
    cols = _mapped(header, path)
    for line, cells in body:
        yield line, dict(zip(cols, (c.replace("\x00", "") for c in cells), strict=False))


def member_of(row: dict[str, str]) -> Member:
    """A Member from one row; InvalidInput naming the bad field (a profile form's check)."""
    parse_sports(row.get("sports", ""))
    parse_wishes(row.get("seeks", ""))
    parse_wishes(row.get("offers", ""))
    return lenient_member(row, 0)[0]


def lenient_member(row: dict[str, str], line: int) -> tuple[Member, list[TisserError]]:
    """A Member from one row of a list, and the notes on what was kept or left empty.

    InvalidInput only for what makes the row unusable: the e-mail, a distance, a profile,
    a slot or a format that cannot be read.
    """
    sports, problems = read_sports(row.get("sports", ""))
    notes: list[TisserError] = [
        InvalidInput(NOTES[p.message], line=line, **p.params) for p in problems
    ]
    seeks, unknown_seeks = read_wishes(row.get("seeks", ""))
    offers, unknown_offers = read_wishes(row.get("offers", ""))
    notes += [
        InvalidInput(N_("unknown wish {wish!r} on line {line}: kept as an interest"),
                     wish=word, line=line)
        for word in [*unknown_seeks, *unknown_offers]
    ]  # fmt: skip
    email = valid_email(row.get("email", ""))  # one real address, never a list
    travel = row.get("travel_km", "").strip()
    try:
        travel_km = float(travel.replace(",", ".")) if travel else 10.0
    except ValueError as exc:
        raise InvalidInput(N_("travel distance {value!r} is not a number"), value=travel) from exc
    profile = fold(row.get("relational_profile", "")).strip().replace("-", "_").replace(" ", "_")
    try:
        relational = RelationalProfile(profile) if profile else None
    except ValueError as exc:
        raise InvalidInput(
            N_("unknown relational profile {value!r}"),
            hint=N_("known: {known}"),
            value=profile,
            known=", ".join(p.value for p in RelationalProfile),
        ) from exc
    member = Member(
        id=0,
        email=email,
        first_name=row.get("first_name", ""),
        last_name=row.get("last_name", ""),
        company=row.get("company", ""),
        sector=row.get("sector", ""),
        function=row.get("function", ""),
        seniority=row.get("seniority", ""),
        city=row.get("city", ""),
        travel_km=travel_km,
        sports=sports,
        slots=parse_slots(row.get("slots", "")),
        languages=parse_languages(row.get("languages", "")),
        relational_profile=relational,
        format=parse_format(row.get("format", "")),
        seeks=seeks,
        offers=offers,
    )
    return member, notes


def read_members(path: Path, max_rows: int = 0) -> ImportReport:
    """Every good row as a Member; every bad row as an error with its line. Past
    ``max_rows`` rows (default :data:`MAX_MEMBERS`) one error says where reading stopped."""
    max_rows = max_rows or MAX_MEMBERS
    report = ImportReport()
    seen: dict[str, int] = {}
    for count, (line, row) in enumerate(read_rows(path), start=1):
        where = f"{path.name}:{line}"
        if count > max_rows:
            report.errors.append(
                InvalidInput(
                    N_("more than {count} members: this line and the ones after it are not read"),
                    where=where,
                    hint=N_("split the list into several files"),
                    count=max_rows,
                )
            )
            break
        try:
            if isinstance(row, TisserError):
                raise row
            member, notes = lenient_member(row, line)
        except TisserError as error:
            error.where = where
            report.errors.append(error)
            continue
        key = fold(member.email)
        if key in seen:
            report.errors.append(
                InvalidInput(
                    N_("{email} already appears on line {line}"),
                    where=where,
                    email=member.email,
                    line=seen[key],
                )
            )
            continue
        seen[key] = line
        report.members.append(member)
        for note in notes:
            note.where = path.name
        report.notes.extend(notes)
    return report
