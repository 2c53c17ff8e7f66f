"""The demo network: a realistic, seeded, reproducible French professional network.

Every new user meets tisser through this network first (``tisser demo``), so it has to look
like a real one and leave something for every feature to say:

* the user is Hélène Marchand, marketing director of a Bordeaux wine house;
* about 350 contacts in Dunbar-like layers (5 / 15 / 60 / ~250 / 20 archived), in
  communities (family, friends, current and former colleagues, the Bordeaux marketing scene,
  start-ups, aeronautics, wine trade, ESSEC alumni, Paris, other cities, abroad, the padel
  club, suppliers), marketing over-represented so the diagnosis sees the "entre-soi";
* French names with accents, particles ("de La Fontaine", "d'Argenson") and a realistic share
  of other origins;
* three years of interactions placed relative to ``today``, with each circle's rhythm, some
  ties due, overdue, cooling or dormant on purpose, help given and received (some ties
  one-sided), group lunches and events;
* "A knows B" links dense inside communities and sparse between them, bridged by a few
  super-connectors.

The generator is pure: no I/O, no global random state (one ``random.Random(seed)``), ``today``
passed in. Temporary contact ids are ``1..n``; :func:`load_demo` writes the network to a store
and remaps them to the store's ids.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import (
    LOCAL_OWNER_ID,
    Channel,
    Circle,
    Contact,
    Energy,
    Interaction,
    Link,
    Profile,
    RelationalProfile,
    help_direction,
    make_link,
)
from tisser.core.names import fold

DEFAULT_SEED = 2026
DEFAULT_SIZE = 350
MIN_SIZE = 40
HISTORY_DAYS = 3 * 365  # interactions cover the three years before today
PARIS = ZoneInfo("Europe/Paris")

T = TypeVar("T")


@dataclass
class DemoNetwork:
    """A generated network; ids are temporary (1..n) until :func:`load_demo` stores it."""

    profile: Profile
    contacts: list[Contact]
    interactions: list[Interaction]
    links: list[Link]


# --------------------------------------------------------------------------------------
# The user
# --------------------------------------------------------------------------------------

USER_GIVEN_NAME = "Hélène"
USER_FAMILY_NAME = "Marchand"


def _profile(owner_id: int) -> Profile:
    return Profile(
        owner_id=owner_id,
        given_name=USER_GIVEN_NAME,
        family_name=USER_FAMILY_NAME,
        headline="Directrice marketing · marques de vin, export et territoire",
        organization="Maison Lescure",
        sector="vins et spiritueux",
        function="marketing",
        seniority="executive",
        city="Bordeaux",
        country="France",
        relational_profile=RelationalProfile.EXPERT,
        energy=Energy.AMBIVERT,
        weekly_budget_minutes=90,
        values=["curiosité", "transmission", "loyauté", "entraide"],
        skills=[
            "stratégie de marque",
            "marketing digital",
            "lancement de produit",
            "export",
            "management d'équipe",
        ],
        pitch=(
            "Directrice marketing chez Maison Lescure à Bordeaux, je fais grandir des marques "
            "de vin en France et à l'export en mêlant données et récit de terroir. Avant, "
            "huit ans d'e-commerce chez Cdiscount et de marques chez L'Oréal et Havas. "
            "J'aime relier les mondes du vin, de la tech et de l'industrie : si vous cherchez "
            "un regard marketing ou une mise en relation en Nouvelle-Aquitaine, parlons-en."
        ),
        language="fr",
    )


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

FR_FEMALE = (
    "Hélène", "Éloïse", "Françoise", "Anaïs", "Zoé", "Gaëlle", "Chloé", "Léa", "Inès",
    "Manon", "Émilie", "Sophie", "Claire", "Béatrice", "Cécile", "Mélanie", "Aurélie",
    "Noémie", "Maëlle", "Clémence", "Agnès", "Laëtitia", "Joséphine", "Valérie", "Sandrine",
    "Nathalie", "Isabelle", "Juliette", "Margaux", "Océane", "Pauline", "Élodie", "Céline",
    "Amélie", "Anne-Sophie", "Marie-Hélène", "Coralie", "Séverine", "Solène", "Héloïse",
    "Adèle", "Jeanne", "Louise", "Mathilde", "Stéphanie", "Virginie", "Maïwenn", "Bérénice",
)  # fmt: skip
FR_MALE = (
    "Jérôme", "Noël", "Maël", "Loïc", "Benoît", "François", "Stéphane", "Sébastien",
    "Frédéric", "Cédric", "Grégoire", "Théo", "Raphaël", "Gaël", "Joël", "Léo", "Hugo",
    "Thibault", "Arnaud", "Julien", "Nicolas", "Olivier", "Pierre-Alexandre", "Jean-Baptiste",
    "Étienne", "Rémi", "Aurélien", "Jérémy", "Maxime", "Antoine", "Guillaume", "Clément",
    "Adrien", "Bastien", "Romain", "Édouard", "Hervé", "Thierry", "Laurent", "Yannick",
    "Gwénaël", "Mickaël", "Timothée", "Benjamin", "Xavier", "Emmanuel", "Anthony",
)  # fmt: skip
EPICENE = ("Camille", "Dominique", "Claude", "Sacha", "Alix")

FR_FAMILY = (
    "Lefèvre", "Bénard", "Guérin", "Côté", "Mercier", "Dubois", "Lambert", "Fontaine",
    "Rousseau", "Faure", "Garnier", "Chevalier", "Girard", "Bonnet", "Moreau", "Laurent",
    "Simon", "Michel", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Giraud",
    "Lacroix", "Gauthier", "Perrin", "Rolland", "Barbier", "Brun", "Blanc", "Lemoine",
    "Labbé", "Ménard", "Hébert", "Gérard", "Lévêque", "Delmas", "Brisson", "Joubert",
    "Hérault", "Thébault", "Prévost", "Lécuyer", "Séguin", "Chéron", "Évrard", "Bréchet",
    "Crépin", "Müller", "Schmitt", "Kieffer", "Le Bihan", "Quéré", "Le Goff", "Le Gall",
    "Lenôtre", "Besançon", "Daguerre",
)  # fmt: skip
GASCON_FAMILY = (
    "Larrieu", "Etchegaray", "Lafargue", "Duprat", "Castaing", "Lalanne", "Capdevielle",
    "Dufourcq", "Péré", "Labat", "Lassalle", "Darriet", "Médeville", "Barthe", "Lacoste",
    "Darrigade", "Saubion", "Laffitte", "Cazenave", "Bordenave",
)  # fmt: skip
# (particle, family name without the particle): the particle is set aside when sorting.
NOBLE_FAMILY: tuple[tuple[str, str], ...] = (
    ("de", "Villeneuve"),
    ("de", "Castelnau"),
    ("d'", "Estienne"),
    ("de", "Lestapis"),
    ("", "Du Bellay"),
    ("", "Des Roches"),
    ("de", "La Rochère"),
    ("d'", "Aubigny"),
)


@dataclass(frozen=True, slots=True)
class _Origin:
    female: tuple[str, ...]
    male: tuple[str, ...]
    families: tuple[tuple[str, str], ...]


ORIGINS: dict[str, _Origin] = {
    "pt": _Origin(
        ("Inês", "Beatriz", "Joana", "Mariana"),
        ("João", "Tiago", "Rui", "Gonçalo"),
        (("", "Ferreira"), ("", "Sousa"), ("da", "Costa"), ("dos", "Santos"), ("", "Gonçalves")),
    ),
    "nl": _Origin(
        ("Femke", "Sanne", "Annelies"),
        ("Joost", "Maarten", "Sjoerd"),
        (("van der", "Meer"), ("de", "Vries"), ("van", "Dijk"), ("", "Bakker"), ("", "Janssen")),
    ),
    "de": _Origin(
        ("Katrin", "Anja", "Jutta"),
        ("Jürgen", "Matthias", "Lukas"),
        (("", "Schäfer"), ("", "Weiß"), ("", "Köhler"), ("", "Müller")),
    ),
    "es": _Origin(
        ("Lucía", "María José", "Begoña"),
        ("Álvaro", "Íñigo", "José Manuel"),
        (("", "Fernández"), ("", "García"), ("", "Martínez López"), ("", "Ibáñez")),
    ),
    "ar": _Origin(
        ("Yasmina", "Nadia", "Leïla", "Samira"),
        ("Mehdi", "Rachid", "Yassine", "Nabil"),
        (("", "Haddad"), ("", "El Amrani"), ("", "Bensaïd"), ("", "Chérif"), ("", "Aït Ahmed")),
    ),
    "vn": _Origin(
        ("Linh", "Thảo", "Mai"),
        ("Minh", "Quang", "Huy"),
        (("", "Nguyễn"), ("", "Trần"), ("", "Phạm"), ("", "Lê")),
    ),
    "it": _Origin(
        ("Giulia", "Chiara"),
        ("Marco", "Luca"),
        (("", "Rossi"), ("", "Bianchi"), ("", "Lombardi")),
    ),
    "be": _Origin(
        ("Sofie", "Nathalie", "Els", "Valérie"),
        ("Wouter", "Thibaut", "Bart", "Grégory"),
        (("", "Peeters"), ("", "Vandenbroucke"), ("", "Dubois"), ("", "Wauters")),
    ),
    "ch": _Origin(
        ("Séverine", "Nadège", "Corinne"),
        ("Yves", "Pascal", "Cédric"),
        (("", "Favre"), ("", "Rochat"), ("", "Berset"), ("", "Perrenoud")),
    ),
    "qc": _Origin(
        ("Geneviève", "Mélissa", "Marie-Ève", "Josée"),
        ("Marc-André", "Sébastien", "Jean-François", "Éric"),
        (("", "Tremblay"), ("", "Gagnon"), ("", "Bouchard"), ("", "Lévesque"), ("", "Côté")),
    ),
}
# Origins of people met in France who are not of French descent, and their weights.
FRANCE_MIX = (("ar", 5.0), ("pt", 2.0), ("vn", 1.5), ("es", 1.5), ("it", 1.5), ("de", 1.0))

# --------------------------------------------------------------------------------------
# Jobs
# --------------------------------------------------------------------------------------

SENIORITIES = ("junior", "confirmed", "senior", "executive")

# function -> seniority -> (masculine, feminine) titles
TITLES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "marketing": {
        "junior": (("Chargé de marketing", "Chargée de marketing"),
                   ("Assistant chef de produit", "Assistante cheffe de produit")),
        "confirmed": (("Chef de produit", "Cheffe de produit"),
                      ("Chef de projet marketing digital", "Cheffe de projet marketing digital"),
                      ("Traffic manager", "Traffic manager")),
        "senior": (("Responsable marketing", "Responsable marketing"),
                   ("Head of Growth", "Head of Growth"),
                   ("Responsable de la marque", "Responsable de la marque")),
        "executive": (("Directeur marketing", "Directrice marketing"), ("CMO", "CMO")),
    },
    "commercial": {
        "junior": (("Business developer", "Business developer"),),
        "confirmed": (("Ingénieur commercial", "Ingénieure commerciale"),
                      ("Key account manager", "Key account manager")),
        "senior": (("Responsable grands comptes", "Responsable grands comptes"),
                   ("Directeur régional des ventes", "Directrice régionale des ventes")),
        "executive": (("Directeur commercial", "Directrice commerciale"),),
    },
    "RH": {
        "junior": (("Chargé de recrutement", "Chargée de recrutement"),),
        "confirmed": (("Responsable RH", "Responsable RH"),
                      ("Talent acquisition manager", "Talent acquisition manager")),
        "senior": (("HR business partner", "HR business partner"),
                   ("Responsable développement RH", "Responsable développement RH")),
        "executive": (("DRH", "DRH"),),
    },
    "finance": {
        "junior": (("Contrôleur de gestion", "Contrôleuse de gestion"),),
        "confirmed": (("Analyste financier", "Analyste financière"),),
        "senior": (("Responsable financier", "Responsable financière"),),
        "executive": (("DAF", "DAF"), ("Directeur financier", "Directrice financière")),
    },
    "tech": {
        "junior": (("Développeur", "Développeuse"),),
        "confirmed": (("Data scientist", "Data scientist"),
                      ("Ingénieur logiciel", "Ingénieure logiciel")),
        "senior": (("Lead developer", "Lead developer"),
                   ("Responsable cybersécurité", "Responsable cybersécurité"),
                   ("Architecte SI", "Architecte SI")),
        "executive": (("CTO", "CTO"), ("DSI", "DSI")),
    },
    "direction générale": {
        "junior": (("Chargé de mission", "Chargée de mission"),),
        "confirmed": (("Chef de projet stratégie", "Cheffe de projet stratégie"),),
        "senior": (("Directeur des opérations", "Directrice des opérations"),),
        "executive": (("Directeur général", "Directrice générale"),
                      ("Cofondateur", "Cofondatrice"), ("Président", "Présidente")),
    },
    "conseil": {
        "junior": (("Consultant", "Consultante"),),
        "confirmed": (("Consultant senior", "Consultante senior"),),
        "senior": (("Manager", "Manager"),),
        "executive": (("Associé", "Associée"),),
    },
    "communication": {
        "junior": (("Chargé de communication", "Chargée de communication"),),
        "confirmed": (("Responsable relations presse", "Responsable relations presse"),),
        "senior": (("Responsable communication", "Responsable communication"),),
        "executive": (("Directeur de la communication", "Directrice de la communication"),),
    },
    "juridique": {
        "junior": (("Juriste", "Juriste"),),
        "confirmed": (("Avocat collaborateur", "Avocate collaboratrice"),),
        "senior": (("Responsable juridique", "Responsable juridique"),),
        "executive": (("Directeur juridique", "Directrice juridique"),
                      ("Avocat associé", "Avocate associée")),
    },
}  # fmt: skip

# --------------------------------------------------------------------------------------
# Communities
# --------------------------------------------------------------------------------------

COUNTRY_OF_CITY = {
    "Bruxelles": "Belgique",
    "Genève": "Suisse",
    "Montréal": "Canada",
    "Lisbonne": "Portugal",
    "Amsterdam": "Pays-Bas",
    "Utrecht": "Pays-Bas",
}
ORIGIN_OF_CITY = {
    "Bruxelles": "be",
    "Genève": "ch",
    "Montréal": "qc",
    "Lisbonne": "pt",
    "Amsterdam": "nl",
}
# country -> (prefix, digits allowed for the first digit after it, total digits after it)
PHONE_PLAN: dict[str, tuple[str, str, int]] = {
    "France": ("+336", "012345678", 8),  # 069x and 0639: overseas departments
    "Belgique": ("+3247", "0123456789", 7),
    "Suisse": ("+4179", "0123456789", 7),
    "Canada": ("+1514", "2345678", 7),
    "Portugal": ("+35191", "0123456789", 7),
    "Pays-Bas": ("+316", "12345", 8),
}


@dataclass(frozen=True, slots=True)
class _Org:
    name: str
    domain: str  # "" -> people there use a personal address
    sector: str
    city: str
    weight: float = 1.0


# A way of meeting: text ("{y}" is the year; "{m|f}" picks by gender), month (0: any),
# odd_years (the Paris Air Show), channel.
@dataclass(frozen=True, slots=True)
class _Met:
    text: str
    channel: Channel
    month: int = 0
    odd_years: bool = False


@dataclass(frozen=True, slots=True)
class _Cluster:
    key: str
    weight: float
    orgs: tuple[_Org, ...]
    functions: tuple[tuple[str, float], ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    met_from: date
    met_to: date | None
    mets: tuple[_Met, ...]
    channels: tuple[tuple[Channel, float], ...]
    topics: tuple[str, ...]
    affinity: tuple[float, float, float, float]  # weights for circles 1, 2, 3 and 5
    org_p: float  # chance two people of one organisation know each other
    cluster_p: float  # chance two people of the community know each other
    weekend: bool = False
    personal_email: bool = False
    foreign: float = 0.12
    gascon: float = 0.0


_SALON = Channel.EVENT
_VIVATECH = _Met("Salon VivaTech {y}", _SALON, 6)

CLUSTERS: tuple[_Cluster, ...] = (
    _Cluster(
        "famille", 0.0, (), (("direction générale", 1.0),), ("famille",), ("famille",),
        date(1984, 1, 1), None, (_Met("famille", Channel.IN_PERSON),),
        ((Channel.CALL, 0.35), (Channel.MESSAGE, 0.3), (Channel.IN_PERSON, 0.25),
         (Channel.VIDEO, 0.1)),
        ("nouvelles de la famille", "organisation de Noël", "week-end au Cap-Ferret",
         "vacances d'été", "anniversaire", "repas du dimanche", "nouvelles des enfants"),
        (1, 1, 1, 0), 1.0, 1.0, weekend=True, personal_email=True,
    ),
    _Cluster(
        "amis", 10.0,
        (_Org("Pharmacie des Chartrons", "", "santé", "Bordeaux"),
         _Org("CHU de Bordeaux", "chu-bordeaux.fr", "santé", "Bordeaux"),
         _Org("Lycée Montesquieu", "ac-bordeaux.fr", "éducation", "Bordeaux"),
         _Org("Cabinet Lacoste Architectes", "lacoste-architectes.fr", "architecture",
              "Bordeaux"),
         _Org("Mairie de Bordeaux", "mairie-bordeaux.fr", "public", "Bordeaux"),
         _Org("Ubisoft Bordeaux", "ubisoft.com", "jeux vidéo", "Bordeaux")),
        (("tech", 0.2), ("finance", 0.15), ("direction générale", 0.15), ("RH", 0.15),
         ("communication", 0.15), ("juridique", 0.2)),
        ("ami",), ("apéro", "voile", "enfants", "randonnée"),
        date(2002, 9, 1), None,
        (_Met("ami{|e} d'ami{|e}s, soirée aux Chartrons", Channel.IN_PERSON),
         _Met("rencontré{|e} à la sortie de l'école", Channel.IN_PERSON),
         _Met("voisin{|e} à Caudéran", Channel.IN_PERSON)),
        ((Channel.MESSAGE, 0.3), (Channel.IN_PERSON, 0.3), (Channel.LUNCH, 0.15),
         (Channel.CALL, 0.15), (Channel.VIDEO, 0.1)),
        ("dîner entre amis", "nouvelles", "son nouveau poste", "apéro aux Chartrons",
         "préparation des vacances", "balade au Cap-Ferret"),
        (2, 6, 2, 0.3), 0.3, 0.45, weekend=True, personal_email=True, gascon=0.35,
    ),
    _Cluster(
        "lescure", 28.0,
        (_Org("Maison Lescure", "maison-lescure.fr", "vins et spiritueux", "Bordeaux"),),
        (("marketing", 0.35), ("commercial", 0.2), ("finance", 0.1), ("RH", 0.07),
         ("tech", 0.1), ("direction générale", 0.06), ("communication", 0.08),
         ("juridique", 0.04)),
        ("collègue",), ("export", "œnotourisme", "branding", "RSE", "e-commerce"),
        date(2021, 3, 1), None,
        (_Met("collègue chez Maison Lescure", Channel.IN_PERSON),
         _Met("arrivé{|e} chez Maison Lescure en {y}", Channel.IN_PERSON)),
        ((Channel.IN_PERSON, 0.3), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.2),
         (Channel.MESSAGE, 0.15), (Channel.VIDEO, 0.15)),
        ("lancement de la cuvée rosé", "budget marketing", "refonte du site e-commerce",
         "préparation de Wine Paris", "point d'équipe", "brief agence", "revue des KPI",
         "stratégie export Canada", "séminaire de rentrée"),
        (0, 4, 12, 0.2), 0.5, 0.5, gascon=0.35,
    ),
    _Cluster(
        "cdiscount", 30.0,
        (_Org("Cdiscount", "cdiscount.com", "retail et e-commerce", "Bordeaux", 4.0),
         _Org("ManoMano", "manomano.com", "retail et e-commerce", "Bordeaux"),
         _Org("Decathlon", "decathlon.com", "retail et e-commerce", "Bordeaux"),
         _Org("Showroomprivé", "showroomprive.com", "retail et e-commerce", "Paris")),
        (("marketing", 0.35), ("commercial", 0.15), ("tech", 0.2), ("finance", 0.1),
         ("RH", 0.1), ("direction générale", 0.1)),
        ("ancien collègue",), ("e-commerce", "data", "retail media", "CRM"),
        date(2016, 5, 2), date(2021, 2, 26),
        (_Met("{ancien|ancienne} collègue chez Cdiscount", Channel.IN_PERSON),),
        ((Channel.LUNCH, 0.3), (Channel.MESSAGE, 0.25), (Channel.LINKEDIN, 0.15),
         (Channel.CALL, 0.15), (Channel.EVENT, 0.15)),
        ("nouvelles de Cdiscount", "son nouveau poste", "café souvenirs", "retail media",
         "recrutement dans son équipe", "tendances e-commerce"),
        (0, 2, 5, 3), 0.4, 0.2, gascon=0.3,
    ),
    _Cluster(
        "marketing_bdx", 45.0,
        (_Org("Agence Sillage", "agence-sillage.fr", "marketing et communication", "Bordeaux"),
         _Org("Agence Œil de Lynx", "oeil-de-lynx.fr", "marketing et communication",
              "Bordeaux"),
         _Org("Kedge Business School", "kedgebs.com", "éducation", "Talence"),
         _Org("Caisse d'Épargne Aquitaine Poitou-Charentes", "caisse-epargne.fr",
              "banque et assurance", "Bordeaux"),
         _Org("Sud Ouest", "sudouest.fr", "médias", "Bordeaux"),
         _Org("Bordeaux Métropole", "bordeaux-metropole.fr", "public", "Bordeaux"),
         _Org("Œuvre Sociale des Chartrons", "oeuvre-sociale.org", "associatif", "Bordeaux",
              0.5),
         _Org("Club des directeurs marketing de Bordeaux", "cdm-bordeaux.fr", "associatif",
              "Bordeaux", 0.5),
         _Org("Groupe Bernard", "groupe-bernard.fr", "automobile", "Mérignac"),
         _Org("Lectra", "lectra.com", "industrie", "Cestas")),
        (("marketing", 0.5), ("communication", 0.2), ("commercial", 0.1),
         ("direction générale", 0.1), ("conseil", 0.1)),
        ("réseau marketing",), ("branding", "marketing digital", "événementiel", "influence",
                                "data", "IA"),
        date(2016, 6, 1), None,
        (_Met("afterwork du Club des directeurs marketing de Bordeaux", _SALON),
         _Met("conférence Adetem Bordeaux {y}", _SALON, 3),
         _Met("Bordeaux Digital Week {y}", _SALON, 11),
         _Met("jury du concours Kedge {y}", Channel.IN_PERSON, 5),
         _Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.EVENT, 0.35), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.15),
         (Channel.LINKEDIN, 0.15), (Channel.CALL, 0.15)),
        ("afterwork du Club marketing", "tendances marketing", "table ronde marque employeur",
         "bonnes pratiques CRM", "conférence IA et marketing", "campagne régionale",
         "déjeuner au Chapon Fin"),
        (0, 2, 12, 1), 0.55, 0.2, gascon=0.3,
    ),
    _Cluster(
        "startups", 35.0,
        (_Org("French Tech Bordeaux", "frenchtech-bordeaux.com", "tech et numérique",
              "Bordeaux"),
         _Org("Vinolib", "vinolib.io", "tech et numérique", "Bordeaux"),
         _Org("Pépite Data", "pepite-data.fr", "tech et numérique", "Bordeaux"),
         _Org("Hémisphère Labs", "hemisphere-labs.com", "tech et numérique", "Bordeaux"),
         _Org("Cybéria", "cyberia.fr", "cybersécurité", "Mérignac"),
         _Org("Unitec", "unitec.fr", "tech et numérique", "Pessac"),
         _Org("Aquiti Gestion", "aquiti.fr", "capital-risque", "Bordeaux", 0.5)),
        (("tech", 0.35), ("direction générale", 0.25), ("marketing", 0.2),
         ("commercial", 0.1), ("finance", 0.1)),
        ("startup",), ("startup", "IA", "levée de fonds", "SaaS", "cybersécurité"),
        date(2018, 1, 8), None,
        (_Met("soirée French Tech Bordeaux", _SALON), _VIVATECH,
         _Met("pitch day Unitec {y}", _SALON, 10),
         _Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.EVENT, 0.25), (Channel.VIDEO, 0.2), (Channel.LUNCH, 0.2),
         (Channel.EMAIL, 0.2), (Channel.LINKEDIN, 0.15)),
        ("démo de leur produit", "levée de fonds", "partenariat possible",
         "conseils go-to-market", "soirée French Tech", "recrutement d'un growth marketer"),
        (0, 1, 8, 1), 0.6, 0.18, foreign=0.18,
    ),
    _Cluster(
        "aero", 30.0,
        (_Org("Dassault Aviation", "dassault-aviation.com", "aéronautique et défense",
              "Mérignac", 2.0),
         _Org("Thales", "thalesgroup.com", "aéronautique et défense", "Mérignac", 2.0),
         _Org("Safran", "safrangroup.com", "aéronautique et défense", "Le Haillan", 1.5),
         _Org("ArianeGroup", "ariane.group", "aéronautique et défense",
              "Saint-Médard-en-Jalles"),
         _Org("Airbus", "airbus.com", "aéronautique et défense", "Toulouse"),
         _Org("Aerospace Valley", "aerospace-valley.com", "aéronautique et défense",
              "Mérignac", 0.5)),
        (("tech", 0.3), ("RH", 0.2), ("communication", 0.15), ("marketing", 0.1),
         ("finance", 0.1), ("direction générale", 0.1), ("juridique", 0.05)),
        ("réseau local",), ("cybersécurité", "RH", "industrie", "défense", "marque employeur"),
        date(2017, 1, 9), None,
        (_Met("Club des entreprises de Mérignac", _SALON),
         _Met("dîner du réseau Dirigeantes Nouvelle-Aquitaine", _SALON),
         _Met("Salon du Bourget {y}", _SALON, 6, odd_years=True),
         _Met("forum emploi de l'aéronautique {y}", _SALON, 11)),
        ((Channel.EVENT, 0.25), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.25),
         (Channel.CALL, 0.15), (Channel.VIDEO, 0.15)),
        ("marque employeur dans l'industrie", "dîner du club d'entreprises", "visite du site",
         "recrutement de profils marketing", "cybersécurité et PME", "mécénat culturel"),
        (0, 1, 5, 1), 0.6, 0.12, gascon=0.25,
    ),
    _Cluster(
        "vin", 25.0,
        (_Org("CIVB", "bordeaux.com", "vins et spiritueux", "Bordeaux"),
         _Org("Château Haut-Brignon", "haut-brignon.fr", "vins et spiritueux", "Pauillac"),
         _Org("Vignobles Darriet", "vignobles-darriet.fr", "vins et spiritueux",
              "Saint-Émilion"),
         _Org("Négociants Réunis de Bordeaux", "nrb-vins.fr", "vins et spiritueux", "Bordeaux"),
         _Org("La Cité du Vin", "laciteduvin.com", "culture", "Bordeaux"),
         _Org("Vinexposium", "vinexposium.com", "événementiel", "Paris", 0.5)),
        (("commercial", 0.35), ("marketing", 0.25), ("direction générale", 0.2),
         ("communication", 0.1), ("finance", 0.1)),
        ("partenaire",), ("export", "œnotourisme", "vin", "Chine", "RSE"),
        date(2021, 3, 1), None,
        (_Met("Wine Paris {y}", _SALON, 2), _Met("semaine des primeurs {y}", _SALON, 4),
         _Met("Bordeaux Fête le Vin {y}", _SALON, 6),
         _Met("dégustation au CIVB", Channel.IN_PERSON)),
        ((Channel.EVENT, 0.3), (Channel.IN_PERSON, 0.25), (Channel.LUNCH, 0.25),
         (Channel.EMAIL, 0.2)),
        ("dégustation primeurs", "export Chine", "œnotourisme", "partenariat distribution",
         "préparation de Wine Paris", "vendanges"),
        (0, 1, 8, 0.5), 0.55, 0.2, gascon=0.45,
    ),
    _Cluster(
        "alumni", 38.0,
        (_Org("BNP Paribas", "bnpparibas.com", "banque et assurance", "Paris"),
         _Org("McKinsey & Company", "mckinsey.com", "conseil", "Paris"),
         _Org("L'Oréal", "loreal.com", "luxe et cosmétiques", "Clichy"),
         _Org("LVMH", "lvmh.fr", "luxe et cosmétiques", "Paris"),
         _Org("Danone", "danone.com", "agroalimentaire", "Paris"),
         _Org("Capgemini Invent", "capgemini.com", "conseil", "Paris"),
         _Org("Doctolib", "doctolib.fr", "tech et numérique", "Paris"),
         _Org("Michelin", "michelin.com", "industrie", "Clermont-Ferrand", 0.5)),
        (("finance", 0.2), ("conseil", 0.2), ("marketing", 0.25), ("direction générale", 0.15),
         ("RH", 0.1), ("tech", 0.1)),
        ("alumni",), ("ESSEC", "luxe", "conseil", "finance"),
        date(2005, 9, 5), date(2008, 6, 27),
        (_Met("promo ESSEC 2008", Channel.IN_PERSON),
         _Met("colocation à Cergy, ESSEC", Channel.IN_PERSON),
         _Met("association des élèves ESSEC", Channel.IN_PERSON)),
        ((Channel.EVENT, 0.25), (Channel.LINKEDIN, 0.3), (Channel.LUNCH, 0.2),
         (Channel.MESSAGE, 0.15), (Channel.VIDEO, 0.1)),
        ("afterwork ESSEC", "nouvelles de la promo", "son changement de poste",
         "dîner de promo", "conseils de carrière"),
        (0, 1, 4, 3), 0.45, 0.25, foreign=0.1,
    ),
    _Cluster(
        "paris", 35.0,
        (_Org("Havas Paris", "havas.com", "marketing et communication", "Puteaux", 2.0),
         _Org("L'Oréal", "loreal.com", "luxe et cosmétiques", "Clichy", 2.0),
         _Org("Publicis Conseil", "publicis.com", "marketing et communication", "Paris"),
         _Org("Meta France", "meta.com", "tech et numérique", "Paris"),
         _Org("Google France", "google.com", "tech et numérique", "Paris"),
         _Org("Le Bon Marché", "lebonmarche.com", "retail et e-commerce", "Paris")),
        (("marketing", 0.45), ("communication", 0.2), ("commercial", 0.15), ("tech", 0.1),
         ("direction générale", 0.1)),
        ("ancien collègue",), ("branding", "luxe", "média", "influence", "data"),
        date(2008, 9, 1), date(2016, 4, 29),
        (_Met("{ancien|ancienne} collègue chez Havas", Channel.IN_PERSON),
         _Met("{ancien|ancienne} collègue chez L'Oréal", Channel.IN_PERSON),
         _Met("Cannes Lions {y}", _SALON, 6),
         _Met("client{|e} de Havas", Channel.IN_PERSON)),
        ((Channel.VIDEO, 0.25), (Channel.LINKEDIN, 0.25), (Channel.LUNCH, 0.2),
         (Channel.EMAIL, 0.2), (Channel.EVENT, 0.1)),
        ("déjeuner lors d'un passage à Paris", "tendances luxe", "média et influence",
         "nouvelles de Havas", "son nouveau poste", "Cannes Lions"),
        (0, 1, 5, 4), 0.5, 0.12,
    ),
    _Cluster(
        "regions", 22.0,
        (_Org("Groupe SEB", "groupeseb.com", "industrie", "Lyon"),
         _Org("Boulanger", "boulanger.com", "retail et e-commerce", "Lille"),
         _Org("Kiabi", "kiabi.com", "retail et e-commerce", "Lille"),
         _Org("Lengow", "lengow.com", "tech et numérique", "Nantes"),
         _Org("Système U", "magasins-u.com", "retail et e-commerce", "Nantes"),
         _Org("Banque Populaire Occitane", "bpoc.fr", "banque et assurance", "Toulouse"),
         _Org("Sopra Steria", "soprasteria.com", "conseil", "Toulouse")),
        (("marketing", 0.4), ("commercial", 0.2), ("RH", 0.1), ("tech", 0.1),
         ("direction générale", 0.1), ("finance", 0.1)),
        ("réseau marketing",), ("retail", "marketing digital", "CRM", "data"),
        date(2012, 1, 9), None,
        (_VIVATECH, _Met("conférence Adetem {y}", _SALON, 3),
         _Met("formation Cegos {y}", Channel.IN_PERSON),
         _Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.VIDEO, 0.35), (Channel.LINKEDIN, 0.3), (Channel.EMAIL, 0.2),
         (Channel.EVENT, 0.15)),
        ("échange sur le retail", "webinar marketing", "salon VivaTech",
         "benchmark programmes de fidélité"),
        (0, 0.3, 3, 2), 0.5, 0.08,
    ),
    _Cluster(
        "international", 14.0,
        (_Org("SAQ", "saq.com", "vins et spiritueux", "Montréal"),
         _Org("Web Summit", "websummit.com", "événementiel", "Lisbonne"),
         _Org("Commission européenne", "ec.europa.eu", "public", "Bruxelles"),
         _Org("Spadel", "spadel.com", "agroalimentaire", "Bruxelles"),
         _Org("Firmenich", "firmenich.com", "luxe et cosmétiques", "Genève"),
         _Org("Booking.com", "booking.com", "tech et numérique", "Amsterdam")),
        (("commercial", 0.3), ("marketing", 0.3), ("direction générale", 0.2),
         ("communication", 0.1), ("juridique", 0.1)),
        ("international",), ("export", "international", "Canada", "Europe"),
        date(2014, 1, 6), None,
        (_Met("Web Summit Lisbonne {y}", _SALON, 11),
         _Met("mission export Business France {y}", Channel.IN_PERSON),
         _Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.VIDEO, 0.4), (Channel.EMAIL, 0.3), (Channel.LINKEDIN, 0.3)),
        ("marché canadien", "export", "Web Summit", "point partenariat",
         "réglementation européenne"),
        (0, 0.3, 3, 2), 0.5, 0.12, foreign=1.0,
    ),
    _Cluster(
        "padel", 14.0,
        (_Org("BNP Paribas", "bnpparibas.com", "banque et assurance", "Bordeaux"),
         _Org("CHU de Bordeaux", "chu-bordeaux.fr", "santé", "Bordeaux"),
         _Org("Orange", "orange.com", "télécoms", "Bordeaux"),
         _Org("Kinés du Lac", "", "santé", "Bordeaux"),
         _Org("Crédit Agricole Aquitaine", "ca-aquitaine.fr", "banque et assurance",
              "Bordeaux")),
        (("finance", 0.2), ("commercial", 0.25), ("tech", 0.2), ("direction générale", 0.15),
         ("RH", 0.2)),
        ("loisirs",), ("padel", "sport"),
        date(2020, 9, 7), None,
        (_Met("rencontré{|e} au Padel Club du Lac", Channel.SPORT),
         _Met("tournoi de padel {y}", Channel.SPORT, 9)),
        ((Channel.SPORT, 0.55), (Channel.MESSAGE, 0.3), (Channel.LUNCH, 0.1),
         (Channel.IN_PERSON, 0.05)),
        ("match de padel", "tournoi du club", "apéro après le match", "entraînement"),
        (0.5, 2, 4, 0.5), 0.2, 0.4, weekend=True, personal_email=True, gascon=0.4,
    ),
    _Cluster(
        "prestataires", 16.0,
        (_Org("Duprat & Associés Avocats", "duprat-avocats.fr", "juridique", "Bordeaux"),
         _Org("Fiducial Expertise", "fiducial.fr", "conseil", "Bordeaux"),
         _Org("Imprimerie Castaing", "imprimerie-castaing.fr", "industrie", "Mérignac"),
         _Org("Studio Lalanne Photo", "studiolalanne.fr", "marketing et communication",
              "Bordeaux"),
         _Org("Indépendant", "", "marketing et communication", "Bordeaux", 1.5),
         _Org("Michael Page", "michaelpage.fr", "RH et recrutement", "Bordeaux")),
        (("conseil", 0.3), ("juridique", 0.2), ("communication", 0.2), ("marketing", 0.1),
         ("RH", 0.1), ("finance", 0.1)),
        ("prestataire",), ("juridique", "photo", "print", "recrutement", "SEO"),
        date(2016, 6, 6), None,
        (_Met("appel d'offres {y}", Channel.EMAIL),
         _Met("prestataire de Maison Lescure", Channel.IN_PERSON),
         _Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.VIDEO, 0.3), (Channel.EMAIL, 0.3), (Channel.CALL, 0.2),
         (Channel.IN_PERSON, 0.2)),
        ("brief shooting photo", "revue de contrat", "devis impression",
         "recrutement d'un chef de produit", "audit SEO", "bilan de l'année"),
        (0, 0.5, 6, 2), 0.3, 0.06, gascon=0.35,
    ),
)  # fmt: skip
CLUSTER_BY_KEY = {c.key: c for c in CLUSTERS}

# Communities that overlap: chance two of their members know each other.
BETWEEN_P: dict[tuple[str, str], float] = {
    ("lescure", "vin"): 0.05,
    ("lescure", "marketing_bdx"): 0.02,
    ("lescure", "prestataires"): 0.04,
    ("cdiscount", "marketing_bdx"): 0.02,
    ("cdiscount", "startups"): 0.015,
    ("marketing_bdx", "startups"): 0.025,
    ("marketing_bdx", "prestataires"): 0.03,
    ("startups", "aero"): 0.015,
    ("alumni", "paris"): 0.015,
    ("paris", "regions"): 0.01,
    ("vin", "international"): 0.03,
    ("amis", "padel"): 0.05,
}

# --------------------------------------------------------------------------------------
# The cast: people the story of the demo needs, whatever the seed
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cast:
    given: str
    particle: str
    family: str
    gender: str
    cluster: str
    circle: Circle
    organization: str
    domain: str
    position: str
    sector: str
    function: str
    seniority: str
    city: str
    met_on: date | None
    met_how: str
    met_channel: Channel | None
    categories: tuple[str, ...]
    tags: tuple[str, ...] = ()
    relational: RelationalProfile | None = None
    energy: Energy | None = None
    closeness: int | None = None
    notes: str = ""
    help: str = "mixed"  # mixed, received_only, gave_only
    last_gap: int | None = None  # days since the last interaction, when the story fixes it
    country: str = "France"


_F, _M = "f", "m"
CAST: tuple[_Cast, ...] = (
    _Cast("Françoise", "", "Marchand", _F, "famille", Circle.FIRST, "", "",
          "Professeure de lettres (retraitée)", "éducation", "", "executive", "Arcachon",
          None, "famille", None, ("famille",), ("famille",), None, Energy.EXTRAVERT, 5,
          "Maman. Appel du dimanche soir ; adore qu'on passe à Arcachon.", last_gap=2),
    _Cast("Noël", "", "Marchand", _M, "famille", Circle.FIRST, "", "",
          "Pilote de ligne (retraité)", "transport aérien", "", "executive", "Arcachon",
          None, "famille", None, ("famille",), ("famille",), None, Energy.INTROVERT, 5,
          "Papa. Voile et mots croisés.", last_gap=9),
    _Cast("Loïc", "", "Marchand", _M, "famille", Circle.FIRST, "Safran", "safrangroup.com",
          "Ingénieur essais moteurs", "aéronautique et défense", "tech", "senior",
          "Le Haillan", None, "famille", None, ("famille",), ("famille", "aéronautique"),
          RelationalProfile.EXPERT, Energy.INTROVERT, 5,
          "Mon frère ; connaît tout le monde chez Safran et Dassault.", last_gap=6),
    _Cast("Éloïse", "", "Guérin", _F, "amis", Circle.FIRST, "Pharmacie des Chartrons", "",
          "Pharmacienne titulaire", "santé", "direction générale", "executive", "Bordeaux",
          date(1995, 9, 4), "amie d'enfance, collège à Arcachon", Channel.IN_PERSON,
          ("ami",), ("voile",), None, Energy.EXTRAVERT, 5,
          "Meilleure amie. Marraine de Léa. Anniversaire le 14 mars.", last_gap=3),
    _Cast("Jérôme", "", "Lefèvre", _M, "padel", Circle.FIRST, "Crédit Agricole Aquitaine",
          "ca-aquitaine.fr", "DAF", "banque et assurance", "finance", "executive", "Bordeaux",
          date(2016, 10, 8), "ami de Guillaume, devenu partenaire de padel", Channel.SPORT,
          ("ami",), ("padel", "finance"), None, Energy.EXTRAVERT, 5,
          "Partenaire de padel du mardi soir.", last_gap=4),
    _Cast("Gaëlle", "", "Marchand", _F, "famille", Circle.SECOND, "CHU de Bordeaux",
          "chu-bordeaux.fr", "Infirmière puéricultrice", "santé", "", "confirmed", "Bordeaux",
          None, "famille", None, ("famille",), ("famille",), None, None, 4,
          "Ma belle-sœur, femme de Loïc.", last_gap=12),
    _Cast("Anaïs", "", "Bénard", _F, "alumni", Circle.SECOND, "L'Oréal", "loreal.com",
          "Directrice de la communication", "luxe et cosmétiques", "communication",
          "executive", "Paris", date(2005, 9, 12), "promo ESSEC 2008", Channel.IN_PERSON,
          ("ami", "alumni"), ("luxe", "ESSEC"), RelationalProfile.SUPER_CONNECTOR,
          Energy.EXTRAVERT, 4,
          "Amie de promo. On se voyait à chaque passage à Paris ; ça s'est espacé.",
          last_gap=92),
    _Cast("Mathilde", "", "Darrigade", _F, "famille", Circle.ACTIVE,
          "Centre hospitalier de Pau", "ch-pau.fr", "DRH", "santé", "RH", "executive", "Pau",
          None, "famille", None, ("famille",), ("famille", "RH"), None, Energy.AMBIVERT, 3,
          "Cousine ; bon contact pour les questions RH du secteur public."),
    _Cast("Jean-Baptiste", "", "Darrigade", _M, "famille", Circle.WIDER, "", "",
          "Viticulteur (retraité)", "vins et spiritueux", "", "executive", "Madiran",
          None, "famille", None, ("famille",), ("famille", "vin"), None, None, 3,
          "Oncle ; vignes à Madiran.", last_gap=150),
    _Cast("Béatrice", "de", "La Fontaine", _F, "cdiscount", Circle.ACTIVE, "BLF Conseil",
          "blf-conseil.fr", "Administratrice indépendante", "conseil", "direction générale",
          "executive", "Bordeaux", date(2016, 5, 9),
          "ma N+2 chez Cdiscount, devenue mentore", Channel.IN_PERSON,
          ("mentor", "ancien collègue"), ("gouvernance", "e-commerce"),
          RelationalProfile.MENTOR, Energy.INTROVERT, 4,
          "Mentore depuis Cdiscount. Toujours de bon conseil avant un comex.",
          help="received_only"),
    _Cast("Grégoire", "d'", "Argenson", _M, "marketing_bdx", Circle.ACTIVE,
          "Club des directeurs marketing de Bordeaux", "cdm-bordeaux.fr", "Président",
          "associatif", "direction générale", "executive", "Bordeaux", date(2017, 3, 16),
          "afterwork du Club des directeurs marketing de Bordeaux", Channel.EVENT,
          ("réseau marketing",), ("événementiel", "branding"),
          RelationalProfile.SUPER_CONNECTOR, Energy.EXTRAVERT, 3,
          "Connaît tout Bordeaux ; organise l'afterwork du premier jeudi du mois."),
    _Cast("Karim", "", "Benali", _M, "startups", Circle.ACTIVE, "French Tech Bordeaux",
          "frenchtech-bordeaux.com", "Directeur", "tech et numérique", "direction générale",
          "executive", "Bordeaux", date(2019, 6, 13), "Salon VivaTech 2019", Channel.EVENT,
          ("réseau local",), ("startup", "levée de fonds"), RelationalProfile.SUPER_CONNECTOR,
          Energy.EXTRAVERT, 3, "Porte d'entrée vers toutes les start-up de la région."),
    _Cast("Pieter", "van der", "Berg", _M, "cdiscount", Circle.WIDER, "Bol.com", "bol.com",
          "Chief Commercial Officer", "retail et e-commerce", "direction générale",
          "executive", "Utrecht", date(2016, 5, 2),
          "mon manager chez Cdiscount", Channel.IN_PERSON, ("ancien collègue",),
          ("e-commerce", "international"), RelationalProfile.MENTOR, Energy.AMBIVERT, 3,
          "M'a recommandée pour le poste chez Maison Lescure. Perdu de vue depuis son départ "
          "aux Pays-Bas.", help="received_only", last_gap=480, country="Pays-Bas"),
    _Cast("Zoé", "", "Müller", _F, "lescure", Circle.ACTIVE, "Maison Lescure",
          "maison-lescure.fr", "Chargée de marketing digital", "vins et spiritueux",
          "marketing", "junior", "Bordeaux", date(2024, 9, 2),
          "arrivée chez Maison Lescure en 2024", Channel.IN_PERSON, ("collègue",),
          ("marketing digital", "réseaux sociaux"), None, Energy.INTROVERT, 3,
          "Je l'accompagne dans sa première année ; vise un poste de cheffe de produit.",
          help="gave_only"),
    _Cast("Clémence", "de", "Saint-Exupéry", _F, "vin", Circle.ACTIVE,
          "Château Haut-Brignon", "haut-brignon.fr", "Directrice commerciale export",
          "vins et spiritueux", "commercial", "executive", "Pauillac", date(2022, 2, 14),
          "Wine Paris 2022", Channel.EVENT, ("partenaire",), ("export", "Chine"),
          RelationalProfile.EXPERT, Energy.AMBIVERT, 3),
    _Cast("Noémie", "", "Lalanne", _F, "marketing_bdx", Circle.WIDER,
          "Œuvre Sociale des Chartrons", "oeuvre-sociale.org", "Déléguée générale",
          "associatif", "direction générale", "executive", "Bordeaux", date(2022, 11, 17),
          "Bordeaux Digital Week 2022", Channel.EVENT, ("associatif",), ("RSE", "mécénat"),
          None, Energy.AMBIVERT, 2,
          "J'aide l'association bénévolement sur sa communication (campagne de dons).",
          help="gave_only"),
    _Cast("Victor", "", "Du Pont", _M, "paris", Circle.WIDER, "Havas Paris", "havas.com",
          "Directeur de clientèle", "marketing et communication", "commercial", "senior",
          "Puteaux", date(2008, 9, 15), "ancien collègue chez Havas", Channel.IN_PERSON,
          ("ancien collègue",), ("média",), None, Energy.EXTRAVERT, 2),
    _Cast("Inês", "da", "Silva", _F, "international", Circle.WIDER, "Web Summit",
          "websummit.com", "Head of Partnerships", "événementiel", "commercial", "senior",
          "Lisbonne", date(2023, 11, 14), "Web Summit Lisbonne 2023", Channel.EVENT,
          ("international",), ("événementiel", "export"), None, Energy.EXTRAVERT, 2,
          country="Portugal"),
    _Cast("Jean-François", "", "Côté", _M, "international", Circle.ACTIVE, "SAQ", "saq.com",
          "Acheteur vins de France", "vins et spiritueux", "commercial", "senior",
          "Montréal", date(2022, 2, 15), "Wine Paris 2022", Channel.EVENT, ("client",),
          ("export", "Canada"), RelationalProfile.RESERVED, Energy.INTROVERT, 3,
          "Client clé pour le Canada ; préfère les échanges écrits.", country="Canada"),
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------

GAVE_TEXTS = (
    "mise en relation avec {name}",
    "relecture de CV",
    "recommandation LinkedIn",
    "conseils pour une négociation salariale",
    "partage d'une offre d'emploi",
    "retour sur son pitch deck",
    "invitation à l'afterwork du Club marketing",
    "intervention dans sa promo",
    "témoignage pour son podcast",
    "relecture de son plan marketing",
)
RECEIVED_TEXTS = (
    "mise en relation avec {name}",
    "conseils sur le budget média",
    "recommandation pour un poste",
    "présentation à un client",
    "retour sur ma stratégie de marque",
    "invitation à un dîner de DRH",
    "tuyau sur un appel d'offres",
    "préparation de mon passage en comex",
    "benchmark de ses agences",
)
OUTCOMES = (
    "à relancer dans un mois",
    "envoyer la présentation",
    "déjeuner à caler en septembre",
    "idée de collaboration à creuser",
    "partage d'un article promis",
    "rien à prévoir",
    "me tient au courant",
    "proposer une date après l'été",
    "mettre en copie l'équipe",
)
NOTES = (
    "Deux enfants ; toujours partant{|e} pour un café à Saint-Michel.",
    "Passionné{|e} de voile, fait le tour du Bassin chaque été.",
    "Cherche un nouveau poste en région bordelaise.",
    "Végétarien{|ne} — penser au restaurant.",
    "Prépare le marathon de Bordeaux.",
    "Très bon relais vers l'écosystème French Tech.",
    "A monté sa boîte en {y}.",
    "Préfère les messages aux appels.",
    "Parle couramment mandarin ; utile pour l'export.",
    "Conférencier{|e} apprécié{|e} ; à inviter au Club marketing.",
    "Fan de l'UBB ; ne rate aucun match à Chaban-Delmas.",
    "Bénévole à la Banque alimentaire de Gironde.",
)
SUPPLEMENTARY_CATEGORIES = ("client", "partenaire", "prescripteur", "prestataire")

_GENDER_CHOICE = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def _gendered(text: str, gender: str, year: int | None = None) -> str:
    """Fill ``{masculine|feminine}`` choices and ``{y}`` in a template."""
    if year is not None:
        text = text.replace("{y}", str(year))
    return _GENDER_CHOICE.sub(lambda m: m.group(2) if gender == "f" else m.group(1), text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    """A contact being generated, with what the generator needs to remember about it."""

    contact: Contact
    cluster: str
    help: str = "mixed"
    last: date | None = None  # the designed date of the last interaction
    dates: list[date] = field(default_factory=list)
    force_help: bool = False


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _to_weekday(d: date, lo: date | None, rng: random.Random | None = None) -> date:
    """Move a Saturday or Sunday back to a weekday of that week (Friday without ``rng``),
    or on to Monday when that would cross ``lo``."""
    if d.weekday() < 5:
        return d
    back = d - timedelta(days=d.weekday() - 4 + (rng.randint(0, 4) if rng else 0))
    if lo is None or back >= lo:
        return back
    return d + timedelta(days=7 - d.weekday())


def _quotas(size: int) -> dict[Circle, int]:
    n1 = max(5, round(size * 5 / 350))
    n2 = max(3, round(size * 15 / 350))
    n3 = max(8, round(size * 60 / 350))
    n5 = max(2, round(size * 20 / 350))
    return {
        Circle.FIRST: n1,
        Circle.SECOND: n2,
        Circle.ACTIVE: n3,
        Circle.DORMANT: n5,
        Circle.WIDER: size - n1 - n2 - n3 - n5,
    }


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Namer:
    """Draws names that are not already taken."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[tuple[str, str, str]] = {("Hélène", "", "Marchand")}

    def take(self, given: str, particle: str, family: str) -> None:
        self.taken.add((given, particle, family))

    def draw(self, cluster: _Cluster, city: str) -> tuple[str, str, str, str]:
        rng = self.rng
        for _ in range(200):
            origin_key = ORIGIN_OF_CITY.get(city)
            if origin_key is None and rng.random() < cluster.foreign:
                origin_key = _weighted(rng, FRANCE_MIX)
            if origin_key is not None:
                origin = ORIGINS[origin_key]
                gender = _F if rng.random() < 0.5 else _M
                given = rng.choice(origin.female if gender == _F else origin.male)
                particle, family = rng.choice(origin.families)
                if origin_key in ("qc", "be", "ch") and rng.random() < 0.3:
                    given = rng.choice(FR_FEMALE if gender == _F else FR_MALE)
            else:
                r = rng.random()
                if r < 0.05:
                    given, gender = rng.choice(EPICENE), rng.choice((_F, _M, ""))
                elif r < 0.53:
                    given, gender = rng.choice(FR_FEMALE), _F
                else:
                    given, gender = rng.choice(FR_MALE), _M
                r = rng.random()
                if r < 0.04:
                    particle, family = rng.choice(NOBLE_FAMILY)
                elif r < 0.04 + cluster.gascon:
                    particle, family = "", rng.choice(GASCON_FAMILY)
                else:
                    particle, family = "", rng.choice(FR_FAMILY)
            if (given, particle, family) not in self.taken:
                self.taken.add((given, particle, family))
                return given, particle, family, gender
        raise RuntimeError("could not draw a fresh name")  # pragma: no cover


