"""The first screen of an empty network offers imports first (#20), in both languages.

Importing is how everyone starts: the LinkedIn export, the phone's contacts, the mail's
address book, each with what the file is and where to get it, and a way to the Import page.
"""

from __future__ import annotations

import re

from tisser.store import Store
from web_helpers import client_for, web_store  # noqa: F401  (the `store` fixture)


def test_an_empty_network_starts_with_imports(store: Store) -> None:
    with client_for(store) as client:
        for lang, words in (
            ("fr", ["LinkedIn", "vCard", "Outlook", "Où le trouver", "Importer des fichiers"]),
            ("en", ["LinkedIn", "vCard", "Outlook", "Where to get it", "Import files"]),
        ):
            html = client.get("/", headers={"Accept-Language": lang}).text
            main = html.split('<main id="main"', 1)[1]
            for word in words:
                assert word in main, (lang, word)
            # the import comes before adding by hand or the demo
            assert main.index('href="/import"') < main.index('href="/contacts/new"')
            assert main.index('href="/import"') < main.index('action="/demo"')
            assert len(re.findall(r"<li>\s*<h3>", main)) == 3  # three sources, each explained
