"""A contact's address-book details as plain JSON values, and back.

The store keeps them in one JSON text column (``contacts.details``): addresses, typed
phones and e-mails, URLs, handles, related people and the vCard lines kept verbatim vary
in number and shape from one card to another, and are read and written with the contact,
never queried on their own. The JSON export and the merge snapshots use the same form.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from tisser.core.model import Address, Contact, Typed

DETAIL_FIELDS = ("addresses", "phone_info", "email_info", "urls", "ims", "related", "card")


def _typed(d: dict[str, Any]) -> Typed:
    return Typed(**{k: v for k, v in d.items() if k in _TYPED_KEYS})


def _address(d: dict[str, Any]) -> Address:
    return Address(**{k: v for k, v in d.items() if k in _ADDRESS_KEYS})


_TYPED_KEYS = {f.name for f in dataclasses.fields(Typed)}
_ADDRESS_KEYS = {f.name for f in dataclasses.fields(Address)}


def details(c: Contact) -> dict[str, Any]:
    """The details of ``c`` as JSON values; empty ones left out."""
    out: dict[str, Any] = {}
    if c.addresses:
        out["addresses"] = [dataclasses.asdict(a) for a in c.addresses]
    for name in ("phone_info", "email_info"):
        info = getattr(c, name)
        if info:
            out[name] = {k: dataclasses.asdict(v) for k, v in info.items()}
    for name in ("urls", "ims", "related"):
        if getattr(c, name):
            out[name] = [dataclasses.asdict(t) for t in getattr(c, name)]
    if c.card:
        out["card"] = c.card
    return out


def from_details(d: dict[str, Any] | None) -> dict[str, Any]:
    """The Contact field values of details read back (every detail field present)."""
    d = d or {}
    return {
        "addresses": [_address(a) for a in d.get("addresses", [])],
        "phone_info": {k: _typed(v) for k, v in d.get("phone_info", {}).items()},
        "email_info": {k: _typed(v) for k, v in d.get("email_info", {}).items()},
        "urls": [_typed(t) for t in d.get("urls", [])],
        "ims": [_typed(t) for t in d.get("ims", [])],
        "related": [_typed(t) for t in d.get("related", [])],
        "card": dict(d.get("card", {})),
    }


def dumps(c: Contact) -> str:
    """The details column of ``c``: "" when it has none (most contacts made in tisser)."""
    data = details(c)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data else ""


def loads(text: str | None) -> dict[str, Any]:
    """:func:`from_details` of a details column; a damaged one reads as no details."""
    if not text:
        return from_details(None)
    try:
        data = json.loads(text)
    except ValueError:
        return from_details(None)
    return from_details(data if isinstance(data, dict) else None)
