"""Giving first: offers and needs, the introductions to make, the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.core import ledger, pairs
from tisser.core.errors import N_, InvalidInput
from tisser.core.introductions import (
    Offer,
    OfferKind,
)
from tisser.core.model import Contact
from tisser.core.names import fold
from tisser.i18n import _
from tisser.present.dates import human_date
from tisser.present.reach import (
    reason_text,
    score_text,
)

if TYPE_CHECKING:
    from tisser.app.context import State

Who = Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))]
Text = Annotated[list[str], typer.Argument(help=N_("What, in a few words."))]


def _add(state: State, who: str, words: list[str], kind: OfferKind) -> None:
    c = state.contact(who)
    saved = state.store.add_offer(
        Offer(contact_id=c.id or 0, kind=kind, text=" ".join(words), owner_id=state.owner_id)
    )
    message = (
        _("Noted (#{id}): {name} offers “{text}”.")
        if kind is OfferKind.OFFER
        else _("Noted (#{id}): {name} needs “{text}”.")
    )
    state.console.print(
        escape(message.format(id=saved.id, name=c.display_name, text=saved.text)),
        highlight=False,
    )


@app.command(
    "offer",
    help=N_('Note what a contact can offer: tisser offer "Marc Petit" advice on export to Japan.'),
)
def offer_command(ctx: typer.Context, who: Who, words: Text) -> None:
    _add(ctx.obj, who, words, OfferKind.OFFER)


@app.command("need", help=N_('Note what a contact is looking for: tisser need "Marc Petit" a CTO.'))
def need_command(ctx: typer.Context, who: Who, words: Text) -> None:
    _add(ctx.obj, who, words, OfferKind.NEED)


OFFER_COLUMNS = [
    Column("id", N_("#"), "dim", "right"),
    Column("kind", N_("Kind")),
    Column("name", N_("Name"), "bold"),
    Column("text", N_("What")),
    Column("since", N_("Since")),
]


@app.command("offers", help=N_("List the offers and needs of your contacts, or close one."))
def offers_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None, typer.Argument(help=N_("Only those holding these words."))
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=N_("Only offers or only needs: offer, need."))
    ] = None,
    close: Annotated[
        int | None,
        typer.Option("--close", help=N_("Close this offer or need (met, or no longer current).")),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help=N_("Include closed ones."))] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    if close is not None:
        done = state.store.close_offer(close, state.owner_id)
        state.console.print(_("Closed #{id}: “{text}”.").format(id=done.id, text=escape(done.text)))
        return
    fmt = output_format(as_json, as_csv)
    chosen: OfferKind | None = None
    if kind:
        folded = fold(kind).strip()
        if folded in ("offer", "offre", "offers", "offres"):
            chosen = OfferKind.OFFER
        elif folded in ("need", "besoin", "needs", "besoins"):
            chosen = OfferKind.NEED
        else:
            raise InvalidInput(N_("{kind!r} is not offer or need"), kind=kind)
    items = state.store.offers(state.owner_id, kind=chosen, include_closed=all_)
    if words:
        wanted = [fold(w) for w in words]
        items = [o for o in items if all(w in fold(o.text) for w in wanted)]
    names = dict(state.store.contact_names(state.owner_id))
    rows = [
        {
            "id": o.id,
            "kind": o.kind,
            "contact_id": o.contact_id,
            "name": names.get(o.contact_id, "?"),
            "text": o.text,
            "since": o.created_at,
            "closed": o.closed_at,
        }
        for o in items
    ]
    shown = [{**r, "kind": _("offer") if r["kind"] is OfferKind.OFFER else _("need")} for r in rows]
    emit(
        rows,
        OFFER_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Offers and needs"),
        empty=_('No offer or need noted yet: tisser offer "Marc Petit" advice on export.'),
    )


# --- introductions to make ---------------------------------------------------------------


PAIR_COLUMNS = [
    Column("n", N_("#"), "dim", "right"),
    Column("a", N_("Contact"), "bold"),
    Column("b", N_("Should meet"), "bold"),
    Column("why", N_("Why")),
    Column("score", N_("Score"), justify="right"),
]


@app.command(
    "introductions",
    help=N_(
        "Give first: pairs of your contacts who should meet (a need meets an offer, shared "
        "interests, different worlds), never people who already know each other."
    ),
)
def introductions_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help=N_("Show at most this many."))] = 10,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    from tisser.app.reach import known_pairs, load_network

    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    net = load_network(state)
    offers = [o for items in net.offers.values() for o in items]
    found = pairs.suggest(net.contacts.values(), net.ties, offers, known_pairs(state), limit)
    names = {cid: c.display_name for cid, c in net.contacts.items()}
    rows, shown = [], []
    for n, p in enumerate(found, start=1):
        why = [reason_text(r, names) for r in p.reasons]
        rows.append(
            {
                "rank": n,
                "a_id": p.a.id,
                "a": p.a.display_name,
                "b_id": p.b.id,
                "b": p.b.display_name,
                "score": p.score,
                "reasons": [{"kind": r.kind, "detail": r.detail} for r in p.reasons],
                "why": why,
            }
        )
        shown.append(
            {
                "n": n,
                "a": _role(p.a),
                "b": _role(p.b),
                "why": "; ".join(why),
                "score": score_text(p.score),
            }
        )
    emit(
        rows,
        PAIR_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Introductions to make"),
        empty=_("No introduction to suggest yet: note offers and needs with `tisser offer`."),
    )
    if fmt == "table" and found:
        p = found[0]
        state.console.print(
            escape(
                _('Next: tisser intro propose "{a}" "{b}"').format(
                    a=p.a.display_name, b=p.b.display_name
                )
            )
        )


def _role(c: Contact) -> str:
    role = ", ".join(p for p in (c.position, c.organization) if p)
    return f"{c.display_name}\n{role}" if role else c.display_name


# --- the ledger ------------------------------------------------------------------------------

LEDGER_COLUMNS = [
    Column("date", N_("Date")),
    Column("name", N_("Name"), "bold"),
    Column("direction", N_("Help")),
    Column("kind", N_("Kind")),
    Column("text", N_("What")),
]


@app.command(
    "ledger",
    help=N_("The introductions and recommendations you gave and received, with each person."),
)
def ledger_command(
    ctx: typer.Context,
    who: Annotated[
        str | None, typer.Argument(help=N_("Only this contact (a name, an e-mail or #id)."))
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=N_("Show at most this many."))] = 30,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    from tisser.store import ContactFilter

    people = state.store.list_contacts(ContactFilter(include_archived=True), state.owner_id)
    names = {c.id: c.display_name for c in people if c.id is not None}
    items = ledger.entries(
        state.interactions(), state.store.list_introductions(state.owner_id), people, names
    )
    if who:
        one = state.contact(who).id
        items = [e for e in items if e.contact_id == one]
    totals = ledger.balance(items)
    given = sum(g for g, _r in totals.values())
    received = sum(r for _g, r in totals.values())
    items = items[:limit]
    kinds = {"introduction": _("introduction"), "recommendation": _("recommendation")}
    directions = {"gave": _("I gave"), "received": _("I received")}
    rows: list[dict[str, Any]] = [
        {
            "date": e.day,
            "contact_id": e.contact_id,
            "name": names.get(e.contact_id, "?"),
            "direction": e.direction,
            "kind": e.kind,
            "text": e.text,
        }
        for e in items
    ]
    shown = [
        {
            **r,
            "date": human_date(r["date"]),
            "direction": directions[r["direction"]],
            "kind": kinds[r["kind"]],
        }
        for r in rows
    ]
    emit(
        rows,
        LEDGER_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Introductions and recommendations: {given} given, {received} received").format(
            given=given, received=received
        ),
        empty=_("Nothing in the ledger yet."),
    )
