"""Introductions with double opt-in: propose, ask each side, connect, follow up.

Seed 000 §10: we propose or recommend, we never impose. Nobody is connected before both
sides said yes (:mod:`tisser.core.introductions`); each step that involves someone is logged
as help the user gave, and the drafts of every message are printed, never sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.giving import Text
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.cli.reach import Language, draft_language
from tisser.core import drafts
from tisser.core.errors import N_, InvalidInput
from tisser.core.introductions import (
    NEXT_STEP,
    Introduction,
)
from tisser.i18n import _
from tisser.present.reach import (
    STATUS_LABELS,
    draft_reason,
    in_language,
    reason_text,
    short_role,
)

if TYPE_CHECKING:
    from tisser.app.context import State

# --- the double opt-in workflow -----------------------------------------------------------

INTRO_HELP = N_(
    "Introduce two contacts with double opt-in: propose, asked-a, asked-b, agreed, "
    "introduced, outcome (or declined); list shows where each stands."
)
intro_app = typer.Typer(help=INTRO_HELP)
app.add_typer(intro_app, name="intro")


@intro_app.callback(invoke_without_command=True, help=INTRO_HELP)
def intro_root(ctx: typer.Context) -> None:
    """Without a step, show the steps (the group's help)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


IntroId = Annotated[int, typer.Argument(help=N_("The introduction's number (see intro list)."))]


@intro_app.command("propose", help=N_("Propose to introduce two contacts; prints both drafts."))
def propose_command(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help=N_("One contact."))],
    second: Annotated[str, typer.Argument(help=N_("The contact they should meet."))],
    reason: Annotated[
        str | None, typer.Option("--reason", "-r", help=N_("Why they should meet."))
    ] = None,
    language: Language = None,
) -> None:
    from tisser.app.reach import draft_context, known_pairs, load_network, reasons_for

    state: State = ctx.obj
    lang = draft_language(language)
    a, b = state.contact(first), state.contact(second)
    if a.id == b.id:
        raise InvalidInput(N_("an introduction needs two different people"))
    known = known_pairs(state)
    key = (min(a.id or 0, b.id or 0), max(a.id or 0, b.id or 0))
    if key in {(lk.a_id, lk.b_id) for lk in state.store.all_links(state.owner_id)}:
        raise InvalidInput(
            N_("{a} and {b} already know each other"),
            hint=N_("introductions are for people who have not met"),
            a=a.display_name,
            b=b.display_name,
        )
    if key in known:
        raise InvalidInput(
            N_("an introduction between {a} and {b} is already recorded"),
            hint=N_("see `tisser intro list`"),
            a=a.display_name,
            b=b.display_name,
        )
    net = load_network(state)
    found = reasons_for(net, a, b)
    names = {a.id or 0: a.display_name, b.id or 0: b.display_name}
    why = reason.strip() if reason else "; ".join(reason_text(r, names) for r in found)
    intro = state.store.add_introduction(
        Introduction(a_id=a.id or 0, b_id=b.id or 0, owner_id=state.owner_id, reason=why)
    )
    state.console.print(
        escape(
            _("Introduction #{id} proposed: {a} ↔ {b}.").format(
                id=intro.id, a=a.display_name, b=b.display_name
            )
        )
    )
    for one, other in ((a, b), (b, a)):
        title = _("Draft to {name}:").format(name=one.display_name)
        state.console.print(f"\n[bold]{escape(title)}[/]")
        own, said = "", reason.strip() if reason else ""
        if not reason:
            with in_language(lang):
                own, said = draft_reason(found, one, names)
        text = drafts.intro_ask(
            draft_context(state, net, one, lang),
            other.display_name,
            short_role(other),
            said,
            lang,
            own_need=own,
        )
        state.console.print(escape(text), highlight=False)
    state.console.print(
        "\n"
        + _("Double opt-in: ask {a} first, then: tisser intro asked-a {id}").format(
            a=escape(a.display_name), id=intro.id
        )
    )


