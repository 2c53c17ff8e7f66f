"""The diagnosis and Today's figures prepared in the background, so nobody waits for them.

At 30,000 contacts the diagnosis takes seconds. :class:`Preparer` computes it (with its page
in both languages and Today's figures) through the same cache as the pages
(:mod:`tisser.web.cache`): when the server starts, and again a moment after the last
request that wrote (a burst of quick logs costs one computation, not one each). A visitor
who arrives meanwhile waits for that computation instead of starting a second one.

Writes by another process are watched too (:meth:`Preparer.watch`): the other worker
process of the same server (``tisser web`` runs two on a machine with two cores), or
``tisser log`` in a terminal. Without it, whoever opened the Diagnostic next in the other
process would wait for the whole computation. The check is SQLite's ``PRAGMA data_version``
once a second (:class:`tisser.store.version.DataVersion`); PostgreSQL's check also changes
with writes to the server's other databases, so there a busy server would keep the
computation running: it is not watched, and its next visitor computes, as before.

After each preparation what the pages keep is long-lived, and is left out of the cycle
collector's passes (:func:`tisser.memory.settle_long_lived`): without that, the full passes
that ordinary requests trigger walked the kept diagnosis every few seconds, stalling the
process for 200-750 ms each time under load.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI

from tisser.i18n import LANGUAGES, language_scope
from tisser.memory import settle_long_lived, unsettle
from tisser.store.version import DataVersion

AFTER_WRITE_DELAY = 2.0  # seconds without a write before the pages are prepared again
WATCH_EVERY = 1.0  # seconds between two looks at the database's data version

log = logging.getLogger("tisser.web")


class Preparer:
    """Prepares the app's derived results now, or a moment after the last write."""

    def __init__(self, app: FastAPI, delay: float | None = None) -> None:
        self.app = app
        self.delay = AFTER_WRITE_DELAY if delay is None else delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._stopped = False
        self._stop = threading.Event()

    def now(self) -> None:
        """Prepare in a background thread, starting now."""
        threading.Thread(target=self._prepare, name="tisser-prepare", daemon=True).start()

    def after_write(self) -> None:
        """Prepare once no write has come for :attr:`delay` seconds."""
        with self._lock:
            if self._stopped:
                return
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._prepare)
            self._timer.daemon = True
            self._timer.start()

    def watch(self, version: DataVersion, every: float | None = None) -> None:
        """Prepare again (as :meth:`after_write`) when another process writes (SQLite)."""
        if version.kind != "sqlite-data-version":
            return
        every = WATCH_EVERY if every is None else every
        threading.Thread(
            target=self._watch, args=(version, every), name="tisser-watch", daemon=True
        ).start()

    def _watch(self, version: DataVersion, every: float) -> None:
        try:
            seen = version.current()
            while not self._stop.wait(every):
                now = version.current()
                if now != seen:
                    seen = now
                    self.after_write()
        except Exception:  # the pages still compute on demand
            log.warning("stopped watching the database for changes", exc_info=True)

    def stop(self) -> None:
        """No more preparation (the server stops)."""
        self._stop.set()
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
        unsettle()

    def _prepare(self) -> None:
        from tisser.web.render import Web
        from tisser.web.routers.diagnosis import page_context
        from tisser.web.routers.today import today_data

        state = self.app.state
        try:
            for lang in LANGUAGES:
                with language_scope(lang):
                    w = Web(state.store, state.owner_id, state.today(), lang, state.cache)
                    today_data(w)
                    page_context(w)
        except Exception:  # a page computes it again, and shows the error if any
            log.warning("could not prepare the pages in advance", exc_info=True)
            return
        with self._lock:
            if self._stopped:
                return
            # what the pages keep is long-lived now: out of the collector's passes
            settle_long_lived()
