"""The cast: people the story of the demo needs, whatever the seed.

Family, the best friend, a mentor, super-connectors, a cooling friendship, a lost tie, a
junior she coaches…: each is there so a feature (cadence, help balance, introductions,
diagnosis) has something true to say on every demo network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tisser.core.model import Channel, Circle, Energy, RelationalProfile
from tisser.demo.people import F, M


@dataclass(frozen=True, slots=True)
class Actor:
    """One member of the cast: everything the story fixes about them; the rest is drawn."""

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


CAST: tuple[Actor, ...] = (
    Actor("Françoise", "", "Marchand", F, "famille", Circle.FIRST, "", "",
          "Professeure de lettres (retraitée)", "éducation", "", "executive", "Arcachon",
          None, "famille", None, ("famille",), ("famille",), None, Energy.EXTRAVERT, 5,
          "Maman. Appel du dimanche soir ; adore qu'on passe à Arcachon.", last_gap=2),
    Actor("Noël", "", "Marchand", M, "famille", Circle.FIRST, "", "",
          "Pilote de ligne (retraité)", "transport aérien", "", "executive", "Arcachon",
          None, "famille", None, ("famille",), ("famille",), None, Energy.INTROVERT, 5,
          "Papa. Voile et mots croisés.", last_gap=9),
    Actor("Loïc", "", "Marchand", M, "famille", Circle.FIRST, "Safran", "safrangroup.com",
          "Ingénieur essais moteurs", "aéronautique et défense", "tech", "senior",
          "Le Haillan", None, "famille", None, ("famille",), ("famille", "aéronautique"),
          RelationalProfile.EXPERT, Energy.INTROVERT, 5,
          "Mon frère ; connaît tout le monde chez Safran et Dassault.", last_gap=6),
    Actor("Éloïse", "", "Guérin", F, "amis", Circle.FIRST, "Pharmacie des Chartrons", "",
          "Pharmacienne titulaire", "santé", "direction générale", "executive", "Bordeaux",
          date(1995, 9, 4), "amie d'enfance, collège à Arcachon", Channel.IN_PERSON,
          ("ami",), ("voile",), None, Energy.EXTRAVERT, 5,
          "Meilleure amie. Marraine de Léa. Anniversaire le 14 mars.", last_gap=3),
    Actor("Jérôme", "", "Lefèvre", M, "padel", Circle.FIRST, "Crédit Agricole Aquitaine",
          "ca-aquitaine.fr", "DAF", "banque et assurance", "finance", "executive", "Bordeaux",
          date(2016, 10, 8), "ami de Guillaume, devenu partenaire de padel", Channel.SPORT,
          ("ami",), ("padel", "finance"), None, Energy.EXTRAVERT, 5,
          "Partenaire de padel du mardi soir.", last_gap=4),
    Actor("Gaëlle", "", "Marchand", F, "famille", Circle.SECOND, "CHU de Bordeaux",
          "chu-bordeaux.fr", "Infirmière puéricultrice", "santé", "", "confirmed", "Bordeaux",
          None, "famille", None, ("famille",), ("famille",), None, None, 4,
          "Ma belle-sœur, femme de Loïc.", last_gap=12),
    Actor("Anaïs", "", "Bénard", F, "alumni", Circle.SECOND, "L'Oréal", "loreal.com",
          "Directrice de la communication", "luxe et cosmétiques", "communication",
          "executive", "Paris", date(2005, 9, 12), "promo ESSEC 2008", Channel.IN_PERSON,
          ("ami", "alumni"), ("luxe", "ESSEC"), RelationalProfile.SUPER_CONNECTOR,
          Energy.EXTRAVERT, 4,
          "Amie de promo. On se voyait à chaque passage à Paris ; ça s'est espacé.",
          last_gap=92),
    Actor("Mathilde", "", "Darrigade", F, "famille", Circle.ACTIVE,
          "Centre hospitalier de Pau", "ch-pau.fr", "DRH", "santé", "RH", "executive", "Pau",
          None, "famille", None, ("famille",), ("famille", "RH"), None, Energy.AMBIVERT, 3,
          "Cousine ; bon contact pour les questions RH du secteur public."),
    Actor("Jean-Baptiste", "", "Darrigade", M, "famille", Circle.WIDER, "", "",
          "Viticulteur (retraité)", "vins et spiritueux", "", "executive", "Madiran",
          None, "famille", None, ("famille",), ("famille", "vin"), None, None, 3,
          "Oncle ; vignes à Madiran.", last_gap=150),
    Actor("Béatrice", "de", "La Fontaine", F, "cdiscount", Circle.ACTIVE, "BLF Conseil",
          "blf-conseil.fr", "Administratrice indépendante", "conseil", "direction générale",
          "executive", "Bordeaux", date(2016, 5, 9),
          "ma N+2 chez Cdiscount, devenue mentore", Channel.IN_PERSON,
          ("mentor", "ancien collègue"), ("gouvernance", "e-commerce"),
          RelationalProfile.MENTOR, Energy.INTROVERT, 4,
          "Mentore depuis Cdiscount. Toujours de bon conseil avant un comex.",
          help="received_only"),
    Actor("Grégoire", "d'", "Argenson", M, "marketing_bdx", Circle.ACTIVE,
          "Club des directeurs marketing de Bordeaux", "cdm-bordeaux.fr", "Président",
          "associatif", "direction générale", "executive", "Bordeaux", date(2017, 3, 16),
          "afterwork du Club des directeurs marketing de Bordeaux", Channel.EVENT,
          ("réseau marketing",), ("événementiel", "branding"),
          RelationalProfile.SUPER_CONNECTOR, Energy.EXTRAVERT, 3,
          "Connaît tout Bordeaux ; organise l'afterwork du premier jeudi du mois."),
    Actor("Karim", "", "Benali", M, "startups", Circle.ACTIVE, "French Tech Bordeaux",
          "frenchtech-bordeaux.com", "Directeur", "tech et numérique", "direction générale",
          "executive", "Bordeaux", date(2019, 6, 13), "Salon VivaTech 2019", Channel.EVENT,
          ("réseau local",), ("startup", "levée de fonds"), RelationalProfile.SUPER_CONNECTOR,
          Energy.EXTRAVERT, 3, "Porte d'entrée vers toutes les start-up de la région."),
    Actor("Pieter", "van der", "Berg", M, "cdiscount", Circle.WIDER, "Bol.com", "bol.com",
          "Chief Commercial Officer", "retail et e-commerce", "direction générale",
          "executive", "Utrecht", date(2016, 5, 2),
          "mon manager chez Cdiscount", Channel.IN_PERSON, ("ancien collègue",),
          ("e-commerce", "international"), RelationalProfile.MENTOR, Energy.AMBIVERT, 3,
          "M'a recommandée pour le poste chez Maison Lescure. Perdu de vue depuis son départ "
          "aux Pays-Bas.", help="received_only", last_gap=480, country="Pays-Bas"),
    Actor("Zoé", "", "Müller", F, "lescure", Circle.ACTIVE, "Maison Lescure",
          "maison-lescure.fr", "Chargée de marketing digital", "vins et spiritueux",
          "marketing", "junior", "Bordeaux", date(2024, 9, 2),
          "arrivée chez Maison Lescure en 2024", Channel.IN_PERSON, ("collègue",),
          ("marketing digital", "réseaux sociaux"), None, Energy.INTROVERT, 3,
          "Je l'accompagne dans sa première année ; vise un poste de cheffe de produit.",
          help="gave_only"),
    Actor("Clémence", "de", "Saint-Exupéry", F, "vin", Circle.ACTIVE,
          "Château Haut-Brignon", "haut-brignon.fr", "Directrice commerciale export",
          "vins et spiritueux", "commercial", "executive", "Pauillac", date(2022, 2, 14),
          "Wine Paris 2022", Channel.EVENT, ("partenaire",), ("export", "Chine"),
          RelationalProfile.EXPERT, Energy.AMBIVERT, 3),
    Actor("Noémie", "", "Lalanne", F, "marketing_bdx", Circle.WIDER,
          "Œuvre Sociale des Chartrons", "oeuvre-sociale.org", "Déléguée générale",
          "associatif", "direction générale", "executive", "Bordeaux", date(2022, 11, 17),
          "Bordeaux Digital Week 2022", Channel.EVENT, ("associatif",), ("RSE", "mécénat"),
          None, Energy.AMBIVERT, 2,
          "J'aide l'association bénévolement sur sa communication (campagne de dons).",
          help="gave_only"),
    Actor("Victor", "", "Du Pont", M, "paris", Circle.WIDER, "Havas Paris", "havas.com",
          "Directeur de clientèle", "marketing et communication", "commercial", "senior",
          "Puteaux", date(2008, 9, 15), "ancien collègue chez Havas", Channel.IN_PERSON,
          ("ancien collègue",), ("média",), None, Energy.EXTRAVERT, 2),
    Actor("Inês", "da", "Silva", F, "international", Circle.WIDER, "Web Summit",
          "websummit.com", "Head of Partnerships", "événementiel", "commercial", "senior",
          "Lisbonne", date(2023, 11, 14), "Web Summit Lisbonne 2023", Channel.EVENT,
          ("international",), ("événementiel", "export"), None, Energy.EXTRAVERT, 2,
          country="Portugal"),
    Actor("Jean-François", "", "Côté", M, "international", Circle.ACTIVE, "SAQ", "saq.com",
          "Acheteur vins de France", "vins et spiritueux", "commercial", "senior",
          "Montréal", date(2022, 2, 15), "Wine Paris 2022", Channel.EVENT, ("client",),
          ("export", "Canada"), RelationalProfile.RESERVED, Energy.INTROVERT, 3,
          "Client clé pour le Canada ; préfère les échanges écrits.", country="Canada"),
)  # fmt: skip
