"""Import (#8) on the web: upload files, preview or import them, follow the progress, read
the report.

The work is :func:`tisser.formats.importer.import_file`'s, as for ``tisser import``; this
router saves the uploads, recognises each file's format (:func:`tisser.formats.detect`) so a
file tisser cannot read is refused at once with what to do, and hands the rest to a
background job (:mod:`tisser.web.import_jobs`) whose progress the page polls with htmx (or,
without JavaScript, by reloading itself).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from tisser.core.errors import N_, InvalidInput
from tisser.formats import FORMATS, detect
from tisser.i18n import gettext
from tisser.present.labels import FORMAT_NAMES, format_label, problem_place
from tisser.web.flash import redirect
from tisser.web.import_jobs import FileResult, ImportJob, ImportJobs, Upload
from tisser.web.render import Web, is_htmx, render, web

router = APIRouter()

MAX_UPLOAD_MB = 100  # the whole request: a LinkedIn export of 30,000 rows is about 5 MB
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
SHOWN_ADDED = 100  # contacts added listed by name on the report (all are in Contacts)
WAIT_SECONDS = 1.0  # a small file's report comes at once, without the progress page
_SAFE_NAME = re.compile(r"[^\w.-]+")


_JOBS_LOCK = threading.Lock()


def jobs(request: Request) -> ImportJobs:
    """The application's import jobs (created with the first upload)."""
    state = request.app.state
    with _JOBS_LOCK:
        found: ImportJobs | None = getattr(state, "import_jobs", None)
        if found is None:
            found = ImportJobs(state.store, getattr(state, "import_dir", None))
            state.import_jobs = found
    return found


