"""The thresholds of the diagnosis, apart from the diagnosis itself.

:mod:`tisser.settings` reads them from the settings file for every command (the cadences,
the tie strength's weights); keeping them here lets it do so without loading the
diagnosis's numerical code (numpy), which only ``tisser diagnose`` and the reports need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tisser.core.cadence import CadenceSettings
from tisser.core.circles import DUNBAR_LAYERS, EFFORT_SPLIT
from tisser.core.dormant import DormantSettings
from tisser.core.reciprocity import ReciprocitySettings
from tisser.core.strength import StrengthSettings


@dataclass(frozen=True, slots=True)
class DiagnosisSettings:
    """Every threshold of the diagnosis; :mod:`tisser.settings` reads them from a file."""

    cadence: CadenceSettings = field(default_factory=CadenceSettings)
    strength: StrengthSettings = field(default_factory=StrengthSettings)
    reciprocity: ReciprocitySettings = field(default_factory=ReciprocitySettings)
    dormant: DormantSettings = field(default_factory=DormantSettings)
    activation_threshold: float = 0.3
    dunbar_layers: tuple[int, ...] = DUNBAR_LAYERS
    effort_split: tuple[float, float, float] = EFFORT_SPLIT
    min_bridge_cut: int = 2
    min_community: int = 3
    min_per_profile: int = 2
    homophily_alert: float = 0.25
    entre_soi_attributes: tuple[str, ...] = ("organization", "sector", "city", "function")
    summary_size: int = 5
