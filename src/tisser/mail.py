"""Sending mail: SMTP settings from the environment or a TOML file, and the sending itself.

Settings, first found wins for each key: the environment (``TISSER_SMTP_HOST``, ``_PORT``,
``_USER``, ``_PASSWORD``, ``_FROM``, ``_TO``, ``_STARTTLS``, ``_CAFILE``), then the ``[smtp]``
table of the TOML file named by ``TISSER_CONFIG``::

    [smtp]
    host = "smtp.example.org"
    port = 587
    user = "helene"
    password = "…"
    from = "helene@example.org"
    to = "helene@example.org"
    starttls = true
    cafile = "/etc/ssl/my-ca.pem"   # only for a private certificate authority

STARTTLS is on by default (RFC 3207; port 587 submission, RFC 6409) and the server's
certificate is verified; no password is sent over a connection that is not encrypted.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from tisser.core.errors import N_, InvalidInput, TisserError

TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
FALSE = {"0", "false", "no", "off", "non", "faux"}


class MailError(TisserError):
    """The mail could not be sent (server unreachable, refused, TLS failure)."""

    exit_code = 6


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = ""
    to: str = ""
    starttls: bool = True
    cafile: str = ""


_CONTROL = dict.fromkeys([*range(0, 32), 127], " ")


def display_name(name: str) -> str:
    """``name`` fit for a header: control characters (NUL, CR, LF, tab) become spaces."""
    return " ".join(name.translate(_CONTROL).split())


def valid_email(text: str) -> str:
    """``text`` as one normalised e-mail address, or InvalidInput.

    A real parse (``email-validator``, RFC 5321/5322 and internationalised domains), not a
    check for "@": ``victim@x.org, attacker@evil.example`` is refused instead of mailing both.
    """
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise InvalidInput(
            N_("{email!r} is not an e-mail address"),
            hint=N_("write one address, e.g. claire@example.org"),
            email=text.strip(),
        ) from exc


def address(name: str, email: str) -> Address:
    """The ``To``/``From`` value for ``name`` at ``email``: quoted by the email package, so a
    name holding commas or angle brackets stays a name and adds no recipient; an ``email``
    that is not exactly one address is an InvalidInput."""
    try:
        return Address(display_name=display_name(name), addr_spec=email.strip())
    except (ValueError, IndexError) as exc:  # IndexError: the email package on "" parts
        raise InvalidInput(N_("{email!r} is not an e-mail address"), email=email.strip()) from exc


def mailbox(text: str) -> Address:
    """One address written ``Name <a@b>`` or ``a@b`` (from the settings) as a header value."""
    found = [(n, a) for n, a in getaddresses([text]) if a]
    if len(found) != 1:
        raise InvalidInput(N_("{email!r} is not an e-mail address"), email=text.strip())
    return address(*found[0])


def _flag(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise InvalidInput(
        N_("{value!r} is not yes or no"), where=where, hint=N_("write true or false"), value=value
    )


def _config_file(environ: Mapping[str, str]) -> dict[str, Any]:
    name = environ.get("TISSER_CONFIG", "").strip()
    if not name:
        return {}
    path = Path(name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read the configuration file: {reason}"),
            where=name,
            hint=N_("fix TISSER_CONFIG or unset it"),
            reason=exc.strerror or str(exc),
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            N_("the configuration file is not valid TOML: {reason}"),
            where=name,
            hint=N_("check its syntax"),
            reason=str(exc),
        ) from exc
    smtp = data.get("smtp", {})
    if not isinstance(smtp, dict):
        raise InvalidInput(N_("[smtp] must be a table"), where=name)
    return smtp


def smtp_settings(environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """The SMTP settings from ``environ`` (default ``os.environ``) and ``TISSER_CONFIG``."""
    env = os.environ if environ is None else environ
    file = _config_file(env)
    where = env.get("TISSER_CONFIG", "")

    def get(key: str, file_key: str | None = None) -> Any:
        value = env.get(f"TISSER_SMTP_{key.upper()}")
        if value is not None and value != "":
            return value
        return file.get(file_key or key)

    port_value = get("port")
    try:
        port = int(port_value) if port_value not in (None, "") else 587
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            N_("SMTP port {value!r} is not a number"),
            where=where,
            hint=N_("e.g. 587"),
            value=port_value,
        ) from exc
    if not 0 < port < 65536:
        raise InvalidInput(N_("SMTP port {value!r} is out of range"), where=where, value=port)
    starttls = get("starttls")
    return SmtpSettings(
        host=str(get("host") or ""),
        port=port,
        user=str(get("user") or ""),
        password=str(get("password") or ""),
        sender=str(get("from") or ""),
        to=str(get("to") or ""),
        starttls=True
        if starttls in (None, "")
        else _flag(starttls, where or "TISSER_SMTP_STARTTLS"),
        cafile=str(get("cafile") or ""),
    )


def check_settings(settings: SmtpSettings) -> None:
    """Refuse settings that cannot send, before any work is done (InvalidInput)."""
    if not settings.host:
        raise InvalidInput(
            N_("no SMTP server is set"),
            hint=N_("set TISSER_SMTP_HOST (or [smtp] host in TISSER_CONFIG), or use --to-file"),
        )
    if settings.user and not settings.starttls:
        raise InvalidInput(
            N_("refusing to send a password over an unencrypted connection"),
            hint=N_("turn STARTTLS on (TISSER_SMTP_STARTTLS=true)"),
        )


def send(message: EmailMessage, settings: SmtpSettings, timeout: float = 30.0) -> None:
    """Send ``message`` through the SMTP server of ``settings``; MailError when it fails."""
    send_all([message], settings, timeout)


def send_all(
    messages: Sequence[EmailMessage], settings: SmtpSettings, timeout: float = 30.0
) -> int:
    """Send ``messages`` over one SMTP connection (the digest, a round's invitations);
    returns how many were sent. The same ``TISSER_SMTP_*`` settings serve every sender."""
    check_settings(settings)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                context = ssl.create_default_context(cafile=settings.cafile or None)
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password)
            for message in messages:
                smtp.send_message(message)
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise MailError(
            N_("cannot send the mail through {host}:{port}: {reason}"),
            hint=N_("check the SMTP settings, or write the mail with --to-file"),
            host=settings.host,
            port=settings.port,
            reason=str(exc) or type(exc).__name__,
        ) from exc
    return len(messages)
