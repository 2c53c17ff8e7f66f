"""``tisser serve --community``: the community server, many users with accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from tisser.app.context import State
from tisser.cli.app import app
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _

DEFAULT_PORT = 8766


@app.command("serve", help=N_("Run the community server (accounts, communities, rounds)."))
def serve_command(
    ctx: typer.Context,
    community: Annotated[
        bool, typer.Option("--community", help=N_("Serve the community application."))
    ] = False,
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help=N_("Port to listen on."))
    ] = DEFAULT_PORT,
    db: Annotated[
        str | None, typer.Option("--db", help=N_("Database file or URL of the server."))
    ] = None,
) -> None:
    if not community:
        raise InvalidInput(
            N_("tisser serve only runs the community server for now"),
            hint=N_("add --community, or use `tisser web` for your own network"),
        )
    import uvicorn

    from tisser.web.community.app import build_community_app

    state: State = ctx.obj
    if db:
        state.db = db
    application = build_community_app(state.store)
    shown = f"[{host}]" if ":" in host else host
    state.console.print(
        _("The community server is running at http://{host}:{port}/ — press Ctrl+C to stop.")
        .format(host=shown, port=port)
    )  # fmt: skip
    uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=True)
