"""Read what the diagnosis needs from the store, with per-contact aggregates only.

Dates are counted in the user's time zone: the aggregates come back in UTC and are turned
into local dates here, so "14 days ago" means the same as in ``tisser show``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tisser.core.diagnosis import Diagnosis, DiagnosisSettings, NetworkData, diagnose
from tisser.core.dormant import Wanted
from tisser.core.objectives import wanted_of
from tisser.memory import gc_paused
from tisser.reference import employment
from tisser.store import Store
from tisser.store.attempts import unanswered_attempts
from tisser.strengths import attempts_since, histories_of, year_ago

TIMELINE_MONTHS = 24


def network_data(
    store: Store,
    owner_id: int,
    today: date,
    zone: ZoneInfo,
    wanted: Wanted | None = None,
) -> NetworkData:
    """Contacts, per-contact journal summaries, link pairs and the monthly timeline."""
    contacts = store.lean_contacts(owner_id)
    aggregates = store.contact_aggregates(owner_id, recent_since=year_ago(today, zone))
    histories = histories_of(aggregates, zone)
    first_month = date(today.year - TIMELINE_MONTHS // 12, today.month, 1)
    since = datetime.combine(first_month, time(0, 0), tzinfo=zone)
    return NetworkData(
        contacts=contacts,
        histories=histories,
        links=store.link_pairs(owner_id),
        today=today,
        profile=store.get_profile(owner_id),
        timeline=store.monthly_interactions(owner_id, since=since),
        # #5's objectives feed the diagnosis: wanted sectors, profiles, linked contacts
        wanted=wanted
        if wanted is not None
        else wanted_of(store.list_objectives(owner_id, active_only=True)),
        interactions=store.interaction_total(owner_id),
        attempts=unanswered_attempts(store, owner_id, zone, since=attempts_since(today, zone)),
        reference=employment(),
    )


def objectives_wanted(store: Store, owner_id: int) -> Wanted:
    """What the active objectives (#5) call for, as the diagnosis reads it."""
    return wanted_of(store.list_objectives(owner_id, active_only=True))


def load_diagnosis(
    store: Store,
    owner_id: int,
    today: date,
    zone: ZoneInfo,
    settings: DiagnosisSettings | None = None,
    wanted: Wanted | None = None,
) -> Diagnosis:
    """The diagnosis of the owner's network on ``today``."""
    with gc_paused():
        return diagnose(network_data(store, owner_id, today, zone, wanted), settings)
