"""One tie strength for every command: the diagnosis's, from per-contact aggregates.

The diagnosis (#4) measures a tie with :func:`tisser.core.strength.tie_strength` (six parts,
weights from the settings file's ``[strength]``) and classifies it with the cadence statuses
of :mod:`tisser.core.cadence` (the settings file's ``[cadence]``). The plan (#5) and reach
(#6) first had stand-ins; they now read the same figures from here, so a tie called strong
in ``tisser diagnose`` is the same tie the plan and ``tisser reach`` lean on.

Everything is computed from :meth:`~tisser.store.aggregates.AggregatesMixin.contact_aggregates`
(the journal's summary tables), never from every interaction: the plan and reach benchmarks run
on a million interactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo

from tisser.core.cadence import status_of
from tisser.core.diagnosis import DiagnosisSettings
from tisser.core.model import Contact
from tisser.core.reciprocity import Pattern, pattern_of
from tisser.core.strength import TieHistory, tie_strength
from tisser.core.ties import LATE, Tie
from tisser.core.unanswered import Silence, answered_history, silences, window_start
from tisser.store import Store
from tisser.store.aggregates import ContactAggregate
from tisser.store.attempts import unanswered_attempts

YEAR_DAYS = 365


def year_ago(today: date, zone: tzinfo) -> datetime:
    """Local midnight a year before ``today``: the window of "recent" counts and help."""
    return datetime.combine(today - timedelta(days=YEAR_DAYS), time(0, 0), tzinfo=zone)


def attempts_since(today: date, zone: tzinfo) -> datetime:
    """Local midnight where the unanswered attempts' window starts (one setting, #18)."""
    return datetime.combine(window_start(today), time(0, 0), tzinfo=zone)


def history_of(a: ContactAggregate, zone: tzinfo) -> TieHistory:
    """One contact's aggregate as the core's :class:`TieHistory`, in local dates."""
    return TieHistory(
        contact_id=a.contact_id,
        count=a.count,
        first=a.first.astimezone(zone).date() if a.first else None,
        last=a.last.astimezone(zone).date() if a.last else None,
        gave=a.gave,
        received=a.received,
        recent=a.recent,
    )


def silences_of(store: Store, owner_id: int, today: date, zone: tzinfo) -> dict[int, Silence]:
    """The runs of unanswered attempts (:mod:`tisser.core.unanswered`): the plan, reach and
    ``ask`` leave a person alone while the pause runs, as the diagnosis advises."""
    return silences(unanswered_attempts(store, owner_id, zone, attempts_since(today, zone)), today)


def histories_of(aggregates: Mapping[int, ContactAggregate], zone: tzinfo) -> dict[int, TieHistory]:
    return {cid: history_of(a, zone) for cid, a in aggregates.items()}


def mutual_counts(pairs: Iterable[tuple[int, int]]) -> defaultdict[int, int]:
    """contact id -> number of links (the diagnosis's "mutual": the user knows all her
    contacts, so a contact's links are the contacts in common; links only join contacts of
    the same owner, archived ones included, as the diagnosis counts them)."""
    out: defaultdict[int, int] = defaultdict(int)
    for a, b in pairs:
        if a != b:
            out[a] += 1
            out[b] += 1
    return out


def reach_ties(
    store: Store,
    people: Iterable[Contact],
    owner_id: int,
    today: date,
    zone: tzinfo,
    settings: DiagnosisSettings,
) -> dict[int, Tie]:
    """contact id -> reach's :class:`~tisser.core.ties.Tie`, with the diagnosis's measures.

    The strength is :func:`~tisser.core.strength.tie_strength`; *overdue* is a cadence
    status of overdue, cooling or dormant (the settings file's cadences); *one-sided* is the
    diagnosis's reciprocity pattern "taker" (you received clearly more than you gave, over
    enough exchanges, seed 003). Help exchanged is counted over the last year.
    """
    aggregates = store.contact_aggregates(owner_id, recent_since=year_ago(today, zone))
    channels = store.last_channels(owner_id)
    mutual = mutual_counts(store.link_pairs(owner_id))
    silent = silences_of(store, owner_id, today, zone)
    none = ContactAggregate(0)
    out: dict[int, Tie] = {}
    for c in people:
        if c.id is None:
            continue
        a = aggregates.get(c.id, none)
        quiet = silent.get(c.id)
        h = answered_history(history_of(a, zone), quiet)
        status = status_of(c, h.last, today, settings=settings.cadence)
        channel = channels.get(c.id)
        out[c.id] = Tie(
            strength=tie_strength(c, h, today, mutual[c.id], settings.strength).value,
            overdue=status.status in LATE,
            one_sided=pattern_of(a.gave, a.received, settings.reciprocity) is Pattern.TAKER,
            gave=a.recent_gave,
            received=a.recent_received,
            last_seen=h.last,
            last_channel=channel.value if channel is not None else "",
            unanswered=quiet.unanswered if quiet is not None else 0,
        )
    return out
