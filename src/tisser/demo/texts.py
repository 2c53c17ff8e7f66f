"""The French texts of the demo: help given and received, outcomes, notes.

Templates may hold ``{masculine|feminine}`` choices and ``{y}`` (a year), filled by
:func:`gendered`, so one table serves every contact.
"""

from __future__ import annotations

import re

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

_GENDER_CHOICE = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def gendered(text: str, gender: str, year: int | None = None) -> str:
    """Fill ``{masculine|feminine}`` choices and ``{y}`` in a template."""
    if year is not None:
        text = text.replace("{y}", str(year))
    return _GENDER_CHOICE.sub(lambda m: m.group(2) if gender == "f" else m.group(1), text)
