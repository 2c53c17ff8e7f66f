"""French typography in the catalogue: a no-break space before ``: ; ! ?``, never a plain one.

Read with babel's parser (independent of tisser's own catalogue loader). A plain space lets
the punctuation wrap alone onto the next line; no space at all is English typography.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).parents[1] / "src/tisser/i18n/locale/fr/LC_MESSAGES/tisser.po"
# a plain space before the mark, or a letter glued to it and followed by a space (``Chemin: x``)
BAD = re.compile(r"\S [:;!?](?=\s|$)|[^\W\d_][:;!?](?=\s|$)")


def test_no_plain_space_before_french_punctuation() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    bad = []
    for message in catalog:
        if not message.id:
            continue  # the header
        english = "".join(message.id) if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for s in strings:
            # a mark copied verbatim from the English is input syntax (``e.g. fr; en``)
            bad += [s for m in BAD.finditer(s or "") if m.group() not in english]
    assert bad == [], bad
