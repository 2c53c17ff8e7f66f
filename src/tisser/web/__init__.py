"""The web application: tisser in a browser, over the same store as the CLI.

``tisser web`` serves it on http://127.0.0.1:8765 (see :mod:`tisser.cli.web`). FastAPI with
server-rendered Jinja2 pages (autoescaped) and htmx for partial updates; one router per
resource in :mod:`tisser.web.routers`, each thin: it parses the request, calls the core and
the store, renders a template. Local single-user mode: loopback only, no login, CSRF tokens
on every form (:mod:`tisser.web.security`).
"""

from __future__ import annotations

from tisser.web.app import create_app

__all__ = ["create_app"]
