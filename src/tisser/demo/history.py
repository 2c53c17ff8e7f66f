"""Interaction histories: when the user last saw each contact, every time before, and what
was said.

Each circle has its rhythm (``MEAN_GAP``) and a designed spread of days since the last
interaction (``LAST_GAPS``), so some ties are on time and others due, overdue, cooling or
dormant on purpose: the cadence features need all of these on the demo's first day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tisser.core.model import Channel, Circle, Contact, Interaction, help_direction
from tisser.demo.clusters import CLUSTER_BY_KEY
from tisser.demo.contacts import Person, pick_met
from tisser.demo.draw import to_weekday, weighted
from tisser.demo.texts import GAVE_TEXTS, OUTCOMES, RECEIVED_TEXTS

HISTORY_DAYS = 3 * 365  # interactions cover the three years before today
PARIS = ZoneInfo("Europe/Paris")

# Designed days since the last interaction, per circle: (low, high, weight); None = never.
LAST_GAPS: dict[Circle, tuple[tuple[int | None, int, float], ...]] = {
    Circle.FIRST: ((1, 5, 0.7), (6, 7, 0.2), (8, 14, 0.1)),
    Circle.SECOND: ((1, 24, 0.6), (25, 30, 0.15), (31, 60, 0.15), (61, 200, 0.1)),
    Circle.ACTIVE: ((1, 72, 0.55), (73, 90, 0.15), (91, 180, 0.17), (181, 365, 0.08),
                    (366, 700, 0.05)),
    Circle.WIDER: ((None, 0, 0.05), (1, 292, 0.75), (293, 365, 0.12), (366, 1000, 0.05)),
    Circle.DORMANT: ((None, 0, 0.3), (400, 1090, 0.7)),
}  # fmt: skip
# Mean days between two interactions, per circle.
MEAN_GAP = {
    Circle.FIRST: 6.0,
    Circle.SECOND: 21.0,
    Circle.ACTIVE: 55.0,
    Circle.WIDER: 260.0,
    Circle.DORMANT: 220.0,
}


def design_history(rng: random.Random, p: Person, today: date) -> None:
    """Choose the last interaction and the earlier ones for one person."""
    c = p.contact
    cluster = CLUSTER_BY_KEY[p.cluster]
    window_start = today - timedelta(days=HISTORY_DAYS)
    gap: int | None
    if p.last is not None:
        gap = (today - p.last).days
    else:
        lo, hi, _w = weighted(rng, [(g, g[2]) for g in LAST_GAPS[c.circle]])
        gap = None if lo is None else rng.randint(lo, hi)
    if gap is None:
        p.last = None
        return
    last = today - timedelta(days=gap)
    if c.met_on is not None and last < c.met_on:
        if cluster.met_from <= last and c.met_through_id is None:
            # Met earlier than first drawn, so the designed gap holds.
            c.met_on, c.met_how, c.met_channel = pick_met(
                rng, cluster, cluster.met_from, last, c.gender
            )
        if last < c.met_on:
            if c.circle == Circle.DORMANT:  # archived soon after meeting: never talked since
                p.last = None
                return
            last = c.met_on
    if not cluster.weekend:
        last = to_weekday(last, c.met_on)
    last = min(last, today - timedelta(days=1))
    if c.met_on is not None:
        last = max(last, c.met_on)
    p.last = last
    floor = max(window_start, c.met_on) if c.met_on else window_start
    dates = {last}
    d = last
    mean = MEAN_GAP[c.circle]
    while True:
        step = max(1, round(mean * 0.45 + rng.expovariate(1 / (mean * 0.55))))
        d -= timedelta(days=step)
        if d < floor:
            break
        dd = d if cluster.weekend else to_weekday(d, floor, rng)
        if floor <= dd <= last:
            dates.add(dd)
    if c.met_on is not None and c.met_on >= window_start:
        dates.add(c.met_on)  # the first meeting itself
    p.dates = sorted(dates)


def _time_of(rng: random.Random, channel: Channel, d: date) -> datetime:
    weekend = d.weekday() >= 5
    if channel == Channel.LUNCH:
        minutes = rng.choice(range(12 * 60, 13 * 60 + 31, 15))
    elif channel == Channel.EVENT:
        minutes = (
            rng.choice(range(18 * 60 + 30, 19 * 60 + 31, 15))
            if rng.random() < 0.55
            else rng.choice(range(9 * 60, 16 * 60 + 1, 30))
        )
    elif channel == Channel.SPORT:
        minutes = (
            rng.choice(range(9 * 60, 11 * 60 + 1, 30))
            if weekend
            else rng.choice(range(18 * 60 + 30, 20 * 60 + 1, 30))
        )
    elif weekend:
        minutes = rng.choice(range(10 * 60, 19 * 60, 5))
    else:
        minutes = rng.choice(range(8 * 60 + 30, 18 * 60 + 46, 5))
    return datetime(d.year, d.month, d.day, minutes // 60, minutes % 60, tzinfo=PARIS)


def _channel_for(rng: random.Random, p: Person, first_meeting: bool) -> Channel:
    c = p.contact
    if first_meeting and c.met_channel is not None:
        return c.met_channel
    cluster = CLUSTER_BY_KEY[p.cluster]
    if c.circle >= Circle.WIDER and rng.random() < 0.35 and cluster.key != "famille":
        return rng.choice((Channel.LINKEDIN, Channel.EMAIL, Channel.EVENT, Channel.MESSAGE))
    if c.family_name == "Lefèvre" and c.given_name == "Jérôme" and rng.random() < 0.5:
        return Channel.SPORT
    return weighted(rng, cluster.channels)


def interactions_of(
    rng: random.Random, people: list[Person], by_cluster: dict[str, list[Person]]
) -> tuple[list[Interaction], list[tuple[int, int, float]]]:
    """Turn everyone's designed dates into interactions, in time order.

    Also returns the links the help implies ``(a, b, strength)``: after "mise en relation avec
    X", the contact knows X.
    """
    all_contacts = [p.contact for p in people]
    link_extra: list[tuple[int, int, float]] = []
    events: list[tuple[datetime, Interaction]] = []
    for p in people:
        events.extend(_events_of(rng, p, all_contacts, by_cluster, link_extra))
    events.sort(key=lambda e: (e[0], e[1].contact_ids))
    interactions = [event for _, event in events]
    return interactions, link_extra


def _events_of(
    rng: random.Random,
    p: Person,
    all_contacts: list[Contact],
    by_cluster: dict[str, list[Person]],
    link_extra: list[tuple[int, int, float]],
) -> list[tuple[datetime, Interaction]]:
    """One person's dates as interactions; help is forced once when the person has a style."""
    c = p.contact
    assert c.id is not None
    cluster = CLUSTER_BY_KEY[p.cluster]
    p_help = {1: 0.06, 2: 0.14, 3: 0.2, 4: 0.25, 5: 0.2}[int(c.circle)]
    if p.help != "mixed":
        p_help = 0.45
    plain = [i for i, d in enumerate(p.dates) if d != c.met_on]
    forced_index = rng.choice(plain) if plain else -1
    if p.help != "mixed" and forced_index == -1:
        p.help = "mixed"
    events: list[tuple[datetime, Interaction]] = []
    for index, d in enumerate(p.dates):
        first_meeting = d == c.met_on
        channel = _channel_for(rng, p, first_meeting)
        when = _time_of(rng, channel, d)
        if first_meeting:
            about = "première rencontre : " + (c.met_how or "")
        else:
            about = rng.choice(cluster.topics)
            about = about[:1].upper() + about[1:]
        gave = received = ""
        wants_help = rng.random() < p_help or (
            index == forced_index and (p.help != "mixed" or p.force_help)
        )
        if wants_help and not first_meeting:
            gave, received = _help_texts(rng, p, all_contacts, d, link_extra)
        outcome = rng.choice(OUTCOMES) if rng.random() < 0.4 else ""
        ids = [c.id, *_mates(rng, p, by_cluster, d, channel, bool(gave or received))]
        events.append(
            (
                when,
                Interaction(
                    occurred_at=when,
                    channel=channel,
                    contact_ids=ids,
                    direction=help_direction(gave, received),
                    gave=gave,
                    received=received,
                    about=about,
                    outcome=outcome,
                ),
            )
        )
    return events


