"""``tisser web``: the web application on this machine, opened in the browser."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _

if TYPE_CHECKING:
    from tisser.app.context import State

DEFAULT_PORT = 8765
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_host(host: str) -> str:
    """``host`` if it is this machine only: there is no login, so nothing else may connect."""
    if host in LOOPBACK or host.startswith("127."):
        return host
    raise InvalidInput(
        N_("tisser web only listens on this machine (127.0.0.1), not on {host!r}"),
        hint=N_("there is no login in local mode; use --host 127.0.0.1"),
        host=host,
    )


WEB_PORT_HINT = N_(
    "tisser web may be running already: open http://127.0.0.1:{port}/, "
    "or choose another port with --port"
)


def check_port(host: str, port: int, hint: str = WEB_PORT_HINT) -> None:
    """Refuse a port already taken, before saying that tisser runs there.

    Most often it is tisser itself, started earlier in another terminal: the browser can
    simply open that one. Without this check the server would print its address, then
    stop with the server library's own error (in English, with an errno). ``hint`` says
    what to do for the server at hand (`tisser web` or `tisser serve`).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError:
            raise InvalidInput(
                N_("port {port} is already in use on this machine"),
                hint=hint,
                port=port,
            ) from None


@app.command("web", help=N_("Open tisser in your browser (a local web application)."))
def web_command(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help=N_("Port to listen on."))
    ] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option("--host", help=N_("Address to listen on (this machine only).")),
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help=N_("Do not open the browser."))
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            max=16,
            help=N_("Server processes (0: one per core, two at most)."),
        ),
    ] = 0,
) -> None:
    from tisser.web.app import build_app, default_workers, serve, serve_workers

    state: State = ctx.obj
    host = check_host(host)
    check_port(host, port)
    workers = default_workers(state.url, workers)
    store = state.store  # opened and migrated here, before any worker opens it
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    state.console.print(_("tisser is running at {url} — press Ctrl+C to stop.").format(url=url))
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    if workers == 1:
        serve(build_app(store, owner_id=state.owner_id, warm=True), host, port)
        return
    state.close()  # the workers open their own
    imports = Path(tempfile.mkdtemp(prefix="tisser-imports-"))
    try:
        serve_workers(state.url, host, port, workers, owner_id=state.owner_id, import_dir=imports)
    finally:
        shutil.rmtree(imports, ignore_errors=True)  # uploads are people's data
