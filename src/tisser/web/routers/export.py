"""Export: the whole network downloaded in the formats ``tisser export`` writes.

The same bytes as the command line (:mod:`tisser.export`): vCards with their UIDs (one file,
or a zip of one card per contact for khard and vdirsyncer), formula-safe CSV, an Excel
workbook, the JSON of everything (RGPD portability), GraphML and GEXF for Gephi, the
diagnosis as the self-contained HTML report of ``tisser report --html``, and a backup of
the whole database (``tisser backup``; SQLite). Downloads read, never write, so they are
plain GET links.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from tisser import export as exporting
from tisser.core.errors import N_
from tisser.i18n import gettext
from tisser.web.render import Web, render, web

router = APIRouter()

CHOICES = (
    ("vcard", N_("vCard 4.0, one file (phones, Apple, Google, Thunderbird)")),
    ("vcard3", N_("vCard 3.0, one file (older address books)")),
    ("vcard-folder", N_("vCard, one file per contact in a zip (khard, vdirsyncer)")),
    (
        "xlsx",
        N_("Excel workbook, one row per contact, columns in your language (importable again)"),
    ),
    ("csv", N_("CSV, one line per contact (spreadsheets; formulas neutralised)")),
    ("json", N_("JSON of all your data: profile, contacts, journal, links (portability)")),
    ("graphml", N_("GraphML: who knows whom, with circles and tie strength (Gephi)")),
    ("gexf", N_("GEXF: the same network for Gephi")),
)


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    choices = [(value, gettext(text)) for value, text in CHOICES]
    return render(request, "export.html", {"choices": choices})


@router.get("/export/download")
def download(
    w: Annotated[Web, Depends(web)],
    fmt: Annotated[str, Query(alias="format", max_length=20)] = "vcard",
    archived: Annotated[bool, Query()] = True,
    photos: Annotated[bool, Query()] = True,
) -> Response:
    if fmt == "vcard-folder":
        done = exporting.vcard_zip(w.store, w.owner_id, photos=photos, archived=archived)
    else:
        version = 3 if fmt == "vcard3" else 4
        done = exporting.export(
            w.store,
            w.owner_id,
            w.today,
            "vcard" if fmt == "vcard3" else fmt,
            vcard_version=version,
            photos=photos,
            archived=archived,
        )
    name = f"tisser-{w.today.isoformat()}.{done.suffix}"
    return Response(
        done.data,
        media_type=done.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/export/report.html")
def report(w: Annotated[Web, Depends(web)]) -> Response:
    from tisser.report.html import render_html
    from tisser.web.routers.diagnosis import diagnosis_of

    page = render_html(diagnosis_of(w))
    name = f"tisser-diagnostic-{w.today.isoformat()}.html"
    return Response(
        page.encode("utf-8"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/export/backup")
def backup(w: Annotated[Web, Depends(web)]) -> Response:
    """The database as one file, copied online (safe while the application writes)."""
    with tempfile.TemporaryDirectory(prefix="tisser-backup-") as folder:
        copy = Path(folder) / "tisser.db"
        w.store.backup(copy)  # a StoreError (e.g. PostgreSQL) becomes the error page
        data = copy.read_bytes()
    name = f"tisser-backup-{w.today.isoformat()}.db"
    return Response(
        data,
        media_type="application/vnd.sqlite3",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
