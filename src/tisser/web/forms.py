"""Web forms to core records: the contact form, with one message per wrong field.

Parsing is the CLI's (:func:`tisser.app.contacts.apply_fields`), so a date, a phone number,
a circle or a channel is read the same way in both ("hier", "06 12 34 56 78", "2",
"déjeuner"). Each field is first tried alone so the form can say which ones are wrong, all
at once, while keeping everything the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from tisser.app.contacts import CONTACT_OPTIONS, apply_fields
from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.core.model import Contact
from tisser.core.names import join_name, parse_full_name
from tisser.i18n import gettext

LIST_FIELDS = ("emails", "phones", "categories", "tags")
# Every other option of ``tisser add``/``edit`` is one text field of the form.
TEXT_FIELDS = tuple(sorted(CONTACT_OPTIONS - {*LIST_FIELDS, "closeness"}))
_SPLIT = re.compile(r"[,;\n]")


def split_list(text: str) -> list[str]:
    """``"a, b; c"`` -> ``["a", "b", "c"]`` (commas, semicolons or lines)."""
    return [p.strip() for p in _SPLIT.split(text or "") if p.strip()]


def form_values(contact: Contact, names: Mapping[int, str] | None = None) -> dict[str, str]:
    """The form's text for an existing contact (what the edit form starts with)."""
    values = {
        "name": contact.display_name,
        "given": contact.given_name,
        "family": join_name("", contact.particle, contact.family_name),
        "organization": contact.organization,
        "position": contact.position,
        "sector": contact.sector,
        "function": contact.function,
        "seniority": contact.seniority,
        "gender": contact.gender,
        "city": contact.city,
        "country": contact.country,
        "linkedin": contact.linkedin,
        "x_handle": contact.x_handle,
        "website": contact.website,
        "met_on": contact.met_on.isoformat() if contact.met_on else "",
        "met_how": contact.met_how,
        "met_channel": contact.met_channel.value if contact.met_channel else "",
        "met_through": (f"#{contact.met_through_id}" if contact.met_through_id is not None else ""),
        "profile": contact.relational_profile.value if contact.relational_profile else "",
        "energy": contact.energy.value if contact.energy else "",
        "circle": str(int(contact.circle)),
        "closeness": str(contact.closeness or ""),
        "notes": contact.notes,
        "emails": ", ".join(contact.emails),
        "phones": ", ".join(contact.phones),
        "categories": ", ".join(contact.categories),
        "tags": ", ".join(contact.tags),
    }
    if names and contact.met_through_id in names:
        values["met_through"] = names[contact.met_through_id or 0]
    return values


def _fields(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Options for :func:`apply_fields` from the submitted text, and closeness errors."""
    fields: dict[str, Any] = {k: form.get(k, "") for k in TEXT_FIELDS if k in form}
    for key in LIST_FIELDS:
        if key in form:
            fields[key] = split_list(form.get(key, ""))
    errors: dict[str, str] = {}
    if "closeness" in form:
        text = form.get("closeness", "").strip()
        if not text:
            fields["closeness"] = None
            fields["_clear_closeness"] = True
        elif text.isdigit() and 1 <= int(text) <= 5:
            fields["closeness"] = int(text)
        else:
            errors["closeness"] = gettext(N_("give a number from 1 to 5, or leave it empty"))
    return fields, errors


def contact_from_form(
    form: Mapping[str, str],
    base: Contact,
    *,
    today: date,
    resolve: Callable[[str], Contact],
    new: bool = False,
) -> tuple[Contact | None, dict[str, str]]:
    """The contact the form describes (``base`` changed), or None and a message per field."""
    fields, errors = _fields(form)
    clear_closeness = fields.pop("_clear_closeness", False)
    if new:
        given, particle, family = parse_full_name(form.get("name", ""))
        if not (given or family):
            errors["name"] = gettext(N_("a contact needs a name"))
        base = Contact(
            owner_id=base.owner_id, given_name=given, particle=particle, family_name=family
        )
    for key, value in fields.items():
        if key in ("given", "family") and not new:
            continue
        try:
            apply_fields(base, {key: value}, today=today, resolve=resolve)
        except TisserError as exc:
            errors[key] = exc.one_line(gettext)
    if errors:
        return None, errors
    if new:
        fields.pop("given", None)
        fields.pop("family", None)
    contact = apply_fields(base, fields, today=today, resolve=resolve)
    if clear_closeness:
        contact.closeness = None
    if not (contact.given_name or contact.family_name):
        return None, {"given": gettext(N_("a contact needs a name"))}
    if contact.met_through_id is not None and contact.met_through_id == contact.id:
        return None, {"met_through": gettext(N_("a contact cannot introduce themselves"))}
    return contact, {}


def require(condition: bool, message: str, **params: Any) -> None:
    """Raise InvalidInput(``message``) unless ``condition``."""
    if not condition:
        raise InvalidInput(message, **params)
