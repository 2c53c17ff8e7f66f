"""The demo community: a Bordeaux sports-networking club (seed 003, Sporezo-like).

Members play padel, golf or running, or come for coffee; they work in the region's sectors
(wine, aeronautics, digital, health, banking…) for ~150 companies, so colleagues exist and
must never be matched together. Levels follow each sport's scale (padel 1–10 peaking around
4–5, golf handicap 4–36, running pace 4:00–7:30 min/km); slots cluster on weekday evenings,
lunchtimes and weekend mornings, as a club's calendar does. One ``random.Random(seed)``:
same seed, same club. :func:`members` also feeds bench/bench_matching.py at any size.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

from tisser.core.community import DAYS, Format, Member, Round, Want, Wish
from tisser.core.errors import N_, NotFound
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.demo.draw import weighted
from tisser.demo.people import FR_FAMILY, FR_FEMALE, FR_MALE, GASCON_FAMILY

if TYPE_CHECKING:
    from tisser.store import Store

CLUB_NAME = "Bordeaux Sport & Réseau"
# The demo club's organiser on the community server (.example never receives mail).
DEMO_ORGANISER = "organisateur@club-demo.example"
PLACES = ("Bordeaux", "Mérignac", "Pessac", "Bègles", "Le Bouscat", "Lormont")
COMMUNES = (
    *PLACES,
    "Talence", "Gradignan", "Eysines", "Bruges", "Cenon", "Floirac", "Villenave-d'Ornon",
    "Le Haillan", "Saint-Médard-en-Jalles", "Blanquefort",
)  # fmt: skip
# Written as the club's members would type them, in French (a French page showed
# "secteurs : aeronautics et tourism"); the weights and the draws are the same as before.
SECTORS = (
    ("vin", 3.0), ("aéronautique", 2.0), ("numérique", 3.0), ("santé", 2.0), ("banque", 2.0),
    ("BTP", 1.5), ("commerce", 1.5), ("conseil", 2.0), ("secteur public", 1.5),
    ("logistique", 1.0), ("énergie", 1.0), ("tourisme", 1.0), ("droit", 1.0),
)  # fmt: skip
FUNCTIONS = (
    ("commercial", 3.0), ("marketing", 2.0), ("ingénierie", 3.0), ("finance", 2.0),
    ("ressources humaines", 1.5), ("direction générale", 1.5), ("opérations", 2.0),
    ("juridique", 1.0), ("achats", 1.0), ("communication", 1.0),
)  # fmt: skip
TOPICS = ("export", "levée de fonds", "management", "numérique", "recrutement", "négociation")
SLOT_WEIGHTS = {
    "morning": (0.3, 0.3, 0.3, 0.3, 0.3, 2.0, 1.5),
    "lunch": (1.2, 1.5, 1.5, 1.5, 1.2, 0.4, 0.2),
    "afternoon": (0.2, 0.2, 0.4, 0.2, 0.4, 1.0, 0.8),
    "evening": (1.0, 1.8, 1.5, 1.8, 0.8, 0.2, 0.1),
}
ROUNDS = (
    ("padel", 4, 4),
    ("golf", 3, 4),
    ("running", 3, 6),
    ("coffee", 2, 2),
)


@dataclass(frozen=True)
class ClubRound:
    activity: str
    size_min: int
    size_max: int
    date_from: date
    date_to: date


def _email(first: str, last: str, company: str, seen: set[str]) -> str:
    base = f"{fold(first)}.{fold(last)}".replace(" ", "-").replace("'", "")
    domain = fold(company).replace(" ", "-").replace("'", "") + ".fr"
    email, n = f"{base}@{domain}", 1
    while email in seen:
        n += 1
        email = f"{base}{n}@{domain}"
    seen.add(email)
    return email


def _companies(rng: random.Random, count: int) -> list[tuple[str, str]]:
    stems = (
        "Garonne",
        "Aquitaine",
        "Gironde",
        "Médoc",
        "Chartrons",
        "Bastide",
        "Entre-Deux-Mers",
        "Océan",
        "Landes",
        "Pessac-Léognan",
        "Saint-Émilion",
        "Caudéran",
        "Arcachon",
    )
    kinds = (
        "Conseil",
        "Industries",
        "Digital",
        "Santé",
        "Vins",
        "Logistique",
        "Finance",
        "Énergie",
        "Bâtiment",
        "Aéro",
        "Voyages",
        "Avocats",
        "Distribution",
    )
    out = []
    for i in range(count):
        name = f"{rng.choice(stems)} {rng.choice(kinds)}" + (f" {i}" if i >= 120 else "")
        out.append((name, weighted(rng, SECTORS)))
    return out


def members(count: int, seed: int = 2026) -> list[Member]:
    """``count`` club members, reproducibly."""
    rng = random.Random(seed)
    companies = _companies(rng, max(10, count // 4))
    seen: set[str] = set()
    out: list[Member] = []
    for i in range(count):
        female = rng.random() < 0.45
        first = rng.choice(FR_FEMALE if female else FR_MALE)
        last = rng.choice(FR_FAMILY + GASCON_FAMILY)
        company, sector = rng.choice(companies)
        sports: dict[str, float] = {}
        if rng.random() < 0.55:
            sports["padel"] = float(min(10, max(1, round(rng.gauss(4.5, 1.8)))))
        if rng.random() < 0.35:
            sports["golf"] = float(min(36, max(4, round(rng.gauss(20, 7)))))
        if rng.random() < 0.45:
            sports["running"] = round(min(7.5, max(4.0, rng.gauss(5.6, 0.7))) * 4) / 4
        if not sports or rng.random() < 0.6:
            sports["coffee"] = 0.0
        slots: set[str] = set()
        while len(slots) < rng.randint(3, 7):
            part = rng.choice(tuple(SLOT_WEIGHTS))
            day = weighted(rng, list(zip(DAYS, SLOT_WEIGHTS[part], strict=True)))
            slots.add(f"{day}-{part}")
        seeks: list[Wish] = []
        offers: list[Wish] = []
        senior = rng.random() < 0.3
        for _ in range(rng.randint(0, 2)):
            kind = weighted(
                rng,
                [(Want.MENTOR, 0.5 if not senior else 0.1), (Want.PEERS, 1.0),
                 (Want.SECTOR, 1.0), (Want.JOB, 0.3), (Want.HELP, 0.6)],
            )  # fmt: skip
            wish = Wish(kind, rng.choice(TOPICS) if kind in (Want.MENTOR, Want.HELP) else "")
            if wish not in seeks:
                seeks.append(wish)
        if senior and rng.random() < 0.6:
            offers.append(Wish(Want.MENTOR, rng.choice(TOPICS)))
        if rng.random() < 0.15:
            offers.append(Wish(Want.JOB))
        if rng.random() < 0.3:
            offers.append(Wish(Want.HELP, rng.choice(TOPICS)))
        profile = weighted(
            rng,
            [(RelationalProfile.SUPER_CONNECTOR, 1.0), (RelationalProfile.MENTOR, 1.0),
             (RelationalProfile.EXPERT, 1.5), (RelationalProfile.RESERVED, 1.5)],
        )  # fmt: skip
        fmt = weighted(rng, [(Format.ANY, 3.0), (Format.ONE_TO_ONE, 1.0), (Format.GROUP, 1.0)])
        out.append(
            Member(
                id=i + 1,
                email=_email(first, last, company, seen),
                first_name=first,
                last_name=last,
                company=company,
                sector=sector,
                function=weighted(rng, FUNCTIONS),
                seniority="senior" if senior else rng.choice(("junior", "confirmed")),
                city=rng.choice(COMMUNES),
                travel_km=rng.choice((5.0, 8.0, 10.0, 15.0, 25.0)),
                sports=sports,
                slots=frozenset(slots),
                languages=frozenset({"fr", "en"} if rng.random() < 0.5 else {"fr"}),
                relational_profile=profile,
                format=fmt,
                seeks=tuple(seeks),
                offers=tuple(offers),
            )
        )
    return out


def rounds(today: date, past: int = 6) -> list[ClubRound]:
    """The club's rounds: ``past`` finished ones per activity (the history) and the next."""
    out = []
    for back in range(past, -1, -1):
        start = today - timedelta(days=14 * back)
        for activity, lo, hi in ROUNDS:
            out.append(ClubRound(activity, lo, hi, start, start + timedelta(days=13)))
    return out


