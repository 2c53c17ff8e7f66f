"""The world contacts live in: job titles by function and seniority, cities, phone plans.

Plain tables, shared by the namer (:mod:`~tisser.demo.people`) and the contact builder
(:mod:`~tisser.demo.contacts`), so a name, a title or a number fits the person's city, function
and country.
"""

from __future__ import annotations

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
