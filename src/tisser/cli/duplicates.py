"""``tisser duplicates``: review the people who may be in the network twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _
from tisser.present.labels import reason_label

if TYPE_CHECKING:
    from tisser.app.context import State

duplicates_app = typer.Typer(
    name="duplicates",
    help=N_(
        "People who may be in your network twice: list them, merge them (undoable), or keep "
        "them apart for good."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(duplicates_app)

COLUMNS = [
    Column("a_id", N_("#"), justify="right"),
    Column("a_name", N_("Name")),
    Column("b_id", N_("#"), justify="right"),
    Column("b_name", N_("Name")),
    Column("score", N_("Score"), justify="right"),
    Column("why", N_("Why")),
]


@duplicates_app.callback()
def duplicates_root(ctx: typer.Context) -> None:
    """Without a subcommand, list the likely duplicates."""
    if ctx.invoked_subcommand is None:
        _list(ctx.obj, None, None, "table")


@duplicates_app.command("list", help=N_("List the pairs that may be one person, best first."))
def list_command(
    ctx: typer.Context,
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", help=N_("Lowest score shown (0-100, default 80).")),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help=N_("Show at most this many pairs."))
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    _list(ctx.obj, min_score, limit, output_format(as_json, as_csv))


def _list(state: State, min_score: float | None, limit: int | None, fmt: str) -> None:
    from tisser.core.duplicates import LIKELY  # not at the top: it loads rapidfuzz

    found = state.store.likely_duplicates(
        state.owner_id, LIKELY if min_score is None else min_score
    )
    if limit is not None:
        found = found[:limit]
    rows: list[dict[str, Any]] = [
        {
            "a_id": p.a.id,
            "a_name": p.a.display_name,
            "b_id": p.b.id,
            "b_name": p.b.display_name,
            "score": round(p.candidate.score, 1),
            "reasons": list(p.candidate.reasons),
        }
        for p in found
    ]
    table = [{**r, "why": ", ".join(reason_label(x) for x in r["reasons"])} for r in rows]
    emit(
        rows,
        COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=table,
        empty=_("No likely duplicates."),
    )
    if fmt == "table" and rows:
        state.console.print(
            _(
                "Next: tisser duplicates merge #{a} #{b} (keeps #{a}), or tisser duplicates "
                "apart #{a} #{b}."
            ).format(a=rows[0]["a_id"], b=rows[0]["b_id"])
        )


@duplicates_app.command(
    "merge",
    help=N_(
        "Merge OTHER into KEEP: every e-mail, phone, interaction and link of both is kept. "
        "Undo with tisser duplicates undo."
    ),
)
def merge_command(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help=N_("The contact kept: a name, an e-mail or #id."))],
    other: Annotated[str, typer.Argument(help=N_("The contact merged into it and removed."))],
) -> None:
    state: State = ctx.obj
    a, b = state.contact(keep), state.contact(other)
    if a.id == b.id:
        raise InvalidInput(N_("a contact cannot be merged with itself"))
    merge_id = state.store.merge_contacts(a.id or 0, b.id or 0, state.owner_id)
    state.console.print(
        escape(
            _("Merged {other} into {keep} (merge {id}; undo: tisser duplicates undo).").format(
                other=f"#{b.id} {b.display_name}", keep=f"#{a.id} {a.display_name}", id=merge_id
            )
        )
    )


@duplicates_app.command("apart", help=N_("Say that two contacts are different people."))
def apart_command(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help=N_("A contact: a name, an e-mail or #id."))],
    second: Annotated[str, typer.Argument(help=N_("The other contact."))],
) -> None:
    state: State = ctx.obj
    a, b = state.contact(first), state.contact(second)
    if a.id == b.id:
        raise InvalidInput(N_("a contact cannot be kept apart from itself"))
    state.store.keep_apart(a.id or 0, b.id or 0, state.owner_id)
    state.console.print(
        escape(
            _("{a} and {b} will not be proposed as duplicates again.").format(
                a=f"#{a.id} {a.display_name}", b=f"#{b.id} {b.display_name}"
            )
        )
    )


@duplicates_app.command(
    "undo", help=N_("Undo a merge (the latest by default): both contacts come back as they were.")
)
def undo_command(
    ctx: typer.Context,
    merge_id: Annotated[
        int | None,
        typer.Argument(help=N_("The merge to undo (see --list).")),
    ] = None,
    show: Annotated[
        bool, typer.Option("--list", help=N_("List the merges that can be undone."))
    ] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    if show:
        rows = state.store.list_merges(state.owner_id)
        emit(
            rows,
            [
                Column("id", N_("Merge"), justify="right"),
                Column("kept", N_("Kept")),
                Column("merged", N_("Merged into it")),
                Column("merged_at", N_("When")),
            ],
            fmt=output_format(as_json, as_csv),
            console=state.console,
            empty=_("No merge to undo."),
        )
        return
    kept, restored, former = state.store.undo_merge(merge_id, state.owner_id)
    a = state.store.get_contact(kept, state.owner_id)
    b = state.store.get_contact(restored, state.owner_id)
    state.console.print(
        escape(
            _("Merge undone: {a} and {b} are two contacts again.").format(
                a=f"#{a.id} {a.display_name}", b=f"#{b.id} {b.display_name}"
            )
            + renumbered_note(former, restored)
        )
    )


def renumbered_note(former: int, restored: int) -> str:
    """What to add when the restored contact could not get its old id back."""
    if former == restored:
        return ""
    return " " + _("#{old} now belongs to a contact added since: restored as #{new}.").format(
        old=former, new=restored
    )
