"""Mailbox files: mbox (Thunderbird, Google Takeout), Maildir (mutt, mbsync, offlineimap)
and ``.eml`` files, read for their headers only.

An mbox is mapped into memory and its messages found by a regular expression (a "From "
line after a blank line, the rule of a line-by-line reader, tests/mbox_reference.py): the
header block of each message (up to the first blank line, at most :data:`HEADER_LIMIT`
bytes) is split into its fields by :func:`~tisser.capture.headers.scan_headers` (the feed
parser's rules, without building a message), the bodies are never split into lines nor
copied, and the pages read are given back to the system batch by batch, so memory stays
that of one batch whatever the file's size (``mailbox.mbox`` would first build a table of
every message). The cursor is the byte offset after the last whole batch, with the size and a
digest of the file's start: a file that was rewritten (compacted, replaced) is read again
from the start, which the seen keys make harmless. Maildir and ``.eml`` files are read one
file at a time through :mod:`mailbox` and their header lines only; their cursor is the
newest modification time read.
"""

from __future__ import annotations

import contextlib
import hashlib
import mailbox
import mmap
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tisser.capture import filters as f
from tisser.capture.headers import WANTED, BadDate, digest, from_raw, scan_headers
from tisser.capture.model import Batch, Message, Problem
from tisser.core.errors import N_

HEADER_LIMIT = 256 * 1024
BATCH = 2000


HEAD = 4096  # the bytes of a file's start its cursor keeps a digest of


def _head(path: Path, n: int = HEAD) -> str:
    with path.open("rb") as fh:
        return hashlib.sha1(fh.read(n)).hexdigest()


def _one(block: bytes, where: str) -> Message | Problem:
    try:
        return from_raw(scan_headers(block, WANTED), where, lambda: digest(block.decode("latin-1")))
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


_SEPARATOR = re.compile(rb"\n\r?\nFrom ")  # a "From " line after a blank line
_BLANK = re.compile(rb"\n\r?\n")  # a line's end, then a blank line


def _starts(mm: mmap.mmap, offset: int) -> Iterator[int]:
    """Where the messages of an mbox start (their "From " line) from ``offset`` on: at a
    line that follows a blank line, or the first non-blank line at ``offset``."""
    p = offset
    while mm[p : p + 2] == b"\r\n" or mm[p : p + 1] == b"\n":
        p += 1 if mm[p : p + 1] == b"\n" else 2
    if mm[p : p + 5] == b"From ":
        yield p
        p += 5
    for m in _SEPARATOR.finditer(mm, max(p - 2, offset)):
        yield m.end() - 5


def _header_block(mm: mmap.mmap, start: int, end: int) -> bytes:
    """The header lines of the message whose "From " line is at ``start`` (the next one at
    ``end``): up to the first blank line, at most :data:`HEADER_LIMIT` bytes of lines."""
    nl = mm.find(b"\n", start, end)
    if nl < 0:
        return b""
    blank = _BLANK.search(mm, nl, end)
    stop = blank.start() + 1 if blank else end
    block = mm[nl + 1 : stop]
    if len(block) <= HEADER_LIMIT:
        return block
    kept, size = [], 0  # lines past the limit left out, as they come
    for line in block.splitlines(keepends=True):
        if size + len(line) <= HEADER_LIMIT:
            size += len(line)
            kept.append(line)
    return b"".join(kept)


def _release(mm: mmap.mmap, done: int, upto: int) -> int:
    """Give the system back the pages read so far (where it allows it), so that a 2 GB
    file is not held in this process's memory once read; how far that is done."""
    upto -= upto % mmap.PAGESIZE
    if upto > done and hasattr(mmap, "MADV_DONTNEED"):
        mm.madvise(mmap.MADV_DONTNEED, done, upto - done)
        return upto
    return done


def read_mbox(path: Path, state: dict[str, Any], batch: int = BATCH) -> Iterator[Batch]:
    """The messages of an mbox from the cursor on, ``batch`` at a time. The file is mapped
    and its separators found by a regular expression: the bodies are never split into
    lines nor copied, and the pages read are given back batch by batch. A file cut short
    while it is read (another program truncating it in place, not the usual write-and-
    rename) stops the reading at the next batch, its cursor kept; within a batch, reading
    a page past the new end stops the process (the journal stays as after the last batch,
    and the next sync resumes)."""
    size = path.stat().st_size
    head = _head(path, min(HEAD, size))
    offset = int(state.get("offset", 0))
    count = int(state.get("count", 0))
    # the start the cursor saw: a small file that grew keeps its cursor (mail is appended)
    before = int(state.get("size", HEAD))
    seen = _head(path, before) if before < HEAD else _head(path)
    if state.get("head") != seen or offset > size:
        offset, count = 0, 0
    with path.open("rb") as fh:
        if size == 0:
            yield Batch([], {"offset": 0, "count": 0, "head": head, "size": 0}, 0, [])
            return
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            end = len(mm)
            messages: list[Message] = []
            problems: list[Problem] = []
            read = released = 0
            starts = _starts(mm, min(offset, end))
            here = next(starts, None)
            while here is not None:
                following = next(starts, None)
                if len(messages) + len(problems) >= batch:
                    cursor = {"offset": here, "count": count, "head": head, "size": size}
                    yield Batch(messages, cursor, read, problems)
                    messages, problems, read = [], [], 0
                    released = _release(mm, released, here)
                    if os.fstat(fh.fileno()).st_size < end:  # cut meanwhile: the next sync
                        return  # goes on from this cursor (or from the start if rewritten)
                count += 1
                block = _header_block(mm, here, end if following is None else following)
                item = _one(block, f"{path.name}: message {count} (byte {here})")
                (messages if isinstance(item, Message) else problems).append(item)
                read += 1
                here = following
            cursor = {"offset": end, "count": count, "head": head, "size": size}
            yield Batch(messages, cursor, read, problems)


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
