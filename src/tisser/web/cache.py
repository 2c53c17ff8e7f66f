"""Results derived from the whole network (the diagnosis, Today's figures), kept until a write.

The diagnosis takes seconds at 30,000 contacts and Today's figures a tenth of that; both
read the whole network but change only when the data does. :class:`DerivedCache` keeps the
last result of each key together with the database's *data version*
(:class:`tisser.store.version.DataVersion`, which sees the writes of every connection and
every process) and the application's own write generation (bumped after every request that
may write, belt and braces). A result is served only while both are unchanged, so a page
never shows what was true before a write:

* the version is read *before* computing, and the result is filed under it: a write that
  commits during the computation makes the next request compute again;
* a missing result is computed once even when twenty requests ask for it together (one lock
  per key: the others wait for it, then read it) — *single flight*;
* a failure is not kept: the next request tries again.

The keys carry everything else a result depends on (owner, today, time zone, settings,
language), so a new day or an edited settings file is a new key, not a stale hit.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# a day's results are four (the diagnosis, its page in French and English, Today): two days'
# worth at most, for a diagnosis of 30,000 contacts weighs tens of megabytes
MAX_ENTRIES = 8


class DerivedCache:
    """Last results by key, valid while the data version is unchanged; thread-safe."""

    def __init__(self, version: Callable[[], Hashable], max_entries: int = MAX_ENTRIES) -> None:
        self._version = version
        self._max = max_entries
        self._entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()  # guards the two dicts, never held while computing
        self._generation = itertools.count()
        self._writes = next(self._generation)
        self.computed = 0  # how many results were computed (for tests and the bench)

    def wrote(self) -> None:
        """The application has (perhaps) written: nothing cached before is served again."""
        with self._lock:
            self._writes = next(self._generation)
            self._entries.clear()

    def stamp(self) -> Hashable:
        """The current data version, with the application's own write generation."""
        with self._lock:
            writes = self._writes
        return (writes, self._version())

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result of ``compute()`` for ``key``, computed again only after a write."""
        stamp = self.stamp()
        hit = self._lookup(key, stamp)
        if hit is not None:
            return hit[0]  # type: ignore[no-any-return]
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            stamp = self.stamp()  # read again: the wait may have outlived a write
            hit = self._lookup(key, stamp)
            if hit is not None:  # computed by the request we waited for
                return hit[0]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self.computed += 1
                # results of an older version can never be served again: let them go
                for old in [k for k, (s, _v) in self._entries.items() if s != stamp]:
                    del self._entries[old]
                self._entries[key] = (stamp, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
                if len(self._locks) > 2 * self._max:
                    self._forget_locks()
            return value

    def _forget_locks(self) -> None:
        """Drop the locks of keys no longer kept (searches come and go: one lock per query
        ever typed would grow without end). A lock taken but not yet held may go too: its
        request then computes beside another one, which is correct, merely not single."""
        for k in [k for k, lock in self._locks.items() if k not in self._entries]:
            if not self._locks[k].locked():
                del self._locks[k]

    def _lookup(self, key: Hashable, stamp: Hashable) -> tuple[Any] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(key)
            return (entry[1],)
