"""What the demo generator returns, and the sizes it accepts.

On their own so the generator, the link drawer and the loader can share them without
importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tisser.core.introductions import Offer
from tisser.core.model import Contact, Interaction, Link, Profile

DEFAULT_SEED = 2026
DEFAULT_SIZE = 350
MIN_SIZE = 40


@dataclass
class DemoNetwork:
    """A generated network; ids are temporary (1..n) until :func:`load_demo` stores it."""

    profile: Profile
    contacts: list[Contact]
    interactions: list[Interaction]
    links: list[Link]
    offers: list[Offer] = field(default_factory=list)
