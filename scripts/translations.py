"""Keep the French catalogue in step with the sources.

    python scripts/translations.py update          extract the sources, merge into the .po
    python scripts/translations.py todo [OUT.json] list untranslated msgids as a JSON skeleton
    python scripts/translations.py fill IN.json    write the translations of IN.json into the .po
    python scripts/translations.py union OTHER.po  take OTHER.po's translations for msgids that
                                                   are untranslated here (after a merge)

The JSON maps an English msgid to its French text; a plural entry is written with the
singular msgid as key and a list of the two French forms as value. ``tests/test_i18n.py``
fails on any untranslated or stale entry, so run ``update`` then ``todo`` after changing a
message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "src/tisser/i18n/tisser.pot"
PO = ROOT / "src/tisser/i18n/locale/fr/LC_MESSAGES/tisser.po"
BIN = Path(sys.executable).parent
# One line width for every writer of the catalogues (pybabel here, fill, the merge driver):
# with pybabel's 76 beside the others' 100, each run rewrapped a thousand lines.
WIDTH = ["-w", "100"]
EXTRACT = ["-F", "babel.cfg", "-k", "N_", "-k", "nsay:1,2", "--no-location", *WIDTH]
UPDATE = [
    *WIDTH,
    "-N",
    "--no-fuzzy-matching",
    "--ignore-obsolete",
    "-d",
    "src/tisser/i18n/locale",
    "-D",
    "tisser",
    "-l",
    "fr",
]


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="fr")


def _write(catalog: Catalog) -> None:
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True)


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def update() -> None:
    """Extract the marked messages and merge them into the French catalogue."""
    subprocess.run(
        [BIN / "pybabel", "-q", "extract", *EXTRACT, "-o", str(POT), "src"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [BIN / "pybabel", "-q", "update", *UPDATE, "-i", str(POT)],
        cwd=ROOT,
        check=True,
    )


def todo(out: Path | None) -> None:
    """Write (or print) the untranslated entries as a JSON skeleton to fill in."""
    pending: dict[str, str | list[str]] = {}
    for message in _read(PO):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            pending[_key(message.id)] = ["", ""] if isinstance(message.id, tuple) else ""
    text = json.dumps(pending, ensure_ascii=False, indent=1)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    print(f"{len(pending)} untranslated" + (f", written to {out}" if out else ""))
    if not out:
        print(text)


def fill(source: Path) -> None:
    """Copy the translations of ``source`` (JSON) into the catalogue."""
    given = json.loads(source.read_text(encoding="utf-8"))
    catalog = _read(PO)
    filled = 0
    for message in catalog:
        value = given.get(_key(message.id)) if message.id else None
        if not value:
            continue
        message.string = tuple(value) if isinstance(message.id, tuple) else value
        filled += 1
    _write(catalog)
    print(f"{filled} filled; {len(given) - filled} given msgids are not in the catalogue")


def union(other: Path) -> None:
    """Take ``other``'s translations for entries untranslated here."""
    theirs = {_key(m.id): m.string for m in _read(other) if m.id and m.string}
    catalog = _read(PO)
    taken = 0
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) and _key(message.id) in theirs:
            message.string = theirs[_key(message.id)]
            taken += 1
    _write(catalog)
    print(f"{taken} translations taken from {other}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"update", "todo", "fill", "union"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "update":
        update()
    elif command == "todo":
        todo(Path(rest[0]) if rest else None)
    elif command == "fill":
        fill(Path(rest[0]))
    else:
        union(Path(rest[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