@dataclass(frozen=True)
class Club:
    """What :func:`load_club` stored."""

    community_id: int
    name: str
    members: int
    rounds: int
    published: int
    next_round: int


def load_club(
    store: Store, actor: int, today: date, zone: tzinfo, size: int = 600, seed: int = 2026
) -> Club:
    """Store the demo club (replacing a previous one): members, past rounds matched and
    published with feedback (the history), and the next round of each activity open with
    its opt-ins. One transaction."""
    from tisser.community.service import match_round

    rng = random.Random(seed + 1)
    with store.transaction():
        for c in store.my_communities(actor):
            if fold(c.name) == fold(CLUB_NAME):
                store.delete_community(actor, c.id)
        club = store.create_community(actor, CLUB_NAME)
        store.upsert_members(actor, club.id, members(size, seed))
        stored = store.community_members(actor, club.id)
        published = 0
        last = 0
        for cr in rounds(today):
            rnd = store.create_round(
                actor,
                Round(0, club.id, cr.activity, cr.size_min, cr.size_max, cr.date_from, cr.date_to,
                      PLACES),
            )  # fmt: skip
            players = [m.id for m in stored if cr.activity in m.sports]
            share = rng.uniform(0.35, 0.6)
            store.opt_in(actor, rnd.id, [i for i in players if rng.random() < share])
            last = rnd.id
            if cr.date_to >= today:
                continue
            outcome = match_round(store, actor, rnd.id, zone)
            store.publish_round(actor, rnd.id)
            published += 1
            for meeting in outcome.meetings:
                for mid in meeting.member_ids:
                    if rng.random() < 0.55:
                        met = rng.random() < 0.85
                        store.add_feedback(
                            actor, rnd.id, mid, met,
                            useful=weighted(rng, [(5, 3.0), (4, 4.0), (3, 2.0), (2, 0.7),
                                                  (1, 0.3)]) if met else None,
                            again=rng.random() < 0.7 if met else None,
                        )  # fmt: skip
        total = len(store.list_rounds(actor, club.id))
    return Club(club.id, CLUB_NAME, len(stored), total, published, last)


