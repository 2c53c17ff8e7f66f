"""``tisser carddav``: two-way sync with a CardDAV address book (Nextcloud, Radicale,
Baïkal, iCloud, Google, Fastmail; the phone through DAVx5 or iOS Contacts).

Its own small command group for now; once ``tisser sources`` lands (the capture issue), a
CardDAV book becomes one kind of source there and these commands its aliases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _, ngettext

if TYPE_CHECKING:
    from tisser.app.context import State

carddav = typer.Typer(
    help=N_("Two-way sync with a CardDAV address book (Nextcloud, iCloud, Google, a phone)."),
    no_args_is_help=True,
)
app.add_typer(carddav, name="carddav")


def _password(state: State, url: str, user: str, ask: bool) -> str:
    from tisser.app.carddav import saved_password

    found = saved_password(url, user)
    if found:
        return found
    if not ask:
        raise InvalidInput(
            N_("no password for {user} on this machine"),
            hint=N_("set TISSER_CARDDAV_PASSWORD, or run tisser carddav add again"),
            user=user,
        )
    return str(typer.prompt(_("Password for {user}").format(user=user), hide_input=True))


@carddav.command("add", help=N_("Connect an address book: its server address and your user name."))
def add_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help=N_("The server's CardDAV address (https://...)."))],
    user: Annotated[str, typer.Option("--user", "-u", help=N_("Your user name on the server."))],
    book: Annotated[
        str | None, typer.Option("--book", help=N_("The address book's name, if several."))
    ] = None,
) -> None:
    from tisser.app.carddav import save_password
    from tisser.dav.client import CardDav

    state: State = ctx.obj
    password = _password(state, url, user, ask=True)
    books = CardDav(url, user, password).discover()
    chosen = [b for b in books if book in (None, b.name, b.url)]
    if len(chosen) != 1:
        state.console.print(_("Address books found:"))
        for b in books:
            state.console.print(f"  {escape(b.name)} — {escape(b.url)}")
        raise InvalidInput(
            N_("choose the address book with --book NAME"),
            hint=N_("tisser carddav add URL --user NAME --book Contacts"),
        )
    (picked,) = chosen
    book_id = state.store.add_book(picked.url, user, picked.name, state.owner_id)
    kept = save_password(picked.url, user, password)
    state.console.print(
        _("Address book #{id} connected: {name}. Sync it with: tisser carddav sync").format(
            id=book_id, name=escape(picked.name)
        )
    )
    if not kept:
        state.console.print(
            _("No system keyring here: give the password in TISSER_CARDDAV_PASSWORD.")
        )


@carddav.command("list", help=N_("The connected address books."))
def list_command(ctx: typer.Context) -> None:
    state: State = ctx.obj
    books = state.store.books(state.owner_id)
    if not books:
        state.console.print(_("No address book yet: tisser carddav add URL --user NAME"))
    for b in books:
        state.console.print(f"#{b.id} {escape(b.name)} — {escape(b.url)} ({escape(b.username)})")


@carddav.command("sync", help=N_("Sync every connected address book both ways."))
def sync_command(
    ctx: typer.Context,
    delete_erased: Annotated[
        bool,
        typer.Option(
            "--delete-erased",
            help=N_("Also delete on the server the cards of contacts erased in tisser."),
        ),
    ] = False,
) -> None:
    from tisser.app.carddav import sync
    from tisser.dav.client import CardDav

    state: State = ctx.obj
    store = state.store
    books = store.books(state.owner_id)
    if not books:
        raise InvalidInput(
            N_("no address book connected"), hint=N_("tisser carddav add URL --user NAME")
        )
    for b in books:
        dav = CardDav(b.url, b.username, _password(state, b.url, b.username, ask=True))
        done = sync(store, dav, b, state.owner_id, delete_erased=delete_erased)
        state.console.print(
            _(
                "{name}: {added} added, {updated} updated, {pushed} sent, {archived} archived, "
                "{conflicts} to review ({requests} requests)"
            ).format(
                name=escape(b.name),
                added=done.added,
                updated=done.updated,
                pushed=done.pushed,
                archived=done.archived,
                conflicts=done.conflicts,
                requests=done.requests,
            )
        )
        for p in done.problems:
            state.console.print(f"  {escape(p.file)}: {escape(p.render(_))}")
        if done.pending_deletes:
            state.console.print(
                ngettext(
                    "{n} card of a contact erased in tisser is still on the server: "
                    "tisser carddav sync --delete-erased deletes it",
                    "{n} cards of contacts erased in tisser are still on the server: "
                    "tisser carddav sync --delete-erased deletes them",
                    done.pending_deletes,
                ).format(n=done.pending_deletes)
            )


@carddav.command("conflicts", help=N_("The fields changed both in tisser and on the server."))
def conflicts_command(ctx: typer.Context) -> None:
    state: State = ctx.obj
    found = state.store.conflicts(state.owner_id)
    if not found:
        state.console.print(_("No conflict: everything synced."))
        return
    names = dict(state.store.contact_names(state.owner_id))
    for c in found:
        state.console.print(
            f"#{c.id} [bold]{escape(names.get(c.contact_id, '?'))}[/] — {escape(_field(c.field))}"
        )
        state.console.print(f"    tisser : {escape(c.local)}")
        state.console.print(f"    {escape(_('server'))} : {escape(c.remote)}")
    state.console.print(_("Settle one with: tisser carddav resolve ID --keep tisser|server"))


def _field(name: str) -> str:
    from tisser.app.carddav import GROUP_LABELS

    return _(GROUP_LABELS.get(name, name))


@carddav.command("resolve", help=N_("Settle a conflict, keeping tisser's value or the server's."))
def resolve_command(
    ctx: typer.Context,
    conflict: Annotated[int, typer.Argument(help=N_("The conflict's number."))],
    keep: Annotated[str, typer.Option("--keep", help=N_("tisser or server."))],
) -> None:
    from tisser.app.carddav import resolve

    state: State = ctx.obj
    contact = resolve(state.store, conflict, keep, state.owner_id)
    state.console.print(
        _("Settled for {name}; the next sync sends it.").format(name=escape(contact.display_name))
    )


@carddav.command("remove", help=N_("Disconnect an address book (nothing is deleted anywhere)."))
def remove_command(
    ctx: typer.Context, book: Annotated[int, typer.Argument(help=N_("The book's number."))]
) -> None:
    from tisser.app.carddav import forget_password

    state: State = ctx.obj
    found = state.store.book(book, state.owner_id)
    state.store.remove_book(found.id, state.owner_id)
    forget_password(found.url, found.username)
    state.console.print(_("Address book #{id} disconnected.").format(id=found.id))