def _step(state: State, intro_id: int, step: str, outcome: str | None = None) -> Introduction:
    from tisser.app.reach import advance_introduction

    saved, a, b = advance_introduction(state, intro_id, step, outcome)
    state.console.print(
        escape(
            _("Introduction #{id} ({a} ↔ {b}): {status}.").format(
                id=intro_id,
                a=a.display_name,
                b=b.display_name,
                status=_(STATUS_LABELS[saved.status]),
            )
        )
    )
    return saved


@intro_app.command("asked-a", help=N_("You asked the first person; logged as help you gave."))
def asked_a_command(ctx: typer.Context, intro_id: IntroId) -> None:
    _step(ctx.obj, intro_id, "asked-a")


@intro_app.command("asked-b", help=N_("You asked the second person; logged as help you gave."))
def asked_b_command(ctx: typer.Context, intro_id: IntroId) -> None:
    _step(ctx.obj, intro_id, "asked-b")


@intro_app.command("agreed", help=N_("Both said yes; prints the introduction draft."))
def agreed_command(ctx: typer.Context, intro_id: IntroId, language: Language = None) -> None:
    state: State = ctx.obj
    lang = draft_language(language)
    intro = _step(state, intro_id, "agreed")
    a = state.store.get_contact(intro.a_id, state.owner_id)
    b = state.store.get_contact(intro.b_id, state.owner_id)
    profile = state.store.get_profile(state.owner_id)
    me = " ".join(p for p in ((profile.given_name, profile.family_name) if profile else ()) if p)
    text = drafts.intro_message(
        a.given_name or a.display_name,
        short_role(a) or a.display_name,
        b.given_name or b.display_name,
        short_role(b) or b.display_name,
        intro.reason or "…",
        me,
        lang,
    )
    state.console.print(escape(text), highlight=False)
    state.console.print(_("Once sent: tisser intro introduced {id}").format(id=intro_id))


@intro_app.command(
    "introduced", help=N_("You introduced them; logged, and they now know each other.")
)
def introduced_command(ctx: typer.Context, intro_id: IntroId) -> None:
    _step(ctx.obj, intro_id, "introduced")


@intro_app.command("outcome", help=N_("What came of the introduction."))
def outcome_command(ctx: typer.Context, intro_id: IntroId, words: Text) -> None:
    _step(ctx.obj, intro_id, "outcome", " ".join(words))


@intro_app.command("declined", help=N_("One of them said no: the introduction stops here."))
def declined_command(ctx: typer.Context, intro_id: IntroId) -> None:
    _step(ctx.obj, intro_id, "declined")


INTRO_COLUMNS = [
    Column("id", N_("#"), "dim", "right"),
    Column("a", N_("Contact"), "bold"),
    Column("b", N_("Should meet"), "bold"),
    Column("status", N_("Status")),
    Column("next", N_("Next step")),
    Column("outcome", N_("Outcome")),
]


@intro_app.command("list", help=N_("List your introductions and where each stands."))
def list_intros_command(
    ctx: typer.Context, as_json: JsonFlag = False, as_csv: CsvFlag = False
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    names = dict(state.store.contact_names(state.owner_id))
    rows, shown = [], []
    for i in state.store.list_introductions(state.owner_id):
        step = NEXT_STEP[i.status]
        command = f"tisser intro {step} {i.id}" if step else ""
        rows.append(
            {
                "id": i.id,
                "a_id": i.a_id,
                "a": names.get(i.a_id, "?"),
                "b_id": i.b_id,
                "b": names.get(i.b_id, "?"),
                "status": i.status,
                "reason": i.reason,
                "outcome": i.outcome,
                "updated": i.updated_at,
                "next": command,
            }
        )
        shown.append({**rows[-1], "status": _(STATUS_LABELS[i.status])})
    emit(
        rows,
        INTRO_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Introductions"),
        empty=_("No introduction yet: see `tisser introductions`."),
    )
