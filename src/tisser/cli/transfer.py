"""Bringing contacts in and taking them out: ``tisser import`` and ``tisser export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.i18n import _, ngettext
from tisser.present.labels import format_label, problem_place

if TYPE_CHECKING:
    from collections.abc import Callable

    from tisser.app.context import State
    from tisser.formats.importer import FileReport

SHOWN_PROBLEMS = 30
PROGRESS_FROM = 2000


@app.command(
    "import",
    help=N_(
        "Import contacts or links: LinkedIn Connections.csv, vCard (.vcf), Google or Outlook "
        "CSV, a contact list kept in a spreadsheet (Excel, LibreOffice or CSV: Nom, Prénom, "
        "E-mail...), "
        "an edge list "
        "(a,b,strength), GraphML or GEXF, or a ZIP archive of them "
        "(LinkedIn's data export, Google Takeout) as downloaded. The format is recognised "
        "from the content; each file lands whole or not at all, and importing it again "
        "updates instead of duplicating."
    ),
)
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help=N_("The files to import, or folders of them (a vdir of .vcf files).")),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "Force the format: linkedin, vcard, google, outlook, spreadsheet, edges, "
                "graphml, gexf."
            ),
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help=N_("Show what would happen; write nothing."))
    ] = False,
    photos: Annotated[
        bool,
        typer.Option("--photos/--no-photos", help=N_("Keep the photos vCards carry (default).")),
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the reports as JSON."))] = False,
) -> None:
    from tisser.formats import FORMATS

    state: State = ctx.obj
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput(
            N_("unknown format {fmt!r}"),
            hint=N_("choose linkedin, vcard, google, outlook, spreadsheet, edges, graphml or gexf"),
            fmt=fmt,
        )
    reports: list[FileReport] = []
    failed: list[tuple[Path, TisserError]] = []
    captured: list[dict[str, Any]] | None = [] if as_json else None  # mail, chats (#16)
    progress = _progress_bar(state, as_json)
    with progress:
        for path in files:
            task = None

            def tick(done: int, total: int, path: Path = path) -> None:
                nonlocal task
                if total < PROGRESS_FROM:
                    return
                if task is None:
                    task = progress.add_task(escape(path.name), total=total)
                progress.update(task, completed=done)

            try:
                reports += _import_path(state, path, fmt, dry_run, photos, tick, captured)
            except TisserError as problem:
                failed.append((path, problem))
    if as_json:
        payload = [_report_json(r) for r in reports]
        payload += [{"path": str(p), "error": e.one_line(_)} for p, e in failed] + (captured or [])
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_outcome(state, reports, failed, dry_run)
    if failed:
        raise typer.Exit(max(e.exit_code for _, e in failed))


def _progress_bar(state: State, as_json: bool) -> Any:
    """The bar long files show (none in JSON mode or when the output is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=state.console,
        transient=True,
        disable=as_json or not state.console.is_terminal,
    )


def _import_path(
    state: State,
    path: Path,
    fmt: str | None,
    dry_run: bool,
    photos: bool,
    tick: Callable[[int, int], None],
    captured: list[dict[str, Any]] | None,
) -> list[FileReport]:
    """Import one argument: a folder, a mail/calendar/chat file (captured, no report here),
    or a contacts file (a LinkedIn archive's messages.csv captured too)."""
    from tisser.cli.sources import capture_import  # mail, calendars, chats (#16)
    from tisser.formats.importer import import_file, import_folder

    options: dict[str, Any] = {
        "fmt": fmt,
        "owner_id": state.owner_id,
        "dry_run": dry_run,
        "photos": photos,
        "progress": tick,
    }
    if path.is_dir():
        return import_folder(state.store, path, **options)
    if fmt is None and capture_import(state, path, dry_run, True, captured):
        return []
    report = import_file(state.store, path, **options)
    if fmt is None and path.suffix.lower() == ".zip":
        capture_import(state, path, dry_run, False, captured)  # messages.csv
    return [report]


def _print_outcome(
    state: State, reports: list[FileReport], failed: list[tuple[Path, TisserError]], dry_run: bool
) -> None:
    """Each file's report, each refused file's reason, and what is left to review."""
    for r in reports:
        _print_report(state, r)
    for path, error in failed:
        state.console.print(
            escape(
                _("{file}: not imported — {reason}").format(file=path, reason=error.one_line(_))
            ),
            style="red",
        )
    if dry_run:
        state.console.print(_("Dry run: nothing was written."))
    likely = sum(len(r.likely) for r in reports)
    if likely and not dry_run:
        state.console.print(
            ngettext(
                "{count} possible duplicate to review: tisser duplicates",
                "{count} possible duplicates to review: tisser duplicates",
                likely,
            ).format(count=likely)
        )


