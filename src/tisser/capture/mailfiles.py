"""Mailbox files: mbox (Thunderbird, Google Takeout), Maildir (mutt, mbsync, offlineimap)
and ``.eml`` files, read for their headers only.

An mbox is streamed line by line: the header block of each message (up to the first blank
line, at most :data:`HEADER_LIMIT` bytes) is split into its fields by
:func:`~tisser.capture.headers.scan_headers` (the feed parser's rules, without building a
message), the body lines are skipped as they come, so memory stays that of one
header block whatever the file's size (``mailbox.mbox`` would first build a table of every
message). The cursor is the byte offset after the last whole batch, with the size and a
digest of the file's start: a file that was rewritten (compacted, replaced) is read again
from the start, which the seen keys make harmless. Maildir and ``.eml`` files are read one
file at a time through :mod:`mailbox` and their header lines only; their cursor is the
newest modification time read.
"""

from __future__ import annotations

import contextlib
import hashlib
import mailbox
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tisser.capture import filters as f
from tisser.capture.headers import BadDate, digest, from_raw, scan_headers
from tisser.capture.model import Batch, Message, Problem
from tisser.core.errors import N_

HEADER_LIMIT = 256 * 1024
BATCH = 2000


def _head(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.sha1(fh.read(4096)).hexdigest()


def _one(block: bytes, where: str) -> Message | Problem:
    try:
        return from_raw(scan_headers(block), where, lambda: digest(block.decode("latin-1")))
    except BadDate as exc:
        text = str(exc)
        if text == "no Date header":
            return Problem(where, N_("no Date header: message left out"), reason=f.NO_DATE)
        return Problem(
            where,
            N_("impossible date {date!r}: message left out"),
            {"date": text[:80]},
            reason=f.NO_DATE,
        )
    except Exception as exc:
        return Problem(
            where,
            N_("headers not readable ({error}): message left out"),
            {"error": type(exc).__name__},
        )


def _read_headers(fh: BinaryIO) -> tuple[bytes, bool]:
    """The header block at the file's position; True when it was cut by the limit."""
    lines = []
    size = 0
    for line in fh:
        if line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > HEADER_LIMIT:
            return b"".join(lines), True
        lines.append(line)
    return b"".join(lines), False


def read_mbox(path: Path, state: dict[str, Any], batch: int = BATCH) -> Iterator[Batch]:
    """The messages of an mbox from the cursor on, ``batch`` at a time."""
    size = path.stat().st_size
    head = _head(path)
    offset = int(state.get("offset", 0))
    count = int(state.get("count", 0))
    if state.get("head") != head or offset > size:
        offset, count = 0, 0
    with path.open("rb") as fh:
        fh.seek(offset)
        messages: list[Message] = []
        problems: list[Problem] = []
        read = 0
        block: list[bytes] | None = None
        in_headers = False
        start = offset
        pos = offset
        prev_blank = True

        def finish() -> None:
            nonlocal block, read
            if block is None:
                return
            item = _one(b"".join(block), f"{path.name}: message {count} (byte {start})")
            (messages if isinstance(item, Message) else problems).append(item)
            read += 1
            block = None

        while True:
            line = fh.readline()
            if not line:
                break
            here = pos
            pos += len(line)
            if line.startswith(b"From ") and prev_blank:
                finish()
                if len(messages) + len(problems) >= batch:
                    yield Batch(
                        messages,
                        {"offset": here, "count": count, "head": head, "size": size},
                        read,
                        problems,
                    )
                    messages, problems, read = [], [], 0
                count += 1
                start = here
                block, in_headers, hsize = [], True, 0
                prev_blank = False
                continue
            blank = line in (b"\n", b"\r\n")
            if in_headers and block is not None:
                if blank:
                    in_headers = False
                elif hsize + len(line) <= HEADER_LIMIT:
                    hsize += len(line)
                    block.append(line)
            prev_blank = blank
        finish()
        yield Batch(
            messages, {"offset": pos, "count": count, "head": head, "size": size}, read, problems
        )


def _files_batches(
    items: Iterator[tuple[str, Path]], state: dict[str, Any], batch: int, label: str
) -> Iterator[Batch]:
    since = float(state.get("mtime", 0.0))
    newest = since
    messages: list[Message] = []
    problems: list[Problem] = []
    read = 0
    for name, file in items:
        try:
            mtime = file.stat().st_mtime
            if mtime < since - 86400:  # a day's margin for clocks and copies
                continue
            with file.open("rb") as fh:
                block, _ = _read_headers(fh)
        except OSError as exc:
            problems.append(
                Problem(
                    f"{label}/{name}",
                    N_("cannot read the file ({error})"),
                    {"error": exc.strerror or type(exc).__name__},
                )
            )
            continue
        newest = max(newest, mtime)
        item = _one(block, f"{label}/{name}")
        (messages if isinstance(item, Message) else problems).append(item)
        read += 1
        if len(messages) + len(problems) >= batch:
            yield Batch(messages, {"mtime": since}, read, problems)
            messages, problems, read = [], [], 0
    yield Batch(messages, {"mtime": newest}, read, problems)


def read_maildir(path: Path, state: dict[str, Any], batch: int = BATCH) -> Iterator[Batch]:
    """The messages of a Maildir (and its sub-folders, Maildir++), headers only."""
    folders = [path]
    md = mailbox.Maildir(path, factory=None, create=False)
    with contextlib.suppress(OSError):
        folders += [path / f".{name}" for name in md.list_folders()]

    def items() -> Iterator[tuple[str, Path]]:
        for folder in folders:
            for sub in ("new", "cur"):  # the Maildir layout: one message per file
                try:
                    names = sorted(e.name for e in os.scandir(folder / sub) if e.is_file())
                except OSError:
                    continue
                for name in names:
                    if not name.startswith("."):
                        yield f"{folder.name}/{sub}/{name}", folder / sub / name

    yield from _files_batches(items(), state, batch, path.name)


def read_eml(path: Path, state: dict[str, Any], batch: int = BATCH) -> Iterator[Batch]:
    """One ``.eml`` file, or every ``.eml`` file under a folder."""
    if path.is_file():
        files = [path]
        base = path.parent
    else:
        base = path
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
    yield from _files_batches(
        ((os.path.relpath(p, base), p) for p in files), state, batch, base.name
    )


def is_mbox(path: Path) -> bool:
    """Whether a file starts like an mbox ("From " line)."""
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False
