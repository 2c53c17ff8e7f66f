"""Contact fields as the user typed them, parsed and checked (``tisser add``/``edit`` and the
web's contact forms share one parser, so a date or a phone reads the same everywhere)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from tisser.core.dates import parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, Circle, Contact, Energy, RelationalProfile
from tisser.core.names import split_particle
from tisser.core.phones import normalize_phone
from tisser.present import labels

# The options add and edit share, by parameter name: both commands pass them to _apply.
CONTACT_OPTIONS = frozenset(
    {
        "given",
        "family",
        "organization",
        "position",
        "sector",
        "function",
        "seniority",
        "gender",
        "city",
        "country",
        "emails",
        "phones",
        "linkedin",
        "x_handle",
        "website",
        "met_on",
        "met_how",
        "met_channel",
        "met_through",
        "profile",
        "energy",
        "circle",
        "categories",
        "tags",
        "closeness",
        "notes",
    }
)


def apply_fields(
    contact: Contact,
    fields: dict[str, Any],
    *,
    today: date,
    region: str = "FR",
    resolve: Callable[[str], Contact],
) -> Contact:
    """``contact`` with ``fields`` (named as :data:`CONTACT_OPTIONS`) parsed and applied.

    Shared by the CLI's ``add``/``edit`` and the web forms. ``None`` leaves a field alone;
    ``resolve`` turns the "met through" text into a contact. Raises InvalidInput on the
    first value that does not parse.
    """
    text_fields = (
        "organization",
        "position",
        "sector",
        "function",
        "seniority",
        "gender",
        "city",
        "country",
        "linkedin",
        "x_handle",
        "website",
        "met_how",
        "notes",
    )
    given = {k: v for k, v in fields.items() if v is not None}
    changes: dict[str, Any] = {k: given[k].strip() for k in text_fields if k in given}
    if "given" in given:
        changes["given_name"] = given["given"].strip()
    if "family" in given:
        changes["particle"], changes["family_name"] = split_particle(given["family"])
    if "emails" in given:
        changes["emails"] = [_email(e) for e in given["emails"] if e.strip()]
    if "phones" in given:
        changes["phones"] = [normalize_phone(p, region) for p in given["phones"] if p.strip()]
    if "met_on" in given:
        changes["met_on"] = parse_date(given["met_on"], today) if given["met_on"].strip() else None
    if "met_channel" in given:
        text = given["met_channel"].strip()
        changes["met_channel"] = labels.parse(Channel, text) if text else None
    if "met_through" in given:
        text = given["met_through"].strip()
        changes["met_through_id"] = resolve(text).id if text else None
    if "profile" in given:
        text = given["profile"].strip()
        changes["relational_profile"] = labels.parse(RelationalProfile, text) if text else None
    if "energy" in given:
        text = given["energy"].strip()
        changes["energy"] = labels.parse(Energy, text) if text else None
    if "circle" in given:
        changes["circle"] = labels.parse(Circle, given["circle"])
    for key in ("categories", "tags"):
        if key in given:
            changes[key] = _dedupe([v.strip() for v in given[key] if v.strip()])
    if "closeness" in given:
        changes["closeness"] = given["closeness"]
    return dataclasses.replace(contact, **changes)


def _email(text: str) -> str:
    email = text.strip()
    local, at, domain = email.partition("@")
    if not (at and local and domain) or " " in email:
        raise InvalidInput(
            N_("{email!r} is not an e-mail address"),
            hint=N_("write it as name@example.org"),
            email=email,
        )
    return email


def _dedupe(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for v in values:
        seen.setdefault(v.casefold(), v)
    return list(seen.values())
