"""The user of the demo: Hélène Marchand, marketing director of a Bordeaux wine house.

Her profile is fixed, not drawn: the diagnosis, the pitch and the advice all read it, and
the demo's story (a marketer between wine, tech and industry) depends on it.
"""

from __future__ import annotations

from tisser.core.model import Energy, Profile, RelationalProfile

USER_GIVEN_NAME = "Hélène"
USER_FAMILY_NAME = "Marchand"


def user_profile(owner_id: int) -> Profile:
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
            "J'aime relier les mondes du vin, de la tech et de l'industrie : si vous cherchez "
            "un regard marketing ou une mise en relation en Nouvelle-Aquitaine, parlons-en."
        ),
        language="fr",
    )
