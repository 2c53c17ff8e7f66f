"""Holding Python's cycle collector while a big batch of objects is built.

A diagnosis of a big network, or an import of thousands of cards, creates millions of small
objects that live until the end and hold no reference cycle worth collecting: each full pass
the allocations trigger walks all of them again for nothing (a quarter of the time of
importing 10,000 vCards; 0.3-0.5 s CPU of a diagnosis at 30,000 contacts). Reference
counting still frees everything as usual.

The collector is process-wide: while one thread holds it, the others' cycles wait too (the
web application's import worker, its diagnosis warm-up). Nesting is safe: only the outermost
holder that found it enabled turns it back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; restored afterwards, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle_long_lived() -> None:
    """Collect once, then leave everything still alive out of the collector's passes.

    For a server: once its pages are prepared, what lives on (modules, templates, the
    diagnosis kept for the pages: millions of objects at 30,000 contacts) would be walked
    again by every full pass, which the allocations of ordinary requests still trigger —
    pauses of 200-750 ms measured under load, each one stalling every request of that
    process. ``gc.freeze`` moves them to a generation no pass visits; reference counting
    still frees them as usual.

    The unfreeze and the collection come first so that what an earlier call froze and has
    since become cyclic garbage (the previous diagnosis, after a write) is collected, not
    kept frozen for ever: one full pass per preparation instead of one every few seconds.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def unsettle() -> None:
    """Undo :func:`settle_long_lived` (the server stops; tests go on in the same process)."""
    gc.unfreeze()
