"""Words that mean the same job, sector or place, in French and English: data for reach.

A user types "DRH", "HR director" or "directrice des ressources humaines" and means the same
person; a contact's card says one of them. Each group below lists such equivalent phrases;
:mod:`tisser.core.query` folds and stems them like any text, so accents, case, gender
endings handled by the stemmer and plurals need no entry. Feminine forms the stemmer does
not bring together ("directrice", "cheffe") are listed.

The groups cover the common functions of French companies (the C-suite acronyms and their
French titles: DAF/CFO, DSI/CIO, RSSI/CISO, DRH/CHRO...), the regulatory words people ask
for (RGPD/GDPR, DPO), a few sectors and the countries and cities whose names differ between
the two languages. Add a group here to teach reach a new equivalence; nothing else changes.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # --- functions and titles ---------------------------------------------------------
    # the trade and the person who practises it: the stemmer keeps them apart
    ("developpeur", "developpeuse", "developpement", "developer", "development"),
    ("drh", "directeur des ressources humaines", "directrice des ressources humaines",
     "directeur rh", "directrice rh", "hr director", "human resources director",
     "chief human resources officer", "chro", "chief people officer", "head of hr",
     "vp hr", "people director"),
    ("rh", "ressources humaines", "hr", "human resources", "hr business partner",
     "people team"),
    ("recruteur", "recruteuse", "recruiter", "talent acquisition", "charge de recrutement",
     "chargee de recrutement", "responsable recrutement", "chasseur de tetes",
     "chasseuse de tetes", "headhunter", "recrutement", "recruitment", "recruiting"),
    ("cto", "chief technology officer", "directeur technique", "directrice technique",
     "vp engineering", "head of engineering", "directeur de la technologie"),
    ("dsi", "cio", "directeur des systemes d information",
     "directrice des systemes d information", "chief information officer", "it director",
     "head of it"),
    ("daf", "cfo", "directeur administratif et financier",
     "directrice administrative et financiere", "directeur financier", "directrice financiere",
     "chief financial officer", "finance director", "head of finance"),
    ("rssi", "ciso", "responsable de la securite des systemes d information",
     "chief information security officer", "responsable cybersecurite", "head of security",
     "security officer"),
    ("cybersecurite", "cybersecurity", "cyber", "securite informatique", "infosec",
     "information security"),
    ("pdg", "ceo", "chief executive officer", "directeur general", "directrice generale",
     "president directeur general", "managing director", "gerant", "gerante"),
    ("cmo", "directeur marketing", "directrice marketing", "chief marketing officer",
     "head of marketing", "marketing director"),
    ("commercial", "commerciale", "sales", "vente", "ventes", "business developer",
     "business development", "account manager", "key account manager", "ingenieur commercial",
     "ingenieure commerciale", "charge d affaires", "chargee d affaires"),
    ("directeur commercial", "directrice commerciale", "sales director", "head of sales",
     "chief commercial officer", "vp sales", "directeur des ventes", "directrice des ventes",
     "directeur regional des ventes", "directrice regionale des ventes", "regional sales director"),
    ("avocat", "avocate", "lawyer", "attorney", "barrister", "solicitor"),
    ("juriste", "juridique", "legal", "legal counsel", "general counsel", "directeur juridique",
     "directrice juridique", "responsable juridique"),
    ("rgpd", "gdpr", "dpo", "delegue a la protection des donnees",
     "deleguee a la protection des donnees", "data protection officer",
     "protection des donnees", "data protection", "privacy", "cnil"),
    ("communication", "comms", "relations presse", "press relations", "public relations",
     "attache de presse", "attachee de presse", "relations publiques"),
    ("expert comptable", "experte comptable", "comptable", "accountant",
     "chartered accountant", "comptabilite", "accounting"),
    ("developpeur", "developpeuse", "developer", "software engineer", "ingenieur logiciel",
     "ingenieure logiciel", "programmeur", "programmeuse", "lead developer"),
    ("data scientist", "data analyst", "data engineer", "scientifique des donnees",
     "analyste de donnees"),
    ("chef de produit", "cheffe de produit", "product manager", "product owner",
     "responsable produit"),
    ("fondateur", "fondatrice", "founder", "cofondateur", "cofondatrice", "co founder",
     "cofounder", "createur d entreprise", "creatrice d entreprise"),
    ("investisseur", "investisseuse", "investor", "business angel", "venture capital",
     "capital risque", "fonds d investissement", "levee de fonds", "fundraising"),
    ("journaliste", "journalist", "reporter", "redacteur", "redactrice"),
    ("acheteur", "acheteuse", "buyer", "purchasing", "achats", "procurement"),
    ("consultant", "consultante", "consulting", "advisor", "conseiller", "conseillere"),
    ("marketing digital", "digital marketing", "webmarketing", "growth", "traffic manager",
     "head of growth"),
    ("mentor", "mentore", "mentoring", "coach", "parrain", "marraine"),
    # --- sectors and topics -----------------------------------------------------------
    ("aeronautique", "aerospace", "aeronautics", "aviation", "aerospatiale"),
    ("banque", "bank", "banking", "bancaire"),
    ("assurance", "insurance", "assureur", "insurer"),
    ("sante", "health", "healthcare", "medical", "medicale", "patient", "patients", "e sante",
     "medtech"),
    ("vin", "vins", "wine", "wines", "viticulture", "vigneron", "vigneronne", "winemaker",
     "spiritueux", "spirits"),
    ("luxe", "luxury"),
    ("e commerce", "ecommerce", "online retail", "vente en ligne"),
    ("immobilier", "real estate", "property"),
    ("energie", "energy"),
    ("export", "exportation", "international trade", "commerce international"),
    ("startup", "start up", "jeune pousse", "scale up", "french tech"),
    ("mandarin", "chinois", "chinese"),
    # --- places -----------------------------------------------------------------------
    ("japon", "japan"),
    ("chine", "china"),
    ("allemagne", "germany"),
    ("royaume uni", "united kingdom", "uk", "angleterre", "england"),
    ("etats unis", "united states", "usa"),
    ("espagne", "spain"),
    ("italie", "italy"),
    ("belgique", "belgium"),
    ("suisse", "switzerland"),
    ("pays bas", "netherlands", "hollande", "holland"),
    ("bruxelles", "brussels"),
    ("londres", "london"),
    ("lisbonne", "lisbon"),
    ("geneve", "geneva"),
    ("anvers", "antwerp"),
)  # fmt: skip
