"""Imports started from the browser: uploaded files run in a background thread, one job at a
time, while the page polls their progress.

Why a thread and not the request: a LinkedIn export of 30,000 rows or an address book of
several thousand cards takes longer than a browser should wait on one request, and the user
should see how far it is. The route saves the uploads, creates an :class:`ImportJob` and
answers at once; the page then asks for the job's progress until it is done, and shows its
report. Each file goes through :func:`tisser.formats.importer.import_file`, the same entry
point as ``tisser import``: one transaction per file, so a file that fails leaves nothing
behind while the files before it stay imported.

Jobs live in memory (a report is read right after its import; a restart forgets them) and
only the latest :data:`KEPT_JOBS` are kept. A preview (dry run) keeps its uploads on disk so
that "Import for real" can run the same files without sending them again; the real import
takes them over and deletes them when done. What is left is deleted when the application
stops.
"""

from __future__ import annotations

import atexit
import logging
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.formats.importer import FileReport, import_file
from tisser.store import Store

log = logging.getLogger("tisser.web")

KEPT_JOBS = 20


@dataclass
class Upload:
    """One uploaded file waiting on disk: the name the user chose and its detected format."""

    name: str
    path: Path
    fmt: str
    size: int


@dataclass
class FileResult:
    """What became of one upload: its report, or the error that stopped it (nothing written)."""

    upload: Upload
    report: FileReport | None = None
    error: TisserError | None = None


@dataclass
class ImportJob:
    """One import (or preview) of one or several uploaded files."""

    id: str
    uploads: list[Upload]
    dry_run: bool
    owner_id: int
    folder: Path
    state: str = "queued"  # queued, running, done
    current: int = 0  # index of the file being imported
    done: int = 0  # progress of the current file, as the importer counts it
    total: int = 0
    results: list[FileResult] = field(default_factory=list)
    confirmed: str = ""  # for a preview: the id of the real import started from it
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def percent(self) -> int:
        """How far the whole job is, 0..100 (files done, plus the current one's share)."""
        if self.state == "done":
            return 100
        files = len(self.uploads) or 1
        part = self.done / self.total if self.total else 0.0
        return min(99, int(100 * (self.current + part) / files))

    @property
    def file_name(self) -> str:
        """The name of the file being imported now."""
        return self.uploads[min(self.current, len(self.uploads) - 1)].name if self.uploads else ""

    def wait(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for the job to end; whether it has."""
        return self.finished.wait(timeout)


class ImportJobs:
    """The jobs of one web application, run one after the other by a worker thread each."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()  # guards _jobs
        self._run_lock = threading.Lock()  # one import at a time: they write the same tables
        atexit.register(self.close)  # uploads are people's data: none left behind in /tmp

    def close(self) -> None:
        """Delete the uploads still waiting (previews not confirmed)."""
        with self._lock:
            for job in self._jobs.values():
                shutil.rmtree(job.folder, ignore_errors=True)

    def new_folder(self) -> Path:
        """A private folder for the uploads of a new job."""
        return Path(tempfile.mkdtemp(prefix="tisser-import-"))

    def start(
        self, uploads: list[Upload], folder: Path, *, dry_run: bool, owner_id: int
    ) -> ImportJob:
        """Create the job and start importing in the background."""
        job = ImportJob(secrets.token_urlsafe(12), uploads, dry_run, owner_id, folder)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._launch(job)
        return job

    def get(self, job_id: str, owner_id: int) -> ImportJob:
        """The job ``job_id`` of ``owner_id``; InvalidInput when it is unknown or forgotten."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner_id != owner_id:
            raise InvalidInput(
                N_("this import is no longer known (the application restarted, or it is old)"),
                hint=N_("choose the files again on the Import page"),
            )
        return job

    def confirm(self, preview: ImportJob) -> ImportJob:
        """The real import of a finished preview's files (started once, whatever the clicks)."""
        with self._lock:
            if preview.confirmed and preview.confirmed in self._jobs:
                return self._jobs[preview.confirmed]
            if not preview.dry_run or preview.state != "done" or not preview.folder.exists():
                raise InvalidInput(
                    N_("this preview cannot be imported any more"),
                    hint=N_("choose the files again on the Import page"),
                )
            uploads = [r.upload for r in preview.results if r.error is None]
            job = ImportJob(
                secrets.token_urlsafe(12), uploads, False, preview.owner_id, preview.folder
            )
            preview.confirmed = job.id
            self._jobs[job.id] = job
            self._forget_old()
        self._launch(job)
        return job

    def _launch(self, job: ImportJob) -> None:
        worker = threading.Thread(target=self._run, args=(job,), name=f"import-{job.id}")
        worker.daemon = True  # an import cut short by quitting rolls back its transaction
        worker.start()

    def _forget_old(self) -> None:
        """Keep the latest :data:`KEPT_JOBS` jobs; delete the uploads of finished older ones."""
        while len(self._jobs) > KEPT_JOBS:
            oldest = next(iter(self._jobs.values()))
            if oldest.state != "done":
                break
            del self._jobs[oldest.id]
            shared = any(j.folder == oldest.folder for j in self._jobs.values())
            if not shared:
                shutil.rmtree(oldest.folder, ignore_errors=True)

    def _run(self, job: ImportJob) -> None:
        with self._run_lock:
            job.state = "running"
            try:
                for index, upload in enumerate(job.uploads):
                    job.current, job.done, job.total = index, 0, 0
                    job.results.append(self._import_one(job, upload))
            finally:
                job.state = "done"
                if not job.dry_run:
                    shutil.rmtree(job.folder, ignore_errors=True)
                job.finished.set()

    def _import_one(self, job: ImportJob, upload: Upload) -> FileResult:
        def tick(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            report = import_file(
                self.store,
                upload.path,
                fmt=upload.fmt,
                owner_id=job.owner_id,
                dry_run=job.dry_run,
                progress=tick,
            )
        except TisserError as exc:  # the file's transaction rolled back: nothing written
            return FileResult(upload, error=exc)
        except Exception:  # a bug: logged, and the user told plainly; still nothing written
            log.exception("import of %s failed", upload.name)
            return FileResult(
                upload,
                error=InvalidInput(
                    N_("the import failed on our side; nothing was written from this file"),
                    hint=N_("try again; if it happens again, please report it"),
                ),
            )
        report.path = upload.name
        return FileResult(upload, report=report)
