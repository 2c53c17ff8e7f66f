"""``tisser serve --community``: the community server, many users with accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _

if TYPE_CHECKING:
    from tisser.app.context import State

DEFAULT_PORT = 8766
PORT_HINT = N_(
    "the community server may be running already: open http://127.0.0.1:{port}/, "
    "or choose another port with --port"
)


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
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help=N_(
                "Address users open, e.g. https://club.example.org: the links of every e-mail "
                "use it (default TISSER_PUBLIC_URL; required unless on loopback)."
            ),
        ),
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help=N_(
                "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable); "
                "without it the header is ignored."
            ),
        ),
    ] = None,
) -> None:
    if not community:
        raise InvalidInput(
            N_("tisser serve only runs the community server for now"),
            hint=N_("add --community, or use `tisser web` for your own network"),
        )
    import uvicorn

    from tisser.cli.web import check_port
    from tisser.web.community.app import build_community_app
    from tisser.web.community.public import public_url_for

    state: State = ctx.obj
    url = public_url_for(host, port, public_url)
    check_port(host, port, PORT_HINT)
    if db:
        state.db = db
    application = build_community_app(state.store, public_url=url)
    shown = f"[{host}]" if ":" in host else host
    state.console.print(
        _("The community server is running at http://{host}:{port}/ — press Ctrl+C to stop.")
        .format(host=shown, port=port)
    )  # fmt: skip
    uvicorn.run(application, host=host, port=port, **uvicorn_options(trusted_proxy or []))


def uvicorn_options(trusted_proxy: list[str]) -> dict[str, object]:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default: any local client could
    then pose as any address and dodge the per-address sign-in limit. Only the proxies
    named are believed."""
    proxies = [p.strip() for p in trusted_proxy if p.strip()]
    return {
        "log_level": "warning",
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies),
    }
