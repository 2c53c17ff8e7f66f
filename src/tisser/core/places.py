"""Where members can meet: which of a round's places each member reaches.

A member gives their commune and how far they will travel; a round lists its places (club,
course, park) by commune. Distances are great-circle (haversine) between commune centres
from a small gazetteer of Bordeaux Métropole and the large French cities (coordinates from
the INSEE/IGN commune centroids, rounded to 3 decimals). An unknown commune reaches only a
place of the same name: never guess a distance.
"""

from __future__ import annotations

import math
from functools import lru_cache

from tisser.core.names import fold

# commune (folded) -> (latitude, longitude)
GAZETTEER: dict[str, tuple[float, float]] = {
    "bordeaux": (44.838, -0.579),
    "merignac": (44.843, -0.646),
    "pessac": (44.806, -0.631),
    "talence": (44.808, -0.589),
    "begles": (44.808, -0.548),
    "villenave-d'ornon": (44.780, -0.566),
    "gradignan": (44.772, -0.615),
    "le bouscat": (44.865, -0.599),
    "bruges": (44.883, -0.612),
    "eysines": (44.884, -0.650),
    "blanquefort": (44.911, -0.637),
    "le haillan": (44.873, -0.677),
    "saint-medard-en-jalles": (44.897, -0.720),
    "lormont": (44.879, -0.522),
    "cenon": (44.857, -0.532),
    "floirac": (44.836, -0.528),
    "bouliac": (44.817, -0.502),
    "carbon-blanc": (44.896, -0.505),
    "ambares-et-lagrave": (44.925, -0.486),
    "martignas-sur-jalle": (44.843, -0.775),
    "canejan": (44.763, -0.640),
    "cestas": (44.743, -0.681),
    "latresne": (44.781, -0.497),
    "arcachon": (44.658, -1.169),
    "libourne": (44.915, -0.244),
    "paris": (48.857, 2.352),
    "lyon": (45.764, 4.836),
    "toulouse": (43.605, 1.444),
    "nantes": (47.218, -1.554),
}

EARTH_KM = 6371.0


@lru_cache(maxsize=4096)
def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance between two communes, None when either is unknown."""
    fa, fb = fold(a), fold(b)
    if fa == fb and fa:
        return 0.0
    pa, pb = GAZETTEER.get(fa), GAZETTEER.get(fb)
    if pa is None or pb is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


@lru_cache(maxsize=4096)
def reachable(city: str, travel_km: float, places: tuple[str, ...]) -> frozenset[str]:
    """The places among ``places`` within ``travel_km`` of ``city``."""
    found = set()
    for place in places:
        d = distance_km(city, place)
        if d is not None and d <= travel_km:
            found.add(place)
    return frozenset(found)
