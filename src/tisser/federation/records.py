"""Member rows of a federation: read with the club importer's rules, kept as plain records.

Every source (CSV or spreadsheet files in the member template, Parquet files with the same
columns, the community server's ``community_members`` table) becomes the same flat record
(:data:`FIELDS`, strings and numbers only, so Spark and Arrow carry them), checked and
normalised by :func:`tisser.community.importer.lenient_member` — the single club's own
reader: a malformed row is reported with its file and line and left out, an unknown word
kept as an interest, exactly as ``tisser community import-members`` does.

A member's identity across clubs is their folded e-mail (:func:`member_id` hashes it to the
integer the core's :class:`~tisser.core.community.Member` needs, the same on every machine).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tisser.community.importer import lenient_member, read_rows
from tisser.core.community import (
    SOCIAL,
    Format,
    Member,
    parse_languages,
    parse_slots,
    read_sports,
    read_wishes,
)
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.matching import level_of
from tisser.core.model import RelationalProfile
from tisser.core.names import fold

TEXT = ("email", "email_fold", "club", "area", "source", "first_name", "last_name", "company",
        "sector", "function", "city", "sports", "slots", "seeks", "offers", "format",
        "languages", "profile")  # fmt: skip
NUMBERS = ("line", "travel_km", "level")
FIELDS = (*TEXT, *NUMBERS)
# A problem found while reading: (where, English template, parameters as JSON).
Problem = tuple[str, str, str]


def member_id(email_fold: str) -> int:
    """A stable positive 63-bit id for a folded e-mail (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(email_fold.encode(), digest_size=8).digest()) >> 1


def record_of(
    row: Mapping[str, str], club: str, source: str, line: int, activity: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The record of one template row, and what was reported about it (None: row refused)."""
    where = f"{source}:{line}"
    try:
        member, notes = lenient_member(dict(row), line)
    except TisserError as error:
        return None, [_problem(where, error)]
    problems = [_problem(source, note) for note in notes]
    level = level_of(member, activity)
    email_fold = fold(member.email).strip()
    record = {
        "email": member.email, "email_fold": email_fold,
        "club": (row.get("club") or club).strip(),
        "area": fold(row.get("area") or member.city).strip(), "source": source,
        "first_name": member.first_name, "last_name": member.last_name,
        "company": member.company, "sector": member.sector, "function": member.function,
        "city": member.city, "sports": _sports_text(member.sports),
        "slots": ";".join(sorted(member.slots)), "seeks": ";".join(map(str, member.seeks)),
        "offers": ";".join(map(str, member.offers)), "format": member.format.value,
        "languages": ";".join(sorted(member.languages)),
        "profile": member.relational_profile.value if member.relational_profile else "",
        "line": line, "travel_km": member.travel_km,
        "level": float("nan") if level is None else float(level),
    }  # fmt: skip
    return record, problems


def _sports_text(sports: Mapping[str, float | None]) -> str:
    return ";".join(k if v is None else f"{k}:{v:g}" for k, v in sports.items())


def _problem(where: str, error: TisserError) -> Problem:
    return where, error.message, json.dumps(error.params, default=str)


def as_error(problem: Problem) -> InvalidInput:
    """A reported problem back as the error the user reads."""
    where, message, params = problem
    return InvalidInput(message, where=where, **json.loads(params))


def member_of(record: Mapping[str, Any]) -> Member:
    """The core's Member of a record (already checked: no error is expected here)."""
    sports, _ = read_sports(record["sports"])
    profile = record["profile"]
    return Member(
        id=member_id(record["email_fold"]), email=record["email"],
        first_name=record["first_name"], last_name=record["last_name"],
        company=record["company"], sector=record["sector"], function=record["function"],
        city=record["city"], travel_km=float(record["travel_km"]), sports=sports,
        slots=parse_slots(record["slots"]), languages=parse_languages(record["languages"]),
        relational_profile=RelationalProfile(profile) if profile else None,
        format=Format(record["format"]), seeks=read_wishes(record["seeks"])[0],
        offers=read_wishes(record["offers"])[0],
    )  # fmt: skip


def read_file(path: str, activity: str) -> Iterator[tuple[dict[str, Any] | None, list[Problem]]]:
    """The records of one member file (CSV, XLSX, ODS or Parquet); the club is its stem."""
    p = Path(path)
    try:
        rows = numbered(_parquet_rows(p)) if p.suffix.lower() == ".parquet" else read_rows(p)
        for line, row in rows:
            yield record_of(row, p.stem, p.name, line, activity)
    except TisserError as error:
        yield None, [_problem(p.name, error)]


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a Parquet file in the member template; the line is the row's number + 1."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise InvalidInput(N_("cannot read {file}: {reason}"), file=path.name,
                           reason=str(exc)) from exc  # fmt: skip
    names = table.column_names
    if "email" not in names:
        raise InvalidInput(N_("{file} has no e-mail column"), file=path.name)
    for batch in table.to_batches(65536):
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for values in zip(*columns, strict=True):
            row = {k: "" if v is None else str(v) for k, v in zip(names, values, strict=True)}
            yield 0, row


def numbered(rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Number rows whose reader gives no line (Parquet): the header is line 1, as in a CSV."""
    for n, (line, row) in enumerate(rows, start=2):
        yield line or n, row


PLAIN = ("email", "first_name", "last_name", "company", "sector", "function", "city", "format",
         "relational_profile", "club")  # fmt: skip


def template_row(db: Mapping[str, Any]) -> dict[str, str]:
    """A ``community_members`` row (JSON columns as text) in the member template."""

    def text(key: str) -> str:
        value = db.get(key)
        return "" if value is None or value != value else str(value)  # None, NaN: empty

    def items(key: str) -> Any:
        value = text(key)
        return json.loads(value) if value else []

    sports = items("sports") or {}
    row = {k: text(k) for k in PLAIN}
    row["travel_km"] = text("travel_km") or "10"
    row["sports"] = ";".join(
        k if v is None or k in SOCIAL else f"{k}:{v:g}" for k, v in sports.items()
    )
    for key in ("slots", "seeks", "offers", "languages"):
        row[key] = ";".join(items(key))
    return row
