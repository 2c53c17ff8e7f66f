"""A contact's photo, as the address book gave it, for the contact page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from tisser.core.errors import N_, NotFound
from tisser.web.render import Web, web

router = APIRouter()

# Served as images only: a card could claim any media type, and the browser must never
# be handed something else under the site's origin.
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


@router.get("/contacts/{contact_id}/photo")
def contact_photo(contact_id: int, w: Annotated[Web, Depends(web)]) -> Response:
    found = w.store.photo_of(contact_id, w.owner_id)
    if found is None or found[0].lower() not in IMAGE_TYPES:
        raise NotFound(N_("this contact has no photo"))
    media_type, data = found
    return Response(
        data,
        media_type=media_type.lower(),
        headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"},
    )