def _email_local(given: str, particle: str, family: str) -> str:
    fam = _slug(particle + family).replace("-", "")
    return f"{_slug(given)}.{fam}"


def _personal_email(rng: random.Random, given: str, particle: str, family: str) -> str:
    domain = rng.choice(("gmail.com", "gmail.com", "orange.fr", "free.fr", "outlook.fr",
                         "laposte.net", "icloud.com"))  # fmt: skip
    local = _email_local(given, particle, family)
    if rng.random() < 0.4:
        local = f"{_slug(given)[0]}{local.split('.', 1)[1]}{rng.randint(1, 99)}"
    return f"{local}@{domain}"


def _phone(rng: random.Random, country: str) -> str:
    """A mobile number in E.164 (French +336 or +337 by default)."""
    prefix, first, digits = PHONE_PLAN.get(country, PHONE_PLAN["France"])
    if prefix == "+336" and rng.random() < 0.28:
        prefix, first = "+337", "3456789"
    while True:
        number = prefix + rng.choice(first)
        number += "".join(rng.choice("0123456789") for _ in range(digits - 1))
        if not number.startswith("+33639"):  # 0639: Mayotte
            return number


def _pick_met(
    rng: random.Random, cluster: _Cluster, lo: date, hi: date, gender: str
) -> tuple[date, str, Channel]:
    """When and how the user met someone of ``cluster`` between ``lo`` and ``hi``."""
    met = rng.choice(cluster.mets)
    if met.month:
        years = [
            y
            for y in range(lo.year, hi.year + 1)
            if (not met.odd_years or y % 2 == 1)
            and lo <= date(y, met.month, 1)
            and date(y, met.month, 28) <= hi
        ]
        if years:
            y = rng.choice(years)
            d = _to_weekday(date(y, met.month, rng.randint(1, 28)), None)
            return d, _gendered(met.text, gender, y), met.channel
        met = next((m for m in cluster.mets if not m.month), cluster.mets[0])
    d = _rand_date(rng, lo, hi)
    if not cluster.weekend:
        d = _to_weekday(d, None)
        if d > hi:
            d -= timedelta(days=3)
    return d, _gendered(met.text, gender, d.year), met.channel


