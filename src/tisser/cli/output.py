"""Printing results: Rich tables for people, JSON and CSV for other programs.

Every listing command takes ``--json`` and ``--csv`` (the sqlite-utils habit). JSON and CSV
carry stable codes and ISO dates; tables carry translated labels and dates in the user's
language. CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``)
are prefixed with an apostrophe (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.markup import escape
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _
from tisser.present.dates import human_date
from tisser.present.values import csv_safe, plain

if TYPE_CHECKING:
    from rich.console import Console

JsonFlag = Annotated[bool, typer.Option("--json", help=N_("Print JSON."))]
CsvFlag = Annotated[bool, typer.Option("--csv", help=N_("Print CSV."))]


def output_format(as_json: bool, as_csv: bool) -> str:
    """``"json"``, ``"csv"`` or ``"table"`` from the two flags of a listing command."""
    if as_json and as_csv:
        raise InvalidInput(N_("--json and --csv cannot be used together"))
    return "json" if as_json else "csv" if as_csv else "table"


@dataclass(frozen=True)
class Column:
    """A column of a listing: the record key, its header (an ``N_`` msgid) and style."""

    key: str
    header: str
    style: str = ""
    justify: str = "left"
    no_wrap: bool = False


def emit(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    fmt: str,
    console: Console,
    title: str = "",
    table_rows: Sequence[Mapping[str, Any]] | None = None,
    empty: str = "",
) -> None:
    """Print ``rows`` as a table (``table_rows`` holds their display form), JSON or CSV.

    JSON and CSV carry every field of ``rows``; the table shows ``columns``.
    """
    from rich.table import Table

    if fmt == "json":
        sys.stdout.write(json.dumps([plain(dict(r)) for r in rows], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        # Every field of the records, not only the table's columns: CSV is for other tools.
        keys = list(rows[0]) if rows else [c.key for c in columns]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([csv_safe(row.get(key)) for key in keys])
        return
    if not rows:
        console.print(empty or _("Nothing to show."))
        return
    table = Table(title=title or None, title_justify="left", header_style="bold")
    for col in columns:
        table.add_column(
            _(col.header),
            style=col.style or None,
            justify=col.justify,  # type: ignore[arg-type]
            no_wrap=col.no_wrap,
        )
    for row in table_rows if table_rows is not None else rows:
        table.add_row(*[_cell(row.get(c.key)) for c in columns])
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return escape(", ".join(str(v) for v in value))
    if isinstance(value, datetime):
        return human_date(value.date())
    if isinstance(value, date):
        return human_date(value)
    return escape(str(value))


YES_WORDS = {"y", "yes", "o", "oui"}


def confirm(question: str) -> bool:
    """Ask a yes/no question; "no" unless the user types y, yes, o or oui.

    Click's own prompt only knows the English "y"; a French user answers "o" or "oui".
    End of input (a script, a closed pipe) counts as "no": nothing is destroyed unasked.
    """
    sys.stderr.write(f"{question} {_('[y/N]')} ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().casefold() in YES_WORDS


def json_out(payload: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(plain(payload), ensure_ascii=False, indent=2) + "\n")
