"""What ``tisser export`` and the web's Export page write, built in one place.

The command line writes these bytes to a file or a folder, the browser downloads them: both
give the same vCards (with their UIDs, so a later import recognises them), the same
formula-safe CSV, the same Excel workbook, the same JSON of everything (RGPD portability,
art. 20) and the same GraphML/GEXF network for Gephi.

The workbook is for people: one row per contact, columns named in the user's language,
e-mails and phones one per column, tags joined by commas, the date of the last contact.
Its column names are those the spreadsheet importer reads (``Prénom``, ``Nom``, ``E-mail
2``...), so the file can be edited in Excel and imported again.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Contact
from tisser.core.names import join_name
from tisser.formats import Photo, gexf, graph, graphml, vcard, workbook
from tisser.i18n import gettext
from tisser.present.values import csv_safe, plain
from tisser.store import ContactFilter, Store

EXPORT_FORMATS = ("vcard", "csv", "xlsx", "json", "graphml", "gexf")
CSV_FIELDS = [
    f.name for f in dataclasses.fields(Contact) if f.name not in ("owner_id", "met_through_id")
]
MEDIA_TYPES = {
    "vcard": "text/vcard; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "zip": "application/zip",
}
SUFFIXES = {
    "vcard": "vcf", "csv": "csv", "xlsx": "xlsx", "json": "json", "graphml": "graphml",
    "gexf": "gexf",
}  # fmt: skip
# The workbook's columns: a label (translated when written) and what it holds. E-mails,
# phones and the last contact come after them.
SHEET_COLUMNS: list[tuple[str, Callable[[Contact], object]]] = [
    (N_("First name"), lambda c: c.given_name),
    (N_("Last name"), lambda c: join_name("", c.particle, c.family_name)),
    (N_("Organisation"), lambda c: c.organization),
    (N_("Position"), lambda c: c.position),
    (N_("Job function"), lambda c: c.function),
    (N_("Sector"), lambda c: c.sector),
    (N_("City"), lambda c: c.city),
    (N_("Country"), lambda c: c.country),
    (N_("Circle"), lambda c: int(c.circle)),
    (N_("Tags"), lambda c: ", ".join(c.tags)),
    ("LinkedIn", lambda c: c.linkedin),
    (N_("Website"), lambda c: c.website),
    (N_("Met on"), lambda c: c.met_on),
    (N_("How we met"), lambda c: c.met_how),
    (N_("Notes"), lambda c: c.notes),
]

Card = tuple[Contact, str, Photo | None]


@dataclass(frozen=True)
class Export:
    """One exported file: its bytes, how many contacts it holds, its type and suffix."""

    data: bytes
    count: int
    media_type: str
    suffix: str


def format_of(target: Path) -> str:
    """The format a target's suffix asks for (``reseau.xlsx``: xlsx); vcard otherwise (a
    folder of cards, or standard output)."""
    suffix = target.suffix.lower().lstrip(".")
    by_suffix = {v: k for k, v in SUFFIXES.items()} | {"vcard": "vcard"}
    return by_suffix.get(suffix, "vcard") if str(target) != "-" else "vcard"


def check_options(fmt: str, vcard_version: int) -> None:
    """InvalidInput for a format or a vCard version tisser does not write."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            N_("unknown export format {fmt!r}"),
            hint=N_("choose vcard, csv, xlsx, json, graphml or gexf"),
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


def sheet(
    store: Store, owner_id: int, contacts: list[Contact]
) -> tuple[list[str], list[list[object]]]:
    """The workbook's header, in the current language, and one row per contact."""
    emails = max((len(c.emails) for c in contacts), default=0) or 1
    phones = max((len(c.phones) for c in contacts), default=0) or 1
    email, phone = gettext(N_("E-mail")), gettext(N_("Phone"))
    header = [gettext(label) for label, _ in SHEET_COLUMNS]
    header += [email if k == 0 else f"{email} {k + 1}" for k in range(emails)]
    header += [phone if k == 0 else f"{phone} {k + 1}" for k in range(phones)]
    header.append(gettext(N_("Last contact")))
    last = store.last_interactions_of([c.id or 0 for c in contacts], owner_id)
    rows: list[list[object]] = []
    for c in contacts:
        row = [value(c) for _, value in SHEET_COLUMNS]
        row += c.emails + [None] * (emails - len(c.emails))
        row += c.phones + [None] * (phones - len(c.phones))
        seen = last.get(c.id or 0)
        row.append(seen.date() if seen is not None else None)
        rows.append(row)
    return header, rows


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
    elif fmt == "xlsx":
        header, rows = sheet(store, owner_id, contacts)
        raw = workbook.write(gettext(N_("Contacts")), header, rows)
        return Export(raw, len(contacts), MEDIA_TYPES[fmt], SUFFIXES[fmt])
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