def _form_context(
    errors: list[str] | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "errors": errors or [],
        "values": values or {},
        "formats": [(f, format_label(f)) for f in FORMATS if f in FORMAT_NAMES],
        "limit": MAX_UPLOAD_MB,
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    return render(request, "import.html", _form_context())


def _unreadable(name: str) -> str:
    return gettext(
        N_(
            "{file}: tisser cannot tell what this file is. Choose its format in the list, or "
            "check that it is a LinkedIn Connections.csv, a vCard (.vcf), a Google or Outlook "
            "CSV export, a spreadsheet (Excel, LibreOffice or CSV) with a header row (Nom, Prénom, "
            "E-mail...), "
            "an edge list (a,b,strength), GraphML, GEXF or a ZIP archive of them."
        )
    ).format(file=name)


def _too_large(name: str) -> str:
    return gettext(
        N_(
            "{file} is too large: {limit} MB at most in one upload. Export it without photos, "
            "or in several files, or import it with the command tisser import."
        )
    ).format(file=name, limit=MAX_UPLOAD_MB)


async def _save(upload: UploadFile, folder: Path, index: int) -> tuple[Path, int]:
    """Copy an upload into ``folder``; its path and size."""
    stem = _SAFE_NAME.sub("_", Path(upload.filename or "file").name)[-80:] or "file"
    path = folder / f"{index:03d}-{stem}"
    await upload.seek(0)
    with path.open("wb") as out:
        await asyncio.to_thread(shutil.copyfileobj, upload.file, out, 1 << 20)
    return path, path.stat().st_size


def _name(upload: UploadFile) -> str:
    """The file's own name (some browsers send a whole Windows path)."""
    return Path((upload.filename or "").replace("\\", "/")).name


def _head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of a file: all :func:`tisser.formats.detect` looks at."""
    with path.open("rb") as f:
        return f.read(size)


@router.post("/import", response_class=HTMLResponse)
async def upload(request: Request, w: Annotated[Web, Depends(web)]) -> Response:
    """Save the files, check each one can be read, start the import (or the preview)."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    chosen = values.get("format", "")
    if chosen and chosen not in FORMATS:
        chosen = ""
    dry_run = values.get("dry_run") == "1"
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        missing = [gettext(N_("Choose at least one file to import."))]
        return render(request, "import.html", _form_context(missing, values), 400)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD + (64 << 10):  # form fields aside
        names = ", ".join(_name(f) for f in files)
        text = N_(
            "These files make more than {limit} MB: {files}. Send them in several uploads, "
            "export them without photos, or import them with the command tisser import."
        )
        refused = [
            gettext(text).format(limit=MAX_UPLOAD_MB, files=names),
            gettext(N_("Nothing was imported.")),
        ]
        return render(request, "import.html", _form_context(refused, values), 400)
    registry = jobs(request)
    folder = registry.new_folder()
    uploads: list[Upload] = []
    errors: list[str] = []
    total = 0
    for index, f in enumerate(files):
        name = _name(f)
        path, size = await _save(f, folder, index)
        total += size
        if total > MAX_UPLOAD:
            errors.append(_too_large(name))
            break
        try:
            fmt = chosen or detect(_head(path), name)
        except InvalidInput:
            errors.append(_unreadable(name))
            continue
        uploads.append(Upload(name, path, fmt, size))
    if errors:
        shutil.rmtree(folder, ignore_errors=True)
        errors.append(gettext(N_("Nothing was imported.")))
        return render(request, "import.html", _form_context(errors, values), 400)
    job = registry.start(uploads, folder, dry_run=dry_run, owner_id=w.owner_id)
    await asyncio.to_thread(job.wait, WAIT_SECONDS)
    return redirect(f"/import/{job.id}")


def _file_view(result: FileResult) -> dict[str, Any]:
    """What the report shows of one file, in the request's language."""
    r = result.report
    # an archive's report names what it held (LinkedIn for LinkedIn's export)
    fmt = r.fmt if r is not None and r.fmt else result.upload.fmt
    view: dict[str, Any] = {"name": result.upload.name, "format": format_label(fmt)}
    if result.error is not None or r is None:
        error = result.error
        view["error"] = error.render(gettext) if error else ""
        view["hint"] = (
            error.one_line(gettext).partition(" — ")[2] if error is not None and error.hint else ""
        )
        return view
    view.update(
        report=r,
        problems=[
            {
                "where": problem_place(p.file or r.path, p.card, p.line),
                "message": p.render(gettext),
                "refused": p.refused,
                "partial": p.card is not None or p.line is not None,
            }
            for p in r.problems
        ],
        nothing=not (r.added or r.updated or r.merged or r.unchanged or r.links),
    )
    return view


@router.get("/import/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, w: Annotated[Web, Depends(web)]) -> HTMLResponse:
    """The progress while the job runs; its report once it is done."""
    job = jobs(request).get(job_id, w.owner_id)
    if job.state != "done":
        return render(request, "import_progress.html", {"job": job})
    return render(request, "import_report.html", _report_context(w, job))


def _report_context(w: Web, job: ImportJob) -> dict[str, Any]:
    files = [_file_view(r) for r in job.results]
    added_ids = [cid for r in job.results if r.report for cid in r.report.added_ids]
    names = dict(w.store.contact_names_of(added_ids[:SHOWN_ADDED], w.owner_id))
    likely = sum(len(r.report.likely) for r in job.results if r.report)
    return {
        "job": job,
        "files": files,
        "added": [(cid, names.get(cid, f"#{cid}")) for cid in added_ids[:SHOWN_ADDED]],
        "added_total": len(added_ids),
        "likely": likely,
        "failed": sum(1 for f in files if "error" in f),
        "can_confirm": job.dry_run and any("error" not in f for f in files),
    }


@router.get("/import/{job_id}/progress", response_class=HTMLResponse)
def job_progress(request: Request, job_id: str, w: Annotated[Web, Depends(web)]) -> Response:
    """The progress partial htmx polls; once done, the browser goes to the report."""
    job = jobs(request).get(job_id, w.owner_id)
    if job.state == "done":
        if is_htmx(request):
            return Response(status_code=200, headers={"HX-Redirect": f"/import/{job.id}"})
        return redirect(f"/import/{job.id}")
    return render(request, "_import_progress.html", {"job": job})


@router.post("/import/{job_id}/confirm")
async def confirm(request: Request, job_id: str, w: Annotated[Web, Depends(web)]) -> Response:
    """After a preview: import the same files for real."""
    registry = jobs(request)
    job = registry.confirm(registry.get(job_id, w.owner_id))
    await asyncio.to_thread(job.wait, WAIT_SECONDS)
    return redirect(f"/import/{job.id}")
