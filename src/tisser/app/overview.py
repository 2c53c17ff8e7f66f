"""The overview's figures as plain data (``tisser overview``, its ``--json`` and the web's
Today page), counted in the database so they stay quick at tens of thousands of contacts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from tisser.app.context import State, local_zone
from tisser.core import cadence
from tisser.core.model import Circle, HelpDirection
from tisser.settings import load_settings

RECONNECT_LIMIT = 10


def overview_data(state: State, limit: int = RECONNECT_LIMIT) -> dict[str, object]:
    """The figures of the overview, as plain data (also the ``--json`` output).

    Counted in the database: statuses by SQL written from the core's thresholds
    (:mod:`tisser.store.browse`), and only the late contacts are read to be ranked, so the
    overview stays quick at tens of thousands of contacts.
    """
    store, today, owner = state.store, state.today, state.owner_id
    zone = local_zone()
    circles = store.circle_counts(owner)
    rhythm = load_settings().cadence  # the settings file's cadences, as in `tisser diagnose`
    statuses, late = store.cadence_overview(cadence.TO_RECONNECT, today, zone, owner, rhythm)
    contacts = [c for c, _ in late]
    last = {c.id or 0: moment.astimezone(zone) for c, moment in late if moment is not None}
    reconnect = cadence.to_reconnect(contacts, last, today, limit=limit, settings=rhythm)
    year_ago = datetime.combine(today - timedelta(days=365), time(0, 0), tzinfo=zone)
    # "in the last 30 days": a local date after today - 30, i.e. from the next midnight on
    month_ago = datetime.combine(today - timedelta(days=29), time(0, 0), tzinfo=zone)
    balance = store.help_balance(owner, since=year_ago)
    both = balance[HelpDirection.MUTUAL.value]
    profile = store.get_profile(owner)
    return {
        "owner": f"{profile.given_name} {profile.family_name}".strip() if profile else "",
        "today": today,
        "contacts": sum(circles.values()),
        "circles": {int(c): circles.get(int(c), 0) for c in Circle},
        "statuses": {s.value: statuses[s.value] for s in cadence.Status if s.value in statuses},
        "interactions_30_days": store.count_interactions(owner, since=month_ago),
        "interactions_12_months": store.count_interactions(owner, since=year_ago),
        "links": store.count_links(owner),
        "gave_12_months": balance[HelpDirection.GAVE.value] + both,
        "received_12_months": balance[HelpDirection.RECEIVED.value] + both,
        "to_reconnect": [
            {
                "id": c.id,
                "name": c.display_name,
                "organization": c.organization,
                "circle": int(c.circle),
                "status": st.status.value,
                "last_contact": st.last_contact,
                "days_since": st.days_since,
                "cadence_days": st.cadence_days,
            }
            for c, st in reconnect
        ],
    }
