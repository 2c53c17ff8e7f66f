"""The line-by-line mbox reader that :func:`tisser.capture.mailfiles.read_mbox` replaced
(the file mapped, its separators found by a regular expression), kept as the reference
the new reader must agree with on awkward files (tests/test_capture_mbox_reader.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tisser.capture.mailfiles import BATCH, HEADER_LIMIT, _head, _one
from tisser.capture.model import Batch, Message, Problem


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
