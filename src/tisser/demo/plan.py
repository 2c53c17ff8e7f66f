"""Hélène's worksheet and objectives in the demo, so ``tisser plan`` has a method to serve.

Fixed, not drawn (like her profile in :mod:`tisser.demo.user`): a marketer between wine,
tech and industry who wants to take her house's e-commerce to export (seed 001's method:
marketing de soi, then SMART objectives split into steps spread over time).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tisser.core.objectives import Objective, Step
from tisser.core.worksheet import Worksheet

WORKSHEET = Worksheet(
    identity=["directrice marketing", "bordelaise d'adoption", "passeuse entre les mondes"],
    savoirs=["marketing du vin", "e-commerce", "marchés export"],
    savoir_faire=["stratégie de marque", "lancement de produit", "pilotage par la donnée"],
    savoir_etre=["curiosité", "écoute", "fiabilité"],
    wants=["ouvrir l'export en ligne de Maison Lescure", "transmettre aux jeunes marketeurs"],
    can=["deux heures par semaine", "un réseau vin–tech–industrie"],
    knows=["faire grandir une marque", "relier des personnes qui doivent se connaître"],
    sectors=["vins et spiritueux", "tech et numérique", "retail et e-commerce"],
    companies=["Maison Lescure", "Cdiscount", "Vinolib"],
    places=["Bordeaux", "Paris", "Tokyo"],
    strengths=["double culture vin et digital", "réseau bordelais"],
    weaknesses=["peu de contacts en Asie"],
    opportunities=["l'e-commerce du vin à l'export", "French Tech Bordeaux"],
    threats=["taxes à l'export", "concurrence des grandes maisons"],
    love=["récit de terroir", "transmission", "export"],
    good_at=["stratégie de marque", "export", "récit de terroir"],
    world_needs=["export", "transmission"],
    paid_for=["stratégie de marque", "export"],
    value_proposition="faire voyager des marques de vin en mêlant données et récit de terroir",
    looking_for="des dirigeants du e-commerce et un distributeur au Japon",
)


def objectives(today: date, owner_id: int) -> list[Objective]:
    def day(n: int) -> date:
        return today + timedelta(days=n)

    return [
        Objective(
            "Rencontrer 5 dirigeants du e-commerce pour préparer l'export en ligne",
            owner_id=owner_id,
            why="choisir une plateforme et des partenaires pour la boutique export",
            target=5,
            unit="rencontres",
            start=today,
            deadline=day(90),
            profiles=["Head of Growth", "Directeur marketing", "CMO"],
            sectors=["retail et e-commerce", "tech et numérique"],
            events=["Salon Vinexpo", "French Tech Bordeaux"],
            steps=[
                Step("Lister 10 dirigeants du e-commerce dans mon réseau", day(3), minutes=30),
                Step("Demander deux mises en relation à mes super-connecteurs", day(30)),
                Step("Prendre trois cafés et noter ce que j'apprends", day(60), minutes=45),
                Step("Faire le bilan et choisir la plateforme", day(90), minutes=45),
            ],
        ),
        Objective(
            "Trouver un distributeur de vin au Japon",
            owner_id=owner_id,
            why="premier marché export de la boutique en ligne",
            target=1,
            unit="distributeur",
            start=today,
            deadline=day(180),
            sectors=["vins et spiritueux"],
            steps=[
                Step("Identifier qui dans mon réseau connaît le Japon", day(20), minutes=20),
                Step("Écrire à trois importateurs recommandés", day(100)),
            ],
        ),
    ]


def load_plan(store: Any, today: date, owner_id: int) -> None:
    """Write the worksheet and objectives, when the store knows them (a stand-in may not)."""
    if not hasattr(store, "add_objective"):
        return
    store.save_worksheet(WORKSHEET, owner_id)
    for goal in objectives(today, owner_id):
        store.add_objective(goal)
