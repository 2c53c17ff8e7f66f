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

When ``tisser web`` runs several worker processes, the page's next request (the progress
poll, the report, "Import for real") may reach another process than the one running the
job. The workers then share a folder (``shared``): each job's uploads are in it, and the
process running a job publishes a snapshot of it there (a pickle, replaced atomically, at
most every :data:`PUBLISH_EVERY` seconds while it runs) that the others read. The folder is
private to the server (created by it, mode 0700, deleted when it stops), so the pickles
read are only ever the server's own. "Import for real" clicked twice, in two processes,
starts once: the first process to create the preview's ``.confirmed`` marker wins. One
import runs at a time across the processes (a lock file), as within one.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tisser.core.errors import N_, InvalidInput, TisserError
from tisser.formats.importer import FileReport, import_file
from tisser.store import Store

log = logging.getLogger("tisser.web")

KEPT_JOBS = 20
PUBLISH_EVERY = 0.25  # seconds between two snapshots of a running job, for the other workers
CONFIRM_WAIT = 5.0  # seconds to wait for the other worker's snapshot of a job it claimed
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # what secrets.token_urlsafe gives: no path


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

    def __getstate__(self) -> dict[str, Any]:
        """The snapshot another worker reads: everything but the event (not picklable)."""
        state = self.__dict__.copy()
        del state["finished"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.finished = threading.Event()
        if self.state == "done":
            self.finished.set()


class ImportJobs:
    """The jobs of one web application, run one after the other by a worker thread each.

    ``shared``: the folder the server's worker processes share (see the module's
    docstring); ``None`` when this process is the only one.
    """

    def __init__(self, store: Store, shared: Path | None = None) -> None:
        self.store = store
        self.shared = shared
        self._jobs: dict[str, ImportJob] = {}
        self._published: dict[str, float] = {}  # job id: when its snapshot was last written
        self._lock = threading.Lock()  # guards _jobs
        self._run_lock = threading.Lock()  # one import at a time: they write the same tables
        atexit.register(self.close)  # uploads are people's data: none left behind in /tmp

    def close(self) -> None:
        """Delete the uploads still waiting (previews not confirmed)."""
        with self._lock:
            for job in self._jobs.values():
                shutil.rmtree(job.folder, ignore_errors=True)
                self._unpublish(job.id)

    def new_folder(self) -> Path:
        """A private folder for the uploads of a new job."""
        return Path(tempfile.mkdtemp(prefix="tisser-import-", dir=self.shared))

    def start(
        self, uploads: list[Upload], folder: Path, *, dry_run: bool, owner_id: int
    ) -> ImportJob:
        """Create the job and start importing in the background."""
        job = ImportJob(secrets.token_urlsafe(12), uploads, dry_run, owner_id, folder)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._publish(job, force=True)
        self._launch(job)
        return job

    def get(self, job_id: str, owner_id: int) -> ImportJob:
        """The job ``job_id`` of ``owner_id``; InvalidInput when it is unknown or forgotten.

        A job another worker process runs is its latest snapshot: read, not followed.
        """
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            job = self._read_published(job_id)
        if job is None or job.owner_id != owner_id:
            raise InvalidInput(
                N_("this import is no longer known (the application restarted, or it is old)"),
                hint=N_("choose the files again on the Import page"),
            )
        return job

    def confirm(self, preview: ImportJob) -> ImportJob:
        """The real import of a finished preview's files (started once, whatever the clicks)."""
        with self._lock:
            started = self._confirmed(preview)
            if started is not None:
                return started
            if not preview.dry_run or preview.state != "done" or not preview.folder.exists():
                raise InvalidInput(
                    N_("this preview cannot be imported any more"),
                    hint=N_("choose the files again on the Import page"),
                )
            uploads = [r.upload for r in preview.results if r.error is None]
            job = ImportJob(
                secrets.token_urlsafe(12), uploads, False, preview.owner_id, preview.folder
            )
            self._publish(job, force=True)  # before the claim: whoever reads it finds the job
            if not self._claim(preview.id, job.id):  # another worker process was first
                self._unpublish(job.id)
                return self._wait_confirmed(preview)
            preview.confirmed = job.id
            self._jobs[job.id] = job
            self._forget_old()
        self._launch(job)
        return job

    def _confirmed(self, preview: ImportJob) -> ImportJob | None:
        """The real import already started from ``preview``, here or by another worker."""
        job_id = preview.confirmed or self._claimed_by(preview.id)
        if not job_id:
            return None
        return self._jobs.get(job_id) or self._read_published(job_id)

    def _wait_confirmed(self, preview: ImportJob) -> ImportJob:
        deadline = time.monotonic() + CONFIRM_WAIT
        while True:
            job = self._confirmed(preview)
            if job is not None or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if job is None:
            raise InvalidInput(
                N_("this preview cannot be imported any more"),
                hint=N_("choose the files again on the Import page"),
            )
        return job

    # --- what the worker processes share ------------------------------------------------

    def _snapshot(self, job_id: str) -> Path | None:
        if self.shared is None or not _JOB_ID.fullmatch(job_id):
            return None
        return self.shared / f"{job_id}.job"

    def _publish(self, job: ImportJob, force: bool = False) -> None:
        """Write ``job``'s snapshot for the other workers (at most every PUBLISH_EVERY s)."""
        path = self._snapshot(job.id)
        if path is None:
            return
        now = time.monotonic()
        if not force and now - self._published.get(job.id, 0.0) < PUBLISH_EVERY:
            return
        self._published[job.id] = now
        partial = path.with_suffix(".part")
        try:
            partial.write_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, path)  # a reader sees the old snapshot or the new, never half
        except OSError:  # the other workers say "no longer known"; this one still serves it
            log.warning("could not share the import job %s", job.id, exc_info=True)

    def _read_published(self, job_id: str) -> ImportJob | None:
        path = self._snapshot(job_id)
        if path is None:
            return None
        try:
            job = pickle.loads(path.read_bytes())  # the server's own folder: see the module
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return job if isinstance(job, ImportJob) else None

    def _unpublish(self, job_id: str) -> None:
        path = self._snapshot(job_id)
        if path is not None:
            path.unlink(missing_ok=True)
            path.with_suffix(".part").unlink(missing_ok=True)
        self._published.pop(job_id, None)

    def _claim(self, preview_id: str, job_id: str) -> bool:
        """Mark ``preview_id`` as confirmed by ``job_id``; False if a marker is already there."""
        marker = self._marker(preview_id)
        if marker is None:
            return True
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w") as out:
            out.write(job_id)
        return True

    def _claimed_by(self, preview_id: str) -> str:
        marker = self._marker(preview_id)
        if marker is None:
            return ""
        try:
            return marker.read_text().strip()
        except OSError:
            return ""

    def _marker(self, preview_id: str) -> Path | None:
        snapshot = self._snapshot(preview_id)
        return None if snapshot is None else snapshot.with_suffix(".confirmed")

    @contextlib.contextmanager
    def _one_import_at_a_time(self) -> Iterator[None]:
        """This process's lock, and the shared folder's lock file for the other workers."""
        with self._run_lock:
            if self.shared is None:
                yield
                return
            try:
                import fcntl
            except ImportError:  # not POSIX: the database's own lock makes them wait
                yield
                return
            with open(self.shared / "run.lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    # --- running --------------------------------------------------------------------------

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
            self._unpublish(oldest.id)
            # a preview's files belong to its real import, here or in another worker
            taken = any(j.folder == oldest.folder for j in self._jobs.values())
            if not taken and not self._claimed_by(oldest.id):
                shutil.rmtree(oldest.folder, ignore_errors=True)

    def _run(self, job: ImportJob) -> None:
        with self._one_import_at_a_time():
            job.state = "running"
            self._publish(job, force=True)
            try:
                for index, upload in enumerate(job.uploads):
                    job.current, job.done, job.total = index, 0, 0
                    job.results.append(self._import_one(job, upload))
                    self._publish(job, force=True)
            finally:
                job.state = "done"
                if not job.dry_run:
                    shutil.rmtree(job.folder, ignore_errors=True)
                self._publish(job, force=True)
                job.finished.set()

    def _import_one(self, job: ImportJob, upload: Upload) -> FileResult:
        def tick(done: int, total: int) -> None:
            job.done, job.total = done, total
            self._publish(job)

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