def _random_contact(rng: random.Random, namer: _Namer, cluster: _Cluster, today: date) -> Contact:
    org = _weighted(rng, [(o, o.weight) for o in cluster.orgs])
    city = org.city
    given, particle, family, gender = namer.draw(cluster, city)
    function = _weighted(rng, cluster.functions)
    seniority = _weighted(rng, list(zip(SENIORITIES, (0.18, 0.34, 0.32, 0.16), strict=True)))
    if cluster.key == "alumni":  # a 2008 promotion is senior by now
        seniority = _weighted(rng, [("confirmed", 0.1), ("senior", 0.5), ("executive", 0.4)])
    titles = TITLES[function][seniority]
    masc, fem = rng.choice(titles)
    position = fem if gender == _F or (not gender and rng.random() < 0.5) else masc
    organization = org.name
    if org.name == "Indépendant":
        position = (
            "Consultant{|e} indépendant{|e}"
            if function == "conseil"
            else (f"{masc} freelance" if gender != _F else f"{fem} freelance")
        )
        position = _gendered(position, gender)
    country = COUNTRY_OF_CITY.get(city, "France")
    hi = min(cluster.met_to or today, today - timedelta(days=1))
    met_on, met_how, met_channel = _pick_met(rng, cluster, cluster.met_from, hi, gender)

    emails: list[str] = []
    if org.domain and not cluster.personal_email and rng.random() < 0.85:
        emails.append(f"{_email_local(given, particle, family)}@{org.domain}")
    if (not emails and rng.random() < 0.7) or rng.random() < 0.1:
        emails.append(_personal_email(rng, given, particle, family))
    phones = [_phone(rng, country)] if rng.random() < 0.7 else []
    linkedin = ""
    if rng.random() < 0.82:
        suffix = f"-{rng.randrange(16**5):05x}" if rng.random() < 0.5 else ""
        linkedin = f"https://www.linkedin.com/in/{_slug(given)}-{_slug(particle + ' ' + family)}"
        linkedin += suffix
    x_handle = ""
    if rng.random() < 0.08:
        x_handle = "@" + (_slug(given)[:1] + _slug(particle + family)).replace("-", "")
    website = ""
    if org.name == "Indépendant" or (
        function in ("conseil", "direction générale")
        and seniority == "executive"
        and rng.random() < 0.25
    ):
        website = (
            f"https://www.{org.domain}"
            if org.domain
            else (f"https://{_slug(given)}{_slug(family).replace('-', '')}.fr")
        )
    categories = list(cluster.categories)
    if cluster.key in ("marketing_bdx", "vin", "startups") and rng.random() < 0.15:
        extra = rng.choice(SUPPLEMENTARY_CATEGORIES)
        if extra not in categories:
            categories.append(extra)
    if cluster.key == "padel" and rng.random() < 0.3:
        categories.append("ami")
    tags = rng.sample(cluster.tags, k=min(len(cluster.tags), rng.choice((0, 1, 1, 2, 2, 3))))
    if function == "RH" and "RH" not in tags:
        tags.append("RH")
    notes = ""
    if rng.random() < 0.22:
        notes = _gendered(rng.choice(NOTES), gender, _rand_date(rng, met_on, today).year)
    return Contact(
        given_name=given,
        particle=particle,
        family_name=family,
        organization=organization,
        position=position,
        sector=org.sector,
        function=function,
        seniority=seniority,
        gender=gender,
        city=city,
        country=country,
        emails=emails,
        phones=phones,
        linkedin=linkedin,
        x_handle=x_handle,
        website=website,
        met_on=met_on,
        met_how=met_how,
        met_channel=met_channel,
        energy=_weighted(
            rng,
            [
                (None, 0.4),
                (Energy.INTROVERT, 0.2),
                (Energy.AMBIVERT, 0.25),
                (Energy.EXTRAVERT, 0.15),
            ],
        ),
        categories=categories,
        tags=tags,
        notes=notes,
    )


