"""The pages of the web application, and the navigation built from them.

A capability plugs in with one router module and its templates, then one :class:`Page`
entry here: the router is mounted and its navigation entry shown. Capabilities that do not
exist yet have no entry, so the navigation never offers a page that is not there.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from fastapi import APIRouter

from tisser.core.errors import N_


@dataclass(frozen=True)
class Page:
    """A router module of :mod:`tisser.web.routers` and its navigation entry (if any)."""

    module: str
    path: str = ""
    label: str = ""  # an N_ msgid; empty: no navigation entry (e.g. a page reached by link)

    def router(self) -> APIRouter:
        found: APIRouter = importlib.import_module(f"tisser.web.routers.{self.module}").router
        return found


PAGES: tuple[Page, ...] = (
    Page("today", "/", N_("Today")),
    Page("contacts", "/contacts", N_("Contacts")),
    Page("contact"),
    Page("contact_photo"),
    Page("diagnosis", "/diagnosis", N_("Diagnosis")),
    Page("sort"),  # the first run's quick sort, reached from the diagnosis's advice
    Page("plan", "/plan", N_("Plan")),
    Page("reach", "/reach", N_("Reach")),
    Page("events", "/events", N_("Events")),
    Page("journal", "/journal", N_("Journal")),
    Page("imports", "/import", N_("Import")),
    Page("sources", "/sources", N_("Sources")),
    Page("duplicates"),
    Page("export"),
    Page("carddav"),
    Page("profile", "/profile", N_("My profile")),
    Page("settings"),
)


def navigation() -> list[Page]:
    """The pages shown in the navigation bar, in order."""
    return [p for p in PAGES if p.label]
