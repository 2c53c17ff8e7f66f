"""Files no one here wrote: the e-mails of CPython's own email tests and the calendars that
icalendar and recurring-ical-events ship with their tests, read from where they are
installed (nothing copied into this repository). Every one is read without a traceback, and
the messages kept are those a reader counts by hand: the ones with a Date header."""

from __future__ import annotations

import email
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tisser.capture.calendar import read_ics
from tisser.capture.mailfiles import read_eml


def _found(folder: Path | None, pattern: str) -> list[Path]:
    files = sorted(folder.rglob(pattern)) if folder and folder.is_dir() else []
    if not files:
        reason = f"no {pattern} sample files under {folder}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return files


def test_cpython_email_samples(tmp_path: Path) -> None:
    data = Path(email.__file__).parent.parent / "test" / "test_email" / "data"
    files = _found(data, "msg_*.txt")
    for f in files:
        shutil.copy(f, tmp_path / f"{f.stem}.eml")
    by_hand = sum(
        1 for f in files if re.search(rb"^Date:[ \t]*\S", f.read_bytes().split(b"\n\n")[0], re.M)
    )
    read = kept = dated = 0
    for batch in read_eml(tmp_path, {}):
        read += batch.read
        kept += len(batch.messages)
        dated += sum(1 for p in batch.problems if p.reason != "no_date")
    assert read == len(files)
    # a few samples carry a Date no parser accepts ("Sat, 17 Feb 2001 12:34:56 +0000 (GMT)"
    # parses; an empty or garbled one does not): kept <= by hand, and the rest are named
    assert kept + dated <= by_hand and kept >= by_hand - 3


def test_icalendar_samples() -> None:
    import icalendar
    import recurring_ical_events

    roots = [
        Path(icalendar.__file__).parent / "tests",
        Path(recurring_ical_events.__file__).parent / "test",
    ]
    files = [f for r in roots if r.is_dir() for f in sorted(r.rglob("*.ics"))]
    if not files:
        _found(None, "*.ics")
    now = datetime(2026, 12, 7, tzinfo=UTC)
    since = datetime(1990, 1, 1, tzinfo=UTC)
    read = problems = 0
    for f in files:
        for batch in read_ics(f, {"email:me@example.com"}, now, since):
            read += len(batch.messages)
            problems += len(batch.problems)
    assert read > 0 and read + problems > len(files) / 2


def test_header_scanner_agrees_with_the_stdlib_parser() -> None:
    """The mbox reader's own header scanner against the stdlib's feed parser (the reference),
    on every CPython sample, this repository's mail files and blocks made to be awkward."""
    from email.parser import BytesHeaderParser

    from tisser.capture.headers import POLICY, WANTED, raw_headers, scan_headers
    from tisser.capture.mailfiles import _read_headers

    data = Path(email.__file__).parent.parent / "test" / "test_email" / "data"
    files = _found(data, "msg_*.txt")
    files += sorted(Path(__file__).parent.rglob("*.eml"))
    blocks = []
    for f in files:
        with f.open("rb") as fh:
            blocks.append(_read_headers(fh)[0])
    blocks += [
        b"From: Ren\xe9 <r@x.fr>\r\nSubject: caf\xc3\xa9\r\n =?utf-8?q?suite?=\r\nDate: x\r\n",
        b"From a@b Mon Jan 1 00:00:00 2024\nTo: a@b\n\tc@d\nbroken line\nCc: e@f\n",
        b"Subject: one\rTo: lone@cr\r:empty: name\nSubject: second\nX-Tab:\tv \n",
        b"To:  \n  folded@only\nFrom: <a@b>",
    ]
    parser = BytesHeaderParser(policy=POLICY)
    for block in blocks:
        reference = raw_headers(parser.parsebytes(block))
        assert scan_headers(block) == reference, block[:200]
        # the mbox reader keeps the headers capture reads, the same values
        kept = {k: v for k, v in reference.items() if k in WANTED}
        assert scan_headers(block, WANTED) == kept, block[:200]