def _cast_contact(rng: random.Random, cast: _Cast, today: date) -> Contact:
    cluster = CLUSTER_BY_KEY[cast.cluster]
    emails: list[str] = []
    if cast.domain:
        emails.append(f"{_email_local(cast.given, cast.particle, cast.family)}@{cast.domain}")
    if cast.cluster in ("famille", "amis", "padel") or not emails:
        emails.append(_personal_email(rng, cast.given, cast.particle, cast.family))
    linkedin = ""
    if cast.cluster != "famille" or cast.function:
        linkedin = (
            f"https://www.linkedin.com/in/{_slug(cast.given)}-"
            f"{_slug(cast.particle + ' ' + cast.family)}"
        )
    met_on = min(cast.met_on, today - timedelta(days=1)) if cast.met_on else None
    return Contact(
        given_name=cast.given,
        particle=cast.particle,
        family_name=cast.family,
        organization=cast.organization,
        position=cast.position,
        sector=cast.sector,
        function=cast.function,
        seniority=cast.seniority,
        gender=cast.gender,
        city=cast.city,
        country=cast.country,
        emails=emails,
        phones=[_phone(rng, cast.country)],
        linkedin=linkedin,
        x_handle="@gdargenson" if cast.family == "Argenson" else "",
        website="https://www.blf-conseil.fr" if cast.domain == "blf-conseil.fr" else "",
        met_on=met_on,
        met_how=cast.met_how,
        met_channel=cast.met_channel,
        relational_profile=cast.relational,
        energy=cast.energy,
        circle=cast.circle,
        categories=list(cast.categories),
        tags=list(cast.tags or cluster.tags[:1]),
        closeness=cast.closeness,
        notes=cast.notes,
    )