def _help_texts(
    rng: random.Random,
    p: Person,
    all_contacts: list[Contact],
    d: date,
    link_extra: list[tuple[int, int, float]],
) -> tuple[str, str]:
    """What was given and received on that day; an introduction also adds the link it made."""
    c = p.contact
    assert c.id is not None
    gave = received = ""
    style = p.help
    if style == "mixed":
        style = weighted(rng, [("gave", 0.4), ("received", 0.38), ("mutual", 0.22)])
    other = rng.choice(all_contacts)
    if other.id == c.id or (other.met_on and other.met_on > d):
        other = all_contacts[0]
    if style in ("gave", "gave_only", "mutual"):
        gave = rng.choice(GAVE_TEXTS).format(name=other.display_name)
        if gave.startswith("mise en relation") and other.id != c.id:
            assert other.id is not None
            link_extra.append((c.id, other.id, 0.35))
    if style in ("received", "received_only", "mutual"):
        received = rng.choice(RECEIVED_TEXTS).format(name=other.display_name)
    return gave, received


def _mates(
    rng: random.Random,
    p: Person,
    by_cluster: dict[str, list[Person]],
    d: date,
    channel: Channel,
    helped: bool,
) -> list[int]:
    """Others of the cluster sometimes at the same meeting (often at an event), never with help."""
    if (
        not helped
        and channel in (Channel.EVENT, Channel.LUNCH, Channel.IN_PERSON,
                        Channel.VIDEO, Channel.SPORT)
        and rng.random() < (0.45 if channel == Channel.EVENT else 0.12)
    ):  # fmt: skip
        mates = [
            q.contact.id for q in by_cluster[p.cluster]
            if q is not p and q.contact.id is not None and q.last is not None
            and q.last >= d and (q.contact.met_on is None or q.contact.met_on <= d)
            and q.contact.circle != Circle.DORMANT
        ]  # fmt: skip
        return rng.sample(mates, k=min(len(mates), rng.choice((1, 1, 2))))
    return []
