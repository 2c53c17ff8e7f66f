"""What the address book adds to a contact and is read on its own: who has a birthday
(for Today and the plan), a contact's photo (for its page)."""

from __future__ import annotations

import sqlalchemy as sa

from tisser.core.model import Circle
from tisser.store.base import StoreBase
from tisser.store.schema import contact_photos, contacts


class AddressBookMixin(StoreBase):
    """Birthdays of the contacts still in the network (the dormant circle left out); photos."""

    def birthdays(self, owner_id: int = 1) -> dict[int, str]:
        """``{contact id: birthday}`` of the contacts that have one."""
        query = sa.select(contacts.c.id, contacts.c.birthday).where(
            contacts.c.owner_id == owner_id,
            contacts.c.birthday != "",
            contacts.c.circle != int(Circle.DORMANT),
        )
        with self._conn() as conn:
            return {r.id: r.birthday for r in conn.execute(query)}

    def photo_of(self, contact_id: int, owner_id: int = 1) -> tuple[str, bytes] | None:
        """The (media type, bytes) of a contact's photo, None when it has none."""
        query = sa.select(contact_photos.c.media_type, contact_photos.c.data).where(
            contact_photos.c.contact_id == contact_id, contact_photos.c.owner_id == owner_id
        )
        with self._conn() as conn:
            row = conn.execute(query).first()
        return (row.media_type, bytes(row.data)) if row else None

    def has_photo(self, contact_id: int, owner_id: int = 1) -> bool:
        query = sa.select(contact_photos.c.contact_id).where(
            contact_photos.c.contact_id == contact_id, contact_photos.c.owner_id == owner_id
        )
        with self._conn() as conn:
            return conn.execute(query).first() is not None
