"""IMAP, any provider: read-only, headers only, incremental per folder.

Each folder is opened with ``EXAMINE`` (``select_folder(readonly=True)``): nothing on the
server changes, not even the \\Seen flag, since headers are fetched with ``BODY.PEEK``. The
cursor is UIDVALIDITY and the last UID read per folder: a resync asks only for UIDs above it;
a changed UIDVALIDITY (the server renumbered the folder) reads the folder again, and the
Message-ID keys of :mod:`tisser.capture.sync` make that add nothing twice, as they do for
Gmail's "All Mail" beside "Sent". TLS (or STARTTLS) with the certificate and the host name
checked, always; the password is given by the caller and never kept, logged or shown.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from tisser.capture import filters as f
from tisser.capture.headers import FIELDS, POLICY, BadDate, digest, to_message
from tisser.capture.model import Batch, Message, Problem
from tisser.core.errors import N_, InvalidInput
from tisser.store.capture import SourceRecord

CHUNK = 500
TIMEOUT = 30.0
_PARSER = BytesHeaderParser(policy=POLICY)
HEADERS = ("BODY.PEEK[HEADER.FIELDS (" + " ".join(h.upper() for h in FIELDS) + ")]").encode()
# the key of the fetched headers in the server's answer
ANSWER = HEADERS.replace(b".PEEK", b"")


def _context(settings: dict[str, Any]) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=settings.get("cafile") or None)
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def connect(source: SourceRecord, password: str) -> IMAPClient:
    """A logged-in client, or an InvalidInput that names the host and what to do."""
    s = source.settings
    host = s.get("host") or source.location
    starttls = bool(s.get("starttls"))
    port = int(s.get("port") or (143 if starttls else 993))
    ctx = _context(s)
    where = f"{host}:{port}"
    try:
        client = IMAPClient(host, port=port, ssl=not starttls, ssl_context=ctx, timeout=TIMEOUT)
        if starttls:
            client.starttls(ctx)
    except ssl.SSLCertVerificationError as exc:
        raise InvalidInput(
            N_("the certificate of {host} is not trusted ({reason})"),
            where=source.name,
            hint=N_("check the server name; tisser never connects without a valid certificate"),
            host=where,
            reason=exc.verify_message or "verify failed",
        ) from None
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        raise InvalidInput(
            N_("cannot reach {host} ({error})"),
            where=source.name,
            hint=N_("check the server name, the port and your connection"),
            host=where,
            error=type(exc).__name__,
        ) from None
    try:
        client.login(s.get("user", ""), password)
    except LoginError:
        raise InvalidInput(
            N_("{host} refused the user name or the password"),
            where=source.name,
            hint=N_(
                "check them; Gmail and Outlook want an app password "
                "(see the README, section Capture)"
            ),
            host=where,
        ) from None
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        raise InvalidInput(
            N_("cannot reach {host} ({error})"),
            where=source.name,
            host=where,
            error=type(exc).__name__,
        ) from None
    return client


def folders_to_read(client: IMAPClient, wanted: list[str]) -> list[str]:
    """The folders asked for, else the Inbox, the Sent folder and Gmail's All Mail."""
    if wanted:
        return wanted
    found = ["INBOX"]
    for flags, _delim, name in client.list_folders():
        if any(fl in flags for fl in (b"\\Sent", b"\\All")) and name not in found:
            found.append(name)
    return found


def _lost(source: SourceRecord, host: str) -> InvalidInput:
    return InvalidInput(
        N_("the connection to {host} was lost during the sync"),
        where=source.name,
        hint=N_("what was read is kept; run tisser sync again to continue"),
        host=host,
    )


def read_imap(source: SourceRecord, password: str, chunk: int = CHUNK) -> Iterator[Batch]:
    """The new messages of each folder, ``chunk`` UIDs at a time, with the cursor after."""
    client = connect(source, password)
    host = str(source.settings.get("host") or source.location)
    state: dict[str, Any] = {"folders": dict(source.state.get("folders", {}))}
    try:
        try:
            names = folders_to_read(client, list(source.settings.get("folders") or []))
        except (OSError, IMAPClientError, imaplib.IMAP4.error):
            raise _lost(source, host) from None
        for name in names:
            yield from _folder(client, source, name, state, chunk, host)
    finally:
        with contextlib.suppress(OSError, IMAPClientError, imaplib.IMAP4.error):
            client.logout()


def _folder(
    client: IMAPClient,
    source: SourceRecord,
    name: str,
    state: dict[str, Any],
    chunk: int,
    host: str,
) -> Iterator[Batch]:
    folders = state["folders"]
    try:
        info = client.select_folder(name, readonly=True)
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        if isinstance(exc, imaplib.IMAP4.abort):
            raise _lost(source, host) from None
        problem = Problem(f"{source.name}/{name}", N_("folder not found on the server"))
        yield Batch([], {**state}, 0, [problem])
        return
    except OSError:
        raise _lost(source, host) from None
    validity = int(info.get(b"UIDVALIDITY", 0))
    cursor = folders.get(name, {})
    last = int(cursor.get("last_uid", 0)) if cursor.get("uidvalidity") == validity else 0
    try:
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
    except (OSError, IMAPClientError, imaplib.IMAP4.error):
        raise _lost(source, host) from None
    for start in range(0, len(uids), chunk):
        part = uids[start : start + chunk]
        try:
            answer = client.fetch(part, [HEADERS])
        except (OSError, IMAPClientError, imaplib.IMAP4.error):
            raise _lost(source, host) from None
        messages: list[Message] = []
        problems: list[Problem] = []
        for uid in part:
            data = answer.get(uid, {})
            raw = data.get(ANSWER) or next(
                (v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b""
            )
            where = f"{source.name}/{name} UID {uid}"
            try:
                msg = _PARSER.parsebytes(raw or b"")
                messages.append(to_message(msg, where, digest(f"{name}|{validity}|{uid}")))
            except BadDate:
                problems.append(
                    Problem(where, N_("no usable date: message left out"), reason=f.NO_DATE)
                )
            except Exception as exc:
                problems.append(
                    Problem(
                        where,
                        N_("headers not readable ({error}): message left out"),
                        {"error": type(exc).__name__},
                    )
                )
        folders[name] = {"uidvalidity": validity, "last_uid": part[-1]}
        yield Batch(messages, {"folders": dict(folders)}, len(part), problems, fetched=len(part))
    if not uids:
        folders[name] = {"uidvalidity": validity, "last_uid": last}
        yield Batch([], {"folders": dict(folders)}, 0)
