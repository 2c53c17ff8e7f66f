"""The demo network: reproducible, realistic in shape, and full of signal for later features.

Every property is recomputed here from the generated records, independently of how the
generator builds them.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tisser.core.cadence import Status, status_of
from tisser.core.errors import InvalidInput
from tisser.core.model import (
    Channel,
    Circle,
    Contact,
    HelpDirection,
    Interaction,
    Link,
    Profile,
    help_direction,
)
from tisser.core.names import fold
from tisser.demo import DEFAULT_SEED, DemoNetwork, generate, load_demo

TODAY = date(2026, 11, 23)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def net() -> DemoNetwork:
    return generate(TODAY)


def _last_interactions(net: DemoNetwork) -> dict[int, date]:
    last: dict[int, date] = {}
    for i in net.interactions:
        assert i.occurred_at is not None
        d = i.occurred_at.date()
        for cid in i.contact_ids:
            if cid not in last or d > last[cid]:
                last[cid] = d
    return last


def _statuses(net: DemoNetwork, today: date | None = None) -> dict[int, Status]:
    today = today or TODAY
    last = _last_interactions(net)
    out = {}
    for c in net.contacts:
        assert c.id is not None
        out[c.id] = status_of(c, last.get(c.id), today).status
    return out


# --- reproducibility ------------------------------------------------------------------


def test_same_seed_and_today_give_identical_output() -> None:
    a, b = generate(TODAY, seed=DEFAULT_SEED), generate(TODAY, seed=DEFAULT_SEED)
    assert a.profile == b.profile
    assert a.contacts == b.contacts
    assert a.interactions == b.interactions
    assert a.links == b.links


def test_different_seed_gives_different_output() -> None:
    a, b = generate(TODAY, seed=1), generate(TODAY, seed=2)
    assert a.contacts != b.contacts
    assert a.interactions != b.interactions
    assert a.links != b.links


def test_generation_leaves_global_random_state_alone() -> None:
    state = random.getstate()
    generate(TODAY, seed=7, size=60)
    assert random.getstate() == state


def test_the_demo_follows_today() -> None:
    later = TODAY + timedelta(days=200)
    net = generate(later)
    dates = [i.occurred_at.date() for i in net.interactions if i.occurred_at]
    assert max(dates) <= later
    assert max(dates) > later - timedelta(days=14)  # the demo is always current
    assert min(dates) >= later - timedelta(days=3 * 366)


def test_size_is_a_parameter_and_too_small_is_refused() -> None:
    small = generate(TODAY, size=100)
    assert len(small.contacts) == 100
    assert Counter(c.circle for c in small.contacts)[Circle.FIRST] >= 5
    with pytest.raises(InvalidInput):
        generate(TODAY, size=10)


# --- sizes and shape -------------------------------------------------------------------


def test_sizes_are_in_range(net: DemoNetwork) -> None:
    assert len(net.contacts) == 350
    assert [c.id for c in net.contacts] == list(range(1, 351))
    assert 2500 <= len(net.interactions) <= 4000
    assert 1500 <= len(net.links) <= 3000


def test_circles_follow_the_dunbar_shape(net: DemoNetwork) -> None:
    counts = Counter(c.circle for c in net.contacts)
    assert 4 <= counts[Circle.FIRST] <= 8
    assert 10 <= counts[Circle.SECOND] <= 20
    assert 45 <= counts[Circle.ACTIVE] <= 75
    assert 15 <= counts[Circle.DORMANT] <= 25
    assert counts[Circle.WIDER] == max(counts.values())
    assert counts[Circle.WIDER] > len(net.contacts) / 2


def test_closeness_follows_the_circle(net: DemoNetwork) -> None:
    by_circle: dict[Circle, list[int]] = defaultdict(list)
    for c in net.contacts:
        if c.closeness is not None:
            assert 1 <= c.closeness <= 5
            by_circle[c.circle].append(c.closeness)
    mean = {k: sum(v) / len(v) for k, v in by_circle.items()}
    assert mean[Circle.FIRST] > mean[Circle.SECOND] > mean[Circle.ACTIVE] > mean[Circle.WIDER]


def test_profile_is_a_marketing_director_in_bordeaux(net: DemoNetwork) -> None:
    p = net.profile
    assert isinstance(p, Profile)
    assert p.city == "Bordeaux" and p.function == "marketing"
    assert re.search(r"[éèêëïôü]", p.given_name + p.family_name)
    assert 60 <= p.weekly_budget_minutes <= 120
    assert p.relational_profile is not None and p.energy is not None
    assert p.values and p.skills and len(p.pitch) > 80


# --- integrity ------------------------------------------------------------------------


def test_interactions_reference_valid_contacts(net: DemoNetwork) -> None:
    ids = {c.id for c in net.contacts}
    for i in net.interactions:
        assert 1 <= len(i.contact_ids) <= 3
        assert len(set(i.contact_ids)) == len(i.contact_ids)
        assert set(i.contact_ids) <= ids


def test_no_interaction_after_today_or_before_meeting(net: DemoNetwork) -> None:
    met = {c.id: c.met_on for c in net.contacts}
    for i in net.interactions:
        assert i.occurred_at is not None and i.occurred_at.tzinfo is not None
        d = i.occurred_at.astimezone(PARIS).date()
        assert d <= TODAY
        for cid in i.contact_ids:
            met_on = met[cid]
            assert met_on is None or d >= met_on


def test_interactions_happen_at_plausible_hours_mostly_on_weekdays(net: DemoNetwork) -> None:
    weekdays = 0
    for i in net.interactions:
        assert i.occurred_at is not None
        local = i.occurred_at.astimezone(PARIS)
        assert 8 <= local.hour <= 21
        weekdays += local.weekday() < 5
    assert weekdays / len(net.interactions) > 0.8


def test_interactions_use_every_channel_and_some_are_group(net: DemoNetwork) -> None:
    channels = Counter(i.channel for i in net.interactions)
    assert set(channels) == set(Channel)
    sizes = Counter(len(i.contact_ids) for i in net.interactions)
    assert sizes[2] + sizes[3] >= 50
    assert all(i.about for i in net.interactions)
    assert any(i.outcome for i in net.interactions)


def test_rhythm_follows_the_circle(net: DemoNetwork) -> None:
    per_contact = Counter(cid for i in net.interactions for cid in i.contact_ids)
    mean: dict[Circle, float] = {}
    for circle in Circle:
        members = [c.id for c in net.contacts if c.circle == circle]
        mean[circle] = sum(per_contact[m] for m in members) / len(members)
    assert mean[Circle.FIRST] > 100  # weekly-ish over three years
    assert mean[Circle.FIRST] > mean[Circle.SECOND] > mean[Circle.ACTIVE] > mean[Circle.WIDER]


def test_links_are_canonical_unique_and_valid(net: DemoNetwork) -> None:
    ids = {c.id for c in net.contacts}
    seen = set()
    for link in net.links:
        assert isinstance(link, Link)
        assert link.a_id < link.b_id
        assert link.a_id in ids and link.b_id in ids
        assert (link.a_id, link.b_id) not in seen
        seen.add((link.a_id, link.b_id))
        assert link.strength is not None and 0.0 <= link.strength <= 1.0


def test_introductions_are_valid(net: DemoNetwork) -> None:
    ids = {c.id for c in net.contacts}
    introduced = [c for c in net.contacts if c.met_through_id is not None]
    assert len(introduced) >= 10
    for c in introduced:
        assert c.met_through_id in ids and c.met_through_id != c.id


def test_family_members_know_each_other(net: DemoNetwork) -> None:
    family = [c.id for c in net.contacts if "famille" in c.categories]
    assert len(family) >= 4
    pairs = {(lk.a_id, lk.b_id) for lk in net.links}
    for i, a in enumerate(family):
        for b in family[i + 1 :]:
            assert a is not None and b is not None
            assert (min(a, b), max(a, b)) in pairs


def test_circle_5_has_no_recent_interaction(net: DemoNetwork) -> None:
    last = _last_interactions(net)
    archived = [c for c in net.contacts if c.circle == Circle.DORMANT]
    for c in archived:
        assert c.id not in last or (TODAY - last[c.id]).days > 365


# --- names and contact fields -------------------------------------------------------------


def test_names_have_accents_and_particles(net: DemoNetwork) -> None:
    given = " ".join(c.given_name for c in net.contacts)
    for letter in "éëïô":
        assert letter in given + " ".join(c.family_name for c in net.contacts)
    assert any(c.particle == "de" for c in net.contacts)
    assert any(c.particle == "d'" for c in net.contacts)
    assert any(fold(c.family_name) == "muller" for c in net.contacts)
    assert any(c.family_name == "Du Pont" and c.particle == "" for c in net.contacts)
    assert any(c.organization.startswith("Œ") for c in net.contacts)
    # some international names
    assert any(c.particle == "da" for c in net.contacts)
    assert any(c.particle == "van der" for c in net.contacts)
    full = {(c.given_name, c.particle, c.family_name) for c in net.contacts}
    assert len(full) == len(net.contacts)  # no homonyms


def test_names_sort_with_the_directory_key(net: DemoNetwork) -> None:
    ordered = sorted(net.contacts, key=lambda c: c.sort_key)
    keys = [c.sort_key for c in ordered]
    assert keys == sorted(keys)
    fontaine = next(c for c in net.contacts if c.family_name == "La Fontaine")
    assert fontaine.sort_key.startswith("la fontaine")
    assert fontaine.display_name.endswith("de La Fontaine")


def test_contact_fields_look_real(net: DemoNetwork) -> None:
    e164 = re.compile(r"^\+[1-9]\d{7,14}$")
    phones = [p for c in net.contacts for p in c.phones]
    assert all(e164.match(p) for p in phones)
    french_mobile = [p for p in phones if p.startswith(("+336", "+337"))]
    assert len(french_mobile) > 0.8 * len(phones)
    assert any(not c.emails for c in net.contacts)
    assert all("@" in e and " " not in e for c in net.contacts for e in c.emails)
    assert sum(c.linkedin.startswith("https://www.linkedin.com/in/") for c in net.contacts) > 200
    assert any(c.x_handle.startswith("@") for c in net.contacts)
    assert any(c.website for c in net.contacts)
    assert all(c.gender in ("f", "m", "") for c in net.contacts)
    assert all(c.seniority in ("junior", "confirmed", "senior", "executive") for c in net.contacts)
    assert sum(bool(c.notes) for c in net.contacts) > 30
    categories = Counter(cat for c in net.contacts for cat in c.categories)
    for cat in ("famille", "ami", "alumni", "ancien collègue", "client", "prestataire"):
        assert categories[cat] > 0, cat
    tags = Counter(t for c in net.contacts for t in c.tags)
    for tag in ("cybersécurité", "export", "RH", "startup", "padel"):
        assert tags[tag] > 0, tag
    profiles = Counter(c.relational_profile for c in net.contacts)
    assert 3 <= profiles["super_connector"] <= 20
    assert profiles["mentor"] >= 3 and profiles["reserved"] >= 10


def test_network_is_bordeaux_centred_and_marketing_heavy(net: DemoNetwork) -> None:
    cities = Counter(c.city for c in net.contacts)
    assert cities.most_common(1)[0][0] == "Bordeaux"
    assert cities["Paris"] >= 20
    for city in ("Lyon", "Toulouse", "Nantes", "Lille", "Mérignac"):
        assert cities[city] > 0, city
    assert sum(c.country != "France" for c in net.contacts) >= 5
    functions = Counter(c.function for c in net.contacts if c.function)
    assert functions.most_common(1)[0][0] == "marketing"
    assert len(functions) >= 8
    orgs = {c.organization for c in net.contacts}
    assert {"Dassault Aviation", "Thales", "Safran"} <= orgs


# --- community structure -------------------------------------------------------------------


def test_links_have_community_structure(net: DemoNetwork) -> None:
    nx = pytest.importorskip("networkx")
    from networkx.algorithms.community import greedy_modularity_communities, modularity

    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in net.contacts)
    graph.add_edges_from((lk.a_id, lk.b_id) for lk in net.links)
    communities = greedy_modularity_communities(graph)
    assert modularity(graph, communities) > 0.3
    largest = max(nx.connected_components(graph), key=len)
    assert len(largest) > 0.9 * len(net.contacts)


# --- signal for later features ---------------------------------------------------------------


def test_cadence_statuses_are_all_represented(net: DemoNetwork) -> None:
    counts = Counter(_statuses(net).values())
    for status in (Status.ON_TRACK, Status.DUE, Status.OVERDUE, Status.COOLING, Status.DORMANT):
        assert counts[status] > 0, status
    assert counts[Status.ON_TRACK] > len(net.contacts) / 3
    assert counts[Status.ARCHIVED] == sum(c.circle == Circle.DORMANT for c in net.contacts)


def test_some_close_ties_are_slipping(net: DemoNetwork) -> None:
    statuses = _statuses(net)
    close = [c for c in net.contacts if c.circle in (Circle.FIRST, Circle.SECOND)]
    assert any(statuses[c.id] in (Status.OVERDUE, Status.COOLING) for c in close if c.id)
    last = _last_interactions(net)
    second = [c for c in net.contacts if c.circle == Circle.SECOND and c.id in last]
    assert any((TODAY - last[c.id]).days >= 75 for c in second if c.id)


def test_part_of_the_wider_network_is_dormant(net: DemoNetwork) -> None:
    statuses = _statuses(net)
    wider = [c for c in net.contacts if c.circle == Circle.WIDER]
    dormant = [c for c in wider if c.id and statuses[c.id] == Status.DORMANT]
    assert 0.05 <= len(dormant) / len(wider) <= 0.2


def test_some_contacts_were_never_contacted(net: DemoNetwork) -> None:
    last = _last_interactions(net)
    never = [c for c in net.contacts if c.id not in last and c.circle != Circle.DORMANT]
    assert len(never) >= 3
    assert all(c.met_on is not None for c in never)


def test_some_dormant_ties_were_valuable(net: DemoNetwork) -> None:
    statuses = _statuses(net)
    helped = {
        cid for i in net.interactions if i.direction != HelpDirection.NONE for cid in i.contact_ids
    }
    valuable = [c for c in net.contacts if c.id and statuses[c.id] == Status.DORMANT
                and c.id in helped]  # fmt: skip
    assert len(valuable) >= 3


def test_help_flows_both_ways_and_some_ties_are_one_sided(net: DemoNetwork) -> None:
    directions: dict[int, set[HelpDirection]] = defaultdict(set)
    for i in net.interactions:
        assert i.direction == help_direction(i.gave, i.received)
        if i.direction != HelpDirection.NONE:
            for cid in i.contact_ids:
                directions[cid].add(i.direction)
    all_dirs = Counter(i.direction for i in net.interactions)
    assert all_dirs[HelpDirection.GAVE] > 20 and all_dirs[HelpDirection.RECEIVED] > 20
    assert all_dirs[HelpDirection.MUTUAL] > 0
    only_received = [c for c, d in directions.items() if d == {HelpDirection.RECEIVED}]
    only_gave = [c for c, d in directions.items() if d == {HelpDirection.GAVE}]
    assert len(only_received) >= 3
    assert len(only_gave) >= 3
    assert any(i.gave.startswith("mise en relation avec ") for i in net.interactions)


# --- loading into a store ---------------------------------------------------------------------


@dataclass
class FakeStore:
    """Just enough of the store API, with ids that differ from the temporary keys."""

    next_id: int = 1000
    calls: list[str] = field(default_factory=list)
    contacts: dict[int, Contact] = field(default_factory=dict)
    interactions: list[Interaction] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    profile: Profile | None = None

    def reset(self, owner_id: int) -> None:
        self.calls.append(f"reset {owner_id}")

    def ensure_owner(self, owner_id: int, name: str) -> None:
        self.calls.append(f"owner {owner_id} {name}")

    def save_profile(self, profile: Profile) -> None:
        self.profile = profile

    def bulk_add_contacts(self, contacts: list[Contact]) -> list[int]:
        ids = []
        for c in contacts:
            assert c.id is None
            if c.met_through_id is not None:
                assert c.met_through_id in self.contacts  # the introducer exists already
            self.next_id += 7
            self.contacts[self.next_id] = c
            ids.append(self.next_id)
        return ids

    def bulk_add_interactions(self, interactions: list[Interaction]) -> int:
        self.interactions.extend(interactions)
        return len(interactions)

    def bulk_add_links(self, links: list[Link]) -> int:
        self.links.extend(links)
        return len(links)


def test_load_demo_remaps_ids(net: DemoNetwork) -> None:
    store = FakeStore()
    loaded = load_demo(store, TODAY, owner_id=3)
    assert store.calls[0] == "reset 3" and store.calls[1].startswith("owner 3 ")
    assert store.profile is not None and store.profile.owner_id == 3
    assert len(store.contacts) == len(net.contacts) == len(loaded.contacts)
    assert len(store.interactions) == len(net.interactions)
    assert len(store.links) == len(net.links)
    real = {c.id for c in loaded.contacts}
    assert real == set(store.contacts)
    # The same people in the same order, with the store's ids.
    assert [c.display_name for c in loaded.contacts] == [c.display_name for c in net.contacts]
    temp_to_real = {t.id: r.id for t, r in zip(net.contacts, loaded.contacts, strict=True)}
    for t, r in zip(net.contacts, loaded.contacts, strict=True):
        assert r.owner_id == 3
        assert r.met_through_id == (temp_to_real[t.met_through_id] if t.met_through_id else None)
    for t_i, r_i in zip(net.interactions, store.interactions, strict=True):
        assert r_i.contact_ids == [temp_to_real[x] for x in t_i.contact_ids]
        assert r_i.owner_id == 3
    assert all(lk.a_id < lk.b_id and lk.owner_id == 3 for lk in store.links)
    assert {(lk.a_id, lk.b_id) for lk in store.links} == {
        tuple(sorted((temp_to_real[lk.a_id], temp_to_real[lk.b_id]))) for lk in net.links
    }
    assert all(r in real for lk in store.links for r in (lk.a_id, lk.b_id))


def test_load_demo_into_a_real_store(tmp_path: Path, net: DemoNetwork) -> None:
    store_module = pytest.importorskip("tisser.store")  # written in parallel; skip until it is
    if not hasattr(store_module, "open_store"):
        pytest.skip("tisser.store.open_store is not available yet")
    store = store_module.open_store("sqlite:///" + str(tmp_path / "d.db"))
    loaded = load_demo(store, TODAY)
    all_contacts = store_module.ContactFilter(include_archived=True)
    assert store.count_contacts(all_contacts) == len(net.contacts)
    assert len(store.list_interactions()) == len(net.interactions)
    assert len(store.all_links()) == len(net.links)
    # Loading again replaces the demo rather than adding to it.
    loaded = load_demo(store, TODAY)
    assert store.count_contacts(all_contacts) == len(net.contacts)
    assert len(store.all_links()) == len(net.links)
    # What comes back is what was generated, under the store's ids.
    fontaine = next(c for c in loaded.contacts if c.family_name == "La Fontaine")
    assert fontaine.id is not None
    fontaine_back = store.get_contact(fontaine.id)
    assert (fontaine_back.particle, fontaine_back.given_name) == ("de", "Béatrice")
    assert all(isinstance(i.occurred_at, datetime) for i in loaded.interactions)
