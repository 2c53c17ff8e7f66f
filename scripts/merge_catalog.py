"""Git merge driver for the message catalogues (tisser.pot, tisser.po).

Parallel branches each add messages to the same two files, so a plain text merge conflicts on
nearly every merge although nothing really clashes. This driver merges entry by entry:

- an entry added on either side is kept;
- a translation changed on one side only (compared with the common ancestor) takes that
  change; changed on both sides, ours wins and the merge still succeeds (the catalogue test and
  ``translations.py todo`` show what needs a look);
- an entry of the common ancestor that one side deleted (its message left that side's sources)
  is deleted, unless the other side changed its translation meanwhile: a union resurrected
  every such entry, and the catalogue test then failed on "entries no longer in the sources"
  after each rebase.

Enable it once per clone (``make merge-driver`` does it)::

    git config merge.catalog.driver '.venv/bin/python scripts/merge_catalog.py %O %A %B'

with ``*.po merge=catalog`` and ``*.pot merge=catalog`` in ``.gitattributes``.
Exit status 0 means merged (the result is written over %A); 1 means it could not read a side,
and git then reports a conflict as usual.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as f:
        return read_po(f, locale="fr")


def merge(base: Catalog, ours: Catalog, theirs: Catalog) -> Catalog:
    """Return ``ours`` with ``theirs``' additions, deletions and one-sided translation changes."""
    for message in list(ours):
        old = base.get(message.id, message.context) if message.id else None
        gone = old is not None and theirs.get(message.id, message.context) is None
        if gone and message.string == old.string:  # theirs deleted it, ours left it alone
            ours.delete(message.id, message.context)
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        old = base.get(message.id, message.context)
        if mine is None:
            if old is None or old.string != message.string:  # new, or not deleted by ours
                ours[message.id] = message
            continue
        theirs_changed = old is None or old.string != message.string
        ours_changed = old is not None and old.string != mine.string
        if theirs_changed and not ours_changed and message.string:
            mine.string = message.string
            mine.flags = set(message.flags)
    return ours


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: merge_catalog.py BASE OURS THEIRS", file=sys.stderr)
        return 2
    base_path, ours_path, theirs_path = argv
    try:
        base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    except Exception as exc:  # noqa: BLE001 - any unreadable side: let git show a conflict
        print(f"merge_catalog: cannot read a side ({exc}); leaving a conflict", file=sys.stderr)
        return 1
    merged = merge(base, ours, theirs)
    with Path(ours_path).open("wb") as f:
        write_po(f, merged, width=100, omit_header=False, no_location=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