def _closeness(rng: random.Random, circle: Circle) -> int | None:
    if circle == Circle.FIRST:
        return rng.choice((4, 5, 5))
    if circle == Circle.SECOND:
        return rng.choice((3, 4, 4, 5))
    if circle == Circle.ACTIVE:
        return rng.choice((2, 3, 3, 3, 4))
    if circle == Circle.WIDER:
        return rng.choice((None, 1, 1, 2, 2, 2, 3))
    return rng.choice((None, 1, 1, 2))


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


def _design_history(rng: random.Random, p: _Person, today: date) -> None:
    """Choose the last interaction and the earlier ones for one person."""
    c = p.contact
    cluster = CLUSTER_BY_KEY[p.cluster]
    window_start = today - timedelta(days=HISTORY_DAYS)
    gap: int | None
    if p.last is not None:
        gap = (today - p.last).days
    else:
        lo, hi, _w = _weighted(rng, [(g, g[2]) for g in LAST_GAPS[c.circle]])
        gap = None if lo is None else rng.randint(lo, hi)
    if gap is None:
        p.last = None
        return
    last = today - timedelta(days=gap)
    if c.met_on is not None and last < c.met_on:
        if cluster.met_from <= last and c.met_through_id is None:
            # Met earlier than first drawn, so the designed gap holds.
            c.met_on, c.met_how, c.met_channel = _pick_met(
                rng, cluster, cluster.met_from, last, c.gender
            )
        if last < c.met_on:
            if c.circle == Circle.DORMANT:  # archived soon after meeting: never talked since
                p.last = None
                return
            last = c.met_on
    if not cluster.weekend:
        last = _to_weekday(last, c.met_on)
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
        dd = d if cluster.weekend else _to_weekday(d, floor, rng)
        if floor <= dd <= last:
            dates.add(dd)
    if c.met_on is not None and c.met_on >= window_start:
        dates.add(c.met_on)  # the first meeting itself
    p.dates = sorted(dates)


