"""Outside formats: each module turns bytes into core objects and back, and reports what it
could not read. None of them touches the database; :mod:`tisser.formats.importer` does.

=================  =====================================  ==================
module             format                                  read / write
=================  =====================================  ==================
``linkedin``       LinkedIn Connections.csv (3 eras)       read
``vcard``          vCard 2.1, 3.0, 4.0                     read, write 3.0/4.0
``google_csv``     Google Contacts CSV (current, legacy)   read
``outlook_csv``    Outlook.com and Outlook desktop CSV     read
``spreadsheet``    a contact list from a spreadsheet       read
                   (CSV, Excel .xlsx or .ods by ``workbook``)
``edges``          edge list CSV ``a,b[,strength]``        read, write
``graphml``        GraphML                                  read, write
``gexf``           GEXF 1.2 (Gephi)                         read, write
``ics``            the week's plan as iCalendar (#5)       write
``ics_events``     events from an .ics calendar (#7)       read
``vcard_card``     one scanned card (QR code), by vobject  read
``card_ocr``       a business-card photo, by tesseract     read
``archive``        a ZIP of the above (LinkedIn's export)  read
=================  =====================================  ==================

:func:`detect` names the format from the content (the extension only breaks ties).
"""

from __future__ import annotations

from collections.abc import Callable

from tisser.core.errors import N_, InvalidInput
from tisser.formats import (
    edges,
    gexf,
    google_csv,
    graphml,
    linkedin,
    outlook_csv,
    spreadsheet,
    vcard,
)
from tisser.formats.archive import MAGIC
from tisser.formats.base import EdgeRef, Parsed, Photo, Problem, Record
from tisser.formats.text import bom_encoding, csv_rows, decode
from tisser.formats.workbook import SUFFIXES, is_workbook

__all__ = [
    "ARCHIVE",
    "FORMATS",
    "EdgeRef",
    "Parsed",
    "Photo",
    "Problem",
    "Record",
    "detect",
    "read",
]

FORMATS = ("linkedin", "vcard", "google", "outlook", "spreadsheet", "edges", "graphml", "gexf")
ARCHIVE = "zip"  # not a format: a container of files of the formats (see formats.archive)


def _head_text(data: bytes, size: int = 16384) -> str:
    encoding, skip = bom_encoding(data)
    if encoding:
        return data[skip : skip + size * 2].decode(encoding, errors="ignore")
    return data[:size].decode("utf-8", errors="ignore")


def detect(data: bytes, filename: str = "") -> str:
    """The format of ``data``: one of :data:`FORMATS`, or :data:`ARCHIVE` for a ZIP archive.
    InvalidInput when none fits."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data[:4] in MAGIC:  # a ZIP: an Excel workbook, or an archive of contact files
        return "spreadsheet" if suffix in SUFFIXES or is_workbook(data) else ARCHIVE
    head = _head_text(data)
    lowered = head.lstrip().lower()
    if "begin:vcard" in lowered[:4096] or (suffix in ("vcf", "vcard") and not lowered.strip()):
        return "vcard"
    if lowered.startswith("<"):
        if "<graphml" in lowered:
            return "graphml"
        if "<gexf" in lowered:
            return "gexf"
    rows = csv_rows(decode(data[:65536]))
    if linkedin.looks_like(rows):
        return "linkedin"
    if google_csv.looks_like(rows):
        return "google"
    if outlook_csv.looks_like(rows):
        return "outlook"
    if spreadsheet.looks_like(rows):
        return "spreadsheet"
    if edges.looks_like(rows):
        return "edges"
    by_suffix = {"vcf": "vcard", "graphml": "graphml", "gexf": "gexf"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    raise InvalidInput(
        N_("cannot tell the format of this file"),
        hint=N_(
            "give it with --format: linkedin, vcard, google, outlook, spreadsheet, edges, "
            "graphml or gexf"
        ),
    )


def read(data: bytes, fmt: str, *, photos: bool = True) -> Parsed:
    """Parse ``data`` as ``fmt``; never raises on bad content (see :class:`Parsed`)."""
    readers: dict[str, Callable[[bytes], Parsed]] = {
        "vcard": lambda raw: vcard.read(raw, photos=photos),
        "linkedin": linkedin.read,
        "google": google_csv.read,
        "outlook": outlook_csv.read,
        "spreadsheet": spreadsheet.read,
        "edges": edges.read,
        "graphml": graphml.read,
        "gexf": gexf.read,
    }
    if fmt not in readers:
        raise InvalidInput(
            N_("unknown format {fmt!r}"),
            hint=N_("choose linkedin, vcard, google, outlook, spreadsheet, edges, graphml or gexf"),
            fmt=fmt,
        )
    try:
        return readers[fmt](data)
    except Exception as exc:  # the readers report what they cannot read; this is the net
        parsed = Parsed(fmt)
        parsed.problem(N_("unreadable file: {error}"), error=f"{type(exc).__name__}: {exc}")
        return parsed
