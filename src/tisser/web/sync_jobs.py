"""Syncs started from the Sources page: each runs in a background thread while the page polls
its progress (messages read, interactions created), then shows its closing report.

Why a thread: a mailbox of a hundred thousand messages, or an IMAP account's first sync,
takes minutes; the page must stay usable and say how far it is. The sync itself is
:func:`tisser.app.capture.sync_source`, as for ``tisser sync``: it writes batch by batch,
each batch with its cursor, and keeps its report on the source when it ends.

One sync per source at a time: "Sync now" on a source that is syncing shows the running
one. A job lives in memory; when ``tisser web`` runs several worker processes, the one
running it also writes a small JSON snapshot into the folder they share (the import
jobs' folder, private to the server), so a poll that reaches another worker reads it
there. A snapshot not refreshed for :data:`STALE_SECONDS` while "running" is a sync whose
process went away: it reads as interrupted, and the next sync resumes where it stopped.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tisser.app import capture as ac
from tisser.capture.model import SyncReport
from tisser.core.errors import N_, TisserError
from tisser.store import Store
from tisser.store.capture import SourceRecord

log = logging.getLogger("tisser.web")

PUBLISH_EVERY = 0.25  # seconds between two snapshots of a running sync
STALE_SECONDS = 600.0  # a running snapshot this old: its process is gone


@dataclass
class SyncJob:
    """One sync of one source: how far it is, then its report or what stopped it."""

    id: str
    owner_id: int
    source_id: int
    name: str
    state: str = "running"  # running, done
    read: int = 0
    created: int = 0
    updated: int = 0
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None  # a TisserError's template, params, place and hint
    updated_at: float = field(default_factory=time.time)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def error_text(self, translate: Callable[[str], str]) -> str:
        """What stopped the sync, in the reader's language ("" when nothing did)."""
        if not self.error:
            return ""
        e = self.error
        return TisserError(
            e["message"], where=e.get("where", ""), hint=e.get("hint", ""), **e["params"]
        ).one_line(translate)


def _error(exc: TisserError) -> dict[str, Any]:
    params = json.loads(json.dumps(exc.params, default=str))
    return {"message": exc.message, "params": params, "where": exc.where, "hint": exc.hint}


class SyncJobs:
    """The syncs of one web application, the latest of each source kept."""

    def __init__(self, store: Store, shared: Path | None = None) -> None:
        self.store = store
        self.shared = shared
        self._jobs: dict[tuple[int, int], SyncJob] = {}
        self._published: dict[str, float] = {}
        self._lock = threading.Lock()

    def start(self, source: SourceRecord, now: datetime, secret: ac.Secret) -> SyncJob:
        """Sync ``source`` in the background, or the sync of it already running."""
        with self._lock:
            running = self.current(source.owner_id, source.id)
            if running is not None and running.running:
                return running
            job = SyncJob(secrets.token_urlsafe(9), source.owner_id, source.id, source.name)
            self._jobs[source.owner_id, source.id] = job
        self._publish(job, force=True)
        worker = threading.Thread(
            target=self._run, args=(job, source, now, secret), name=f"sync-{source.id}"
        )
        worker.daemon = True  # a sync cut by quitting resumes at its cursor next time
        worker.start()
        return job

    def current(self, owner_id: int, source_id: int) -> SyncJob | None:
        """The latest sync of the source, here or in another worker process."""
        job = self._jobs.get((owner_id, source_id)) or self._read(owner_id, source_id)
        if job is not None and job.running and time.time() - job.updated_at > STALE_SECONDS:
            job.state = "done"
            job.error = {
                "message": N_("the sync stopped before its end"),
                "params": {},
                "where": job.name,
                "hint": N_("sync again: it resumes where it stopped"),
            }
        return job

    def wait(self, owner_id: int, source_id: int, timeout: float) -> None:
        """Wait at most ``timeout`` seconds for the source's sync to end (tests, small
        sources)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.current(owner_id, source_id)
            if job is None or not job.running:
                return
            time.sleep(0.05)

    def _run(self, job: SyncJob, source: SourceRecord, now: datetime, secret: ac.Secret) -> None:
        def watch(report: SyncReport) -> None:
            job.read, job.created, job.updated = report.read, report.created, report.updated
            job.updated_at = time.time()
            self._publish(job)

        try:
            report = ac.sync_source(self.store, source, now, secret=secret, watch=watch)
            job.report = report.as_dict()
            job.read, job.created, job.updated = report.read, report.created, report.updated
        except TisserError as exc:  # the batches written stay; the next sync resumes
            job.error = _error(exc)
        except Exception:  # a bug: logged, and the user told plainly
            log.exception("sync of %s failed", source.name)
            job.error = {
                "message": N_("the sync failed on our side"),
                "params": {},
                "where": source.name,
                "hint": N_(
                    "sync again: it resumes where it stopped; if it fails again, please report it"
                ),
            }
        finally:
            job.state = "done"
            job.updated_at = time.time()
            self._publish(job, force=True)

    # --- what the worker processes share --------------------------------------------------

    def _path(self, owner_id: int, source_id: int) -> Path | None:
        if self.shared is None:
            return None
        return self.shared / f"sync-{int(owner_id)}-{int(source_id)}.json"

    def _publish(self, job: SyncJob, force: bool = False) -> None:
        path = self._path(job.owner_id, job.source_id)
        if path is None:
            return
        moment = time.monotonic()
        if not force and moment - self._published.get(job.id, 0.0) < PUBLISH_EVERY:
            return
        self._published[job.id] = moment
        partial = path.with_suffix(".part")
        try:
            partial.write_text(json.dumps(asdict(job), default=str), encoding="utf-8")
            os.replace(partial, path)  # a reader sees the old snapshot or the new, never half
        except OSError:
            log.warning("could not share the sync of %s", job.name, exc_info=True)

    def _read(self, owner_id: int, source_id: int) -> SyncJob | None:
        path = self._path(owner_id, source_id)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return SyncJob(**data)
        except (OSError, ValueError, TypeError):
            return None
