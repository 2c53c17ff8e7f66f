"""What every use case shares: the open store, "today", the user's zone, contact lookup.

The command line and the web both run their use cases over a :class:`State`; its console is
Rich's, made on first use so that a process that never prints (the web) never loads Rich.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tisser.core import resolve
from tisser.core.errors import N_, Ambiguous, ContactNotFound, InvalidInput
from tisser.core.model import LOCAL_OWNER_ID, Contact, Interaction
from tisser.store import Store, open_store, resolve_db_url

DEFAULT_ZONE = "Europe/Paris"


def local_zone() -> ZoneInfo:
    """The user's time zone: ``TISSER_TZ`` or ``TZ`` if valid, else Europe/Paris."""
    for var in ("TISSER_TZ", "TZ"):
        name = os.environ.get(var, "").lstrip(":")
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo(DEFAULT_ZONE)


def today_from_environment() -> date:
    """Today's date, or ``TISSER_TODAY`` (YYYY-MM-DD) so demos and tests are reproducible."""
    fixed = os.environ.get("TISSER_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError as exc:
            raise InvalidInput(
                N_("TISSER_TODAY={value!r} is not a date"),
                hint=N_("write it as 2026-11-23 or unset it"),
                value=fixed,
            ) from exc
    return datetime.now(local_zone()).date()


@dataclass
class State:
    """Options of the whole command line, and the store opened on first use."""

    db: str | None = None
    owner_id: int = LOCAL_OWNER_ID
    _store: Store | None = None
    _console: Any = None

    @property
    def console(self) -> Any:
        """Rich's console (imported here: the web's states print nothing)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console()
        return self._console

    @console.setter
    def console(self, value: Any) -> None:
        self._console = value

    @property
    def url(self) -> str:
        return resolve_db_url(self.db)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.url)
            self._store.ensure_owner(self.owner_id)
        return self._store

    @property
    def today(self) -> date:
        return today_from_environment()

    # The store answers in UTC; people count days in their own time zone.
    def last_seen(self) -> dict[int, datetime]:
        """Each contact's latest interaction, in local time."""
        zone = local_zone()
        return {
            k: v.astimezone(zone) for k, v in self.store.last_interactions(self.owner_id).items()
        }

    def history(self, contact_id: int) -> list[Interaction]:
        """One contact's interactions, newest first, in local time."""
        return _local(self.store.interactions_for(contact_id, self.owner_id))

    def interactions(self, since: datetime | None = None) -> list[Interaction]:
        """Every interaction (since a moment), in local time."""
        return _local(self.store.list_interactions(self.owner_id, since=since))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def contact(self, text: str) -> Contact:
        """The one contact ``text`` names: ``#id``, an exact name or e-mail, or a unique prefix.

        Raises :class:`Ambiguous` listing the candidates, or :class:`ContactNotFound` with the
        closest names.
        """
        store = self.store
        contact_id = resolve.parse_id(text)
        if contact_id is not None:
            return store.get_contact(contact_id, self.owner_id)
        exact = store.find_contacts_by_name(text, self.owner_id)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(text, exact)
        names = store.contact_names(self.owner_id)
        matches = resolve.prefix_matches(text, names)
        if len(matches) == 1:
            return store.get_contact(matches[0], self.owner_id)
        if matches:
            raise _ambiguous(text, [store.get_contact(i, self.owner_id) for i in matches[:8]])
        close = resolve.suggestions(text, names)
        raise ContactNotFound(
            N_("no contact named {text!r}"),
            suggestions=close,
            hint=N_("did you mean: {close}?") if close else N_("see `tisser list` or `tisser add`"),
            text=text,
            close=", ".join(close),
        )


def _local(items: list[Interaction]) -> list[Interaction]:
    zone = local_zone()
    return [
        dataclasses.replace(i, occurred_at=i.occurred_at.astimezone(zone)) if i.occurred_at else i
        for i in items
    ]


def _ambiguous(text: str, contacts: list[Contact]) -> Ambiguous:
    described = [
        f"#{c.id} {c.display_name}" + (f" ({c.organization})" if c.organization else "")
        for c in contacts
    ]
    return Ambiguous(
        N_("{count} contacts answer to {text!r}: {listing}"),
        candidates=described,
        hint=N_("name one by its number, e.g. #{first_id}"),
        text=text,
        count=len(contacts),
        listing="; ".join(described),
        first_id=contacts[0].id,
    )


def names_of(state: State) -> dict[int, str]:
    return dict(state.store.contact_names(state.owner_id))
