"""The public tables tisser ships as data: employment in France by sector and region.

:func:`employment` reads ``emploi_france_2022.csv`` (INSEE, Estimations d'emploi, 2022,
rounded; the file's header names the source) into the core's
:class:`~tisser.core.reference.Reference`, once per process.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from tisser.core.names import fold
from tisser.core.reference import Category, Reference

TABLE = Path(__file__).with_name("emploi_france_2022.csv")
SOURCE = "INSEE, Estimations d'emploi"
YEAR = 2022


@lru_cache(maxsize=1)
def employment() -> Reference:
    """The shipped reference table (an empty one if the file is unreadable: no crash)."""
    sectors: list[Category] = []
    regions: list[Category] = []
    cities: dict[str, str] = {}
    try:
        lines = TABLE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Reference(SOURCE, YEAR)
    for row in csv.reader(line for line in lines if line and not line.startswith("#")):
        if len(row) != 4:
            continue
        kind, label, value, words = row
        if kind == "city":
            cities[fold(label)] = value
            continue
        try:
            share = float(value) / 100
        except ValueError:
            continue
        keywords = tuple(fold(w).replace("'", " ").strip() for w in words.split(";") if w)
        (sectors if kind == "sector" else regions).append(Category(label, share, keywords))
    return Reference(SOURCE, YEAR, tuple(sectors), tuple(regions), cities)