def _cast_person(people: list[_Person], given: str) -> _Person:
    return next(p for p in people[: len(CAST)] if p.contact.given_name == given)


def _can_introduce(q: _Person, met_on: date) -> bool:
    """Whether ``q`` can have introduced someone met on ``met_on`` (no introduction loops)."""
    if q.contact.met_on is None:
        return q.cluster == "famille"
    return q.contact.met_on < met_on and q.contact.met_through_id is None


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


def _channel_for(rng: random.Random, p: _Person, first_meeting: bool) -> Channel:
    c = p.contact
    if first_meeting and c.met_channel is not None:
        return c.met_channel
    cluster = CLUSTER_BY_KEY[p.cluster]
    if c.circle >= Circle.WIDER and rng.random() < 0.35 and cluster.key != "famille":
        return rng.choice((Channel.LINKEDIN, Channel.EMAIL, Channel.EVENT, Channel.MESSAGE))
    if c.family_name == "Lefèvre" and c.given_name == "Jérôme" and rng.random() < 0.5:
        return Channel.SPORT
    return _weighted(rng, cluster.channels)


def generate(today: date, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE) -> DemoNetwork:
    """Generate the demo network as it stands on ``today``.

    Same ``today``, ``seed`` and ``size``: same network. Contact ids are ``1..size``.
    """
    if size < MIN_SIZE:
        raise InvalidInput(
            N_("the demo network needs at least {minimum} contacts, not {size}"),
            hint=N_("use --size {minimum} or more"),
            minimum=MIN_SIZE,
            size=size,
        )
    rng = random.Random(seed)
    namer = _Namer(rng)
    yesterday = today - timedelta(days=1)

    # 1. The cast, then people drawn from each community.
    people: list[_Person] = []
    for cast in CAST:
        namer.take(cast.given, cast.particle, cast.family)
        person = _Person(_cast_contact(rng, cast, today), cast.cluster, cast.help)
        if cast.last_gap is not None:
            person.last = today - timedelta(days=cast.last_gap)
        people.append(person)
    drawn = [c for c in CLUSTERS if c.weight > 0]
    counts = _spread(size - len(people), [c.weight for c in drawn])
    randoms: list[_Person] = []
    for cluster, n in zip(drawn, counts, strict=True):
        for _ in range(n):
            randoms.append(_Person(_random_contact(rng, namer, cluster, today), cluster.key))
    rng.shuffle(randoms)  # people are entered in no particular order

    # 2. Circles: fill the Dunbar quotas by each community's affinity.
    quotas = _quotas(size)
    for p in people:
        quotas[p.contact.circle] -= 1
    pool = list(randoms)
    for circle, slot in ((Circle.FIRST, 0), (Circle.SECOND, 1), (Circle.ACTIVE, 2),
                         (Circle.DORMANT, 3)):  # fmt: skip
        for _ in range(max(0, quotas[circle])):
            candidates = [(q, CLUSTER_BY_KEY[q.cluster].affinity[slot]) for q in pool]
            candidates = [(q, w) for q, w in candidates if w > 0]
            if not candidates:
                break
            chosen = _weighted(rng, candidates)
            chosen.contact.circle = circle
            pool.remove(chosen)
    for q in pool:
        q.contact.circle = Circle.WIDER
    people.extend(randoms)
    for i, p in enumerate(people, start=1):
        p.contact.id = i
        if p.contact.closeness is None and i > len(CAST):
            p.contact.closeness = _closeness(rng, p.contact.circle)

    by_cluster: dict[str, list[_Person]] = {}
    for p in people:
        by_cluster.setdefault(p.cluster, []).append(p)

    # 3. Relational profiles of the drawn people.
    for p in randoms:
        c = p.contact
        r = rng.random()
        if r < 0.025 and c.seniority in ("senior", "executive"):
            c.relational_profile = RelationalProfile.SUPER_CONNECTOR
            c.energy = Energy.EXTRAVERT
        elif r < 0.08 and c.seniority in ("senior", "executive"):
            c.relational_profile = RelationalProfile.MENTOR
        elif r < 0.2:
            c.relational_profile = RelationalProfile.EXPERT
        elif r < 0.35:
            c.relational_profile = RelationalProfile.RESERVED
            if c.energy == Energy.EXTRAVERT:
                c.energy = Energy.INTROVERT
    connectors = [p for p in people if p.contact.relational_profile
                  == RelationalProfile.SUPER_CONNECTOR]  # fmt: skip

    # 4. Introductions: some people were introduced by someone met before them.
    for p in randoms:
        c = p.contact
        if c.met_on is None or rng.random() >= 0.16 or c.circle == Circle.FIRST:
            continue
        same = [q for q in by_cluster[p.cluster] if q is not p]
        pool_ = [q for q in connectors if q.cluster != p.cluster] if rng.random() < 0.4 else same
        if p.cluster == "aero" and rng.random() < 0.4:
            pool_ = [_cast_person(people, "Loïc")]  # the brother at Safran
        eligible = [q for q in pool_ if _can_introduce(q, c.met_on)]
        if not eligible:
            continue
        intro = rng.choice(eligible).contact
        c.met_through_id = intro.id
        verb = "présentée" if c.gender == _F else "présenté"
        c.met_how = f"{verb} par {intro.display_name}"
        c.met_channel = rng.choice((Channel.LUNCH, Channel.EMAIL, Channel.EVENT))

    # 5. Interaction histories.
    for p in people:
        _design_history(rng, p, today)

    # Help styles: a few people the user always receives from, a few she always gives to.
    active = [p for p in randoms if p.last is not None and p.contact.circle <= Circle.WIDER
              and p.contact.circle >= Circle.SECOND and len(p.dates) >= 2]  # fmt: skip
    mentors = [p for p in active if p.contact.seniority == "executive"]
    for p in rng.sample(mentors, k=min(3, len(mentors))):
        p.help = "received_only"
        if p.contact.relational_profile is None:
            p.contact.relational_profile = RelationalProfile.MENTOR
    juniors = [p for p in active if p.contact.seniority == "junior" and p.help == "mixed"]
    for p in rng.sample(juniors, k=min(4, len(juniors))):
        p.help = "gave_only"
    dormant_wider = [p for p in randoms if p.contact.circle == Circle.WIDER
                     and p.last is not None and (today - p.last).days > 365]  # fmt: skip
    for p in rng.sample(dormant_wider, k=min(4, len(dormant_wider))):
        p.force_help = True  # valuable dormant ties: help exchanged, then silence

    # 6. Interactions, with co-participants for some lunches and events.
    all_contacts = [p.contact for p in people]
    link_extra: list[tuple[int, int, float]] = []
    events: list[tuple[datetime, Interaction]] = []
    for p in people:
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
                style = p.help
                if style == "mixed":
                    style = _weighted(rng, [("gave", 0.4), ("received", 0.38), ("mutual", 0.22)])
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
            outcome = rng.choice(OUTCOMES) if rng.random() < 0.4 else ""
            ids = [c.id]
            if (
                not gave and not received
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
                for mate in rng.sample(mates, k=min(len(mates), rng.choice((1, 1, 2)))):
                    ids.append(mate)
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
    events.sort(key=lambda e: (e[0], e[1].contact_ids))
    interactions = [event for _, event in events]
    assert all(e.occurred_at and e.occurred_at.date() <= yesterday for e in interactions)

    links = _links(rng, people, by_cluster, connectors, link_extra)
    return DemoNetwork(_profile(LOCAL_OWNER_ID), all_contacts, interactions, links)


def _links(
    rng: random.Random,
    people: list[_Person],
    by_cluster: dict[str, list[_Person]],
    connectors: list[_Person],
    extra: list[tuple[int, int, float]],
) -> list[Link]:
    """ "A knows B": dense in each community, sparse between, bridged by connectors."""
    found: dict[tuple[int, int], float] = {}

    def add(a: int | None, b: int | None, strength: float) -> None:
        if a is None or b is None or a == b:
            return
        key = (a, b) if a < b else (b, a)
        s = round(min(1.0, max(0.05, strength)), 2)
        found[key] = max(found.get(key, 0.0), s)

    def ids(key: str) -> list[_Person]:
        return by_cluster.get(key, [])

    # Probabilities are tuned for the default size; bigger networks keep the same degrees.
    scale = min(1.0, DEFAULT_SIZE / len(people))
    for key, members in by_cluster.items():
        cluster = CLUSTER_BY_KEY[key]
        for i, p in enumerate(members):
            for q in members[i + 1 :]:
                same_org = bool(p.contact.organization) and (
                    p.contact.organization == q.contact.organization
                )
                if key == "famille":
                    add(p.contact.id, q.contact.id, rng.uniform(0.75, 1.0))
                elif same_org and rng.random() < cluster.org_p * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.45, 0.9))
                elif rng.random() < cluster.cluster_p * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.2, 0.6))
    for (ka, kb), prob in BETWEEN_P.items():
        for p in ids(ka):
            for q in ids(kb):
                if rng.random() < prob * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.15, 0.45))
    # The first-circle friends know the family; the brother knows aeronautics.
    family = ids("famille")
    for p in people[:5]:
        if p.cluster != "famille":
            for q in family:
                if rng.random() < 0.7:
                    add(p.contact.id, q.contact.id, rng.uniform(0.4, 0.7))
    aero = ids("aero")
    brother = _cast_person(people, "Loïc")
    for q in rng.sample(aero, k=min(8, len(aero))):
        add(brother.contact.id, q.contact.id, rng.uniform(0.3, 0.8))
    # Bridges: super-connectors know people everywhere, mentors a few.
    outsiders = [p for p in people if p.cluster != "famille"]
    for p in connectors:
        for q in rng.sample(outsiders, k=min(len(outsiders), rng.randint(14, 28))):
            add(p.contact.id, q.contact.id, rng.uniform(0.15, 0.5))
    for p in people:
        if p.contact.relational_profile == RelationalProfile.MENTOR:
            for q in rng.sample(outsiders, k=rng.randint(3, 7)):
                add(p.contact.id, q.contact.id, rng.uniform(0.2, 0.6))
        elif p.cluster != "famille" and rng.random() < 0.1:
            add(p.contact.id, rng.choice(outsiders).contact.id, rng.uniform(0.1, 0.4))
        if p.contact.met_through_id is not None:
            add(p.contact.id, p.contact.met_through_id, rng.uniform(0.45, 0.75))
    for a, b, s in extra:
        add(a, b, s)
    return [make_link(a, b, s) for (a, b), s in sorted(found.items())]


