"""The diagnosis of a network: every measure, then the findings a coach would write.

Seed 001's third step, "diagnostiquer son réseau": from the inventory, the journal and the
links, say what the network looks like, what is at risk, what is missing and the few things to
do now. :func:`diagnose` computes each measure with its own module —

==============================  ====================================================
:mod:`~tisser.core.strength`    tie strength per contact (Marsden & Campbell; Gilbert &
                                Karahalios)
:mod:`~tisser.core.cadence`     on track / due / overdue / cooling / dormant
:mod:`~tisser.core.reciprocity` balance of help given and received
:mod:`~tisser.core.circles`     circles against Dunbar's layers, effort per circle
:mod:`~tisser.core.diversity`   Blau, IQV, ego E-I index against chance
:mod:`~tisser.core.structure`   density, effective size, constraint (Burt), bridges,
                                communities, contacts of contacts
:mod:`~tisser.core.dormant`     valuable dormant ties, activation
:mod:`~tisser.core.mix`         profile mix and missing profiles
==============================  ====================================================

— then :mod:`~tisser.core.findings` turns them into findings (each with its explanation and
the data behind it), a 3-5 finding summary and three actions. :mod:`~tisser.core.why`
explains one contact. All thresholds are :class:`DiagnosisSettings` (the settings file).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from tisser.core.cadence import CadenceStatus, Status, status_of
from tisser.core.circles import CircleReport, circle_report
from tisser.core.diagnosis_settings import DiagnosisSettings
from tisser.core.diversity import Spread, diversity
from tisser.core.dormant import (
    Activation,
    DormantTie,
    Wanted,
    activated_ids,
    activation,
    rank_dormant,
)
from tisser.core.findings import Action, Finding
from tisser.core.mix import ProfileMix, profile_mix
from tisser.core.model import Circle, Contact, Profile
from tisser.core.reciprocity import Reciprocity, overall, reciprocity
from tisser.core.reference import Reference
from tisser.core.strength import TieHistory, TieStrength, tie_strength
from tisser.core.structure import (
    Bridge,
    EgoStructure,
    Network,
    bridges,
    communities,
    ego_structure,
    second_hop,
    worlds,
)
from tisser.core.unanswered import Silence, answered_history, silences


@dataclass(slots=True)
class NetworkData:
    """What the diagnosis reads: plain records, as the store hands them over.

    ``links`` are (a, b) pairs of contact ids; ``histories`` the journal's summary per
    contact; ``timeline`` (month "YYYY-MM", interactions) pairs for the chart.
    """

    contacts: list[Contact]
    histories: dict[int, TieHistory]
    links: list[tuple[int, int]]
    today: date
    profile: Profile | None = None
    timeline: list[tuple[str, int]] = field(default_factory=list)
    wanted: Wanted | None = None
    interactions: int = 0  # interactions in the journal (a group one counts once)
    # contact id -> (day, answered) of each interaction, for the contacts with at least one
    # attempt left without an answer (:mod:`tisser.core.unanswered`)
    attempts: dict[int, list[tuple[date, bool]]] = field(default_factory=dict)
    reference: Reference | None = None  # employment in France (:mod:`tisser.reference`)


@dataclass(frozen=True, slots=True)
class Tie:
    """Everything the diagnosis knows about one contact."""

    contact: Contact
    strength: TieStrength
    status: CadenceStatus
    reciprocity: Reciprocity
    history: TieHistory
    mutual: int
    community: int | None
    cuts_off: int  # contacts only reachable through this one (0: not a bridge)
    introduced: tuple[int, ...]
    silence: Silence | None = None  # attempts without an answer


@dataclass(frozen=True, slots=True)
class Community:
    index: int
    members: tuple[int, ...]
    label: str
    sector: str
    organizations: tuple[str, ...]
    city: str
    activated: int


@dataclass(slots=True)
class Diagnosis:
    today: date
    owner: str
    ties: dict[int, Tie]
    statuses: dict[str, int]
    circles: CircleReport
    activation: Activation
    activated: set[int]
    reciprocity: Reciprocity
    diversity: list[Spread]
    mix: ProfileMix
    structure: EgoStructure
    communities: list[Community]
    bridges: list[Bridge]
    second_hop: dict[int, int]
    dormant: list[DormantTie]
    timeline: list[tuple[str, int]]
    interactions: int
    links: int
    edges: list[tuple[int, int]] = field(default_factory=list)
    silences: dict[int, Silence] = field(default_factory=dict)
    worlds: list[tuple[int, ...]] = field(default_factory=list)  # groups with no tie between
    wanted: Wanted | None = None  # what the objectives call for (target sectors...)
    cold: bool = False  # nothing in the journal yet: what the diagnosis cannot know
    reference_source: str = ""  # the outside reference of the entre-soi check, and its year
    reference_year: int = 0
    findings: list[Finding] = field(default_factory=list)
    summary: list[Finding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def _community_label(members: list[Contact], index: int) -> Community:
    sectors = Counter(c.sector for c in members if c.sector)
    orgs = Counter(c.organization for c in members if c.organization)
    cities = Counter(c.city for c in members if c.city)
    sector = sectors.most_common(1)[0][0] if sectors else ""
    top_orgs = tuple(o for o, n in orgs.most_common(2) if n > 1) or tuple(
        o for o, _ in orgs.most_common(1)
    )
    city = cities.most_common(1)[0][0] if cities else ""
    label = " · ".join(p for p in (sector, ", ".join(top_orgs), city) if p)
    return Community(
        index, tuple(c.id or 0 for c in members), label, sector, top_orgs, city, activated=0
    )


def spanning(
    adj: dict[int, dict[int, float]] | Network,
    community_of: dict[int, int],
    min_other: int = 3,
) -> set[int]:
    """Contacts linked into at least ``min_other`` clusters besides their own: the brokers
    of Burt's structural holes. Three, because on the demo network two is the case of a
    quarter of all contacts (a colleague who also knows a few people elsewhere)."""
    net = adj if isinstance(adj, Network) else Network.from_adjacency(adj)
    ids = net.ids.tolist()
    cluster = np.fromiter((community_of.get(c, -1) for c in ids), dtype=np.int64, count=len(ids))
    rows = net.rows()
    other = cluster[net.indices]
    keep = (other >= 0) & (other != cluster[rows])  # alters in no cluster or in one's own
    width = int(cluster.max(initial=-1)) + 1
    pairs = np.unique(rows[keep] * width + other[keep])  # each (contact, other cluster) once
    count = np.bincount(pairs // max(width, 1), minlength=len(ids))
    return set(net.ids[count >= min_other].tolist())


def diagnose(
    data: NetworkData,
    settings: DiagnosisSettings | None = None,
) -> Diagnosis:
    """Compute every measure of the network, then its findings and actions."""
    s = settings or DiagnosisSettings()
    today = data.today
    by_id = {c.id or 0: c for c in data.contacts}
    kept_ids = [cid for cid, c in by_id.items() if c.circle != Circle.DORMANT]

    # who knows whom, among the contacts still kept
    net = Network.from_links(kept_ids, data.links)
    linked = dict(zip(net.ids.tolist(), net.degree.tolist(), strict=True))
    degree = {cid: linked.get(cid, 0) for cid in by_id}
    for a, b in net.outside:  # archived contacts keep their mutual count
        if a in by_id and b in by_id:
            degree[a] += 1
            degree[b] += 1

    introduced: dict[int, list[int]] = defaultdict(list)
    for c in data.contacts:
        if c.met_through_id is not None and c.met_through_id in by_id:
            introduced[c.met_through_id].append(c.id or 0)

    statuses: dict[int, CadenceStatus] = {}
    strengths: dict[int, TieStrength] = {}
    recips: dict[int, Reciprocity] = {}
    silent = silences(data.attempts, today)
    histories = dict(data.histories)
    for cid, sil in silent.items():  # one-sided runs raise neither intensity nor cadence
        if cid in histories:
            histories[cid] = answered_history(histories[cid], sil)
    for cid, c in by_id.items():
        h = histories.get(cid) or TieHistory(cid)
        statuses[cid] = status_of(c, h.last, today, settings=s.cadence)
        strengths[cid] = tie_strength(c, h, today, degree[cid], s.strength)
        recips[cid] = reciprocity(cid, h.gave, h.received, s.reciprocity)

    groups = communities(net, min_size=s.min_community)
    community_of = {m: i for i, g in enumerate(groups) for m in g}
    cut = bridges(net, s.min_bridge_cut)
    cuts_off = {b.contact_id: len(b.cut_off) for b in cut}
    brokers = set(cuts_off) | spanning(net, community_of)

    active = activated_ids(statuses, strengths, s.activation_threshold)
    comms = []
    for i, g in enumerate(groups):
        comm = _community_label([by_id[m] for m in g], i)
        comms.append(
            Community(
                comm.index,
                comm.members,
                comm.label,
                comm.sector,
                comm.organizations,
                comm.city,
                sum(1 for m in g if m in active),
            )
        )

    ties = {
        cid: Tie(
            contact=c,
            strength=strengths[cid],
            status=statuses[cid],
            reciprocity=recips[cid],
            history=histories.get(cid) or TieHistory(cid),
            mutual=degree[cid],
            community=community_of.get(cid),
            cuts_off=cuts_off.get(cid, 0),
            introduced=tuple(introduced.get(cid, ())),
            silence=silent.get(cid),
        )
        for cid, c in by_id.items()
    }
    recent = {cid: h.recent for cid, h in histories.items()}
    kept_contacts = [by_id[i] for i in kept_ids]
    result = Diagnosis(
        today=today,
        owner=(
            f"{data.profile.given_name} {data.profile.family_name}".strip() if data.profile else ""
        ),
        ties=ties,
        statuses=dict(Counter(st.status.value for st in statuses.values())),
        circles=circle_report(
            data.contacts, recent, s.cadence.cadence_days, s.dunbar_layers, s.effort_split
        ),
        activation=activation(statuses, strengths, s.activation_threshold),
        activated=active,
        reciprocity=overall(((r.gave, r.received) for r in recips.values()), s.reciprocity),
        diversity=diversity(kept_contacts, data.profile, reference=data.reference),
        mix=profile_mix(data.contacts, active, data.wanted, s.min_per_profile),
        structure=ego_structure(net),
        communities=comms,
        bridges=cut,
        second_hop=second_hop(net, active),
        dormant=rank_dormant(
            data.contacts,
            statuses,
            strengths,
            histories,
            {k: len(v) for k, v in introduced.items()},
            brokers,
            data.wanted,
            s.dormant,
        ),
        timeline=list(data.timeline),
        interactions=data.interactions,
        links=len(data.links),
        edges=data.links,
        silences=silent,
        worlds=worlds(net, s.min_community),
        wanted=data.wanted,
        reference_source=data.reference.source if data.reference else "",
        reference_year=data.reference.year if data.reference else 0,
        cold=data.interactions == 0 and not any(h.count for h in histories.values()),
    )
    from tisser.core.findings import advise  # the rules read the measures above

    advise(result, s)
    return result


SLIPPING = (Status.OVERDUE, Status.COOLING, Status.DORMANT)
