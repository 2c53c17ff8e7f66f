"""What ``tisser export`` and the web's Export page write, built in one place.

The command line writes these bytes to a file or a folder, the browser downloads them: both
give the same vCards (with their UIDs, so a later import recognises them), the same
formula-safe CSV, the same JSON of everything (RGPD portability, art. 20) and the same
GraphML/GEXF network for Gephi.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from tisser.cli.output import csv_safe, plain
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Contact
from tisser.formats import Photo, gexf, graph, graphml, vcard
from tisser.store import ContactFilter, Store

EXPORT_FORMATS = ("vcard", "csv", "json", "graphml", "gexf")
CSV_FIELDS = [
    f.name for f in dataclasses.fields(Contact) if f.name not in ("owner_id", "met_through_id")
]
MEDIA_TYPES = {
    "vcard": "text/vcard; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "zip": "application/zip",
}
SUFFIXES = {"vcard": "vcf", "csv": "csv", "json": "json", "graphml": "graphml", "gexf": "gexf"}

Card = tuple[Contact, str, Photo | None]


@dataclass(frozen=True)
class Export:
    """One exported file: its bytes, how many contacts it holds, its type and suffix."""

    data: bytes
    count: int
    media_type: str
    suffix: str


def check_options(fmt: str, vcard_version: int) -> None:
    """InvalidInput for a format or a vCard version tisser does not write."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            N_("unknown export format {fmt!r}"),
            hint=N_("choose vcard, csv, json, graphml or gexf"),
            fmt=fmt,
        )
    if vcard_version not in (3, 4):
        raise InvalidInput(N_("vCard version {v} is not 3 or 4"), v=vcard_version)


def people(store: Store, owner_id: int, archived: bool = True) -> list[Contact]:
    """The contacts an export holds (archived ones too unless ``archived`` is false)."""
    return store.list_contacts(ContactFilter(include_archived=archived), owner_id)


def cards(store: Store, owner_id: int, contacts: list[Contact], photos: bool) -> list[Card]:
    """Each contact with its vCard UID (the imported one, else tisser's) and its photo."""
    pictures = store.photos(owner_id) if photos else {}
    uids = store.vcard_uids(owner_id)
    out: list[Card] = []
    for c in contacts:
        found = pictures.get(c.id or 0)
        uid = uids.get(c.id or 0) or vcard.tisser_uid(c.owner_id, c.id or 0)
        out.append((c, uid, Photo(found[0], found[1]) if found else None))
    return out


def card_filename(uid: str) -> str:
    """The file name of a card in a vCard folder (as vdirsyncer and khard read them)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", uid.removeprefix("urn:uuid:"))[:120] + ".vcf"


def everything(
    store: Store, owner_id: int, today: date, contacts: list[Contact], photos: bool
) -> dict[str, Any]:
    """All the user's data: profile, contacts (with sources and photos), journal, links."""
    profile = store.get_profile(owner_id)
    pictures = store.photos(owner_id) if photos else {}
    origins = store.all_sources(owner_id)

    def one(c: Contact) -> dict[str, Any]:
        item = {
            **plain(dataclasses.asdict(c)),
            "imported_from": [
                {"source": source, "key": key} for source, key in origins.get(c.id or 0, [])
            ],
        }
        if c.id in pictures:
            media_type, data = pictures[c.id]
            item["photo"] = {
                "media_type": media_type,
                "base64": base64.b64encode(data).decode("ascii"),
            }
        return item

    return {
        "format": "tisser-export",
        "version": 1,
        "exported_on": today.isoformat(),
        "profile": plain(dataclasses.asdict(profile)) if profile else None,
        "contacts": [one(c) for c in contacts],
        "interactions": [plain(dataclasses.asdict(i)) for i in store.list_interactions(owner_id)],
        "links": [plain(dataclasses.asdict(ln)) for ln in store.all_links(owner_id)],
    }


def csv_text(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def export(
    store: Store,
    owner_id: int,
    today: date,
    fmt: str,
    *,
    vcard_version: int = 4,
    photos: bool = True,
    archived: bool = True,
) -> Export:
    """The whole network in ``fmt`` as one file (vCards: one multi-card file)."""
    check_options(fmt, vcard_version)
    contacts = people(store, owner_id, archived)
    if fmt == "vcard":
        entries = cards(store, owner_id, contacts, photos)
        text = vcard.write(entries, f"{vcard_version}.0")
    elif fmt == "csv":
        text = csv_text(
            [CSV_FIELDS, *([csv_safe(getattr(c, k)) for k in CSV_FIELDS] for c in contacts)]
        )
    elif fmt == "json":
        data = everything(store, owner_id, today, contacts, photos)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        net = graph.network(contacts, store.all_links(owner_id))
        raw = graphml.write(net) if fmt == "graphml" else gexf.write(net, today)
        return Export(raw, len(contacts), MEDIA_TYPES[fmt], SUFFIXES[fmt])
    return Export(text.encode("utf-8"), len(contacts), MEDIA_TYPES[fmt], SUFFIXES[fmt])


def vcard_zip(
    store: Store, owner_id: int, *, vcard_version: int = 4, photos: bool = True,
    archived: bool = True,
) -> Export:  # fmt: skip
    """One .vcf per contact in a zip: the folder khard and vdirsyncer read, for a download."""
    check_options("vcard", vcard_version)
    entries = cards(store, owner_id, people(store, owner_id, archived), photos)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for c, uid, pic in entries:
            card = vcard.write_card(c, uid, f"{vcard_version}.0", pic)
            archive.writestr(f"contacts/{card_filename(uid)}", card.encode("utf-8"))
    return Export(out.getvalue(), len(entries), MEDIA_TYPES["zip"], "zip")
