"""The mapped mbox reader against the line-by-line one it replaced (tests/mbox_reference.py):
the same messages, problems, places and cursors on awkward files, batch by batch and when
resumed from every cursor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mbox_reference import read_mbox as reference
from tisser.capture.mailfiles import HEADER_LIMIT, read_mbox


def _msg(n: int, eol: str = "\n", body: str = "body") -> str:
    return eol.join(
        [
            f"From x@y Thu Jan  1 00:00:0{n % 10} 2026",
            f"From: Zoé <z{n}@x.fr>",
            "To: me@x.fr,",
            "  other@x.fr",
            f"Date: Mon, {n % 27 + 1} Nov 2026 10:00:00 +0100",
            f"Message-ID: <m{n}@x>",
            "",
            body,
            "",
            "",
        ]
    )


FILES = {
    "plain": "".join(_msg(n) for n in range(7)),
    "crlf": "".join(_msg(n, "\r\n") for n in range(5)),
    "garbage first": "not an mbox line\nanother\n\n" + "".join(_msg(n) for n in range(3)),
    "blank lines first": "\n\r\n\n" + "".join(_msg(n) for n in range(3)),
    "From in bodies": "".join(
        _msg(n, body="line\nFrom here on, not a separator\n>From quoted\n\nFrom x after a blank")
        for n in range(4)
    ),
    "empty headers": "From a\n\nbody\n\nFrom b\nDate: Mon, 2 Nov 2026 10:00:00 +0100\n\n",
    "cut in the headers": _msg(1) + "From x\nFrom: a@b\nDate: Tue, 3 Nov 2026 10:0",
    "only a From line": "From x@y Thu Jan  1 00:00:00 2026",
    "huge header": _msg(1)
    + "From big\nX-Big: "
    + "y" * (HEADER_LIMIT + 10)
    + "\nDate: Wed, 4 Nov 2026 10:00:00 +0100\nMessage-ID: <big@x>\n\nb\n\n"
    + _msg(2),
    "no final newline": _msg(1) + _msg(2).rstrip("\n"),
    "empty": "",
}


# messages read, counted by hand: a "From " line after a blank line starts one, even in a
# body (mboxo's ambiguity: both readers agree on it), others do not
READ = {
    "plain": 7,
    "crlf": 5,
    "garbage first": 3,
    "blank lines first": 3,
    "From in bodies": 8,
    "empty headers": 2,
    "cut in the headers": 2,
    "only a From line": 1,
    "huge header": 3,
    "no final newline": 2,
    "empty": 0,
}


def _run(reader: Any, path: Path, state: dict[str, Any], batch: int) -> list[Any]:
    out = []
    for b in reader(path, state, batch=batch):
        messages = [
            (m.key, m.thread, m.at, m.sender, tuple(m.recipients), m.where, m.automated)
            for m in b.messages
        ]
        problems = [(p.where, p.message, p.params, p.reason) for p in b.problems]
        out.append((messages, b.state, b.read, problems))
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_mapped_reader_agrees_with_the_line_reader(name: str, tmp_path: Path) -> None:
    path = tmp_path / "m.mbox"
    path.write_bytes(FILES[name].encode("utf-8"))
    for batch in (1, 2, 1000):
        expected = _run(reference, path, {}, batch)
        assert _run(read_mbox, path, {}, batch) == expected, batch
        for _messages, state, _read, _problems in expected:  # resumed from each cursor
            assert _run(read_mbox, path, state, batch) == _run(reference, path, state, batch)
    read = sum(r for _messages, _state, r, _problems in _run(read_mbox, path, {}, 1000))
    assert read == READ[name]


@pytest.mark.parametrize("count", [2, 60])
def test_mail_appended_is_read_alone(count: int, tmp_path: Path) -> None:
    """A file that grew (a client appends) is read on from its cursor, small or not; one
    rewritten from its start is read again from the start."""
    path = tmp_path / "m.mbox"
    path.write_text("".join(_msg(n) for n in range(count)), encoding="utf-8")
    [*_, last] = read_mbox(path, {})
    with path.open("a", encoding="utf-8") as fh:
        fh.write(_msg(99))
    again = list(read_mbox(path, last.state))
    assert [m.key for b in again for m in b.messages] == [
        m.key for b in read_mbox(path, {}) for m in b.messages
    ][-1:]
    path.write_text(_msg(7) + _msg(8), encoding="utf-8")  # rewritten
    assert sum(b.read for b in read_mbox(path, again[-1].state)) == 2
