"""Real servers on loopback for the tests: an SMTP inbox (aiosmtpd) and uvicorn in a thread.

The inbox keeps each message with its SMTP envelope: the recipients the mail server was
actually asked to deliver to, which is what a header injection changes.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    message: EmailMessage
    recipients: list[str]


@dataclass
class Inbox:
    """An aiosmtpd handler keeping every message and its envelope recipients."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(msg, list(envelope.rcpt_tos)))  # type: ignore[arg-type]
        return "250 OK"


def require(module: str) -> None:
    """Fail under CI, skip elsewhere, when a test dependency is missing."""
    try:
        __import__(module)
    except ImportError:
        reason = f"{module} is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@contextmanager
def smtp_inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """An SMTP server on loopback, and the ``TISSER_SMTP_*`` settings pointing at it."""
    require("aiosmtpd")
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("TISSER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TISSER_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("TISSER_SMTP_FROM", "club@tisser.fr")
    monkeypatch.setenv("TISSER_SMTP_STARTTLS", "false")  # the test server speaks plain SMTP
    try:
        yield inbox
    finally:
        controller.stop()


@contextmanager
def uvicorn_server(app: Any, **config: Any) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its URL."""
    import uvicorn

    port = free_port()
    config.setdefault("log_level", "warning")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
