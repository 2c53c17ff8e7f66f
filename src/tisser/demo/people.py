"""Names: French first and family names, particles, other origins, and the namer.

Names carry accents, particles ("de La Fontaine", "d'Argenson") and a realistic share of
other origins because sorting, searching and folding names are what the demo must show off.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tisser.demo.clusters import Cluster
from tisser.demo.draw import weighted
from tisser.demo.user import USER_FAMILY_NAME, USER_GIVEN_NAME
from tisser.demo.world import ORIGIN_OF_CITY

F, M = "f", "m"  # genders as ``Contact.gender`` stores them ("" when unsaid)

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


class Namer:
    """Draws names that are not already taken."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[tuple[str, str, str]] = {(USER_GIVEN_NAME, "", USER_FAMILY_NAME)}

    def take(self, given: str, particle: str, family: str) -> None:
        self.taken.add((given, particle, family))

    def draw(self, cluster: Cluster, city: str) -> tuple[str, str, str, str]:
        rng = self.rng
        for _ in range(200):
            origin_key = ORIGIN_OF_CITY.get(city)
            if origin_key is None and rng.random() < cluster.foreign:
                origin_key = weighted(rng, FRANCE_MIX)
            if origin_key is not None:
                origin = ORIGINS[origin_key]
                gender = F if rng.random() < 0.5 else M
                given = rng.choice(origin.female if gender == F else origin.male)
                particle, family = rng.choice(origin.families)
                if origin_key in ("qc", "be", "ch") and rng.random() < 0.3:
                    given = rng.choice(FR_FEMALE if gender == F else FR_MALE)
            else:
                r = rng.random()
                if r < 0.05:
                    given, gender = rng.choice(EPICENE), rng.choice((F, M, ""))
                elif r < 0.53:
                    given, gender = rng.choice(FR_FEMALE), F
                else:
                    given, gender = rng.choice(FR_MALE), M
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
