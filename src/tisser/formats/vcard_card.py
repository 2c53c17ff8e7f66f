"""One person's vCard, as a phone shows it from a QR code, read into a :class:`CardReading`.

Minimal on purpose: ``tisser events met --vcard FILE`` needs the name, organisation, title,
e-mails, phones and web site of the one card someone just shared. Parsing is done by the
``vobject`` package (vCard 2.1, 3.0 and 4.0). tisser's full address-book import lives in
its own module; this one stays separate and small.
"""

from __future__ import annotations

from typing import Any

import vobject

from tisser.core.card_reading import CardReading, split_name
from tisser.core.errors import N_, InvalidInput


def _values(card: Any, name: str) -> list[str]:
    return [str(c.value).strip() for c in card.contents.get(name, []) if str(c.value).strip()]


def read_vcard(data: bytes | str, source: str) -> CardReading:
    """The first card of ``data``; InvalidInput naming ``source`` when none can be read."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    try:
        card = next(vobject.readComponents(text, ignoreUnreadable=True))
    except StopIteration:
        card = None
    except Exception as exc:  # vobject raises ParseError, ValueError...
        raise InvalidInput(
            N_("cannot read the vCard: {reason}"),
            where=source,
            hint=N_("share the contact again as a .vcf file"),
            reason=str(exc) or type(exc).__name__,
        ) from exc
    if card is None or card.name.upper() != "VCARD":
        raise InvalidInput(
            N_("no vCard in this file"),
            where=source,
            hint=N_("share the contact again as a .vcf file"),
        )
    reading = CardReading()
    n = card.contents.get("n")
    if n and (n[0].value.given or n[0].value.family):
        name = n[0].value
        given = " ".join(name.given) if isinstance(name.given, list) else str(name.given)
        family = " ".join(name.family) if isinstance(name.family, list) else str(name.family)
        reading.given_name, reading.family_name = given.strip(), family.strip()
    elif _values(card, "fn"):
        reading.given_name, reading.family_name = split_name(_values(card, "fn")[0])
    org = card.contents.get("org")
    if org:
        value = org[0].value
        reading.organization = (" ".join(value) if isinstance(value, list) else str(value)).strip()
    reading.position = next(iter(_values(card, "title") + _values(card, "role")), "")
    reading.emails = _values(card, "email")
    reading.phones = [p.removeprefix("tel:") for p in _values(card, "tel")]
    reading.website = next(iter(_values(card, "url")), "")
    if not reading.name:
        raise InvalidInput(
            N_("the vCard has no name"),
            where=source,
            hint=N_("share the contact again as a .vcf file"),
        )
    return reading
