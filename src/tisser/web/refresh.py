"""Out-of-band refreshes: a write's htmx answer carries every fragment that shows derived state.

Logging a lunch from a contact page used to replace only the journal, so the card's badge still
said "never seen" and the "Why" panel "no interaction" until a reload (#20). The answer now
adds the card (marked ``hx-swap-oob``: htmx puts it in place of the page's ``#card``) and a
fresh placeholder of the "Why" panel, which reloads itself as it does when the page opens.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def out_of_band(html: str, element_id: str) -> str:
    """``html`` with ``hx-swap-oob="true"`` on its element ``id=element_id`` (the fragment's root).

    The fragment templates stay as they are (other pages include them in place)."""
    tag = re.compile(r'(<[a-z]+\b[^>]*\bid="' + re.escape(element_id) + r'")')
    marked, count = tag.subn(r'\1 hx-swap-oob="true"', html, count=1)
    if not count:
        raise ValueError(f"no element #{element_id} in the fragment")
    return marked


def why_placeholder(contact_id: int, link_text: str) -> Markup:
    """The "Why" panel as the contact page first shows it: it loads its content by itself."""
    url = f"/contacts/{int(contact_id)}/why"
    return Markup(
        f'<div id="why" hx-swap-oob="true" hx-get="{url}" hx-trigger="load" hx-swap="outerHTML">'
        f'<p><a href="{url}">{escape(link_text)}</a></p></div>'
    )