def _report_json(r: FileReport) -> dict[str, Any]:
    return {
        "path": r.path,
        "format": r.fmt,
        "read": r.read,
        "added": r.added,
        "updated": r.updated,
        "merged": r.merged,
        "unchanged": r.unchanged,
        "refused": r.refused,
        "links": r.links,
        "dry_run": r.dry_run,
        "problems": [
            {
                "file": p.file or r.path,
                "card": p.card,
                "line": p.line,
                "refused": p.refused,
                "message": p.render(_),
            }
            for p in r.problems
        ],
        "possible_duplicates": [{"a": a, "b": b, "score": round(s, 1)} for a, b, s in r.likely],
    }


def _print_report(state: State, r: FileReport) -> None:
    counts = _(
        "{file} ({format}): {read} read — {added} added, {updated} updated, {merged} merged, "
        "{unchanged} unchanged, {refused} refused; {links} links."
    ).format(
        file=r.path,
        format=format_label(r.fmt) or "?",
        read=r.read,
        added=r.added,
        updated=r.updated,
        merged=r.merged,
        unchanged=r.unchanged,
        refused=r.refused,
        links=r.links,
    )
    state.console.print(escape(counts))
    for p in r.problems[:SHOWN_PROBLEMS]:
        mark = _("refused") if p.refused else _("read in part") if p.card or p.line else _("note")
        line = _("  {where}: {message} [{mark}]").format(
            where=problem_place(p.file or r.path, p.card, p.line), message=p.render(_), mark=mark
        )
        state.console.print(
            escape(line),
            style="yellow" if p.refused else "dim",
        )
    hidden = len(r.problems) - SHOWN_PROBLEMS
    if hidden > 0:
        state.console.print(
            _("  … and {count} more (see them all with --json).").format(count=hidden)
        )


# --- export --------------------------------------------------------------------------------


@app.command(
    "export",
    help=N_(
        "Export your network: vCard (a folder with one .vcf per contact, as khard and "
        "vdirsyncer read, or one file if TARGET ends in .vcf), CSV, an Excel workbook (xlsx, "
        "columns in your language, importable again), JSON of all your data, GraphML or GEXF "
        "for Gephi."
    ),
)
def export_command(
    ctx: typer.Context,
    target: Annotated[
        Path, typer.Argument(help=N_("The file or folder to write ('-' for standard output)."))
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "vcard, csv, xlsx, json, graphml or gexf (default: from TARGET's suffix, "
                "else vcard)."
            ),
        ),
    ] = None,
    vcard_version: Annotated[
        int, typer.Option("--vcard-version", help=N_("vCard version: 4 (default) or 3."))
    ] = 4,
    photos: Annotated[
        bool,
        typer.Option("--photos/--no-photos", help=N_("Include photos (default).")),
    ] = True,
    archived: Annotated[
        bool,
        typer.Option("--archived/--no-archived", help=N_("Include archived contacts (default).")),
    ] = True,
) -> None:
    from tisser import export as exporting

    state: State = ctx.obj
    fmt = fmt or exporting.format_of(target)
    exporting.check_options(fmt, vcard_version)
    to_folder = (
        fmt == "vcard"
        and str(target) != "-"
        and target.suffix.lower()
        not in (
            ".vcf",
            ".vcard",
        )
    )
    if to_folder:
        count = _export_vcard_folder(state, target, vcard_version, photos, archived)
    else:
        done = exporting.export(
            state.store,
            state.owner_id,
            state.today,
            fmt,
            vcard_version=vcard_version,
            photos=photos,
            archived=archived,
        )
        _write_bytes(target, done.data)
        count = done.count
    if str(target) != "-":
        state.console.print(
            ngettext(
                "{count} contact exported to {target}.",
                "{count} contacts exported to {target}.",
                count,
            ).format(count=count, target=escape(str(target)))
        )


def _export_vcard_folder(
    state: State, target: Path, vcard_version: int, photos: bool, archived: bool
) -> int:
    from tisser import export as exporting
    from tisser.formats import vcard

    store = state.store
    people = exporting.people(store, state.owner_id, archived)
    cards = exporting.cards(store, state.owner_id, people, photos)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for c, uid, pic in cards:
            (target / exporting.card_filename(uid)).write_text(
                vcard.write_card(c, uid, f"{vcard_version}.0", pic), encoding="utf-8", newline=""
            )
    except OSError as exc:
        raise InvalidInput(
            N_("cannot write to {path}: {reason}"), path=str(target), reason=exc.strerror or exc
        ) from exc
    return len(cards)


def _write_bytes(target: Path, data: bytes) -> None:
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        return
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(
            N_("cannot write to {path}: {reason}"), path=str(target), reason=exc.strerror or exc
        ) from exc
