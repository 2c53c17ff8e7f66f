"""The communities of the demo network, and the organisations in each.

A community says who its members are (organisations, functions, categories, tags), when and
how the user met them, how they talk, and how likely its members are to know each other:
the generator draws people, histories and links from here, so the network has the
"entre-soi" and the bridges the diagnosis should find.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tisser.core.model import Channel


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation of a community; ``weight`` makes the big employers draw more people."""

    name: str
    domain: str  # "" -> people there use a personal address
    sector: str
    city: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Met:
    """A way of meeting: text ("{y}" is the year; "{m|f}" picks by gender), month (0: any),
    odd_years (the Paris Air Show), channel."""

    text: str
    channel: Channel
    month: int = 0
    odd_years: bool = False


@dataclass(frozen=True, slots=True)
class Cluster:
    """A community: its people (``weight`` is its share of the drawn contacts), how and when
    the user met them, how they talk, and how tightly they know each other."""

    key: str
    weight: float
    orgs: tuple[Org, ...]
    functions: tuple[tuple[str, float], ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    met_from: date
    met_to: date | None
    mets: tuple[Met, ...]
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
_VIVATECH = Met("Salon VivaTech {y}", _SALON, 6)

CLUSTERS: tuple[Cluster, ...] = (
    Cluster(
        "famille", 0.0, (), (("direction générale", 1.0),), ("famille",), ("famille",),
        date(1984, 1, 1), None, (Met("famille", Channel.IN_PERSON),),
        ((Channel.CALL, 0.35), (Channel.MESSAGE, 0.3), (Channel.IN_PERSON, 0.25),
         (Channel.VIDEO, 0.1)),
        ("nouvelles de la famille", "organisation de Noël", "week-end au Cap-Ferret",
         "vacances d'été", "anniversaire", "repas du dimanche", "nouvelles des enfants"),
        (1, 1, 1, 0), 1.0, 1.0, weekend=True, personal_email=True,
    ),
    Cluster(
        "amis", 10.0,
        (Org("Pharmacie des Chartrons", "", "santé", "Bordeaux"),
         Org("CHU de Bordeaux", "chu-bordeaux.fr", "santé", "Bordeaux"),
         Org("Lycée Montesquieu", "ac-bordeaux.fr", "éducation", "Bordeaux"),
         Org("Cabinet Lacoste Architectes", "lacoste-architectes.fr", "architecture",
             "Bordeaux"),
         Org("Mairie de Bordeaux", "mairie-bordeaux.fr", "public", "Bordeaux"),
         Org("Ubisoft Bordeaux", "ubisoft.com", "jeux vidéo", "Bordeaux")),
        (("tech", 0.2), ("finance", 0.15), ("direction générale", 0.15), ("RH", 0.15),
         ("communication", 0.15), ("juridique", 0.2)),
        ("ami",), ("apéro", "voile", "enfants", "randonnée"),
        date(2002, 9, 1), None,
        (Met("ami{|e} d'ami{|e}s, soirée aux Chartrons", Channel.IN_PERSON),
         Met("rencontré{|e} à la sortie de l'école", Channel.IN_PERSON),
         Met("voisin{|e} à Caudéran", Channel.IN_PERSON)),
        ((Channel.MESSAGE, 0.3), (Channel.IN_PERSON, 0.3), (Channel.LUNCH, 0.15),
         (Channel.CALL, 0.15), (Channel.VIDEO, 0.1)),
        ("dîner entre amis", "nouvelles", "son nouveau poste", "apéro aux Chartrons",
         "préparation des vacances", "balade au Cap-Ferret"),
        (2, 6, 2, 0.3), 0.3, 0.45, weekend=True, personal_email=True, gascon=0.35,
    ),
    Cluster(
        "lescure", 28.0,
        (Org("Maison Lescure", "maison-lescure.fr", "vins et spiritueux", "Bordeaux"),),
        (("marketing", 0.35), ("commercial", 0.2), ("finance", 0.1), ("RH", 0.07),
         ("tech", 0.1), ("direction générale", 0.06), ("communication", 0.08),
         ("juridique", 0.04)),
        ("collègue",), ("export", "œnotourisme", "branding", "RSE", "e-commerce"),
        date(2021, 3, 1), None,
        (Met("collègue chez Maison Lescure", Channel.IN_PERSON),
         Met("arrivé{|e} chez Maison Lescure en {y}", Channel.IN_PERSON)),
        ((Channel.IN_PERSON, 0.3), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.2),
         (Channel.MESSAGE, 0.15), (Channel.VIDEO, 0.15)),
        ("lancement de la cuvée rosé", "budget marketing", "refonte du site e-commerce",
         "préparation de Wine Paris", "point d'équipe", "brief agence", "revue des KPI",
         "stratégie export Canada", "séminaire de rentrée"),
        (0, 4, 12, 0.2), 0.5, 0.5, gascon=0.35,
    ),
    Cluster(
        "cdiscount", 30.0,
        (Org("Cdiscount", "cdiscount.com", "retail et e-commerce", "Bordeaux", 4.0),
         Org("ManoMano", "manomano.com", "retail et e-commerce", "Bordeaux"),
         Org("Decathlon", "decathlon.com", "retail et e-commerce", "Bordeaux"),
         Org("Showroomprivé", "showroomprive.com", "retail et e-commerce", "Paris")),
        (("marketing", 0.35), ("commercial", 0.15), ("tech", 0.2), ("finance", 0.1),
         ("RH", 0.1), ("direction générale", 0.1)),
        ("ancien collègue",), ("e-commerce", "data", "retail media", "CRM"),
        date(2016, 5, 2), date(2021, 2, 26),
        (Met("{ancien|ancienne} collègue chez Cdiscount", Channel.IN_PERSON),),
        ((Channel.LUNCH, 0.3), (Channel.MESSAGE, 0.25), (Channel.LINKEDIN, 0.15),
         (Channel.CALL, 0.15), (Channel.EVENT, 0.15)),
        ("nouvelles de Cdiscount", "son nouveau poste", "café souvenirs", "retail media",
         "recrutement dans son équipe", "tendances e-commerce"),
        (0, 2, 5, 3), 0.4, 0.2, gascon=0.3,
    ),
    Cluster(
        "marketing_bdx", 45.0,
        (Org("Agence Sillage", "agence-sillage.fr", "marketing et communication", "Bordeaux"),
         Org("Agence Œil de Lynx", "oeil-de-lynx.fr", "marketing et communication",
             "Bordeaux"),
         Org("Kedge Business School", "kedgebs.com", "éducation", "Talence"),
         Org("Caisse d'Épargne Aquitaine Poitou-Charentes", "caisse-epargne.fr",
             "banque et assurance", "Bordeaux"),
         Org("Sud Ouest", "sudouest.fr", "médias", "Bordeaux"),
         Org("Bordeaux Métropole", "bordeaux-metropole.fr", "public", "Bordeaux"),
         Org("Œuvre Sociale des Chartrons", "oeuvre-sociale.org", "associatif", "Bordeaux",
             0.5),
         Org("Club des directeurs marketing de Bordeaux", "cdm-bordeaux.fr", "associatif",
             "Bordeaux", 0.5),
         Org("Groupe Bernard", "groupe-bernard.fr", "automobile", "Mérignac"),
         Org("Lectra", "lectra.com", "industrie", "Cestas")),
        (("marketing", 0.5), ("communication", 0.2), ("commercial", 0.1),
         ("direction générale", 0.1), ("conseil", 0.1)),
        ("réseau marketing",), ("branding", "marketing digital", "événementiel", "influence",
                                "data", "IA"),
        date(2016, 6, 1), None,
        (Met("afterwork du Club des directeurs marketing de Bordeaux", _SALON),
         Met("conférence Adetem Bordeaux {y}", _SALON, 3),
         Met("Bordeaux Digital Week {y}", _SALON, 11),
         Met("jury du concours Kedge {y}", Channel.IN_PERSON, 5),
         Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.EVENT, 0.35), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.15),
         (Channel.LINKEDIN, 0.15), (Channel.CALL, 0.15)),
        ("afterwork du Club marketing", "tendances marketing", "table ronde marque employeur",
         "bonnes pratiques CRM", "conférence IA et marketing", "campagne régionale",
         "déjeuner au Chapon Fin"),
        (0, 2, 12, 1), 0.55, 0.2, gascon=0.3,
    ),
    Cluster(
        "startups", 35.0,
        (Org("French Tech Bordeaux", "frenchtech-bordeaux.com", "tech et numérique",
             "Bordeaux"),
         Org("Vinolib", "vinolib.io", "tech et numérique", "Bordeaux"),
         Org("Pépite Data", "pepite-data.fr", "tech et numérique", "Bordeaux"),
         Org("Hémisphère Labs", "hemisphere-labs.com", "tech et numérique", "Bordeaux"),
         Org("Cybéria", "cyberia.fr", "cybersécurité", "Mérignac"),
         Org("Unitec", "unitec.fr", "tech et numérique", "Pessac"),
         Org("Aquiti Gestion", "aquiti.fr", "capital-risque", "Bordeaux", 0.5)),
        (("tech", 0.35), ("direction générale", 0.25), ("marketing", 0.2),
         ("commercial", 0.1), ("finance", 0.1)),
        ("startup",), ("startup", "IA", "levée de fonds", "SaaS", "cybersécurité"),
        date(2018, 1, 8), None,
        (Met("soirée French Tech Bordeaux", _SALON), _VIVATECH,
         Met("pitch day Unitec {y}", _SALON, 10),
         Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.EVENT, 0.25), (Channel.VIDEO, 0.2), (Channel.LUNCH, 0.2),
         (Channel.EMAIL, 0.2), (Channel.LINKEDIN, 0.15)),
        ("démo de leur produit", "levée de fonds", "partenariat possible",
         "conseils go-to-market", "soirée French Tech", "recrutement d'un growth marketer"),
        (0, 1, 8, 1), 0.6, 0.18, foreign=0.18,
    ),
    Cluster(
        "aero", 30.0,
        (Org("Dassault Aviation", "dassault-aviation.com", "aéronautique et défense",
             "Mérignac", 2.0),
         Org("Thales", "thalesgroup.com", "aéronautique et défense", "Mérignac", 2.0),
         Org("Safran", "safrangroup.com", "aéronautique et défense", "Le Haillan", 1.5),
         Org("ArianeGroup", "ariane.group", "aéronautique et défense",
             "Saint-Médard-en-Jalles"),
         Org("Airbus", "airbus.com", "aéronautique et défense", "Toulouse"),
         Org("Aerospace Valley", "aerospace-valley.com", "aéronautique et défense",
             "Mérignac", 0.5)),
        (("tech", 0.3), ("RH", 0.2), ("communication", 0.15), ("marketing", 0.1),
         ("finance", 0.1), ("direction générale", 0.1), ("juridique", 0.05)),
        ("réseau local",), ("cybersécurité", "RH", "industrie", "défense", "marque employeur"),
        date(2017, 1, 9), None,
        (Met("Club des entreprises de Mérignac", _SALON),
         Met("dîner du réseau Dirigeantes Nouvelle-Aquitaine", _SALON),
         Met("Salon du Bourget {y}", _SALON, 6, odd_years=True),
         Met("forum emploi de l'aéronautique {y}", _SALON, 11)),
        ((Channel.EVENT, 0.25), (Channel.LUNCH, 0.2), (Channel.EMAIL, 0.25),
         (Channel.CALL, 0.15), (Channel.VIDEO, 0.15)),
        ("marque employeur dans l'industrie", "dîner du club d'entreprises", "visite du site",
         "recrutement de profils marketing", "cybersécurité et PME", "mécénat culturel"),
        (0, 1, 5, 1), 0.6, 0.12, gascon=0.25,
    ),
    Cluster(
        "vin", 25.0,
        (Org("CIVB", "bordeaux.com", "vins et spiritueux", "Bordeaux"),
         Org("Château Haut-Brignon", "haut-brignon.fr", "vins et spiritueux", "Pauillac"),
         Org("Vignobles Darriet", "vignobles-darriet.fr", "vins et spiritueux",
             "Saint-Émilion"),
         Org("Négociants Réunis de Bordeaux", "nrb-vins.fr", "vins et spiritueux", "Bordeaux"),
         Org("La Cité du Vin", "laciteduvin.com", "culture", "Bordeaux"),
         Org("Vinexposium", "vinexposium.com", "événementiel", "Paris", 0.5)),
        (("commercial", 0.35), ("marketing", 0.25), ("direction générale", 0.2),
         ("communication", 0.1), ("finance", 0.1)),
        ("partenaire",), ("export", "œnotourisme", "vin", "Chine", "RSE"),
        date(2021, 3, 1), None,
        (Met("Wine Paris {y}", _SALON, 2), Met("semaine des primeurs {y}", _SALON, 4),
         Met("Bordeaux Fête le Vin {y}", _SALON, 6),
         Met("dégustation au CIVB", Channel.IN_PERSON)),
        ((Channel.EVENT, 0.3), (Channel.IN_PERSON, 0.25), (Channel.LUNCH, 0.25),
         (Channel.EMAIL, 0.2)),
        ("dégustation primeurs", "export Chine", "œnotourisme", "partenariat distribution",
         "préparation de Wine Paris", "vendanges"),
        (0, 1, 8, 0.5), 0.55, 0.2, gascon=0.45,
    ),
    Cluster(
        "alumni", 38.0,
        (Org("BNP Paribas", "bnpparibas.com", "banque et assurance", "Paris"),
         Org("McKinsey & Company", "mckinsey.com", "conseil", "Paris"),
         Org("L'Oréal", "loreal.com", "luxe et cosmétiques", "Clichy"),
         Org("LVMH", "lvmh.fr", "luxe et cosmétiques", "Paris"),
         Org("Danone", "danone.com", "agroalimentaire", "Paris"),
         Org("Capgemini Invent", "capgemini.com", "conseil", "Paris"),
         Org("Doctolib", "doctolib.fr", "tech et numérique", "Paris"),
         Org("Michelin", "michelin.com", "industrie", "Clermont-Ferrand", 0.5)),
        (("finance", 0.2), ("conseil", 0.2), ("marketing", 0.25), ("direction générale", 0.15),
         ("RH", 0.1), ("tech", 0.1)),
        ("alumni",), ("ESSEC", "luxe", "conseil", "finance"),
        date(2005, 9, 5), date(2008, 6, 27),
        (Met("promo ESSEC 2008", Channel.IN_PERSON),
         Met("colocation à Cergy, ESSEC", Channel.IN_PERSON),
         Met("association des élèves ESSEC", Channel.IN_PERSON)),
        ((Channel.EVENT, 0.25), (Channel.LINKEDIN, 0.3), (Channel.LUNCH, 0.2),
         (Channel.MESSAGE, 0.15), (Channel.VIDEO, 0.1)),
        ("afterwork ESSEC", "nouvelles de la promo", "son changement de poste",
         "dîner de promo", "conseils de carrière"),
        (0, 1, 4, 3), 0.45, 0.25, foreign=0.1,
    ),
    Cluster(
        "paris", 35.0,
        (Org("Havas Paris", "havas.com", "marketing et communication", "Puteaux", 2.0),
         Org("L'Oréal", "loreal.com", "luxe et cosmétiques", "Clichy", 2.0),
         Org("Publicis Conseil", "publicis.com", "marketing et communication", "Paris"),
         Org("Meta France", "meta.com", "tech et numérique", "Paris"),
         Org("Google France", "google.com", "tech et numérique", "Paris"),
         Org("Le Bon Marché", "lebonmarche.com", "retail et e-commerce", "Paris")),
        (("marketing", 0.45), ("communication", 0.2), ("commercial", 0.15), ("tech", 0.1),
         ("direction générale", 0.1)),
        ("ancien collègue",), ("branding", "luxe", "média", "influence", "data"),
        date(2008, 9, 1), date(2016, 4, 29),
        (Met("{ancien|ancienne} collègue chez Havas", Channel.IN_PERSON),
         Met("{ancien|ancienne} collègue chez L'Oréal", Channel.IN_PERSON),
         Met("Cannes Lions {y}", _SALON, 6),
         Met("client{|e} de Havas", Channel.IN_PERSON)),
        ((Channel.VIDEO, 0.25), (Channel.LINKEDIN, 0.25), (Channel.LUNCH, 0.2),
         (Channel.EMAIL, 0.2), (Channel.EVENT, 0.1)),
        ("déjeuner lors d'un passage à Paris", "tendances luxe", "média et influence",
         "nouvelles de Havas", "son nouveau poste", "Cannes Lions"),
        (0, 1, 5, 4), 0.5, 0.12,
    ),
    Cluster(
        "regions", 22.0,
        (Org("Groupe SEB", "groupeseb.com", "industrie", "Lyon"),
         Org("Boulanger", "boulanger.com", "retail et e-commerce", "Lille"),
         Org("Kiabi", "kiabi.com", "retail et e-commerce", "Lille"),
         Org("Lengow", "lengow.com", "tech et numérique", "Nantes"),
         Org("Système U", "magasins-u.com", "retail et e-commerce", "Nantes"),
         Org("Banque Populaire Occitane", "bpoc.fr", "banque et assurance", "Toulouse"),
         Org("Sopra Steria", "soprasteria.com", "conseil", "Toulouse")),
        (("marketing", 0.4), ("commercial", 0.2), ("RH", 0.1), ("tech", 0.1),
         ("direction générale", 0.1), ("finance", 0.1)),
        ("réseau marketing",), ("retail", "marketing digital", "CRM", "data"),
        date(2012, 1, 9), None,
        (_VIVATECH, Met("conférence Adetem {y}", _SALON, 3),
         Met("formation Cegos {y}", Channel.IN_PERSON),
         Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.VIDEO, 0.35), (Channel.LINKEDIN, 0.3), (Channel.EMAIL, 0.2),
         (Channel.EVENT, 0.15)),
        ("échange sur le retail", "webinar marketing", "salon VivaTech",
         "benchmark programmes de fidélité"),
        (0, 0.3, 3, 2), 0.5, 0.08,
    ),
    Cluster(
        "international", 14.0,
        (Org("SAQ", "saq.com", "vins et spiritueux", "Montréal"),
         Org("Web Summit", "websummit.com", "événementiel", "Lisbonne"),
         Org("Commission européenne", "ec.europa.eu", "public", "Bruxelles"),
         Org("Spadel", "spadel.com", "agroalimentaire", "Bruxelles"),
         Org("Firmenich", "firmenich.com", "luxe et cosmétiques", "Genève"),
         Org("Booking.com", "booking.com", "tech et numérique", "Amsterdam")),
        (("commercial", 0.3), ("marketing", 0.3), ("direction générale", 0.2),
         ("communication", 0.1), ("juridique", 0.1)),
        ("international",), ("export", "international", "Canada", "Europe"),
        date(2014, 1, 6), None,
        (Met("Web Summit Lisbonne {y}", _SALON, 11),
         Met("mission export Business France {y}", Channel.IN_PERSON),
         Met("via LinkedIn", Channel.LINKEDIN)),
        ((Channel.VIDEO, 0.4), (Channel.EMAIL, 0.3), (Channel.LINKEDIN, 0.3)),
        ("marché canadien", "export", "Web Summit", "point partenariat",
         "réglementation européenne"),
        (0, 0.3, 3, 2), 0.5, 0.12, foreign=1.0,
    ),
    Cluster(
        "padel", 14.0,
        (Org("BNP Paribas", "bnpparibas.com", "banque et assurance", "Bordeaux"),
         Org("CHU de Bordeaux", "chu-bordeaux.fr", "santé", "Bordeaux"),
         Org("Orange", "orange.com", "télécoms", "Bordeaux"),
         Org("Kinés du Lac", "", "santé", "Bordeaux"),
         Org("Crédit Agricole Aquitaine", "ca-aquitaine.fr", "banque et assurance",
             "Bordeaux")),
        (("finance", 0.2), ("commercial", 0.25), ("tech", 0.2), ("direction générale", 0.15),
         ("RH", 0.2)),
        ("loisirs",), ("padel", "sport"),
        date(2020, 9, 7), None,
        (Met("rencontré{|e} au Padel Club du Lac", Channel.SPORT),
         Met("tournoi de padel {y}", Channel.SPORT, 9)),
        ((Channel.SPORT, 0.55), (Channel.MESSAGE, 0.3), (Channel.LUNCH, 0.1),
         (Channel.IN_PERSON, 0.05)),
        ("match de padel", "tournoi du club", "apéro après le match", "entraînement"),
        (0.5, 2, 4, 0.5), 0.2, 0.4, weekend=True, personal_email=True, gascon=0.4,
    ),
    Cluster(
        "prestataires", 16.0,
        (Org("Duprat & Associés Avocats", "duprat-avocats.fr", "juridique", "Bordeaux"),
         Org("Fiducial Expertise", "fiducial.fr", "conseil", "Bordeaux"),
         Org("Imprimerie Castaing", "imprimerie-castaing.fr", "industrie", "Mérignac"),
         Org("Studio Lalanne Photo", "studiolalanne.fr", "marketing et communication",
             "Bordeaux"),
         Org("Indépendant", "", "marketing et communication", "Bordeaux", 1.5),
         Org("Michael Page", "michaelpage.fr", "RH et recrutement", "Bordeaux")),
        (("conseil", 0.3), ("juridique", 0.2), ("communication", 0.2), ("marketing", 0.1),
         ("RH", 0.1), ("finance", 0.1)),
        ("prestataire",), ("juridique", "photo", "print", "recrutement", "SEO"),
        date(2016, 6, 6), None,
        (Met("appel d'offres {y}", Channel.EMAIL),
         Met("prestataire de Maison Lescure", Channel.IN_PERSON),
         Met("via LinkedIn", Channel.LINKEDIN)),
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
# Categories a few members of the business communities get on top of their community's.
SUPPLEMENTARY_CATEGORIES = ("client", "partenaire", "prescripteur", "prestataire")
