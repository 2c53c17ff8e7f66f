"""The community server's public address: the only source of the links its e-mails carry.

A link built from the request (``request.base_url``) follows the ``Host`` header, which the
client chooses: ``POST /password/forgot`` with ``Host: evil.example`` would mail the victim a
genuine reset token on the attacker's site (OWASP Forgot Password cheat sheet, "host header
injection"). So every link of every mail starts with the configured public URL, and the
server answers only the host names of that URL (and loopback's, for the operator).

The URL comes from ``tisser serve --public-url``, else ``TISSER_PUBLIC_URL``, else
``public_url`` in the ``[server]`` table of the ``TISSER_CONFIG`` file. On loopback it may be
left out (the links then point at loopback); bound to any other address it is required.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from tisser.core.errors import N_, InvalidInput
from tisser.web.security import LOOPBACK_HOSTS

ENV = "TISSER_PUBLIC_URL"
LOOPBACK_NAMES = (*LOOPBACK_HOSTS, "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` only serves this machine."""
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _from_config(environ: Mapping[str, str]) -> str:
    name = environ.get("TISSER_CONFIG", "").strip()
    if not name:
        return ""
    try:
        data = tomllib.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""  # the settings' own reader reports a bad file with its line
    server = data.get("server", {})
    value = server.get("public_url", "") if isinstance(server, dict) else ""
    return str(value)


def configured_public_url(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The public URL of the option, the environment or the settings file ("" if none)."""
    env = os.environ if environ is None else environ
    return (option or env.get(ENV, "") or _from_config(env)).strip()


def check_public_url(url: str) -> str:
    """``url`` without its trailing slash, or InvalidInput when it is not an http(s) origin."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise InvalidInput(
            N_("{url!r} is not a public address for the server"),
            hint=N_("give the address users open, e.g. https://club.example.org"),
            url=url,
        )
    return url.strip().rstrip("/")


def public_url_for(host: str, port: int, option: str | None) -> str:
    """The public URL to serve with: the configured one, else loopback's when bound there."""
    url = configured_public_url(option)
    if url:
        return check_public_url(url)
    if not is_loopback(host):
        raise InvalidInput(
            N_("the server listens on {host} but has no public address"),
            hint=N_(
                "give --public-url https://… (or set TISSER_PUBLIC_URL): the links of "
                "the e-mails use it, never the address a visitor sends"
            ),
            host=host,
        )
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def trusted_hosts(public_url: str) -> tuple[str, ...]:
    """The ``Host`` names the server answers: the public URL's and loopback's."""
    name = urlsplit(public_url).hostname or ""
    return tuple(dict.fromkeys([name, *LOOPBACK_NAMES]))
