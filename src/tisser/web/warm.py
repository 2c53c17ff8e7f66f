"""The diagnosis and Today's figures prepared in the background, so nobody waits for them.

At 30,000 contacts the diagnosis takes seconds. :class:`Preparer` computes it (with its page
in both languages and Today's figures) through the same cache as the pages
(:mod:`tisser.web.cache`): when the server starts, and again a moment after the last
request that wrote (a burst of quick logs costs one computation, not one each). A visitor
who arrives meanwhile waits for that computation instead of starting a second one. Writes
by another program are not watched: the next visitor computes them, as without this.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI

from tisser.i18n import LANGUAGES, language_scope

AFTER_WRITE_DELAY = 2.0  # seconds without a write before the pages are prepared again

log = logging.getLogger("tisser.web")


class Preparer:
    """Prepares the app's derived results now, or a moment after the last write."""

    def __init__(self, app: FastAPI, delay: float | None = None) -> None:
        self.app = app
        self.delay = AFTER_WRITE_DELAY if delay is None else delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._stopped = False

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

    def stop(self) -> None:
        """No more preparation (the server stops)."""
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()

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