@dataclass(frozen=True)
class Organiser:
    """Who organises the demo club on the community server; ``password`` is set when the
    demo account is (re)made, to be shown once, and None for an existing account."""

    email: str
    password: str | None
    invite: str


def seat_organiser(store: Store, actor: int, community_id: int, email: str = "") -> Organiser:
    """Give the demo club an organiser who can sign in to the community server.

    With ``email``, the existing account of that address becomes an organiser. Without, the
    demo account :data:`DEMO_ORGANISER` does, with a new random password (only its hash is
    stored; any former password and session of that account stop working). An invitation
    code is made too, for other accounts to join as members.
    """
    password = None
    with store.transaction():
        if email.strip():
            uid = store.account_user(email)
            if uid is None:
                raise NotFound(
                    N_("no account of the community server uses {email}"),
                    hint=N_("sign up on the community server first, or leave out --organiser "
                            "to get the demo organiser's account"),
                    email=email.strip(),
                )  # fmt: skip
        else:
            email, password = DEMO_ORGANISER, secrets.token_urlsafe(12)
            uid = store.account_user(email)
            if uid is None:
                uid = store.create_account(email, password)
            else:
                store.set_password(uid, password)
                store.delete_sessions(uid)
        store.add_organiser(actor, community_id, uid)
        invite = store.create_invite(actor, community_id)
    return Organiser(email.strip(), password, invite)