# --------------------------------------------------------------------------------------
# Loading into a store
# --------------------------------------------------------------------------------------


class _Store(Protocol):
    def reset(self, owner_id: int) -> Any: ...
    def ensure_owner(self, owner_id: int, name: str) -> Any: ...
    def save_profile(self, profile: Profile) -> Any: ...
    def bulk_add_contacts(self, contacts: list[Contact]) -> list[int]: ...
    def bulk_add_interactions(self, interactions: list[Interaction]) -> int: ...
    def bulk_add_links(self, links: list[Link]) -> int: ...


def _introduction_batches(contacts: list[Contact]) -> Iterator[list[Contact]]:
    """Contacts in batches such that each one's introducer is in an earlier batch."""
    done: set[int] = set()
    remaining = list(contacts)
    while remaining:
        batch = [c for c in remaining if c.met_through_id is None or c.met_through_id in done]
        if not batch:  # a cycle cannot come from generate(); be safe anyway
            batch = remaining
        yield batch
        done.update(c.id for c in batch if c.id is not None)
        ids = {id(c) for c in batch}
        remaining = [c for c in remaining if id(c) not in ids]


def load_demo(
    store: _Store,
    today: date,
    seed: int = DEFAULT_SEED,
    size: int = DEFAULT_SIZE,
    owner_id: int = LOCAL_OWNER_ID,
) -> DemoNetwork:
    """Replace ``owner_id``'s records in ``store`` by the demo network; return it with real ids.

    Contacts are written in batches so an introducer always exists before the contacts it
    introduced (``met_through_id`` is remapped to the store's ids without any update).
    """
    network = generate(today, seed, size)
    profile = replace(network.profile, owner_id=owner_id)
    # One unit of work when the store offers it: tisser's Store joins nested calls (each bulk
    # method opens its own transaction, which then joins this one), so the demo is all or
    # nothing.
    transaction = getattr(store, "transaction", None)
    context: AbstractContextManager[Any] = transaction() if callable(transaction) else nullcontext()
    with context:
        store.reset(owner_id)
        store.ensure_owner(owner_id, f"{profile.given_name} {profile.family_name}")
        store.save_profile(profile)
        real: dict[int, int] = {}
        stored: dict[int, Contact] = {}
        for batch in _introduction_batches(network.contacts):
            copies = [
                replace(
                    c,
                    id=None,
                    owner_id=owner_id,
                    met_through_id=real.get(c.met_through_id) if c.met_through_id else None,
                    categories=list(c.categories),
                    tags=list(c.tags),
                    emails=list(c.emails),
                    phones=list(c.phones),
                )
                for c in batch
            ]
            new_ids = store.bulk_add_contacts(copies)
            for c, copy, new_id in zip(batch, copies, new_ids, strict=True):
                assert c.id is not None
                real[c.id] = new_id
                copy.id = new_id
                stored[c.id] = copy
        contacts = [stored[c.id] for c in network.contacts if c.id is not None]
        interactions = [
            replace(i, id=None, owner_id=owner_id, contact_ids=[real[x] for x in i.contact_ids])
            for i in network.interactions
        ]
        links = [
            make_link(real[lk.a_id], real[lk.b_id], lk.strength, owner_id=owner_id,
                      source=lk.source)
            for lk in network.links
        ]  # fmt: skip
        store.bulk_add_interactions(interactions)
        store.bulk_add_links(links)
    return DemoNetwork(profile, contacts, interactions, links)
